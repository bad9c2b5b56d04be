import {
  AccessGuard,
  requireAccess,
  scopeKeysOf,
  type DeniedListener,
  type ListRegionFilter,
  type ScopeKeys,
} from '@jh/access-guard';
import { regionContains, type AccessOp, type ResourceKind, type Subject } from '@jh/domain-access';
import { z } from '@jh/platform-config';
import { notFound, type AppError } from '@jh/platform-errors';
import type { Logger } from '@jh/platform-logger';
import type { RequestHandler, Response } from 'express';
import type { Connection } from 'mongoose';
import { backfillOnce } from '@jh/platform-mongo';
import { actorOf } from '@jh/platform-auth';

export type { DeniedListener, ScopeKeys };

/**
 * The region the service pays for (GB/T 2260, the city of the card platform). Records that
 * cover the whole platform — a month's batch run, a day's statement import — belong to it, so
 * only the city's staff see and run them (R-OV-2); a county's staff see their county's orders.
 */
export const paymentRegionEnv = {
  PAYMENT_REGION_CODE: z
    .string()
    .regex(/^\d{6}$/)
    .default('330100'),
};

/**
 * An order's (or register entry's) region: the street that pays it (R-PAY-3), else the
 * recipient's own code. Payment is owned by the county that contains it (DOMAIN §1).
 */
export const orderRegionOf = (o: { streetCode?: string; recipient?: { regionCode?: string } }) =>
  o.streetCode || o.recipient?.regionCode || '';

/** Scope keys stored on every order and register entry; '' where the code is coarser. */
export const orderScopeOf = (o: Parameters<typeof orderRegionOf>[0]): ScopeKeys =>
  scopeKeysOf(orderRegionOf(o));

/** Equalities on stored scope keys; `undefined` means the reader sees nothing. */
export type ScopeFilter = Partial<ScopeKeys> | undefined;

export { scopeQueryOf as scopeQuery } from '@jh/access-guard';

const notFoundOf: Record<string, () => AppError> = {
  order: () => notFound('PAYMENT_ORDER_NOT_FOUND', '未找到该支付指令'),
  batch: () => notFound('BATCH_NOT_FOUND', '未找到该发放批次'),
  reserve: () => notFound('RESERVE_NOT_FOUND', '未找到该街道备用金账户'),
  reconciliation: () => notFound('RECONCILIATION_NOT_FOUND', '未找到该对账记录'),
  report: () => notFound('REPORT_NOT_FOUND', '未找到该报表'),
};

/** One guard per kind; refusals are logged by the service logger (no personal data). */
export function paymentGuard(kind: ResourceKind, logger: Logger): AccessGuard {
  const onDenied: DeniedListener = (denied) => logger.warn({ denied }, 'payment access denied');
  return new AccessGuard({
    kind,
    notFound: notFoundOf[kind] ?? notFoundOf['order']!,
    onDenied,
  });
}

/** The list's scope equalities (no narrowing); `undefined` when the answer is empty. */
export function scopeFilter(guard: AccessGuard, actor: Subject): ScopeFilter {
  const f: ListRegionFilter | undefined = guard.listFilter(actor);
  return f?.scope;
}

/** Whether the reader's scope holds the whole platform region (the city, or a service). */
export function seesPlatform(scope: ScopeFilter, platformRegion: string): boolean {
  if (!scope) return false;
  const keys = Object.entries(scope);
  if (keys.length === 0) return true;
  return keys.every(([, value]) => value !== '' && regionContains(value, platformRegion));
}

/** Role check before any lookup or body parsing (403, ids reveal nothing). */
export const may = (guard: AccessGuard, op: AccessOp): RequestHandler => requireAccess(guard, op);

/** The stored record in the caller's scope, else the 404 of a missing one. */
export function inScope(
  guard: AccessGuard,
  res: Response,
  op: AccessOp,
  regionCode: string,
  id?: string,
): void {
  guard.assertInScope(actorOf(res), op, { regionCode }, id);
}

/** What the scope migration reads of an older order or reserve entry. */
interface ScopeRow {
  _id: string;
  streetCode?: string;
  recipient?: { regionCode?: string };
}

/**
 * Once per database: orders and reserve entries stored before scope keys existed get them from
 * their street, else the recipient's code (R-OV-2), like every new one.
 */
export async function migratePaymentScope(
  conn: Connection,
  collection: 'payment_orders' | 'payment_reserve_entries',
): Promise<number> {
  return backfillOnce<ScopeRow>({
    collection: conn.db!.collection<ScopeRow>(collection),
    markers: conn.db!.collection('payment_migrations'),
    marker: `${collection}:scope`,
    field: 'scope',
    projection: { streetCode: 1, 'recipient.regionCode': 1 },
    set: (row) => ({ scope: orderScopeOf(row) }),
  });
}
