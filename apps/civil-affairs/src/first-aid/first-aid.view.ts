import { maskCardNo, maskIdNumber } from '@jh/domain-application';
import { deadlineNotice } from '@jh/domain-calendar';
import { workingDayDeadlines } from '@jh/domain-sla';
import { iso } from '@jh/platform-http';
import type { FirstAidDoc } from './first-aid.model';

/** County-visible view (R-AP-9 备案); identity numbers masked (R-OV-2). */
export function firstAidView(doc: FirstAidDoc, now: Date) {
  return {
    id: doc._id,
    approvalId: doc._id,
    caseId: doc.caseId,
    recipient: {
      ...doc.recipient,
      idNumber: maskIdNumber(doc.recipient.idNumber),
      citizenCardNo: maskCardNo(doc.recipient.citizenCardNo),
    },
    situation: doc.situation,
    streetCode: doc.streetCode,
    amountFen: doc.amountFen,
    approverId: doc.approverId,
    approvedAt: iso(doc.approvedAt),
    instalments: doc.instalments.map((i) => ({ ...i, dueAt: iso(i.dueAt) })),
    inPlaceDueAt: iso(doc.inPlaceDueAt),
    status: doc.status,
    emergencyEndedAt: iso(doc.emergencyEndedAt),
    paperworkDueAt: iso(doc.paperworkDueAt),
    paperworkOverdue:
      doc.status === 'emergency_ended' &&
      doc.paperworkDueAt !== null &&
      new Date(doc.paperworkDueAt) < now,
    paperwork: doc.paperwork
      ? { ...doc.paperwork, completedAt: iso(doc.paperwork.completedAt) }
      : null,
    reportedToCountyAt: iso(doc.reportedToCountyAt),
    // §10: 24 hours and one week (R-AP-9) as configured; flagged only if counted in working days.
    deadlineNotice: deadlineNotice(
      workingDayDeadlines([
        ['first_aid_in_place', doc.inPlaceDueAt],
        ['first_aid_paperwork', doc.paperworkDueAt],
      ]),
    ),
    countyAcknowledged: doc.countyAcknowledged
      ? { ...doc.countyAcknowledged, at: iso(doc.countyAcknowledged.at) }
      : null,
    audit: doc.audit.map((a) => ({ ...a, at: iso(a.at) })),
    updatedAt: iso(doc.updatedAt),
  };
}
