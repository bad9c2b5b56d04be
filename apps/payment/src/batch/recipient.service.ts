import { assistanceItemCode, PaymentSchedule, type AssistanceApproved } from '@jh/contracts';
import { isValidCitizenCardNo, maskCardNo } from '@jh/domain-application';
import { conflict, invalidInput, notFound } from '@jh/platform-errors';
import { PermanentError } from '@jh/platform-kafka';
import type { MonthNumber } from './month';
import { formatMonth, monthOf, nextMonth, OPEN_ENDED, parseMonth } from './month';
import type { RecipientDoc } from './recipient.model';
import type { RecipientStore } from './recipient.store';

export type RegisterResult = 'registered' | 'existing' | 'not_monthly';

/** The register of monthly 低保/特困 recipients the monthly batch pays (R-PAY-2). */
export class RecipientService {
  constructor(
    private readonly store: RecipientStore,
    private readonly clock: () => Date = () => new Date(),
    /** Orders of months whose batch started before this registration (MonthlyBatchService.catchUp). */
    private readonly catchUp: (r: RecipientDoc) => Promise<unknown> = async () => undefined,
  ) {}

  /**
   * A MONTHLY approval registers its recipient once (`_id` = approval id). The approval's own
   * instalments are paid as orders `approvalId:1..n`; the batch pays from the month after the last
   * of them, so no month is paid under both keys.
   */
  async registerFromApproval(event: AssistanceApproved, eventId: string): Promise<RegisterResult> {
    if (event.schedule !== PaymentSchedule.PAYMENT_SCHEDULE_MONTHLY) return 'not_monthly';
    const r = event.recipient;
    const card = r?.citizenCardNo;
    const last = [...event.instalments].sort((a, b) => a.number - b.number).at(-1);
    // A missing payee does not stop the registration (ADR 0010): its monthly orders await one.
    if (!event.approvalId || !last?.dueAt) {
      throw new PermanentError(`approval ${event.approvalId}: cannot register monthly recipient`);
    }
    if (!Number.isSafeInteger(last.amountFen) || last.amountFen <= 0) {
      throw new PermanentError(`approval ${event.approvalId}: monthly amount is not positive fen`);
    }
    const now = this.clock();
    const startMonth = nextMonth(monthOf(last.dueAt));
    const doc: RecipientDoc = {
      _id: event.approvalId,
      approvalId: event.approvalId,
      caseId: event.caseId,
      applicationId: event.applicationId,
      item: assistanceItemCode(event.item),
      recipient: {
        name: r?.name ?? '',
        idNumber: r?.idNumber ?? '',
        citizenCardNo: isValidCitizenCardNo(card) ? card : '',
        regionCode: r?.regionCode ?? '',
      },
      streetCode: event.streetCode,
      monthlyAmountFen: last.amountFen,
      startMonth,
      stopMonth: OPEN_ENDED,
      sourceEventIds: [eventId],
      audit: [
        {
          at: now,
          actor: 'system:payment-intake',
          action: 'registered',
          reason: `审批 ${event.approvalId}（事件 ${eventId}）：自 ${formatMonth(startMonth)} 起按月发放`,
        },
      ],
      createdAt: now,
      updatedAt: now,
    };
    const inserted = (await this.store.insert(doc)) === 'inserted';
    // Also on a redelivery: a crash may have come between the insert and these orders.
    await this.catchUp(inserted ? doc : ((await this.store.findById(doc._id)) ?? doc));
    return inserted ? 'registered' : 'existing';
  }

  /** A payee staff recorded on one of the approval's orders also pays the later months. */
  async recordPayee(
    approvalId: string,
    payee: { citizenCardNo: string; name: string },
    actor: string,
  ): Promise<boolean> {
    return this.store.recordPayee(approvalId, payee, {
      at: this.clock(),
      actor,
      action: 'payee_recorded',
      reason: `补录收款市民卡号 ${maskCardNo(payee.citizenCardNo)}（支付指令补录时同步）`,
    });
  }

  async get(approvalId: string): Promise<RecipientDoc> {
    const doc = await this.store.findById(approvalId);
    if (!doc) throw notFound('RECIPIENT_NOT_FOUND', '未找到该按月发放对象');
    return doc;
  }

  /**
   * Stops monthly payments from `stopMonthText` on (that month is no longer paid). Past months
   * cannot be stopped: their orders may already be paid.
   */
  async end(
    approvalId: string,
    stopMonthText: string,
    reason: string,
    actor: string,
  ): Promise<RecipientDoc> {
    const stopMonth = parseMonth(stopMonthText);
    if (stopMonth === undefined) {
      throw invalidInput([
        { path: 'stopMonth', code: 'MONTH_INVALID', message: '月份格式应为 YYYY-MM' },
      ]);
    }
    const current: MonthNumber = monthOf(this.clock());
    if (stopMonth < current) {
      throw invalidInput([
        {
          path: 'stopMonth',
          code: 'STOP_MONTH_PAST',
          message: `停发月份不能早于本月（${formatMonth(current)}）`,
        },
      ]);
    }
    const doc = await this.get(approvalId);
    if (doc.stopMonth !== OPEN_ENDED) {
      throw conflict('RECIPIENT_ALREADY_ENDED', `该对象已于 ${formatMonth(doc.stopMonth)} 起停发`);
    }
    const ended = await this.store.end(approvalId, stopMonth, {
      at: this.clock(),
      actor,
      action: 'ended',
      reason: `自 ${formatMonth(stopMonth)} 起停发：${reason}`,
    });
    if (!ended) {
      throw conflict('RECIPIENT_ALREADY_ENDED', '该对象已被他人停发');
    }
    return this.get(approvalId);
  }
}
