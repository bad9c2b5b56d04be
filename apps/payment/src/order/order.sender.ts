// The batch sender (ADR 0006, ADR 0016): finds due orders by slot, claims them (each durably
// `sending` before any push), asks the platform about anything claimed before, pushes the rest in
// batches of up to 1,000, and records the answers. Never twice holds per order: an order is pushed
// only from `pending` (never pushed) or after the platform answered NOT_FOUND for its key.
import { randomUUID } from 'node:crypto';
import { withOriginSpan } from '@jh/platform-telemetry';
import { isAppError } from '@jh/platform-errors';
import type { Logger } from '@jh/platform-logger';
import {
  maxPushBatch,
  type CardPlatform,
  type PushAnswer,
  type QueryAnswer,
} from '../card-platform/adapter';
import { isOpen, lookbackMinutes, minuteOf, slotsOfMinute, type DueCursor } from './due-slot';
import type { BatchRecord } from './order.bulk';
import {
  platformKeyOf,
  type AuditEntry,
  type OrderFailure,
  type OrderStatus,
  type PaymentOrderDoc,
} from './order.model';
import type { PaymentOrderStore } from './order.store';

export interface SenderPolicy {
  /** Monthly orders are pushed this long before their due date (R-PAY-2: money arrives by then). */
  sendLeadMs: number;
  /** How long one sender run owns a claimed order. */
  leaseMs: number;
  retryInitialMs: number;
  retryMaxMs: number;
  /** How often a `sent` order is re-queried until the platform reports PAID. */
  pollMs: number;
  /**
   * How often the range scan runs beside the slots, as a safety net for orders written without a
   * slot (before slots existed); the first runs one interval after start. 0: never.
   */
  dueSweepMs?: number;
  /** Told of the payments a push did not book, by reason (`jh_payment_push_failures_total`). */
  onPushFailure?: (reason: PushFailureReason, payments: number) => void;
}

/**
 * Why a push did not book a payment: a fixed set (a bounded metric label, no personal data).
 * Call failures by what `callUnary` tells apart; answers by the platform's decline code.
 */
export const pushFailureReasons = [
  'timeout',
  'unavailable',
  'unauthorized',
  'invalid_request',
  'error',
  'unanswered',
  'declined_card_frozen',
  'declined_card_closed',
  'declined_name_mismatch',
  'declined',
] as const;
export type PushFailureReason = (typeof pushFailureReasons)[number];

const declineReasons: Record<NonNullable<PushAnswer['decline']>, PushFailureReason> = {
  CARD_FROZEN: 'declined_card_frozen',
  CARD_CLOSED: 'declined_card_closed',
  NAME_MISMATCH: 'declined_name_mismatch',
  DECLINED: 'declined',
};

/** The reason of a failed push call (the whole batch). */
export function pushFailureReasonOf(e: unknown): PushFailureReason {
  if (!isAppError(e)) return 'error';
  if (e.code === 'DEADLINE_EXCEEDED') return 'timeout';
  if (e.kind === 'unavailable') return 'unavailable';
  if (e.kind === 'unauthenticated' || e.kind === 'not_allowed') return 'unauthorized';
  if (e.kind === 'invalid_input') return 'invalid_request';
  return 'error';
}

export interface SendReport {
  confirmed: number;
  sent: number;
  failed: number;
  returned: number;
  retried: number;
}

type Outcome = keyof SendReport;
export type ApplyAnswer = (
  id: string,
  from: OrderStatus,
  a: QueryAnswer,
) => Promise<Outcome | undefined>;

/** Chinese reason text for the staff worklist, by decline code. */
export const declineMessages: Record<NonNullable<PushAnswer['decline']>, string> = {
  CARD_FROZEN: '市民卡已冻结，平台拒绝入账',
  CARD_CLOSED: '市民卡已注销，平台拒绝入账',
  NAME_MISMATCH: '户名与市民卡号不符，平台拒绝入账',
  DECLINED: '平台拒绝入账（未说明原因）',
};

const system = 'system:payment-sender';
/** Queries about orders claimed before, in flight at once. */
const queryConcurrency = 8;
const unanswered: OrderFailure = {
  code: 'PUSH_UNANSWERED',
  message: '平台未答复该笔推送，下次先查询再决定是否推送',
};

/** Milliseconds spent per stage since start (benchmarks print them). */
export type SenderStages = Record<'find' | 'claim' | 'query' | 'push' | 'record', number>;

export class PaymentSender {
  private nextSweepAt = 0;
  readonly stages: SenderStages = { find: 0, claim: 0, query: 0, push: 0, record: 0 };

