import { conflict, isAppError, notFound, type AppError } from '@jh/platform-errors';
import type { Logger } from '@jh/platform-logger';
import type { PlatformAvailability } from '../card-platform/availability.service';
import type { CardPlatform, QueryAnswer } from '../card-platform/adapter';
import { platformKeyOf, type OrderStatus, type PaymentOrderDoc } from '../order/order.model';
import type { PaymentOrderService } from '../order/order.service';
import type { PaymentOrderStore } from '../order/order.store';
import { changedMeanwhile, stateConflict } from '../order/order.errors';
import { sendableFrom } from '../order/send-window';
import { firstAidEntryId, type ReserveService } from '../reserve/reserve.service';

export interface FallbackPolicy {
  /** Orders are due (switchable) from this long before their due date, like the sender. */
  sendLeadMs: number;
  /** A `sending` order touched more recently than this may have a sender mid-push. */
  leaseMs: number;
}

export interface SwitchReport {
  preallocated: string[];
  /** The platform answered that it holds the payment: recorded, not pre-allocated. */
  foundOnPlatform: string[];
  refused: { id: string; code: string; message: string }[];
}

const switchable: OrderStatus[] = ['pending', 'sending'];
const BULK_LIMIT = 500;

/**
 * R-PAY-3: while the card platform has been down longer than the configured time, staff move due
 * orders to the street (预拨街道), which pays and reports back. Never twice: an order is switched
 * only if the platform provably holds no payment for it (see docs/adr/0006, addendum).
 */
