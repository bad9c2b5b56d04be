import { maskCardNo } from '@jh/domain-application';
import { fen, formatYuan } from '@jh/domain-money';
import { resentPlatformKey } from '@jh/domain-policy';
import { conflict, invalidInput, isAppError, notFound, unavailable } from '@jh/platform-errors';
import type { CardPlatform, QueryAnswer } from '../card-platform/adapter';
import {
  platformKeyOf,
  settledStatuses,
  type OrderStatus,
  type PaymentOrderDoc,
} from './order.model';
import type { PaymentOrderService } from './order.service';
import { changedMeanwhile, stateConflict } from './order.errors';
import type { PaymentOrderStore } from './order.store';
import type { ScopeKeys } from '@jh/access-guard';

const returnable: OrderStatus[] = ['confirmed', 'sent', 'paid_by_street', 'returned'];

/** Staff actions on the worklist; each audited in the same write, refused with a clear code. */
export class OrderActionsService {
  constructor(
    private readonly store: PaymentOrderStore,
    private readonly platform: CardPlatform,
    private readonly orders: PaymentOrderService,
    private readonly clock: () => Date = () => new Date(),
    /** A payee recorded on an order also completes its monthly register entry (ADR 0010). */
    private readonly onPayeeRecorded?: (order: PaymentOrderDoc, by: string) => Promise<void>,
  ) {}

  /**
   * Re-send a failed order after staff fixed the cause. The platform is asked first: if it holds
   * the payment, that is recorded and nothing is pushed. A key the platform declined keeps
   * answering "declined", so a declined order moves to a fresh key `_id#n`; the old key carries no
   * money, so at most one key of an order can ever be paid.
   */
  async resend(
    id: string,
    input: { reason: string },
    by: string,
  ): Promise<{ outcome: 'requeued' | 'found_on_platform'; order: PaymentOrderDoc }> {
    const order = await this.require(id);
    if (order.status !== 'failed') throw stateConflict(order.status, '重新推送');
    let answer: QueryAnswer;
    try {
      answer = await this.platform.query(platformKeyOf(order));
    } catch (e) {
      if (!isAppError(e)) throw e;
      throw unavailable(
        'PLATFORM_QUERY_FAILED',
        '无法向一键达平台查询该笔支付，为防重复支付暂不能重新推送',
      );
    }
    if (answer.status !== 'not_found' && answer.status !== 'declined') {
      await this.orders.applyAnswer(id, 'failed', answer, by);
      return { outcome: 'found_on_platform', order: await this.require(id) };
    }
    const now = this.clock();
    const resendCount = (order.resendCount ?? 0) + 1;
    const rotate = answer.status === 'declined';
    const newKey = resentPlatformKey(order._id, resendCount);
    const moved = await this.store.change(id, {
      from: 'failed',
      to: 'pending',
      expect: { updatedAt: order.updatedAt },
      set: {
        resendCount,
        nextAttemptAt: now,
        ...(rotate ? { platformKey: newKey } : {}),
      },
      unset: ['failure', 'lastError'],
      audit: {
        at: now,
        actor: by,
        from: 'failed',
        to: 'pending',
        action: 'resend',
        reason: `${input.reason}${rotate ? `；平台已拒绝原键，改用 ${newKey}` : ''}`,
      },
    });
    if (!moved) throw changedMeanwhile();
    return { outcome: 'requeued', order: await this.require(id) };
  }

  /** 退回: funds came back; amount (≤ order amount) and reason recorded once. */
  async markReturned(
    id: string,
    input: { amountFen: number; reason: string },
    by: string,
  ): Promise<PaymentOrderDoc> {
    const order = await this.require(id);
    if (!returnable.includes(order.status)) throw stateConflict(order.status, '登记资金退回');
    if (order.returnedFunds) {
      throw conflict('RETURN_ALREADY_RECORDED', '该支付指令已登记过资金退回');
    }
    if (input.amountFen > order.amountFen) {
      throw invalidInput([
        {
          path: 'amountFen',
          code: 'RETURN_EXCEEDS_ORDER',
          message: `退回金额不能超过支付金额 ${formatYuan(fen(order.amountFen))}`,
        },
      ]);
    }
    const now = this.clock();
    const moved = await this.store.change(id, {
      from: order.status,
      to: 'returned',
      absent: ['returnedFunds'],
      set: { returnedFunds: { amountFen: input.amountFen, reason: input.reason, by, at: now } },
      audit: {
        at: now,
        actor: by,
        from: order.status,
        to: 'returned',
        action: 'funds_returned',
        reason: `资金退回 ${formatYuan(fen(input.amountFen))}：${input.reason}`,
      },
    });
    if (!moved) throw changedMeanwhile();
    return this.require(id);
  }

  /** Escalate to the county bureau (visible at GET /orders/escalations); once per order. */
  async escalate(id: string, reason: string, by: string): Promise<PaymentOrderDoc> {
    const order = await this.require(id);
    if (settledStatuses.includes(order.status)) throw stateConflict(order.status, '上报区县');
    if (order.escalation) throw conflict('ALREADY_ESCALATED', '该支付指令已上报区县');
    const now = this.clock();
    const moved = await this.store.change(id, {
      from: order.status,
      absent: ['escalation'],
      set: { escalation: { level: 'county', reason, by, at: now } },
      audit: {
        at: now,
        actor: by,
        from: order.status,
        to: order.status,
        action: 'escalated',
        reason: `上报区县民政局：${reason}`,
      },
    });
    if (!moved) throw changedMeanwhile();
    return this.require(id);
  }

  /**
   * Records the payee of an order approved without one (ADR 0010, R-PAY-1): the card number (and
   * the name, when the approval had none) is set once, audited, and the order becomes `pending`.
   */
  async recordPayee(
    id: string,
    input: { citizenCardNo: string; name?: string; reason: string },
    by: string,
  ): Promise<PaymentOrderDoc> {
    const order = await this.require(id);
    if (order.status !== 'awaiting_payee') throw stateConflict(order.status, '补录收款信息');
    const name = input.name?.trim() || order.recipient.name;
    if (!name) {
      throw invalidInput([
        {
          path: 'name',
          code: 'PAYEE_NAME_REQUIRED',
          message: '该支付指令缺少收款人姓名，请一并填写',
        },
      ]);
    }
    const now = this.clock();
    const moved = await this.store.change(id, {
      from: 'awaiting_payee',
      to: 'pending',
      expect: { updatedAt: order.updatedAt },
      set: { 'recipient.citizenCardNo': input.citizenCardNo, 'recipient.name': name },
      audit: {
        at: now,
        actor: by,
        from: 'awaiting_payee',
        to: 'pending',
        action: 'payee_recorded',
        reason: `补录收款市民卡号 ${maskCardNo(input.citizenCardNo)}：${input.reason}`,
      },
    });
    if (!moved) throw changedMeanwhile();
    const recorded = await this.require(id);
    await this.onPayeeRecorded?.(recorded, by);
    return recorded;
  }

  /** Escalated orders in the reader's scope (R-OV-2); `undefined` scope reads nothing. */
  async escalations(
    scope: Partial<ScopeKeys> | undefined,
    limit = 200,
  ): Promise<PaymentOrderDoc[]> {
    return scope ? this.store.escalated(limit, scope) : [];
  }

  private async require(id: string): Promise<PaymentOrderDoc> {
    const order = await this.store.findById(id);
    if (!order) throw notFound('PAYMENT_ORDER_NOT_FOUND', '未找到该支付指令');
    return order;
  }
}
