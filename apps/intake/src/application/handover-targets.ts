import { applicationOwnerRoles, canHandOver, regionLevel } from '@jh/domain-access';
import type { Actor, DirectoryPerson, UserSearch } from '@jh/platform-auth';
import { z } from '@jh/platform-config';

/** The answer of `GET /applications/handover-targets` (described in the OpenAPI document). */
export const handoverTargetsAnswer = z.object({
  items: z.array(
    z.object({
      userId: z.string(),
      name: z.string().meta({ description: '姓名（姓在前）' }),
      role: z
        .enum(applicationOwnerRoles as unknown as [string, ...string[]])
        .meta({ description: '可负责申请的角色' }),
      regionCode: z.string().meta({ description: '所属地区代码' }),
    }),
  ),
});
/** A colleague the caller may hand an application over to (R-JH-5). */
export type HandoverTargetItem = z.infer<typeof handoverTargetsAnswer>['items'][number];

/**
 * The code prefix every region inside `code` starts with: a city `PPCC`, a county `PPCCDD`, a
 * street its 9 digits. Undefined for a province, a community or no code (no scope to search).
 */
export function regionPrefix(code: string | undefined): string | undefined {
  const level = regionLevel(code);
  if (!code || !level) return undefined;
  return { city: code.slice(0, 4), county: code.slice(0, 6), street: code.slice(0, 9) }[
    level as 'city' | 'county' | 'street'
  ];
}

interface Cached {
  from: number;
  until: number;
  people: Promise<DirectoryPerson[]>;
}

/**
 * Who may receive a hand-over from the caller: the identity provider's users of the caller's
 * region, filtered by the one rule (`canHandOver`). The directory's answer per region is kept
 * `ttlMs` by the service clock, so the hand-over dialog does not query Keycloak on every open;
 * a new colleague appears at most `ttlMs` later. Failures are not kept.
 */
export class HandoverTargets {
  private readonly cache = new Map<string, Cached>();

  constructor(
    private readonly search: UserSearch,
    private readonly clock: () => Date,
    private readonly ttlMs: number,
  ) {}

  /** With `record`, only colleagues who may also see it (its applicant's region). */
  async for(actor: Actor, record?: { regionCode: string }): Promise<HandoverTargetItem[]> {
    const prefix = regionPrefix(actor.regionCode);
    if (!prefix) return [];
    const people = await this.people(prefix);
    return people
      .filter((p) => p.userId !== actor.userId && canHandOver(actor, p, record).ok)
      .map((p) => ({
        userId: p.userId,
        name: p.name || p.userId,
        role: applicationOwnerRoles.find((r) => (p.roles as readonly string[]).includes(r)) ?? '',
        regionCode: p.regionCode ?? '',
      }))
      .sort(
        (a, b) =>
          a.regionCode.localeCompare(b.regionCode) ||
          a.name.localeCompare(b.name, 'zh-CN') ||
          a.userId.localeCompare(b.userId),
      );
  }

  private people(prefix: string): Promise<DirectoryPerson[]> {
    const now = this.clock().getTime();
    const hit = this.cache.get(prefix);
    // A clock set back (tests, a corrected host clock) reads afresh.
    if (hit && hit.from <= now && now < hit.until) return hit.people;
    for (const [key, entry] of this.cache) if (entry.until <= now) this.cache.delete(key);
    const entry: Cached = {
      from: now,
      until: now + this.ttlMs,
      people: this.search.inRegionPrefix(prefix),
    };
    this.cache.set(prefix, entry);
    entry.people.catch(() => {
      if (this.cache.get(prefix) === entry) this.cache.delete(prefix);
    });
    return entry.people;
  }
}
