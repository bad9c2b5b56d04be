import { unavailable } from '@jh/platform-errors';
import { roles as knownRoles, type Role } from './actor';

/** A user of the identity provider, as a hand-over target is checked against (R-JH-5). */
export interface DirectoryUser {
  userId: string;
  roles: Role[];
  regionCode?: string;
  department?: string;
}

/** Who the identity provider's users are; services depend only on this. */
export interface UserDirectory {
  find(userId: string): Promise<DirectoryUser | undefined>;
}

/** Knows nobody: with no directory configured every hand-over is refused (fail closed). */
export const emptyDirectory: UserDirectory = { find: async () => undefined };

const idPattern = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Users read from Keycloak's admin API (`<base>/admin/realms/<realm>`) with the service's own
 * client-credentials token (its service account holds view-users). Another provider needs its
 * own adapter of `UserDirectory`; nothing else changes.
 */
export class KeycloakUserDirectory implements UserDirectory {
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
    const id = encodeURIComponent(userId);
    const user = (await this.get(`/users/${id}`)) as
      { id: string; enabled?: boolean; attributes?: Record<string, string[]> } | undefined;
    if (!user || user.enabled === false) return undefined;
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
