import { unavailable } from '@jh/platform-errors';
import { roles as knownRoles, type Role } from './actor';

/** A user of the identity provider, as a hand-over target is checked against (R-JH-5). */
export interface DirectoryUser {
  userId: string;
  roles: Role[];
  regionCode?: string;
  department?: string;
  /** The name staff read (family name first for a Chinese name), where the provider has one. */
  name?: string;
}

/** Who the identity provider's users are; services depend only on this. */
export interface UserDirectory {
  find(userId: string): Promise<DirectoryUser | undefined>;
}

/** A colleague as a list of people shows him: his name as staff read it. */
export interface DirectoryPerson extends DirectoryUser {
  name: string;
}

/** Searches the identity provider's users by region (the 首问负责 hand-over list, R-JH-5). */
export interface UserSearch {
  /**
   * Enabled users whose region code starts with `prefix` (e.g. `3301` for a city, `330106` for a
   * county and its streets), with their roles; at most `limit` of them.
   */
  inRegionPrefix(prefix: string, limit?: number): Promise<DirectoryPerson[]>;
}

/** Knows nobody: with no directory configured every hand-over is refused (fail closed). */
export const emptyDirectory: UserDirectory & UserSearch = {
  find: async () => undefined,
  inRegionPrefix: async () => [],
};

const cjk = /[\u3400-\u9fff]/;

/** Family name first with no space for a Chinese name (王丽静), else "given family". */
export function staffName(user: {
  firstName?: string;
  lastName?: string;
  username?: string;
}): string {
  const given = user.firstName?.trim() ?? '';
  const family = user.lastName?.trim() ?? '';
  if (cjk.test(given) || cjk.test(family)) return `${family}${given}`;
  return [given, family].filter(Boolean).join(' ') || user.username || '';
}

interface KeycloakUser {
  id: string;
  username?: string;
  firstName?: string;
  lastName?: string;
  enabled?: boolean;
  attributes?: Record<string, string[]>;
}

const idPattern = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Users read from Keycloak's admin API (`<base>/admin/realms/<realm>`) with the service's own
 * client-credentials token (its service account holds view-users). Another provider needs its
 * own adapter of `UserDirectory`; nothing else changes.
 */
export class KeycloakUserDirectory implements UserDirectory, UserSearch {
  constructor(
    private readonly realmAdminUrl: string,
    private readonly token: () => Promise<string>,
    private readonly claims: { region: string; department: string } = {
      region: 'region_code',
      department: 'department',
    },
    private readonly timeoutMs = 3000,
  ) {}

  private async get(path: string): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(`${this.realmAdminUrl.replace(/\/$/, '')}${path}`, {
        headers: { authorization: `Bearer ${await this.token()}` },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch {
      throw unavailable('USER_DIRECTORY_UNAVAILABLE', '用户目录暂时无法访问，请稍后再试');
    }
    if (res.status === 404) return undefined;
    if (!res.ok)
      throw unavailable('USER_DIRECTORY_UNAVAILABLE', `用户目录查询失败（${res.status}）`);
    return res.json();
  }

  async find(userId: string): Promise<DirectoryUser | undefined> {
    if (!idPattern.test(userId)) return undefined;
    const user = (await this.get(`/users/${encodeURIComponent(userId)}`)) as
      KeycloakUser | undefined;
    if (!user || user.enabled === false) return undefined;
    const name = staffName(user);
    return { ...(await this.withRoles(user)), ...(name ? { name } : {}) };
  }

  /**
   * Keycloak's attribute search (`q=<claim>:<text>`, `exact=false`) matches a substring; the
   * prefix is checked here. Roles come from each user's composite realm mapping, as `find` reads
   * them, so the list offers exactly the users a hand-over would accept.
   */
  async inRegionPrefix(prefix: string, limit = 1000): Promise<DirectoryPerson[]> {
    if (!/^\d{2,12}$/.test(prefix)) return [];
    const page = 100;
    const matched: KeycloakUser[] = [];
    for (let first = 0; matched.length < limit; first += page) {
      const q = encodeURIComponent(`${this.claims.region}:${prefix}`);
      const batch = ((await this.get(
        `/users?q=${q}&exact=false&enabled=true&briefRepresentation=false&first=${first}&max=${page}`,
      )) ?? []) as KeycloakUser[];
      for (const user of batch) {
        const region = user.attributes?.[this.claims.region]?.[0] ?? '';
        if (user.enabled !== false && region.startsWith(prefix)) matched.push(user);
      }
      if (batch.length < page) break;
    }
    // A few role look-ups at a time: the admin API is shared with sign-ins.
    const people: DirectoryPerson[] = [];
    const users = matched.slice(0, limit);
    for (let i = 0; i < users.length; i += 8) {
      const chunk = users.slice(i, i + 8);
      const found = await Promise.all(
        chunk.map(async (u) => ({ ...(await this.withRoles(u)), name: staffName(u) })),
      );
      people.push(...found);
    }
    return people;
  }

  private async withRoles(user: KeycloakUser): Promise<DirectoryUser> {
    const id = encodeURIComponent(user.id);
    const mapped = ((await this.get(`/users/${id}/role-mappings/realm/composite`)) ?? []) as {
      name: string;
    }[];
    const first = (key: string) => user.attributes?.[key]?.[0] || undefined;
    const regionCode = first(this.claims.region);
    const department = first(this.claims.department);
    return {
      userId: user.id,
      roles: mapped
        .map((r) => r.name)
        .filter((r): r is Role => (knownRoles as readonly string[]).includes(r)),
      ...(regionCode ? { regionCode } : {}),
      ...(department ? { department } : {}),
    };
  }
}
