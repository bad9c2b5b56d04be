import {
  departmentBoundRoles,
  rolesFor,
  type AccessOp,
  type AccessRole,
  type ResourceKind,
} from './access-table';
import { regionKeys, scopeKeyOf, type ScopeField } from './region';

/**
 * Who asks: the verified token's subject. Structural, so the platform's `Actor` satisfies it and
 * this lib imports no platform code.
 */
export interface Subject {
  userId: string;
  roles: readonly string[];
  /** GB/T 2260 code of the subject's office (6/9/12 digits); none means no regional scope. */
  regionCode?: string;
  /** Department code of a department officer, e.g. `education`. */
  department?: string;
}

/** The record asked about: its kind, what is done to it, and where it belongs. */
export interface ResourceRef {
  kind: ResourceKind;
  op: AccessOp;
  /** The record's region (the applicant's, the street's …); missing or invalid → only services. */
  regionCode?: string;
  /** The department whose part this is; a subject reading only as a department officer must match it. */
  department?: string;
}

/**
 * `forbidden`: no role of the subject may do this to this kind (HTTP 403).
 * `not-found`: the role may, but this record is outside the subject's region or department —
 * answered exactly like a missing record, so its existence is not revealed (HTTP 404).
 */
export type Decision = 'allow' | 'not-found' | 'forbidden';

/** How a list is narrowed: everything, nothing, or one indexed equality on a scope key. */
export type ListScope = { all: true } | { none: true } | { field: ScopeField; value: string };

export type ListAccess =
  | { decision: 'forbidden' }
  | {
      decision: 'allow';
      scope: ListScope;
      /** Set when only a department-bound role grants the read: also filter by this equality. */
      department?: string;
    };

const isService = (subject: Subject) => subject.roles.includes('service');

function grantingRoles(subject: Subject, kind: ResourceKind, op: AccessOp): AccessRole[] {
  const allowed = rolesFor(kind, op);
  return allowed.filter((role) => subject.roles.includes(role));
}

/** Whether some role of the subject may do `op` on `kind` at all (region not considered). */
export function mayAccess(subject: Subject, kind: ResourceKind, op: AccessOp): boolean {
  if (op === 'read' && isService(subject)) return true;
  return grantingRoles(subject, kind, op).length > 0;
}

/**
 * The region part of every decision (R-OV-2): a street's staff see their street, a county's its
 * streets, the city all of it; services see everything; no usable region code → nothing.
 */
export function listScope(subject: Subject): ListScope {
  if (isService(subject)) return { all: true };
  return scopeKeyOf(subject.regionCode) ?? { none: true };
}

function inRegion(scope: ListScope, regionCode: string | undefined): boolean {
  if ('field' in scope) return regionKeys(regionCode)[scope.field] === scope.value;
  return 'all' in scope;
}

/** The one decision for a single record: role first (403), then region and department (404). */
export function decide(subject: Subject, resource: ResourceRef): Decision {
  const { kind, op } = resource;
  if (op === 'read' && isService(subject)) return 'allow';
  const roles = grantingRoles(subject, kind, op);
  if (roles.length === 0) return 'forbidden';
  if (!inRegion(listScope(subject), resource.regionCode)) return 'not-found';
  if (roles.some((role) => !departmentBoundRoles.includes(role))) return 'allow';
  // Only a department officer's role grants it: his own department's records, like the list.
  const own = subject.department !== undefined && subject.department === resource.department;
  return own ? 'allow' : 'not-found';
}

/**
 * How to filter a list of `kind` for the subject, in the query itself (never after reading):
 * `forbidden` for a wrong role; else the scope equality, plus a department equality when the
 * subject reads only as a department officer (a department officer without one sees nothing).
 */
export function listAccess(subject: Subject, kind: ResourceKind): ListAccess {
  if (!mayAccess(subject, kind, 'read')) return { decision: 'forbidden' };
  const scope = listScope(subject);
  if (isService(subject)) return { decision: 'allow', scope };
  const roles = grantingRoles(subject, kind, 'read');
  if (roles.some((role) => !departmentBoundRoles.includes(role))) {
    return { decision: 'allow', scope };
  }
  return subject.department
    ? { decision: 'allow', scope, department: subject.department }
    : { decision: 'allow', scope: { none: true } };
}
