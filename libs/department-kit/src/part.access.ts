import { AccessGuard, scopeKeysOf, type DeniedListener, type ScopeKeys } from '@jh/access-guard';
import type { AccessOp, ScopeField, Subject } from '@jh/domain-access';
import { notAllowed, notFound } from '@jh/platform-errors';

/** Scope keys stored on every part (R-OV-2): the case's region, one key per level. */
export type PartScope = ScopeKeys;
export const partScope = (regionCode: string): PartScope => scopeKeysOf(regionCode);

export type PartDenied = DeniedListener;

export const partNotFound = () => notFound('PART_NOT_FOUND', '未找到该事项');

/** The one access policy (kind `part`) for a department's worklist, through the shared guard. */
export class PartAccess {
  private readonly guard: AccessGuard;

  constructor(
    /** This service's department: every part it stores is this department's. */
    private readonly department: string,
    onDenied?: PartDenied,
  ) {
    this.guard = new AccessGuard({
      kind: 'part',
      notFound: partNotFound,
      wrongRole: (op) =>
        notAllowed(
          'ROLE_REQUIRED',
          op === 'read' ? '您的角色无权查看部门协办事项' : '需要部门经办人员角色',
        ),
      onDenied,
    });
  }

  assertRole(actor: Subject, op: AccessOp): void {
    this.guard.assertRole(actor, op);
  }

  assertInScope(
    actor: Subject,
    op: AccessOp,
    part: { _id: string; regionCode?: string; department: string },
  ): void {
    const { regionCode, department } = part;
    this.guard.assertInScope(actor, op, { regionCode, department }, part._id);
  }

  /**
   * The worklist's scope equality; `{}` for an unscoped reader (a service); `undefined` when the
   * answer is empty without reading (no region, or an officer of another department).
   */
  listScope(actor: Subject): Partial<Record<ScopeField, string>> | undefined {
    const filter = this.guard.listFilter(actor);
    if (!filter) return undefined;
    // Every stored part is this department's: the department equality needs no query.
    if (filter.department !== undefined && filter.department !== this.department) return undefined;
    return filter.scope;
  }
}
