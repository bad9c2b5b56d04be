import { maskIdNumber } from '@jh/domain-application';
import { EDUCATION_CATEGORY_ZH } from '@jh/domain-policy';
import { iso } from '@jh/platform-http';
import type { CertificationDoc } from './certification.model';

/** Staff view; the ID number is masked (R-OV-2), the outbox never leaves the service. */
export function certificationView(doc: CertificationDoc) {
  return {
    id: doc._id,
    certificateNo: doc.certificateNo,
    category: doc.category,
    categoryZh: EDUCATION_CATEGORY_ZH[doc.category],
    student: { ...doc.student, idNumber: maskIdNumber(doc.student.idNumber) },
    household: doc.household,
    status: doc.status,
    certifiedAt: iso(doc.certifiedAt),
    certifiedBy: doc.certifiedBy,
    endedAt: iso(doc.endedAt),
    endedBy: doc.endedBy,
    endReason: doc.endReason,
    audit: doc.audit.map((a) => ({ ...a, at: iso(a.at) })),
  };
}
