import type { RequestHandler } from 'express';
import type { AccessOp, Subject } from '@jh/domain-access';
import { actorOf } from '@jh/platform-auth';

/**
 * A route step: the caller's role may `op` this kind of record (403 otherwise), checked before
 * any lookup or body parsing, so ids and bodies reveal nothing to a wrong role.
 */
export function requireAccess(
  guard: { assertRole(actor: Subject, op: AccessOp): void },
  op: AccessOp,
): RequestHandler {
  return (_req, res, next) => {
    try {
      guard.assertRole(actorOf(res), op);
      next();
    } catch (e) {
      next(e);
    }
  };
}
