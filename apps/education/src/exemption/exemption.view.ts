import { maskIdNumber } from '@jh/domain-application';
import { EDUCATION_CATEGORY_ZH } from '@jh/domain-policy';
import { iso } from '@jh/platform-http';
import type { ExemptionDoc, ExemptionStatus } from './exemption.model';

/** Status by the end instant: none yet → active; still ahead → ending; passed → ended. */
export function statusOf(doc: ExemptionDoc, now: Date): ExemptionStatus {
  if (!doc.endsAt) return 'active';
  return new Date(doc.endsAt) >= now ? 'ending' : 'ended';
}

/** Back-office view of an automatic grant; the ID number is always masked (R-OV-2). */
export function exemptionView(doc: ExemptionDoc, now: Date) {
  return {
    id: doc._id,
    /** Granted without an application (免申即享), unlike the parts of the worklist. */
    automatic: true,
    category: doc.category,
    categoryZh: EDUCATION_CATEGORY_ZH[doc.category],
    student: { ...doc.student, idNumber: maskIdNumber(doc.student.idNumber) },
    household: doc.household,
    status: statusOf(doc, now),
    startMonth: doc.startMonth,
    startsOn: doc.startsOn,
    lastDay: doc.lastDay,
    lastMonth: doc.lastDay ? doc.lastDay.slice(0, 7) : null,
    stopsFromSemester: doc.stopsFromSemester,
    reason: doc.reason,
    endReason: doc.endReason,
    certificationId: doc.certificationId,
    certificateNo: doc.certificateNo,
    certifiedAt: iso(doc.certifiedAt),
    endedAt: iso(doc.endedAt),
    audit: doc.audit.map((a) => ({ ...a, at: iso(a.at) })),
  };
}
