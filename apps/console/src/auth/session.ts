import { UserManager, WebStorageStateStore, type User } from 'oidc-client-ts';
import type { ConsoleConfig } from '../config';

/** The signed-in person as the console shows them (claims of the jh realm's id token). */
export interface SessionUser {
  id: string;
  username: string;
  name: string;
  roles: string[];
  regionCode: string;
  department?: string;
}

const CALLBACK_PATH = '/auth/callback';

let manager: UserManager | undefined;
const expiryListeners = new Set<() => void>();

/** Authorization code + PKCE (oidc-client-ts default for `code`), tokens in this tab only. */
export function createSession(config: ConsoleConfig): UserManager {
  const origin = window.location.origin;
  manager = new UserManager({
    authority: config.oidc.authority,
    client_id: config.oidc.clientId,
    redirect_uri: `${origin}${CALLBACK_PATH}`,
    post_logout_redirect_uri: `${origin}/`,
    response_type: 'code',
    scope: 'openid',
    // Silent refresh uses the refresh token (no iframe), a minute before the access token ends.
    automaticSilentRenew: true,
    accessTokenExpiringNotificationTimeInSeconds: 60,
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
    stateStore: new WebStorageStateStore({ store: window.sessionStorage }),
  });
  const expired = () => expiryListeners.forEach((l) => l());
  manager.events.addAccessTokenExpired(expired);
  manager.events.addSilentRenewError(expired);
  return manager;
}

function session(): UserManager {
  if (!manager) throw new Error('登录会话尚未初始化');
  return manager;
}

export const isCallback = () => window.location.pathname === CALLBACK_PATH;

/** Completes the redirect back from the identity provider; returns where the user was going. */
export async function completeSignIn(): Promise<string> {
  const user = await session().signinRedirectCallback();
  const state = user.state as { returnTo?: string } | undefined;
  return state?.returnTo && state.returnTo.startsWith('/') ? state.returnTo : '/';
}

export async function currentUser(): Promise<User | null> {
  const user = await session().getUser();
  return user && !user.expired ? user : null;
}

export function signIn(returnTo = currentPath()): Promise<void> {
  return session().signinRedirect({ state: { returnTo } });
}

export function signOut(): Promise<void> {
  return session().signoutRedirect();
}

/** A fresh access token: renews silently when it is about to end; undefined when the session is gone. */
export async function accessToken(): Promise<string | undefined> {
  let user = await session().getUser();
  if (user && (user.expires_in ?? 0) < 30) {
    try {
      user = await session().signinSilent();
    } catch {
      user = null;
    }
  }
  return user && !user.expired ? user.access_token : undefined;
}

/** Called when the session ended (token expired and silent renewal failed). */
export function onSessionExpired(listener: () => void): () => void {
  expiryListeners.add(listener);
  return () => expiryListeners.delete(listener);
}

export function notifySessionExpired(): void {
  expiryListeners.forEach((l) => l());
}

export const currentPath = () =>
  `${window.location.pathname}${window.location.search}${window.location.hash}`;

export function sessionUserOf(user: User): SessionUser {
  const p = user.profile as Record<string, unknown>;
  const roles = Array.isArray(p['roles']) ? (p['roles'] as unknown[]).map(String) : [];
  const family = typeof p['family_name'] === 'string' ? p['family_name'] : '';
  const given = typeof p['given_name'] === 'string' ? p['given_name'] : '';
  const username = typeof p['preferred_username'] === 'string' ? p['preferred_username'] : '';
  return {
    id: String(p['sub'] ?? ''),
    username,
    // Chinese order: family name first.
    name: `${family}${given}` || username,
    roles: roles.filter((r) => r !== 'service' && !r.startsWith('default-roles')),
    regionCode: typeof p['region_code'] === 'string' ? p['region_code'] : '',
    ...(typeof p['department'] === 'string' ? { department: p['department'] } : {}),
  };
}
