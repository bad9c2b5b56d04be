import type { UserDirectory } from '@jh/platform-auth';
import { z } from '@jh/platform-config';

/** A user id of the identity provider, as the directory accepts it (Keycloak: a UUID). */
const userId = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,64}$/)
  .meta({ description: '用户ID（统一身份认证的用户ID）' });

/** Body of `POST /staff/names`: the ids a screen shows (one batch per render). */
export const staffNamesInput = z
  .object({ ids: z.array(userId).min(1).max(100).meta({ description: '1–100 个用户ID' }) })
  .strict();

/** The answer: a name per id the directory knows; unknown or disabled users are left out. */
export const staffNamesAnswer = z.object({
  names: z
    .record(z.string(), z.string())
    .meta({ description: '用户ID → 姓名（姓在前）；未知用户不列出' }),
});

interface Cached {
  from: number;
  until: number;
  name: Promise<string | undefined>;
}

/**
 * Staff names by user id, read from the identity provider: the back office shows who did what
 * by name, not by id. Each answer (a name, or "nobody") is kept `ttlMs` by the service clock, so
 * a screen full of the same few colleagues costs Keycloak nothing after the first look; a renamed
 * colleague shows his new name at most `ttlMs` later. Failures are not kept.
 */
export class StaffNames {
  private readonly cache = new Map<string, Cached>();

  constructor(
    private readonly directory: UserDirectory,
    private readonly clock: () => Date,
    private readonly ttlMs: number,
    /** Bounds the memory a flood of distinct ids can take. */
    private readonly maxEntries = 20_000,
  ) {}

  async of(ids: readonly string[]): Promise<Record<string, string>> {
    const unique = [...new Set(ids)];
    const names: Record<string, string> = {};
    // A few directory look-ups at a time: the admin API is shared with sign-ins.
    for (let i = 0; i < unique.length; i += 8) {
      const chunk = unique.slice(i, i + 8);
      const found = await Promise.all(chunk.map((id) => this.one(id)));
      chunk.forEach((id, k) => {
        const name = found[k];
        if (name) names[id] = name;
      });
    }
    return names;
  }

  private one(id: string): Promise<string | undefined> {
    const now = this.clock().getTime();
    const hit = this.cache.get(id);
    // A clock set back (tests, a corrected host clock) reads afresh.
    if (hit && hit.from <= now && now < hit.until) return hit.name;
    if (this.cache.size >= this.maxEntries) this.evict(now);
    const entry: Cached = {
      from: now,
      until: now + this.ttlMs,
      name: this.directory.find(id).then((user) => user?.name || undefined),
    };
    this.cache.delete(id);
    this.cache.set(id, entry);
    entry.name.catch(() => {
      if (this.cache.get(id) === entry) this.cache.delete(id);
    });
    return entry.name;
  }

  /** Expired entries first; if still full, the oldest half (a Map keeps insertion order). */
  private evict(now: number): void {
    for (const [key, entry] of this.cache) if (entry.until <= now) this.cache.delete(key);
    if (this.cache.size < this.maxEntries) return;
    let drop = Math.ceil(this.cache.size / 2);
    for (const key of this.cache.keys()) {
      if (drop-- <= 0) break;
      this.cache.delete(key);
    }
  }
}
