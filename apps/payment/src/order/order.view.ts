import { formatYuan, fen } from '@jh/domain-money';
import type { PaymentOrderDoc } from './order.model';

export const statusText: Record<PaymentOrderDoc['status'], string> = {
  pending: '待推送',
  sending: '推送中',
  sent: '已推送待确认',
  confirmed: '已到账',
  failed: '推送失败',
  returned: '资金退回',
  preallocated: '已预拨街道待支付',
  paid_by_street: '街道已代付',
};

const iso = (d: Date | undefined) => (d ? d.toISOString() : null);

/** Order as staff see it; the ID number is masked. */
export function orderView(o: PaymentOrderDoc) {
  return {
    id: o._id,
    approvalId: o.approvalId,
    instalmentNumber: o.instalmentNumber,
    item: o.item,
    schedule: o.schedule,
    recipient: {
      name: o.recipient.name,
      idNumber: `${o.recipient.idNumber.slice(0, 6)}********${o.recipient.idNumber.slice(-4)}`,
      citizenCardNo: o.recipient.citizenCardNo,
      regionCode: o.recipient.regionCode,
    },
    streetCode: o.streetCode,
    amountFen: o.amountFen,
    amountText: formatYuan(fen(o.amountFen)),
    dueAt: o.dueAt.toISOString(),
    status: o.status,
    statusText: statusText[o.status],
    attempts: o.attempts,
    platformRef: o.platformRef ?? null,
    platformKey: o.platformKey ?? o._id,
    preallocation: o.preallocation
      ? {
          ...o.preallocation,
          amountText: formatYuan(fen(o.preallocation.amountFen)),
          at: iso(o.preallocation.at),
        }
      : null,
    streetPayout: o.streetPayout
      ? { ...o.streetPayout, reportedAt: iso(o.streetPayout.reportedAt) }
      : null,
    returnedFunds: o.returnedFunds
      ? {
          ...o.returnedFunds,
          amountText: formatYuan(fen(o.returnedFunds.amountFen)),
          at: iso(o.returnedFunds.at),
        }
      : null,
    escalation: o.escalation ? { ...o.escalation, at: iso(o.escalation.at) } : null,
    failure: o.failure ?? null,
    lastError: o.lastError ?? null,
    audit: o.audit.map((a) => ({ ...a, at: a.at.toISOString() })),
  };
}
