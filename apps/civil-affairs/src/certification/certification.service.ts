import {
  StudentCategory,
  Topics,
  type StudentCertificationEnded,
  type StudentCertified,
} from '@jh/contracts';
import { EDUCATION_CATEGORY_ZH, type EducationCategory } from '@jh/domain-policy';
import type { Actor } from '@jh/platform-auth';
import { conflict, notFound } from '@jh/platform-errors';
import { outboxEvent } from '@jh/platform-kafka';
import { originOf } from '@jh/platform-telemetry';
import type {
  CertificationAction,
  CertificationAudit,
  CertificationDoc,
  CertificationStatus,
} from './certification.model';
import type { CertificationStore } from './certification.store';

const producer = 'civil-affairs';

export const CATEGORY_ENUM: Readonly<Record<EducationCategory, StudentCategory>> = {
  extreme_poverty_student: StudentCategory.STUDENT_CATEGORY_EXTREME_POVERTY,
  orphan: StudentCategory.STUDENT_CATEGORY_ORPHAN,
  minimum_living_family_student: StudentCategory.STUDENT_CATEGORY_MINIMUM_LIVING_FAMILY,
  low_income_marginal_family_student: StudentCategory.STUDENT_CATEGORY_LOW_INCOME_MARGINAL_FAMILY,
};

export interface CertifyInput {
  certificateNo: string;
  category: EducationCategory;
  student: { name: string; idNumber: string; school: string };
  household: { caseId: string; householdNo: string; regionCode: string };
}

/**
 * Keyed digests the certification keys are built from (the vault's blind index key): an unkeyed
 * hash of an ID number could be reversed by trying every number (issue 14).
 */
export interface CertificationKeys {
  of(kind: 'id-number', value: string): string;
  keyed(label: string, text: string): string;
}

/** Pseudonymous Kafka key: the blind index, so one student's events stay in order. */
export const studentKeyOf = (keys: CertificationKeys, idNumber: string) =>
  keys.of('id-number', idNumber);

/** Deterministic id: the same certificate of the same student in the same category. */
export const certificationIdOf = (
  keys: CertificationKeys,
  input: Pick<CertifyInput, 'category' | 'certificateNo'> & { idNumber: string },
) =>
  `cert-${keys.keyed('certification-id', `${input.category}|${input.idNumber}|${input.certificateNo}`).slice(0, 32)}`;

/** Fingerprint of the certifying request (it holds the ID number: keyed). */
export function requestHashOf(keys: CertificationKeys, input: CertifyInput): string {
  return keys.keyed(
    'certification-request',
    JSON.stringify([
      input.certificateNo,
      input.category,
      input.student.name,
      input.student.idNumber,
      input.student.school,
      input.household.caseId,
      input.household.householdNo,
      input.household.regionCode,
    ]),
  );
}

/** Civil affairs certifies students into / out of the 免申即享 categories (DOMAIN §7). */
export class CertificationService {
  constructor(
    private readonly store: CertificationStore,
    private readonly clock: () => Date,
    private readonly keys: CertificationKeys,
  ) {}

  async get(id: string): Promise<CertificationDoc> {
    const doc = await this.store.findById(id);
    if (!doc) throw notFound('CERTIFICATION_NOT_FOUND', '未找到该认定记录');
    return doc;
  }

