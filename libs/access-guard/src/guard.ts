import {
  decide,
  listAccess,
  regionKeys,
  scopeKeyOf,
  type AccessOp,
  type RegionKeys,
  type ResourceKind,
  type Subject,
} from '@jh/domain-access';
import { notAllowed, type AppError } from '@jh/platform-errors';

/** Scope keys stored on every scoped record (R-OV-2); '' where the record's code is coarser. */
export interface ScopeKeys {
  city: string;
  county: string;
  street: string;
}

export function scopeKeysOf(regionCode: string | undefined): ScopeKeys {
  const keys = regionKeys(regionCode);
  return { city: keys.city ?? '', county: keys.county ?? '', street: keys.street ?? '' };
}

/**
 * A list's scope equalities as a query on the stored keys (`{'scope.county': '330106'}`): plain
 * equalities on indexed fields, which the local engine searches by its index (ADR 0013).
 */
export function scopeQueryOf(scope: Partial<ScopeKeys> | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(scope ?? {}).map(([level, value]) => [`scope.${level}`, value]),
  );
}

/** Called on every refusal: who, what, which decision; never personal data. */
export type DeniedListener = (denied: {
  userId: string;
  kind: ResourceKind;
  op: AccessOp;
  id?: string;
  decision: 'forbidden' | 'not-found';
}) => void;

export interface AccessGuardOptions {
  kind: ResourceKind;
  /** The body of a missing record: a record outside the scope answers exactly the same. */
  notFound: () => AppError;
  /** The 403 for a role that may not read / write this kind. */
  wrongRole?: (op: AccessOp) => AppError;
  onDenied?: DeniedListener;
}

export interface ListRegionFilter {
  /** Equalities on the stored scope keys (AND-ed); empty = every region. */
  scope: Partial<ScopeKeys>;
  /** A community code has no scope key: its street key plus this exact code. */
  exact?: string;
}

/**
 * The one access policy (`@jh/domain-access`) applied to one kind of record: 403 for a wrong
 * role (checked before any lookup, so ids reveal nothing), 404 for a record outside the caller's
 * region or department, lists narrowed by one indexed equality on the scope keys.
 */
export class AccessGuard {
  private readonly wrongRole: (op: AccessOp) => AppError;
  private readonly onDenied: DeniedListener;

  constructor(private readonly options: AccessGuardOptions) {
    this.wrongRole =
      options.wrongRole ??
      ((op) =>
        notAllowed(
          'ROLE_REQUIRED',
          op === 'read' ? '您的角色无权查看此类记录' : '您的角色无权办理此事项（审计人员只读）',
        ));
    this.onDenied = options.onDenied ?? (() => undefined);
  }

  get kind(): ResourceKind {
    return this.options.kind;
  }

  assertRole(actor: Subject, op: AccessOp): void {
    if (decide(actor, { kind: this.kind, op }) !== 'forbidden') return;
    this.onDenied({ userId: actor.userId, kind: this.kind, op, decision: 'forbidden' });
    throw this.wrongRole(op);
  }

  /** A stored record the actor may `op`, else the 404 of a missing one. */
  assertInScope(
    actor: Subject,
    op: AccessOp,
    record: { regionCode?: string; department?: string },
    id?: string,
  ): void {
    const decision = decide(actor, { kind: this.kind, op, ...record });
    if (decision === 'allow') return;
    this.onDenied({ userId: actor.userId, kind: this.kind, op, id, decision });
    if (decision === 'forbidden') throw this.wrongRole(op);
    const hidden = this.options.notFound();
    hidden.deniedReason = 'OUT_OF_SCOPE';
    throw hidden;
  }

  /**
   * The list's equalities on the scope keys: the actor's scope and the region the list was
   * narrowed to; `undefined` when they cannot both hold (the answer is empty, nothing is read).
   * `department` is set when the reader sees only its own department's records.
   */
  listFilter(
    actor: Subject,
    narrowTo?: string,
  ): (ListRegionFilter & { department?: string }) | undefined {
    const access = listAccess(actor, this.kind);
    if (access.decision === 'forbidden') {
      this.onDenied({ userId: actor.userId, kind: this.kind, op: 'read', decision: 'forbidden' });
      throw this.wrongRole('read');
    }
    if ('none' in access.scope) return undefined;
    const dept = access.department === undefined ? {} : { department: access.department };
    const scope: RegionKeys =
      'field' in access.scope ? { [access.scope.field]: access.scope.value } : {};
    if (narrowTo === undefined) return { scope, ...dept };
    const own = scopeKeyOf(narrowTo);
    const key = own ?? { field: 'street' as const, value: regionKeys(narrowTo).street ?? '' };
    const already = scope[key.field];
    if (already !== undefined && already !== key.value) return undefined;
    return {
      scope: { ...scope, [key.field]: key.value },
      ...(own ? {} : { exact: narrowTo }),
      ...dept,
    };
  }
}
