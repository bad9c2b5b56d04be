import type { sendUnaryData, ServerUnaryCall, UntypedServiceImplementation } from '@grpc/grpc-js';
import {
  cardStatementHeader,
  CardPlatformServiceService,
  DeclineReason,
  PlatformPaymentStatus,
  PushOutcome,
  type ExportStatementRequest,
  type ExportStatementResponse,
  type PushPaymentRequest,
  type PushPaymentResponse,
  type PushPaymentsRequest,
  type PushPaymentsResponse,
  type QueryPaymentRequest,
  type QueryPaymentResponse,
} from '@jh/contracts';
import { startGrpcServer, type GrpcServerHandle } from '@jh/platform-grpc';

/** One payment as the simulated platform holds it. */
export interface SimulatedPayment {
  idempotencyKey: string;
  platformRef: string;
  cardNo: string;
  name: string;
  amountFen: number;
  status: PlatformPaymentStatus;
  declineReason: DeclineReason;
  receivedAt: Date;
  /** When a delayed confirmation turns PENDING into PAID. */
  paidAt?: Date;
}

/** Failures the simulator injects; tests flip them between calls. */
export interface SimulatorFaults {
  /** Every call answers UNAVAILABLE without doing anything (platform outage). */
  outage: boolean;
  /**
   * The next N pushes (single or batch) are booked but answered only after `hangMs` (caller's
   * deadline passes).
   */
  timeoutPushes: number;
  hangMs: number;
  /** Definitive declines per card number. */
  declineCards: Map<string, DeclineReason>;
  /** Accepted pushes stay PENDING this long before they become PAID (delayed confirmation). */
  confirmAfterMs: number;
  /** Every answer is delivered twice to the registered callback listener (duplicate callbacks). */
  duplicateCallbacks: boolean;
  /**
   * The next `batches` batch pushes answer only their first `answered` payments; the others are
   * still booked when `bookRest`, else left untouched (a platform that cut the file short).
   */
  partialBatches: { batches: number; answered: number; bookRest: boolean };
  /** The next N batch pushes are booked in full, then the call fails (UNAVAILABLE, answer lost). */
  failBatchesAfterBooking: number;
}

/** Most payments one PushPayments call takes (card_platform.proto). */
export const maxBatchPayments = 1000;

export type SimulatorCallback = (
  key: string,
  status: PlatformPaymentStatus,
  payment: SimulatedPayment,
) => unknown;

const callbackStatusNames: Partial<Record<PlatformPaymentStatus, string>> = {
  [PlatformPaymentStatus.PLATFORM_PAYMENT_STATUS_PENDING]: 'PENDING',
  [PlatformPaymentStatus.PLATFORM_PAYMENT_STATUS_PAID]: 'PAID',
  [PlatformPaymentStatus.PLATFORM_PAYMENT_STATUS_DECLINED]: 'DECLINED',
  [PlatformPaymentStatus.PLATFORM_PAYMENT_STATUS_RETURNED]: 'RETURNED',
};
const declineNames: Partial<Record<DeclineReason, string>> = {
  [DeclineReason.DECLINE_REASON_CARD_FROZEN]: 'CARD_FROZEN',
  [DeclineReason.DECLINE_REASON_CARD_CLOSED]: 'CARD_CLOSED',
  [DeclineReason.DECLINE_REASON_NAME_MISMATCH]: 'NAME_MISMATCH',
};

/**
 * Delivers callbacks to payment's `POST /card-platform/callbacks` with the shared token, like the
 * real platform's notification push. Failed deliveries are reported, not retried.
 */
export function httpCallbackSender(
  url: string,
  token: string,
  onError: (e: unknown) => void = () => undefined,
): SimulatorCallback {
  return async (key, status, payment) => {
    const name = callbackStatusNames[status];
    if (!name) return;
    try {
      await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          idempotencyKey: key,
          status: name,
          platformRef: payment.platformRef,
          amountFen: payment.amountFen,
          ...(declineNames[payment.declineReason]
            ? { declineReason: declineNames[payment.declineReason] }
            : {}),
        }),
      });
    } catch (e) {
      onError(e);
    }
  };
}

const statusDone = (p: SimulatedPayment, now: Date) =>
  p.status === PlatformPaymentStatus.PLATFORM_PAYMENT_STATUS_PENDING && p.paidAt && p.paidAt <= now
    ? PlatformPaymentStatus.PLATFORM_PAYMENT_STATUS_PAID
    : p.status;

const unavailable = () => ({ code: 14, details: '一键达平台暂停服务' });