  /**
   * Records the certification and its StudentCertified event in one write. A retry with the same
   * data returns the stored certification; a retry with other data is refused.
   */
  async certify(
    input: CertifyInput,
    actor: Actor,
  ): Promise<{ doc: CertificationDoc; created: boolean }> {
    const id = certificationIdOf(this.keys, { ...input, idNumber: input.student.idNumber });
    const requestHash = requestHashOf(this.keys, input);
    const existing = await this.store.findById(id);
    if (existing) return { doc: sameRequest(existing, requestHash), created: false };
    const studentKey = studentKeyOf(this.keys, input.student.idNumber);
    const active = await this.store.findActive(studentKey, input.category);
    // Certified before keyed ids (its `_id` stays: education knows it): the same certificate.
    if (active?.certificateNo === input.certificateNo) {
      return { doc: sameRequest(active, requestHash), created: false };
    }
    if (active) {
      throw conflict(
        'ALREADY_CERTIFIED',
        `该学生已认定为${EDUCATION_CATEGORY_ZH[input.category]}（证书编号${active.certificateNo}），请先终止原认定`,
      );
    }
    const now = this.clock();
    const payload: StudentCertified = {
      certificationId: id,
      certificateNo: input.certificateNo,
      category: CATEGORY_ENUM[input.category],
      student: { ...input.student },
      household: { ...input.household },
      certifiedAt: now,
      certifiedBy: actor.userId,
      studentKey,
    };
    const doc: CertificationDoc = {
      _id: id,
      certificateNo: input.certificateNo,
      category: input.category,
      student: { ...input.student },
      household: { ...input.household },
      studentKey,
      requestHash,
      status: 'active',
      certifiedAt: now,
      certifiedBy: actor.userId,
      endedAt: null,
      endedBy: null,
      endReason: '',
      audit: [
        audit(
          now,
          actor,
          'certified',
          null,
          'active',
          `认定为${EDUCATION_CATEGORY_ZH[input.category]}`,
        ),
      ],
      createdAt: now,
      updatedAt: now,
      version: 0,
      traceparent: originOf(''),
      outbox: [
        outboxEvent(
          Topics.studentCertified,
          payload,
          { key: studentKey, correlationId: id, occurredAt: now },
          producer,
        ),
      ],
    };
    if (await this.store.insert(doc)) {
      return { doc: { ...doc, outbox: [] }, created: true };
    }
    return { doc: sameRequest(await this.get(id), requestHash), created: false };
  }

  /** The student leaves the category; education keeps aid to the end of the semester (R-EDU-2). */
  async end(id: string, reason: string, actor: Actor): Promise<CertificationDoc> {
    const doc = await this.get(id);
    if (doc.status === 'ended') {
      // A retried exit with the same reason returns the exit already recorded.
      if (doc.endReason === reason) return doc;
      throw conflict('CERTIFICATION_ENDED', '该认定已终止，不能重复终止');
    }
    const now = this.clock();
    const payload: StudentCertificationEnded = {
      certificationId: doc._id,
      certificateNo: doc.certificateNo,
      category: CATEGORY_ENUM[doc.category],
      student: { ...doc.student },
      household: { ...doc.household },
      certifiedAt: doc.certifiedAt,
      endedAt: now,
      reason,
      endedBy: actor.userId,
      studentKey: doc.studentKey,
    };
    const entry = outboxEvent(
      Topics.studentCertificationEnded,
      payload,
      {
        key: doc.studentKey,
        correlationId: doc._id,
        occurredAt: now,
        ...(doc.traceparent ? { traceparent: doc.traceparent } : {}),
      },
      producer,
    );
    const changed = await this.store.transition(
      doc,
      { status: 'ended', endedAt: now, endedBy: actor.userId, endReason: reason },
      audit(now, actor, 'ended', doc.status, 'ended', reason),
      [entry],
    );
    if (!changed) throw conflict('CERTIFICATION_CHANGED', '该认定已被他人更新，请刷新后重试');
    return this.get(id);
  }
}

function sameRequest(doc: CertificationDoc, requestHash: string): CertificationDoc {
  if (doc.requestHash !== requestHash) {
    throw conflict('CERTIFICATION_MODIFIED', '该证书编号已登记了不同的认定信息，请核对后重试');
  }
  return doc;
}

function audit(
  at: Date,
  actor: Actor,
  action: CertificationAction,
  fromStatus: CertificationStatus | null,
  toStatus: CertificationStatus,
  reason: string,
): CertificationAudit {
  return { at, byUserId: actor.userId, action, fromStatus, toStatus, reason };
}
