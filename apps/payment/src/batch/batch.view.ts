import { maskIdNumber } from '@jh/domain-application';
import { formatYuan, fen } from '@jh/domain-money';
import { iso } from '@jh/platform-http';
import type { BatchRunDoc } from './batch.model';
import { formatMonth, OPEN_ENDED } from './month';
import type { RecipientDoc } from './recipient.model';

const statusText: Record<BatchRunDoc['status'], string> = {
  running: '生成中',
  completed: '已完成',
  failed: '已中断，可重新运行续做',
};

/** The run as the console polls it. */
export function batchRunView(run: BatchRunDoc) {
  const { total, processed } = run.counts;
  return {
    id: run._id,
    month: formatMonth(run.month),
    status: run.status,
    statusText: statusText[run.status],
    attempt: run.attempt,
    counts: run.counts,
    totalKnown: run.totalKnown,
    /** Null while the month's recipients are still being counted. */
    percent: !run.totalKnown
      ? null
      : total > 0
        ? Math.min(100, Math.floor((processed / total) * 100))
        : 100,
    startedBy: run.startedBy,
    startedAt: iso(run.startedAt),
    finishedAt: iso(run.finishedAt),
    heartbeatAt: iso(run.heartbeatAt),
    failures: run.failures,
    lastError: run.lastError ?? null,
    audit: run.audit.map((a) => ({ ...a, at: iso(a.at) })),
  };
}

/** Recipient as staff see it; the ID number is masked. */
export function recipientView(r: RecipientDoc) {
  return {
    id: r._id,
    approvalId: r.approvalId,
    item: r.item,
    recipient: {
      name: r.recipient.name,
      idNumber: maskIdNumber(r.recipient.idNumber),
      citizenCardNo: r.recipient.citizenCardNo,
      regionCode: r.recipient.regionCode,
    },
    streetCode: r.streetCode,
    monthlyAmountFen: r.monthlyAmountFen,
    monthlyAmountText: formatYuan(fen(r.monthlyAmountFen)),
    startMonth: formatMonth(r.startMonth),
    stopMonth: r.stopMonth === OPEN_ENDED ? null : formatMonth(r.stopMonth),
    active: r.stopMonth === OPEN_ENDED,
    audit: r.audit.map((a) => ({ ...a, at: iso(a.at) })),
  };
}