/** In-memory stand-in for the "一键达" citizen-card platform, served over gRPC. */
export class CardPlatformSimulator {
  readonly payments = new Map<string, SimulatedPayment>();
  /** Every push request received, including repeats (to prove nothing was paid twice). */
  readonly pushLog: PushPaymentRequest[] = [];
  /** Size of every batch push received, in order (single pushes are not listed). */
  readonly batchLog: number[] = [];
  readonly faults: SimulatorFaults = {
    outage: false,
    timeoutPushes: 0,
    hangMs: 1500,
    declineCards: new Map(),
    confirmAfterMs: 0,
    duplicateCallbacks: false,
    partialBatches: { batches: 0, answered: 0, bookRest: false },
    failBatchesAfterBooking: 0,
  };
  private readonly listeners: SimulatorCallback[] = [];
  private readonly inflight = new Set<Promise<unknown>>();
  private sequence = 0;

  constructor(private readonly clock: () => Date = () => new Date()) {}

  onCallback(listener: SimulatorCallback): void {
    this.listeners.push(listener);
  }

  /** Waits until every callback delivered so far has been handled (tests). */
  async flushCallbacks(): Promise<void> {
    while (this.inflight.size > 0) await Promise.all([...this.inflight]);
  }

  /** Delivers a callback with any status for a known payment (stale / out-of-order delivery). */
  sendCallback(key: string, status: PlatformPaymentStatus): void {
    const p = this.payments.get(key);
    if (p) this.deliver(p, status);
  }

  /** Number of distinct payments that were (or will be) paid for this key: 0 or 1. */
  paidCount(key: string): number {
    const p = this.payments.get(key);
    if (!p) return 0;
    const s = statusDone(p, this.clock());
    return s === PlatformPaymentStatus.PLATFORM_PAYMENT_STATUS_PAID ||
      s === PlatformPaymentStatus.PLATFORM_PAYMENT_STATUS_PENDING
      ? 1
      : 0;
  }

  /** Funds came back (card closed after payment, etc.). */
  markReturned(key: string): void {
    const p = this.payments.get(key);
    if (!p) return;
    p.status = PlatformPaymentStatus.PLATFORM_PAYMENT_STATUS_RETURNED;
    this.notify(p);
  }

  push(req: PushPaymentRequest): PushPaymentResponse {
    this.pushLog.push(req);
    const existing = this.payments.get(req.idempotencyKey);
    if (existing) return this.answerOf(existing);
    const now = this.clock();
    const decline = this.faults.declineCards.get(req.cardNo);
    const payment: SimulatedPayment = {
      idempotencyKey: req.idempotencyKey,
      platformRef: `YJD${String(++this.sequence).padStart(10, '0')}`,
      cardNo: req.cardNo,
      name: req.name,
      amountFen: req.amountFen,
      receivedAt: now,
      declineReason: decline ?? DeclineReason.DECLINE_REASON_UNSPECIFIED,
      status: decline
        ? PlatformPaymentStatus.PLATFORM_PAYMENT_STATUS_DECLINED
        : this.faults.confirmAfterMs > 0
          ? PlatformPaymentStatus.PLATFORM_PAYMENT_STATUS_PENDING
          : PlatformPaymentStatus.PLATFORM_PAYMENT_STATUS_PAID,
    };
    if (!decline && this.faults.confirmAfterMs > 0) {
      payment.paidAt = new Date(now.getTime() + this.faults.confirmAfterMs);
      // The delayed confirmation is also pushed as a callback when it happens.
      setTimeout(() => {
        if (
          statusDone(payment, this.clock()) === PlatformPaymentStatus.PLATFORM_PAYMENT_STATUS_PAID
        )
          this.notify(payment);
      }, this.faults.confirmAfterMs).unref();
    }
    this.payments.set(req.idempotencyKey, payment);
    if (!decline) this.notify(payment);
    return this.answerOf(payment);
  }

  /**
   * A batch push: each payment exactly as `push` (same per-key idempotency; a key repeated within
   * the batch is booked once and answered once). Throws a gRPC error object for a batch that is
   * empty or too large (nothing booked) and for `failBatchesAfterBooking` (everything booked).
   */
  pushBatch(req: PushPaymentsRequest): PushPaymentsResponse {
    if (req.payments.length === 0 || req.payments.length > maxBatchPayments) {
      throw { code: 3, details: `一次推送 1 至 ${maxBatchPayments} 笔支付` };
    }
    this.batchLog.push(req.payments.length);
    const partial = this.faults.partialBatches;
    const cut = partial.batches > 0 ? partial.answered : req.payments.length;
    if (partial.batches > 0) partial.batches -= 1;
    const results: PushPaymentsResponse['results'] = [];
    const answered = new Set<string>();
    req.payments.forEach((p, i) => {
      if (i >= cut && !partial.bookRest) return;
      const answer = this.push(p);
      if (i >= cut || answered.has(p.idempotencyKey)) return;
      answered.add(p.idempotencyKey);
      results.push({ idempotencyKey: p.idempotencyKey, ...answer });
    });
    if (this.faults.failBatchesAfterBooking > 0) {
      this.faults.failBatchesAfterBooking -= 1;
      throw unavailable();
    }
    return { results };
  }

