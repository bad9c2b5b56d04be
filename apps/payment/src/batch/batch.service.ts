import { monthlyInstalmentKey } from '@jh/domain-policy';
import { conflict, invalidInput, notFound } from '@jh/platform-errors';
import type { Logger } from '@jh/platform-logger';
import type { PaymentOrderDoc } from '../order/order.model';
import { sendableFrom } from '../order/send-window';
import { dueSlotOf } from '../order/due-slot';
import { hasPayee, missingPayeeText } from '../order/payee';
import { orderScopeOf } from '../payment.access';
import type { BatchCounts, BatchFailure, BatchRunDoc } from './batch.model';
import { batchRunId } from './batch.model';
import type { BatchRunStore, OrderChunkWriter } from './batch.store';
import type { MonthNumber } from './month';
import { formatMonth, monthlyDueAt, monthOf, nextMonth, parseMonth } from './month';
import type { RecipientDoc } from './recipient.model';
import type { RecipientStore } from './recipient.store';

export interface BatchPolicy {
  /** Orders per unordered bulk insert, and recipients per cursor batch. */
  chunkSize: number;
  /** Orders become sendable this long before they are due (SEND_LEAD_HOURS). */
  sendLeadMs: number;
  /** A `running` attempt without a heartbeat for this long is taken over by a re-run. */
  staleMs: number;
}

export const defaultBatchPolicy: BatchPolicy = {
  chunkSize: 1000,
  sendLeadMs: 72 * 3600_000,
  staleMs: 120_000,
};

export type BatchProgress = (run: Pick<BatchRunDoc, '_id' | 'month' | 'counts'>) => void;

/** Only the first failures of an attempt are kept on the run document. */
const maxRecordedFailures = 100;

export class BatchInterrupted extends Error {}

/**
 * Generates a month's 低保/特困 instalments for every active recipient (R-PAY-2): recipients are
 * streamed, orders written in unordered bulk chunks with `_id` = `approvalId:yyyymm`, so a re-run or
 * a resume after a crash only meets existing orders and creates nothing twice (R-PAY-5).
 */
export class MonthlyBatchService {
  private readonly inflight = new Set<Promise<unknown>>();
  private stopping = false;

