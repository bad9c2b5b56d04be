import {
  AccessGuard,
  scopeKeysOf,
  type DeniedListener,
  type ListRegionFilter,
  type ScopeKeys,
} from '@jh/access-guard';
import type { AccessOp, Subject } from '@jh/domain-access';
import { notAllowed, notFound } from '@jh/platform-errors';

export type { DeniedListener };
export type ApplicationScope = ScopeKeys;

/** Scope keys stored on every application (R-OV-2); '' where the applicant's code is coarser. */
export const applicationScope = (applicantRegion: string): ApplicationScope =>
  scopeKeysOf(applicantRegion);

/** The same body as an id that does not exist: existence outside the scope is not revealed. */
export const applicationNotFound = () => notFound('APPLICATION_NOT_FOUND', '未找到该申请');

export const applicationGuard = (onDenied?: DeniedListener) =>
  new AccessGuard({
    kind: 'application',
    notFound: applicationNotFound,
    wrongRole: (op) =>
      notAllowed(
        'ROLE_REQUIRED',
        op === 'read' ? '您的角色无权查看救助申请' : '您的角色无权办理救助申请（审计人员只读）',
      ),
    onDenied,
  });

/** Role check alone (before any lookup, so a wrong role learns nothing about ids): 403. */
export function assertRole(actor: Subject, op: AccessOp, onDenied: DeniedListener): void {
  applicationGuard(onDenied).assertRole(actor, op);
}

/** A stored application the actor may `op`, else the 404 of a missing one (R-OV-2). */
export function assertInScope(
  actor: Subject,
  op: AccessOp,
  applicantRegion: string,
  onDenied: DeniedListener,
  applicationId?: string,
): void {
  applicationGuard(onDenied).assertInScope(
    actor,
    op,
    { regionCode: applicantRegion },
    applicationId,
  );
}

/** The list's equalities on the scope keys; `undefined` when the answer is empty. */
export function listRegionFilter(
  actor: Subject,
  narrowTo: string | undefined,
  onDenied: DeniedListener,
): ListRegionFilter | undefined {
  return applicationGuard(onDenied).listFilter(actor, narrowTo);
}