  query(req: QueryPaymentRequest): QueryPaymentResponse {
    const p = this.payments.get(req.idempotencyKey);
    if (!p) {
      return {
        status: PlatformPaymentStatus.PLATFORM_PAYMENT_STATUS_NOT_FOUND,
        declineReason: DeclineReason.DECLINE_REASON_UNSPECIFIED,
        amountFen: 0,
        platformRef: '',
      };
    }
    return {
      status: statusDone(p, this.clock()),
      declineReason: p.declineReason,
      amountFen: p.amountFen,
      platformRef: p.platformRef,
    };
  }

  /** Rows booked on `date` (UTC day, "YYYY-MM-DD"); declined pushes are not on the statement. */
  statement(req: ExportStatementRequest): ExportStatementResponse {
    const rows = [...this.payments.values()]
      .filter((p) => p.receivedAt.toISOString().slice(0, 10) === req.date)
      .filter((p) => p.status !== PlatformPaymentStatus.PLATFORM_PAYMENT_STATUS_DECLINED)
      .map((p) => ({
        idempotencyKey: p.idempotencyKey,
        platformRef: p.platformRef,
        cardNo: p.cardNo,
        amountFen: p.amountFen,
        status: statusDone(p, this.clock()),
        bookedAt: `${p.receivedAt.toISOString().slice(0, 19)}Z`,
      }));
    return { rows };
  }

  /** The statement as the platform's CSV file (docs/payment-statement.md). */
  statementCsv(date: string): string {
    const names: Partial<Record<PlatformPaymentStatus, string>> = {
      [PlatformPaymentStatus.PLATFORM_PAYMENT_STATUS_PAID]: 'PAID',
      [PlatformPaymentStatus.PLATFORM_PAYMENT_STATUS_PENDING]: 'PENDING',
      [PlatformPaymentStatus.PLATFORM_PAYMENT_STATUS_RETURNED]: 'RETURNED',
    };
    const lines = this.statement({ date }).rows.map((r) =>
      [r.idempotencyKey, r.platformRef, r.cardNo, r.amountFen, names[r.status], r.bookedAt].join(
        ',',
      ),
    );
    return [cardStatementHeader, ...lines].join('\n') + '\n';
  }

  /** grpc-js handlers; the platform does not check our bearer token (it trusts the network link). */
  implementation(): UntypedServiceImplementation {
    const unary =
      <Req, Res>(fn: (req: Req) => Res, isPush = false) =>
      (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => {
        if (this.faults.outage) return callback(unavailable());
        let answer: Res;
        try {
          answer = fn(call.request);
        } catch (e) {
          return callback(e as { code: number; details: string });
        }
        if (isPush && this.faults.timeoutPushes > 0) {
          this.faults.timeoutPushes -= 1;
          setTimeout(() => callback(null, answer), this.faults.hangMs).unref();
          return;
        }
        callback(null, answer);
      };
    return {
      pushPayment: unary((r: PushPaymentRequest) => this.push(r), true),
      pushPayments: unary((r: PushPaymentsRequest) => this.pushBatch(r), true),
      queryPayment: unary((r: QueryPaymentRequest) => this.query(r)),
      exportStatement: unary((r: ExportStatementRequest) => this.statement(r)),
    };
  }

  start(port = 0, host?: string): Promise<GrpcServerHandle> {
    return startGrpcServer(
      [{ definition: CardPlatformServiceService, implementation: this.implementation() }],
      port,
      host,
    );
  }

  private notify(p: SimulatedPayment): void {
    const times = this.faults.duplicateCallbacks ? 2 : 1;
    for (let i = 0; i < times; i++) this.deliver(p, statusDone(p, this.clock()));
  }

  private deliver(p: SimulatedPayment, status: PlatformPaymentStatus): void {
    for (const l of this.listeners) {
      const pending = Promise.resolve(l(p.idempotencyKey, status, p)).finally(() =>
        this.inflight.delete(pending),
      );
      this.inflight.add(pending);
    }
  }

  private answerOf(p: SimulatedPayment): PushPaymentResponse {
    const declined = p.status === PlatformPaymentStatus.PLATFORM_PAYMENT_STATUS_DECLINED;
    return {
      outcome: declined ? PushOutcome.PUSH_OUTCOME_DECLINED : PushOutcome.PUSH_OUTCOME_ACCEPTED,
      declineReason: p.declineReason,
      platformRef: p.platformRef,
    };
  }
}