  constructor(
    private readonly recipients: RecipientStore,
    private readonly runs: BatchRunStore,
    private readonly writer: OrderChunkWriter,
    private readonly policy: BatchPolicy,
    private readonly logger: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Claims the month's run and continues in the background (the console polls `get`). */
  async start(monthText: string, actor: string): Promise<BatchRunDoc> {
    const run = await this.claim(this.validMonth(monthText), actor);
    const running = this.execute(run)
      .catch((err: unknown) => this.logger.error({ err, run: run._id }, 'monthly batch failed'))
      .finally(() => this.inflight.delete(running));
    this.inflight.add(running);
    return run;
  }

  /** Runs to the end in the caller (CLI, benchmark); the returned run says how it ended. */
  async run(monthText: string, actor: string, onProgress?: BatchProgress): Promise<BatchRunDoc> {
    const run = await this.claim(this.validMonth(monthText), actor);
    return this.execute(run, onProgress);
  }

  async get(monthText: string): Promise<BatchRunDoc> {
    const month = this.validMonth(monthText, false);
    const run = await this.runs.findById(batchRunId(month));
    if (!run) throw notFound('BATCH_NOT_FOUND', `${formatMonth(month)} 尚未生成发放批次`);
    return run;
  }

  /**
   * A recipient registered while a month's batch was running may be behind its cursor, and no one
   * runs that batch again: each month from the recipient's first whose run exists gets its order
   * here (same `_id` as the batch's, so meeting the batch's own write creates nothing twice).
   */
  async catchUp(r: RecipientDoc): Promise<number> {
    const latest = nextMonth(monthOf(this.clock()));
    let created = 0;
    for (
      let month = r.startMonth;
      month <= latest && month < r.stopMonth;
      month = nextMonth(month)
    ) {
      const run = await this.runs.findById(batchRunId(month));
      if (!run) continue;
      const order = this.orderOf(r, month, {
        actor: 'system:payment-intake',
        reason: `登记晚于 ${formatMonth(month)} 按月发放批次 ${run._id} 启动，补建当月指令`,
      });
      // An invalid amount is the batch's failure to record, not the consumer's.
      if ('code' in order) continue;
      created += (await this.writer.insertChunk([order])).created;
    }
    return created;
  }

  /** Interrupts background runs at the next record; a later re-run resumes them. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.inflight]);
  }

  private validMonth(text: string, limitAhead = true): MonthNumber {
    const month = parseMonth(text);
    if (month === undefined) {
      throw invalidInput([
        { path: 'month', code: 'MONTH_INVALID', message: '月份格式应为 YYYY-MM' },
      ]);
    }
    const latest = nextMonth(monthOf(this.clock()));
    if (limitAhead && month > latest) {
      throw invalidInput([
        {
          path: 'month',
          code: 'MONTH_TOO_FAR_AHEAD',
          message: `最多只能生成下月（${formatMonth(latest)}）的发放批次`,
        },
      ]);
    }
    return month;
  }

  private async claim(month: MonthNumber, actor: string): Promise<BatchRunDoc> {
    const now = this.clock();
    const run = await this.runs.claim(
      month,
      {
        at: now,
        actor,
        action: 'started',
        reason: `生成 ${formatMonth(month)} 低保/特困按月发放指令`,
      },
      new Date(now.getTime() - this.policy.staleMs),
    );
    if (!run) {
      throw conflict('BATCH_RUNNING', `${formatMonth(month)} 的发放批次正在运行，请稍后查看进度`);
    }
    return run;
  }

  private async execute(run: BatchRunDoc, onProgress?: BatchProgress): Promise<BatchRunDoc> {
    const counts: BatchCounts = { ...run.counts };
    // Counted beside the stream (a second scan in parallel, not before it): progress gets a total.
    const counting = this.recipients.countActive(run.month).then(async (total) => {
      counts.total = total;
      await this.runs.setTotal(run._id, run.attempt, total);
    });
    counting.catch(() => undefined);
    let orders: PaymentOrderDoc[] = [];
    let invalid: BatchFailure[] = [];
    let recorded = 0;
    const write = async (chunk: PaymentOrderDoc[], bad: BatchFailure[]) => {
      const written = await this.writer.insertChunk(chunk);
      const failures = [...bad, ...written.failed];
      const delta = {
        processed: chunk.length + bad.length,
        created: written.created,
        existing: written.existing,
        failed: failures.length,
      };
      const keep = failures.slice(0, Math.max(0, maxRecordedFailures - recorded));
      recorded += keep.length;
      if (!(await this.runs.progress(run._id, run.attempt, delta, keep, this.clock()))) {
        throw new BatchInterrupted(`${run._id} attempt ${run.attempt} was taken over`);
      }
      counts.processed += delta.processed;
      counts.created += delta.created;
      counts.existing += delta.existing;
      counts.failed += delta.failed;
      onProgress?.({ _id: run._id, month: run.month, counts: { ...counts } });
    };
    // One chunk is written while the cursor reads the next: reads and writes overlap.
    let inFlight: Promise<void> = Promise.resolve();
    const flush = async () => {
      if (orders.length + invalid.length === 0) return;
      const [chunk, bad] = [orders, invalid];
      orders = [];
      invalid = [];
      await inFlight;
      inFlight = write(chunk, bad);
      inFlight.catch(() => undefined); // awaited by the next flush or at the end
    };
    try {
      for await (const r of this.recipients.streamActive(run.month, this.policy.chunkSize)) {
        if (this.stopping) throw new BatchInterrupted('服务停止，批次中断');
        const order = this.orderOf(r, run.month, {
          actor: run.startedBy,
          reason: `${formatMonth(run.month)} 按月发放批次 ${run._id}（审批 ${r.approvalId}）`,
        });
        if ('code' in order) invalid.push(order);
        else orders.push(order);
        if (orders.length + invalid.length >= this.policy.chunkSize) await flush();
      }
      await flush();
      await inFlight;
      await counting;
    } catch (e) {
      await Promise.allSettled([inFlight, counting]);
      const message = e instanceof Error ? e.message : String(e);
      await this.runs
        .finish(
          run._id,
          run.attempt,
          'failed',
          {
            at: this.clock(),
            actor: run.startedBy,
            action: 'failed',
            reason: `批次中断：${message}`,
          },
          message,
        )
        .catch((err: unknown) => this.logger.error({ err }, 'could not record batch failure'));
      throw e;
    }
    await this.runs.finish(run._id, run.attempt, 'completed', {
      at: this.clock(),
      actor: run.startedBy,
      action: 'completed',
      reason: `处理 ${counts.processed} 人：新建 ${counts.created}，已存在 ${counts.existing}，失败 ${counts.failed}`,
    });
    return (await this.runs.findById(run._id)) ?? run;
  }

  private orderOf(
    r: RecipientDoc,
    month: MonthNumber,
    by: { actor: string; reason: string },
  ): PaymentOrderDoc | BatchFailure {
    if (!Number.isSafeInteger(r.monthlyAmountFen) || r.monthlyAmountFen <= 0) {
      return {
        approvalId: r.approvalId,
        code: 'AMOUNT_INVALID',
        message: '月发放金额应为正整数（分）',
      };
    }
    // No valid payee: the month is still owed, so its order exists and awaits one (ADR 0010).
    const status = hasPayee(r.recipient) ? 'pending' : 'awaiting_payee';
    const now = this.clock();
    const dueAt = monthlyDueAt(month);
    const id = monthlyInstalmentKey(r.approvalId, month);
    const nextAttemptAt = sendableFrom('monthly', dueAt, now, this.policy.sendLeadMs);
    return {
      _id: id,
      approvalId: r.approvalId,
      instalmentNumber: month,
      caseId: r.caseId,
      applicationId: r.applicationId,
      item: r.item,
      schedule: 'monthly',
      recipient: { ...r.recipient },
      streetCode: r.streetCode,
      scope: orderScopeOf(r),
      amountFen: r.monthlyAmountFen,
      dueAt,
      status,
      nextAttemptAt,
      // The sender finds it by this slot (ADR 0016); the writer keeps the sender's cursor before it.
      ...(status === 'pending' ? { dueSlot: dueSlotOf(id, nextAttemptAt, now) } : {}),
      attempts: 0,
      sourceEventIds: [],
      audit: [
        {
          at: now,
          actor: by.actor,
          from: null,
          to: status,
          action: 'created',
          reason: `${by.reason}${status === 'pending' ? '' : `；${missingPayeeText}`}`,
        },
      ],
      createdAt: now,
      updatedAt: now,
    };
  }
}
