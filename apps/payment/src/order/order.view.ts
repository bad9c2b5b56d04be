import { maskCardNo, maskIdNumber } from '@jh/domain-application';
import { deadlineNotice } from '@jh/domain-calendar';
import { type ClockKind, workingDayDeadlines } from '@jh/domain-sla';
import { formatYuan, fen } from '@jh/domain-money';
import { hasRole, type Actor } from '@jh/platform-auth';
import { iso } from '@jh/platform-http';
import type { PaymentOrderDoc } from './order.model';

export const statusText: Record<PaymentOrderDoc['status'], string> = {
  awaiting_payee: '待补收款信息',
  pending: '待推送',
  sending: '推送中',
  sent: '已推送待确认',
  confirmed: '已到账',
  failed: '推送失败',
  returned: '资金退回',
  preallocated: '已预拨街道待支付',
  paid_by_street: '街道已代付',
};

/** The clock each schedule's due date comes from (R-PAY-2, R-AP-9). */
const dueClockOf: Record<PaymentOrderDoc['schedule'], ClockKind> = {
  monthly: 'monthly_payment',
  temporary: 'temporary_aid_payment',
  first_aid: 'first_aid_in_place',
};

/** Order as `viewer` sees it: ID number masked; card number in full for payment staff only. */
export function orderView(o: PaymentOrderDoc, viewer: Actor) {
  const fullCard = hasRole(viewer, 'payment_staff');
  return {
    id: o._id,
    approvalId: o.approvalId,
    instalmentNumber: o.instalmentNumber,
    item: o.item,
    schedule: o.schedule,
    recipient: {
      name: o.recipient.name,
      idNumber: maskIdNumber(o.recipient.idNumber),
      // Payment staff match cards with the platform; everyone else sees the last four digits.
      citizenCardNo: fullCard ? o.recipient.citizenCardNo : maskCardNo(o.recipient.citizenCardNo),
      regionCode: o.recipient.regionCode,
    },
    streetCode: o.streetCode,
    amountFen: o.amountFen,
    amountText: formatYuan(fen(o.amountFen)),
    dueAt: o.dueAt.toISOString(),
    // §10: only a working-day due date (临时救助, R-PAY-2) can rest on an assumed Monday–Friday.
    deadlineNotice: deadlineNotice(workingDayDeadlines([[dueClockOf[o.schedule], o.dueAt]])),
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
    overdueAlarmedAt: iso(o.overdueAlarmedAt),
    payeeAlarmedAt: iso(o.payeeAlarmedAt),
    failure: o.failure ?? null,
    lastError: o.lastError ?? null,
    audit: o.audit.map((a) => ({ ...a, at: a.at.toISOString() })),
  };
}
