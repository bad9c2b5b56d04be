import { formatYuan, fen } from '@jh/domain-money';
import type { PaymentOrderDoc } from './order.model';

const statusText: Record<PaymentOrderDoc['status'], string> = {
  pending: '待推送',
  sending: '推送中',
  sent: '已推送待确认',
  confirmed: '已到账',
  failed: '推送失败',
  returned: '资金退回',
};

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
    failure: o.failure ?? null,
    lastError: o.lastError ?? null,
    audit: o.audit.map((a) => ({ ...a, at: a.at.toISOString() })),
  };
}
