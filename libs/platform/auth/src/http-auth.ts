import type { NextFunction, Request, Response, RequestHandler } from 'express';
import { unauthenticated, notAllowed } from '@jh/platform-errors';
import type { Actor, Role } from './actor';
import { hasRole } from './actor';
import { bearerToken, type TokenVerifier } from './tokens';

/** Express middleware: 401 unless a valid bearer token; the actor lands in `res.locals.actor`. */
export function requireAuth(verifier: TokenVerifier): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const token = bearerToken(req.header('authorization'));
    if (!token) {
      next(unauthenticated());
      return;
    }
    verifier.verify(token).then(
      (actor) => {
        res.locals['actor'] = actor;
        next();
      },
      (e: unknown) => next(e),
    );
  };
}

export function actorOf(res: Response): Actor {
  const actor = res.locals['actor'] as Actor | undefined;
  if (!actor) throw unauthenticated();
  return actor;
}

export function requireRole(...wanted: Role[]): RequestHandler {
  return (_req, res, next) => {
    const actor = res.locals['actor'] as Actor | undefined;
    if (!actor) return next(unauthenticated());
    if (!hasRole(actor, ...wanted))
      return next(notAllowed('ROLE_REQUIRED', `需要以下角色之一：${wanted.join('、')}`));
    next();
  };
}
