import { assistanceItemCode, PaymentSchedule, type AssistanceApproved } from '@jh/contracts';
import { fen, isPositiveFen, MoneyError } from '@jh/domain-money';
import { instalmentKey, isInstalmentKey } from '@jh/domain-policy';
import { notFound } from '@jh/platform-errors';
import { PermanentError } from '@jh/platform-kafka';
import type { Logger } from '@jh/platform-logger';
import type { CardPlatform, QueryAnswer } from '../card-platform/adapter';
import type { DueCursor } from './due-slot';
import {
  type AuditEntry,
  type OrderFailure,
  type OrderStatus,
  type PaymentOrderDoc,
  type ScheduleCode,
} from './order.model';
import type { OrderFilter, PaymentOrderStore } from './order.store';
import type { ScopeKeys } from '@jh/access-guard';
import { hasPayee, missingPayeeText } from './payee';
import { orderScopeOf } from '../payment.access';
import { sendableFrom } from './send-window';
import {
  declineMessages,
  PaymentSender,
  type SenderPolicy,
  type SenderStages,
  type SendReport,
} from './order.sender';

export { declineMessages, type SenderPolicy, type SendReport };

const scheduleCodes: Partial<Record<PaymentSchedule, ScheduleCode>> = {
  [PaymentSchedule.PAYMENT_SCHEDULE_MONTHLY]: 'monthly',
  [PaymentSchedule.PAYMENT_SCHEDULE_TEMPORARY]: 'temporary',
  [PaymentSchedule.PAYMENT_SCHEDULE_FIRST_AID]: 'first_aid',
};

const system = 'system:payment-sender';

export class PaymentOrderService {
  private readonly sender: PaymentSender;

  constructor(
    private readonly store: PaymentOrderStore,
    platform: CardPlatform,
    /** Where the sender's walk over due slots stands (ADR 0016). */
    cursor: DueCursor,
    private readonly policy: SenderPolicy,
    private readonly logger: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.sender = new PaymentSender(
      store,
      cursor,
      platform,
      policy,
      (id, from, answer) => this.applyAnswer(id, from, answer),
      logger,
      clock,
    );
  }

  /**
   * One order per instalment, `_id` = its idempotency key: a replayed or re-sent approval hits
   * the unique id and creates nothing (R-PAY-5). Undecodable payloads and invalid money are
   * permanent (DLQ); a missing or invalid payee is not: the orders await it (ADR 0010, R-PAY-1).
   */
  async ingestApproval(
    event: AssistanceApproved,
    eventId: string,
    /** The application's trace (ADR 0024). */
    traceparent = '',
  ): Promise<number> {
    const schedule = scheduleCodes[event.schedule];
    if (!event.approvalId) throw new PermanentError('approval without approvalId');
    if (!schedule) throw new PermanentError(`approval ${event.approvalId}: unknown schedule`);
    const r = event.recipient;
    const recipient = {
      name: r?.name ?? '',
      idNumber: r?.idNumber ?? '',
      citizenCardNo: r?.citizenCardNo ?? '',
      regionCode: r?.regionCode ?? '',
    };
    const payeeKnown = hasPayee(recipient);
    if (event.instalments.length === 0) {
      throw new PermanentError(`approval ${event.approvalId}: no instalments`);
    }
    const now = this.clock();
    const status: OrderStatus = payeeKnown ? 'pending' : 'awaiting_payee';
    const docs = event.instalments.map((i): PaymentOrderDoc => {
      let positive = false;
      try {
        positive = isPositiveFen(fen(i.amountFen));
      } catch (e) {
        if (!(e instanceof MoneyError)) throw e;
      }
      if (!positive) {
        throw new PermanentError(
          `approval ${event.approvalId} instalment ${i.number}: amount ${i.amountFen} is not positive integer fen`,
        );
      }
      // One instalment, one order: the key must be the one civil affairs derives (R-PAY-5).
      const expectedKey = instalmentKey(event.approvalId, i.number);
      if (!isInstalmentKey(i.idempotencyKey, event.approvalId, i.number)) {
        throw new PermanentError(`instalment key ${i.idempotencyKey} is not ${expectedKey}`);
      }
      if (!i.dueAt || Number.isNaN(i.dueAt.getTime())) {
        throw new PermanentError(`instalment ${expectedKey} has no due date`);
      }
      const origin = `审批 ${event.approvalId} 第 ${i.number} 期（事件 ${eventId}）`;
      return {
        _id: expectedKey,
        approvalId: event.approvalId,
        instalmentNumber: i.number,
        caseId: event.caseId,
        applicationId: event.applicationId,
        item: assistanceItemCode(event.item),
        schedule,
        recipient,
        streetCode: event.streetCode,
        scope: orderScopeOf({ streetCode: event.streetCode, recipient }),
        amountFen: i.amountFen,
        dueAt: i.dueAt,
        status,
        nextAttemptAt: sendableFrom(schedule, i.dueAt, now, this.policy.sendLeadMs),
        attempts: 0,
        sourceEventIds: [eventId],
        ...(traceparent ? { traceparent } : {}),
        audit: [
          {
            at: now,
            actor: 'system:payment-intake',
            from: null,
            to: status,
            action: 'created',
            reason: payeeKnown ? origin : `${origin}；${missingPayeeText}`,
          },
        ],
        createdAt: now,
        updatedAt: now,
      };
    });
    let created = 0;
    for (const doc of docs) {
      if ((await this.store.insert(doc)) !== 'inserted') continue;
      created += 1;
      if (!payeeKnown) await this.alarmPayee(doc, now);
    }
    return created;
  }

