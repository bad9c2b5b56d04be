import type { RequestHandler, Response } from 'express';
import type { Connection } from 'mongoose';
import { Schema } from 'mongoose';
import {
  AccessGuard,
  requireAccess,
  scopeKeysOf,
  scopeQueryOf,
  type ScopeKeys,
} from '@jh/access-guard';
import type { AccessOp, ResourceKind, Subject } from '@jh/domain-access';
import { actorOf, type Actor } from '@jh/platform-auth';
import type { AppError } from '@jh/platform-errors';
import type { Logger } from '@jh/platform-logger';
import { backfillOnce } from '@jh/platform-mongo';

export type { ScopeKeys };
export { scopeKeysOf };

/**
 * The one access policy (R-OV-2) for one kind of civil-affairs record: a wrong role answers 403
 * before any lookup, a record outside the caller's region 404 like a missing one; every refusal
 * is logged (who, what, which decision; the HTTP log line has when and from where).
 */
export function civilGuard(kind: ResourceKind, notFound: () => AppError, logger?: Logger) {
  return new AccessGuard({
    kind,
    notFound,
    onDenied: (denied) => logger?.warn({ denied }, 'civil-affairs access denied'),
  });
}

/** Role check of the access table as a route step, before the route's own narrower roles. */
export const may = (guard: AccessGuard, op: AccessOp): RequestHandler => requireAccess(guard, op);

/**
 * The region a record's stored scope keys stand for: its street, else county, else city (a
 * community lies in its street: the same answer for every subject, whose scope is never finer).
 */
export function regionOfScope(scope: Partial<ScopeKeys> | undefined): string | undefined {
  return scope?.street || scope?.county || scope?.city || undefined;
}

/**
 * A stored record the actor may `op`, else the 404 of a missing one. Its region is the one its
 * stored scope keys (the household's) stand for: what its lists filter by, too.
 */
export function assertInScope(
  guard: AccessGuard,
  actor: Subject,
  op: AccessOp,
  record: { scope?: Partial<ScopeKeys> },
  id?: string,
): void {
  guard.assertInScope(actor, op, { regionCode: regionOfScope(record.scope) }, id);
}

/** The route's record id, once the caller may `op` that record (else the 404 of a missing one). */
export function scopedId(
  guard: AccessGuard,
  load: (id: string) => Promise<{ scope?: Partial<ScopeKeys> }>,
) {
  return async (param: unknown, res: Response, op: AccessOp): Promise<string> => {
    const id = String(param);
    assertInScope(guard, actorOf(res), op, await load(id), id);
    return id;
  };
}

/**
 * The list's equalities on the stored scope keys (`scope.county: '330106'`), each an indexed
 * plain equality the local engine searches by its index (ADR 0013); `undefined` when the caller
 * sees nothing (the list answers empty without reading).
 */
export type ScopeQuery = Record<string, string>;

export function scopeQuery(guard: AccessGuard, actor: Actor): ScopeQuery | undefined {
  const filter = guard.listFilter(actor);
  return filter && scopeQueryOf(filter.scope);
}

/** The `scope` sub-document of a scoped record, and its three indexes. */
export const scopeField = {
  type: new Schema(
    {
      city: { type: String, default: '' },
      county: { type: String, default: '' },
      street: { type: String, default: '' },
    },
    { _id: false },
  ),
  default: () => ({ city: '', county: '', street: '' }),
};

export function indexScope(schema: Schema): void {
  schema.index({ 'scope.city': 1 });
  schema.index({ 'scope.county': 1 });
  schema.index({ 'scope.street': 1 });
}

/** The dotted path's value of a raw row (e.g. `applicant.regionCode`). */
const at = (row: Record<string, unknown>, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>(
      (v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined),
      row,
    );

/**
 * Once per database: scope keys for `collection`'s records stored before they existed, from the
 * region code at `regionPath`; a record without a usable code gets empty keys (services only).
 */
export async function migrateScope(
  db: Connection,
  collection: string,
  regionPath: string,
  logger: Logger,
): Promise<void> {
  type Row = { _id: string } & Record<string, unknown>;
  const migrated = await backfillOnce<Row>({
    collection: db.collection<Row>(collection),
    markers: db.collection('civil_affairs_migrations'),
    marker: `${collection}:scope`,
    field: 'scope',
    projection: { [regionPath]: 1 },
    set: (row) => {
      const code = at(row, regionPath);
      return { scope: scopeKeysOf(typeof code === 'string' ? code : undefined) };
    },
  });
  if (migrated > 0) logger.info({ migrated, collection }, 'scope keys added to older records');
}
