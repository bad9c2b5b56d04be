import { createContext, useContext } from 'react';
import type { SessionUser } from './session';

export const AuthContext = createContext<SessionUser | undefined>(undefined);

/** The signed-in user; the console renders only after sign-in, so this is always set. */
export function useUser(): SessionUser {
  const user = useContext(AuthContext);
  if (!user) throw new Error('useUser outside the signed-in console');
  return user;
}

export const hasRole = (user: SessionUser, ...roles: string[]) =>
  roles.some((r) => user.roles.includes(r));