  constructor(
    private readonly store: PaymentOrderStore,
    private readonly cursor: DueCursor,
    private readonly platform: CardPlatform,
    private readonly policy: SenderPolicy,
    private readonly applyAnswer: ApplyAnswer,
    private readonly logger: Logger,
    private readonly clock: () => Date,
  ) {}

  /** One pass over up to `limit` due orders; safe to run concurrently (each order is claimed first). */
  async sendDue(limit = maxPushBatch): Promise<SendReport> {
    const report: SendReport = { confirmed: 0, sent: 0, failed: 0, returned: 0, retried: 0 };
    const due = await this.timed('find', () => this.findDue(this.clock(), limit));
    for (let i = 0; i < due.length; i += maxPushBatch) {
      await this.sendBatch(due.slice(i, i + maxPushBatch), report);
    }
    return report;
  }

  /**
   * Due orders from the slots between the cursor and now (indexed equality), plus, at a low
   * cadence, the range scan that also sees orders written before slots existed.
   */
  private async findDue(now: Date, limit: number): Promise<PaymentOrderDoc[]> {
    const found = new Map<string, PaymentOrderDoc>();
    const nowMs = now.getTime();
    const sweepMs = this.policy.dueSweepMs ?? 0;
    if (sweepMs > 0 && this.nextSweepAt === 0) this.nextSweepAt = nowMs + sweepMs;
    if (sweepMs > 0 && nowMs >= this.nextSweepAt) {
      this.nextSweepAt = nowMs + sweepMs;
      for (const o of await this.store.due(now, limit)) found.set(o._id, o);
    }
    const nowMinute = minuteOf(now);
    const last = nowMinute - lookbackMinutes;
    const stored = await this.cursor.read();
    if (stored === undefined) await this.cursor.lower(last);
    const start = stored ?? last;
    let emptyUpTo = start;
    for (let minute = start; minute <= nowMinute && found.size < limit; minute++) {
      let empty = true;
      for (const slot of slotsOfMinute(minute)) {
        if (found.size >= limit) {
          empty = false;
          break;
        }
        for (const o of await this.store.inDueSlot(slot, limit - found.size)) {
          empty = false;
          if (isOpen(o.status) && o.nextAttemptAt.getTime() <= nowMs) found.set(o._id, o);
          // Not the sender's (anymore) or not due: put it where it belongs, or it blocks the walk.
          else if (minute < nowMinute) await this.store.reslot(o, now);
        }
      }
      if (empty && emptyUpTo === minute && minute < last) emptyUpTo = minute + 1;
    }
    if (emptyUpTo > start && stored !== undefined) await this.cursor.advance(stored, emptyUpTo);
    // Oldest first (ties by key), as the range query did: instalments of one case stay in order.
    return [...found.values()].sort(
      (a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || (a._id < b._id ? -1 : 1),
    );
  }

  private async sendBatch(orders: PaymentOrderDoc[], report: SendReport): Promise<void> {
    const now = this.clock();
    const lease = new Date(now.getTime() + this.policy.leaseMs);
    const claimed = await this.timed('claim', () =>
      this.store.claimMany(
        orders.map((order) => ({
          order,
          to: order.status === 'pending' ? 'sending' : order.status,
          audit:
            order.status === 'pending'
              ? this.audit('pending', 'sending', 'claimed', '开始推送至一键达平台')
              : undefined,
        })),
        lease,
        randomUUID(),
      ),
    );
    const mine = orders.filter((o) => claimed.has(o._id));
    const records: BatchRecord[] = [];
    const toPush = mine.filter((o) => o.status === 'pending');
    // Anything claimed before may already be on the platform: ask before pushing (never twice).
    const known = mine.filter((o) => o.status !== 'pending');
    const t0 = performance.now();
    const answers: (QueryAnswer | { error: unknown })[] = [];
    for (let i = 0; i < known.length; i += queryConcurrency) {
      const slice = known.slice(i, i + queryConcurrency);
      answers.push(
        ...(await Promise.all(
          slice.map((o) => this.platform.query(platformKeyOf(o)).catch((error) => ({ error }))),
        )),
      );
    }
    // Answers are applied one by one in due order, so events of one case keep their order.
    for (const [i, order] of known.entries()) {
      const answer = answers[i]!;
      if ('error' in answer)
        records.push(this.retryOf(order, statusAfterClaim(order), answer.error));
      else if (answer.status === 'not_found') toPush.push(order);
      else {
        const outcome = await this.applyAnswer(order._id, order.status, answer);
        if (outcome) report[outcome] += 1;
      }
    }
    this.stages.query += performance.now() - t0;
    if (toPush.length > 0) records.push(...(await this.timed('push', () => this.push(toPush))));
    const counts = await this.timed('record', () => this.store.recordMany(records));
    report.sent += counts.sent ?? 0;
    report.failed += counts.failed ?? 0;
    report.retried += counts.retried ?? 0;
  }

  /** One batch push; what to record for each order (answered, unanswered, or the call failed). */
  private async push(orders: PaymentOrderDoc[]): Promise<BatchRecord[]> {
    let answers: Map<string, PushAnswer>;
    try {
      // In the first order's application trace, linked to the others' (ADR 0024).
      answers = await withOriginSpan(
        'card-platform push',
        orders.map((o) => o.traceparent ?? ''),
        () =>
          this.platform.pushBatch(
            orders.map((o) => ({
              idempotencyKey: platformKeyOf(o),
              cardNo: o.recipient.citizenCardNo,
              name: o.recipient.name,
              amountFen: o.amountFen,
            })),
          ),
      );
    } catch (e) {
      this.failed(pushFailureReasonOf(e), orders.length);
      if (isAppError(e)) {
        this.logger.warn({ err: e, orders: orders.length }, 'card platform batch push failed');
      }
      // Some may be booked: each stays in its status and is queried before any re-push.
      return orders.map((o) => this.retryOf(o, statusAfterClaim(o), e, false));
    }
    const at = this.clock();
    const failures = new Map<PushFailureReason, number>();
    const tally = (reason: PushFailureReason) =>
      failures.set(reason, (failures.get(reason) ?? 0) + 1);
    const records = orders.map((o): BatchRecord => {
      const status = statusAfterClaim(o);
      const pushed = answers.get(platformKeyOf(o));
      if (!pushed) {
        tally('unanswered');
        // Unknown, not failed: kept, queried first on the next run (soon).
        const retryAt = new Date(at.getTime() + this.policy.retryInitialMs);
        return { id: o._id, retry: { status, error: unanswered, at: retryAt } };
      }
      if (pushed.outcome === 'declined') {
        const code = pushed.decline ?? 'DECLINED';
        tally(declineReasons[code]);
        const failure = { code, message: declineMessages[code] };
        return {
          id: o._id,
          transition: {
            from: status,
            to: 'failed',
            audit: this.audit(status, 'failed', 'declined', failure.message),
            platformRef: pushed.platformRef || undefined,
            failure,
          },
        };
      }
      return {
        id: o._id,
        transition: {
          from: status,
          to: 'sent',
          audit: this.audit(status, 'sent', 'pushed', `平台已受理，流水号 ${pushed.platformRef}`),
          platformRef: pushed.platformRef,
          nextAttemptAt: new Date(at.getTime() + this.policy.pollMs),
        },
      };
    });
    for (const [reason, n] of failures) this.failed(reason, n);
    return records;
  }

  /** A metric must never stop the sender. */
  private failed(reason: PushFailureReason, payments: number): void {
    try {
      this.policy.onPushFailure?.(reason, payments);
    } catch (e) {
      this.logger.warn({ err: e, reason }, 'push failure not counted');
    }
  }

  /** Platform errors are transient (timeout, UNAVAILABLE); anything else ends the run like a crash. */
  private retryOf(
    order: PaymentOrderDoc,
    status: OrderStatus,
    e: unknown,
    log = true,
  ): BatchRecord {
    if (!isAppError(e)) throw e;
    const attempts = order.attempts + 1;
    const delay = Math.min(
      this.policy.retryInitialMs * 2 ** (attempts - 1),
      this.policy.retryMaxMs,
    );
    if (log)
      this.logger.warn(
        { orderId: order._id, err: e, delay },
        'card platform call failed; retrying',
      );
    const error: OrderFailure = { code: e.code, message: e.message };
    return {
      id: order._id,
      retry: { status, error, at: new Date(this.clock().getTime() + delay) },
    };
  }

  private async timed<T>(stage: keyof SenderStages, fn: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      this.stages[stage] += performance.now() - t0;
    }
  }

  private audit(from: OrderStatus, to: OrderStatus, action: string, reason: string): AuditEntry {
    return { at: this.clock(), actor: system, from, to, action, reason };
  }
}

const statusAfterClaim = (o: PaymentOrderDoc): OrderStatus =>
  o.status === 'pending' ? 'sending' : o.status;
