import {
  decide,
  listAccess,
  regionKeys,
  scopeKeyOf,
  type AccessOp,
  type RegionKeys,
  type Subject,
} from '@jh/domain-access';
import { notAllowed, notFound } from '@jh/platform-errors';

/** Scope keys stored on every application (R-OV-2); '' where the applicant's code is coarser. */
export interface ApplicationScope {
  city: string;
  county: string;
  street: string;
}

export function applicationScope(applicantRegion: string): ApplicationScope {
  const keys = regionKeys(applicantRegion);
  return { city: keys.city ?? '', county: keys.county ?? '', street: keys.street ?? '' };
}

/** The same body as an id that does not exist: existence outside the scope is not revealed. */
export const applicationNotFound = () => notFound('APPLICATION_NOT_FOUND', '未找到该申请');

const wrongRole = (op: AccessOp) =>
  notAllowed(
    'ROLE_REQUIRED',
    op === 'read' ? '您的角色无权查看救助申请' : '您的角色无权办理救助申请（审计人员只读）',
  );

/** Called on every refusal; no personal data, only who, what and which decision. */
export type DeniedListener = (denied: {
  userId: string;
  op: AccessOp;
  applicationId?: string;
  decision: 'forbidden' | 'not-found';
}) => void;

/** Role check alone (before any lookup, so a wrong role learns nothing about ids): 403. */
export function assertRole(actor: Subject, op: AccessOp, onDenied: DeniedListener): void {
  const decision = decide(actor, { kind: 'application', op, regionCode: undefined });
  if (decision === 'forbidden') {
    onDenied({ userId: actor.userId, op, decision });
    throw wrongRole(op);
  }
}

/** A stored application the actor may `op`, else the 404 of a missing one (R-OV-2). */
export function assertInScope(
  actor: Subject,
  op: AccessOp,
  applicantRegion: string,
  onDenied: DeniedListener,
  applicationId?: string,
): void {
  const decision = decide(actor, { kind: 'application', op, regionCode: applicantRegion });
  if (decision === 'allow') return;
  onDenied({ userId: actor.userId, op, applicationId, decision });
  throw decision === 'forbidden' ? wrongRole(op) : applicationNotFound();
}

/**
 * The list's equalities on the scope keys: the actor's scope and the `regionCode` the list was
 * narrowed to, AND-ed; `undefined` when they cannot both hold (the answer is empty).
 * `exact` is set for a community code, which has no scope key of its own.
 */
export function listRegionFilter(
  actor: Subject,
  narrowTo: string | undefined,
  onDenied: DeniedListener,
): { scope: RegionKeys; exact?: string } | undefined {
  const access = listAccess(actor, 'application');
  if (access.decision === 'forbidden') {
    onDenied({ userId: actor.userId, op: 'read', decision: 'forbidden' });
    throw wrongRole('read');
  }
  if ('none' in access.scope) return undefined;
  const scope: RegionKeys =
    'field' in access.scope ? { [access.scope.field]: access.scope.value } : {};
  if (narrowTo === undefined) return { scope };
  const own = scopeKeyOf(narrowTo);
  // A community narrows by its street's key (indexed) and then its exact code.
  const key = own ?? { field: 'street' as const, value: regionKeys(narrowTo).street ?? '' };
  const already = scope[key.field];
  if (already !== undefined && already !== key.value) return undefined;
  return { scope: { ...scope, [key.field]: key.value }, ...(own ? {} : { exact: narrowTo }) };
}