  /**
   * Raises the missing-payee alarm (ADR 0010) for orders whose alarm was not raised yet, e.g.
   * after a crash between creating an order and alarming it, or orders from the monthly batch.
   */
  async alarmAwaitingPayee(limit = 500): Promise<PaymentOrderDoc[]> {
    const now = this.clock();
    const alarmed: PaymentOrderDoc[] = [];
    for (const order of await this.store.awaitingPayee(limit, true)) {
      if (await this.alarmPayee(order, now)) alarmed.push({ ...order, payeeAlarmedAt: now });
    }
    return alarmed;
  }

  /** Once per order: an error log for on-call alerting and `payeeAlarmedAt` on the order. */
  private async alarmPayee(order: PaymentOrderDoc, now: Date): Promise<boolean> {
    if (!(await this.store.markPayeeAlarmed(order._id, now))) return false;
    this.logger.error(
      {
        orderId: order._id,
        approvalId: order.approvalId,
        schedule: order.schedule,
        streetCode: order.streetCode,
        amountFen: order.amountFen,
        dueAt: order.dueAt.toISOString(),
      },
      '已审批救助缺少有效收款市民卡号，待补收款信息 / approved payment awaits a payee',
    );
    return true;
  }

  async get(id: string): Promise<PaymentOrderDoc> {
    const doc = await this.store.findById(id);
    if (!doc) throw notFound('PAYMENT_ORDER_NOT_FOUND', '未找到该支付指令');
    return doc;
  }

  list(filter: OrderFilter, limit = 200): Promise<PaymentOrderDoc[]> {
    return this.store.list(filter, limit);
  }

  page(filter: OrderFilter, page: number, pageSize: number) {
    return this.store.page(filter, (page - 1) * pageSize, pageSize);
  }

  /** Past due in the reader's scope (R-OV-2); `undefined` scope reads nothing. */
  async overdue(scope: Partial<ScopeKeys> | undefined, limit = 200): Promise<PaymentOrderDoc[]> {
    return scope ? this.store.overdue(this.clock(), limit, false, scope) : [];
  }

  /**
   * Raises the past-due alarm (R-PAY-2, R-AP-9) once per order: an error log for the on-call
   * alerting and a timestamp on the order the overdue list shows. Returns the newly alarmed.
   */
  async alarmOverdue(limit = 500): Promise<PaymentOrderDoc[]> {
    const now = this.clock();
    const alarmed: PaymentOrderDoc[] = [];
    // Only orders not yet alarmed, so a backlog of old ones cannot hide new ones past the limit.
    for (const order of await this.store.overdue(now, limit, true)) {
      if (!(await this.store.markOverdueAlarmed(order._id, now))) continue;
      this.logger.error(
        {
          orderId: order._id,
          schedule: order.schedule,
          streetCode: order.streetCode,
          status: order.status,
          dueAt: order.dueAt.toISOString(),
        },
        '支付指令逾期未到账 / payment order past due',
      );
      alarmed.push({ ...order, overdueAlarmedAt: now });
    }
    return alarmed;
  }

  /** One pass over up to `limit` due orders, pushed in batches (ADR 0016). */
  sendDue(limit?: number): Promise<SendReport> {
    return this.sender.sendDue(limit);
  }

  /** Time the sender spent per stage (benchmarks). */
  senderStages(): SenderStages {
    return { ...this.sender.stages };
  }

  /** Applies what the platform says about an order; a repeated answer changes nothing. */
  async applyAnswer(
    id: string,
    from: OrderStatus,
    answer: QueryAnswer,
    actor = system,
  ): Promise<keyof SendReport | undefined> {
    const next = (to: OrderStatus, action: string, reason: string, failure?: OrderFailure) =>
      this.store.transition(id, {
        from,
        to,
        audit: { ...this.audit(from, to, action, reason), actor },
        platformRef: answer.platformRef || undefined,
        failure,
      });
    switch (answer.status) {
      case 'paid':
        return (await next('confirmed', 'confirmed', '平台确认已入账')) ? 'confirmed' : undefined;
      case 'returned':
        return (await next('returned', 'returned', '平台退回资金')) ? 'returned' : undefined;
      case 'declined': {
        const code = answer.decline ?? 'DECLINED';
        const failure = { code, message: declineMessages[code] };
        return (await next('failed', 'declined', failure.message, failure)) ? 'failed' : undefined;
      }
      case 'pending': {
        if (from === 'sent') {
          await this.store.retryLater(
            id,
            'sent',
            { code: 'PENDING', message: '平台处理中' },
            new Date(this.clock().getTime() + this.policy.pollMs),
          );
          return undefined;
        }
        const moved = await this.store.transition(id, {
          from,
          to: 'sent',
          audit: {
            ...this.audit(from, 'sent', 'found_on_platform', '查询得知平台已受理，处理中'),
            actor,
          },
          platformRef: answer.platformRef || undefined,
          nextAttemptAt: new Date(this.clock().getTime() + this.policy.pollMs),
        });
        return moved ? 'sent' : undefined;
      }
      default:
        return undefined;
    }
  }

  private audit(from: OrderStatus, to: OrderStatus, action: string, reason: string): AuditEntry {
    return { at: this.clock(), actor: system, from, to, action, reason };
  }
}