export class FallbackService {
  constructor(
    private readonly store: PaymentOrderStore,
    private readonly platform: CardPlatform,
    private readonly availability: PlatformAvailability,
    private readonly orders: PaymentOrderService,
    private readonly reserves: ReserveService,
    private readonly policy: FallbackPolicy,
    private readonly logger: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /**
   * Per order: refusals throw with a clear code and change nothing. When the platform answers that
   * it holds the payment, that answer is recorded instead (`found_on_platform`).
   */
  async preallocateOne(
    id: string,
    by: string,
    reason: string,
  ): Promise<{ outcome: 'preallocated' | 'found_on_platform'; order: PaymentOrderDoc }> {
    await this.requirePlatformDown();
    const order = await this.store.findById(id);
    if (!order) throw notFound('PAYMENT_ORDER_NOT_FOUND', '未找到该支付指令');
    const outcome = await this.switchOne(order, by, reason);
    if (outcome !== 'preallocated' && outcome.code !== 'ORDER_KNOWN_TO_PLATFORM') throw outcome;
    return {
      outcome: outcome === 'preallocated' ? 'preallocated' : 'found_on_platform',
      order: (await this.store.findById(id)) ?? order,
    };
  }

  /** All due, switchable orders of one street; each order is decided on its own. */
  async preallocateStreet(streetCode: string, by: string, reason: string): Promise<SwitchReport> {
    await this.requirePlatformDown();
    const report: SwitchReport = { preallocated: [], foundOnPlatform: [], refused: [] };
    for (const status of switchable) {
      const candidates = await this.store.list({ streetCode, status }, BULK_LIMIT);
      for (const order of candidates) {
        if (!this.isDue(order)) continue;
        const outcome = await this.switchOne(order, by, reason);
        if (outcome === 'preallocated') report.preallocated.push(order._id);
        else if (outcome.code === 'ORDER_KNOWN_TO_PLATFORM') report.foundOnPlatform.push(order._id);
        else report.refused.push({ id: order._id, code: outcome.code, message: outcome.message });
      }
    }
    return report;
  }

  /** The street reports it paid the recipient (voucher); the same report again changes nothing. */
  async reportStreetPaid(
    id: string,
    input: { voucherRef: string; paidOn: string },
    by: string,
  ): Promise<{ order: PaymentOrderDoc; replayed: boolean }> {
    const order = await this.store.findById(id);
    if (!order) throw notFound('PAYMENT_ORDER_NOT_FOUND', '未找到该支付指令');
    if (order.status === 'paid_by_street' && order.streetPayout?.voucherRef === input.voucherRef) {
      return { order, replayed: true };
    }
    if (order.status !== 'preallocated') throw stateConflict(order.status, '登记街道已代付');
    const now = this.clock();
    const moved = await this.store.change(id, {
      from: 'preallocated',
      to: 'paid_by_street',
      absent: ['streetPayout'],
      set: { streetPayout: { ...input, reportedBy: by, reportedAt: now } },
      audit: {
        at: now,
        actor: by,
        from: 'preallocated',
        to: 'paid_by_street',
        action: 'street_paid',
        reason: `街道已代付，凭证号 ${input.voucherRef}（${input.paidOn}）`,
      },
    });
    if (!moved) throw changedMeanwhile();
    await this.bookReserveDebits();
    return { order: (await this.store.findById(id)) ?? order, replayed: false };
  }

  /** Books first-aid reserve debits a crash left unbooked; idempotent (deterministic entry ids). */
  async bookReserveDebits(): Promise<number> {
    const open = await this.store.unbookedReserveDebits(BULK_LIMIT);
    for (const order of open) {
      await this.reserves.debitFirstAid(order, order.preallocation?.by ?? 'system:payment');
      await this.store.markBooked(order._id, 'preallocation.reserveBooked');
    }
    return open.length;
  }

  private async requirePlatformDown(): Promise<void> {
    const s = await this.availability.status();
    if (!s.fallbackAllowed) {
      const minutes = Math.round((s.fallbackAfterMs / 60000) * 100) / 100;
      throw conflict(
        'PLATFORM_NOT_DOWN_LONG_ENOUGH',
        s.downSince
          ? `一键达平台中断未满 ${minutes} 分钟，暂不能转为预拨街道`
          : `一键达平台运行正常，不能转为预拨街道（须中断超过 ${minutes} 分钟）`,
      );
    }
  }

  private isDue(order: PaymentOrderDoc): boolean {
    const now = this.clock();
    return sendableFrom(order.schedule, order.dueAt, now, this.policy.sendLeadMs) <= now;
  }

  private async switchOne(
    order: PaymentOrderDoc,
    by: string,
    reason: string,
  ): Promise<'preallocated' | AppError> {
    if (!switchable.includes(order.status)) return stateConflict(order.status, '转为预拨街道');
    if (!this.isDue(order)) {
      return conflict('ORDER_NOT_DUE', '该支付指令尚未到支付期，不能转为预拨街道');
    }
    if (!order.streetCode) return conflict('STREET_UNKNOWN', '该支付指令没有所属街道，不能预拨');
    const now = this.clock();
    if (
      order.status === 'sending' &&
      order.updatedAt.getTime() > now.getTime() - this.policy.leaseMs
    ) {
      return conflict('ORDER_BUSY', '该支付指令正在推送中，请稍后再试');
    }
    // Ask the platform first (never twice). `pending` was never pushed (an order is durably
    // `sending` before any push), so only for `sending` an unanswered query blocks the switch.
    let answer: QueryAnswer | undefined;
    try {
      answer = await this.platform.query(platformKeyOf(order));
    } catch (e) {
      if (!isAppError(e)) throw e;
      if (order.status === 'sending') {
        return conflict(
          'PLATFORM_QUERY_FAILED',
          '无法向一键达平台确认该笔是否已支付，为防重复支付暂不能转为预拨街道',
        );
      }
    }
    if (answer && answer.status !== 'not_found' && answer.status !== 'declined') {
      await this.orders.applyAnswer(order._id, order.status, answer, by);
      return conflict('ORDER_KNOWN_TO_PLATFORM', '一键达平台已受理该笔支付，已据实记录，不再预拨');
    }
    const firstAid = order.schedule === 'first_aid';
    const moved = await this.store.change(order._id, {
      from: order.status,
      to: 'preallocated',
      // Guards against a sender claiming the order after we read it (claims bump both).
      expect: { attempts: order.attempts, updatedAt: order.updatedAt },
      set: {
        preallocation: {
          streetCode: order.streetCode,
          amountFen: order.amountFen,
          by,
          at: now,
          reason,
          ...(firstAid ? { reserveEntryId: firstAidEntryId(order._id) } : {}),
          reserveBooked: !firstAid,
        },
      },
      audit: {
        at: now,
        actor: by,
        from: order.status,
        to: 'preallocated',
        action: 'preallocated',
        reason: `一键达平台中断，预拨街道 ${order.streetCode} 代为支付：${reason}`,
      },
    });
    if (!moved) return changedMeanwhile();
    this.logger.info({ orderId: order._id, streetCode: order.streetCode }, 'order preallocated');
    if (firstAid) await this.bookReserveDebits();
    return 'preallocated';
  }
}
