import {
  StudentCategory,
  type StudentCertificationEnded,
  type StudentCertified,
} from '@jh/contracts';
import { shanghaiDateOf } from '@jh/domain-calendar';
import {
  EDUCATION_CATEGORY_ZH,
  educationAidEnd,
  educationAidStart,
  type EducationCategory,
  type PolicyConfig,
} from '@jh/domain-policy';
import { scopeKeysOf, type AccessGuard, type DeniedListener } from '@jh/access-guard';
import { mayAccess, type Subject } from '@jh/domain-access';
import type { Actor } from '@jh/platform-auth';
import { PermanentError } from '@jh/platform-kafka';
import type { Logger } from '@jh/platform-logger';
import type {
  ExemptionAction,
  ExemptionAudit,
  ExemptionDoc,
  ExemptionStatus,
} from './exemption.model';
import { exemptionDepartment, exemptionGuard, exemptionNotFound } from './exemption.access';
import type {
  ExemptionChanges,
  ExemptionPage,
  ExemptionScope,
  ExemptionStore,
} from './exemption.store';

const CATEGORY_OF: Readonly<Partial<Record<StudentCategory, EducationCategory>>> = {
  [StudentCategory.STUDENT_CATEGORY_EXTREME_POVERTY]: 'extreme_poverty_student',
  [StudentCategory.STUDENT_CATEGORY_ORPHAN]: 'orphan',
  [StudentCategory.STUDENT_CATEGORY_MINIMUM_LIVING_FAMILY]: 'minimum_living_family_student',
  [StudentCategory.STUDENT_CATEGORY_LOW_INCOME_MARGINAL_FAMILY]:
    'low_income_marginal_family_student',
};

export interface SourceEvent {
  eventId: string;
  producer: string;
}

/**
 * One grant per student and category, whatever the certificate: re-certification reuses it. Keyed
 * by the ID number's blind index (keyed HMAC), never an unkeyed hash one could reverse by trying
 * every ID number (issue 14).
 */
export const exemptionIdOf = (category: EducationCategory, studentBlindIndex: string) =>
  `edu-${category}-${studentBlindIndex}`;

/** The ID number's blind index (`vault.blindIndex('id-number', …)`). */
export type StudentBlindIndex = (idNumber: string) => string;

/** The certification fields every event carries; refuses (to the DLQ) an unusable event. */
function certificationOf(event: StudentCertified | StudentCertificationEnded) {
  const category = CATEGORY_OF[event.category];
  const student = event.student;
  if (!category) throw new PermanentError(`unknown student category ${event.category}`);
  if (!student?.idNumber || !event.certifiedAt || !event.certificationId) {
    throw new PermanentError('certification event lacks the student, certifiedAt or id');
  }
  return {
    category,
    student: { name: student.name, idNumber: student.idNumber, school: student.school },
    household: {
      caseId: event.household?.caseId ?? '',
      householdNo: event.household?.householdNo ?? '',
      regionCode: event.household?.regionCode ?? '',
    },
    scope: scopeKeysOf(event.household?.regionCode),
    certifiedAt: event.certifiedAt,
  };
}

/** 免申即享 education aid (DOMAIN §7): granted and ended from civil affairs' certifications. */
export class ExemptionService {
  private readonly guard: AccessGuard;

  constructor(
    private readonly store: ExemptionStore,
    private readonly policy: PolicyConfig,
    private readonly logger: Logger,
    private readonly clock: () => Date,
    private readonly studentIndex: StudentBlindIndex,
    /** Told of every refused attempt (who, what, decision), for the record. */
    onDenied?: DeniedListener,
  ) {
    this.guard = exemptionGuard(onDenied);
  }

  /** R-EDU-1: aid from the month after certification, without any application. */
  async receiveCertified(event: StudentCertified, source: SourceEvent): Promise<void> {
    const c = certificationOf(event);
    const start = educationAidStart(
      { category: c.category, certifiedAt: c.certifiedAt },
      this.policy,
    );
    if (!start.ok) {
      this.logger.info({ category: c.category, code: start.code }, 'category not entitled');
      return;
    }
    const categoryZh = EDUCATION_CATEGORY_ZH[c.category];
    const certifiedOn = shanghaiDateOf(c.certifiedAt);
    const reason =
      `民政部门于${certifiedOn}认定为${categoryZh}（证书编号${event.certificateNo}），` +
      `免申即享，自${start.startMonth}起发放教育资助（${start.ruleId}）`;
    const now = this.clock();
    const audit = (action: ExemptionAction, why: string): ExemptionAudit => ({
      at: now,
      action,
      eventId: source.eventId,
      byProducer: source.producer,
      byUserId: event.certifiedBy,
      reason: why,
    });
    const id = exemptionIdOf(c.category, this.studentIndex(c.student.idNumber));
    const inserted = await this.store.insert({
      _id: id,
      ...c,
      certificationId: event.certificationId,
      certificateNo: event.certificateNo,
      startMonth: start.startMonth,
      startsOn: start.startsOn,
      reason,
      endedAt: null,
      lastDay: null,
      endsAt: null,
      stopsFromSemester: null,
      endReason: '',
      processedEventIds: [source.eventId],
      audit: [audit('granted', reason)],
      createdAt: now,
      updatedAt: now,
      version: 0,
    });
    if (inserted) return;

    await this.update(id, source.eventId, (doc) => {
      if (doc.certificationId === event.certificationId || !doc.endsAt) {
        // Same certificate again, or already receiving aid: nothing to grant twice.
        return {
          changes: {},
          audit: audit('noted', `已在享受${categoryZh}免申即享资助，无需重复发放`),
        };
      }
      const continuous = c.certifiedAt <= new Date(doc.endsAt);
      const changes: ExemptionChanges = {
        certificationId: event.certificationId,
        certificateNo: event.certificateNo,
        certifiedAt: c.certifiedAt,
        student: c.student,
        household: c.household,
        scope: c.scope,
        endedAt: null,
        lastDay: null,
        endsAt: null,
        stopsFromSemester: null,
        endReason: '',
        // Re-certified before the aid ran out: it simply continues from its first start.
        ...(continuous ? {} : { startMonth: start.startMonth, startsOn: start.startsOn, reason }),
      };
      const why = continuous
        ? `资助期满前重新认定为${categoryZh}（证书编号${event.certificateNo}），资助继续发放（${start.ruleId}）`
        : `重新认定：${reason}`;
      return { changes, audit: audit('regranted', why) };
    });
  }

  /** R-EDU-2: aid continues to the end of the current semester and stops from the next. */
  async receiveEnded(event: StudentCertificationEnded, source: SourceEvent): Promise<void> {
    const c = certificationOf(event);
    if (!event.endedAt) throw new PermanentError('certification ended event lacks endedAt');
    const endedAt = event.endedAt;
    const id = exemptionIdOf(c.category, this.studentIndex(c.student.idNumber));
    const now = this.clock();
    const audit = (action: ExemptionAction, why: string): ExemptionAudit => ({
      at: now,
      action,
      eventId: source.eventId,
      byProducer: source.producer,
      byUserId: event.endedBy,
      reason: why,
    });
    const categoryZh = EDUCATION_CATEGORY_ZH[c.category];
    const found = await this.update(id, source.eventId, (doc) => {
      if (doc.certificationId !== event.certificationId) {
        return { changes: {}, audit: audit('noted', '终止的是此前的认定，当前资助不受影响') };
      }
      if (doc.endsAt) {
        return { changes: {}, audit: audit('noted', '该资助已在终止流程中') };
      }
      const end = educationAidEnd({ exitedAt: endedAt }, this.policy);
      // A calendar gap is a configuration fault; parked on the DLQ until the calendar is fixed.
      if (!end.ok) throw new PermanentError(`${end.code}: ${end.reason}`);
      const why =
        `民政部门于${shanghaiDateOf(endedAt)}终止${categoryZh}认定（${event.reason}）；` +
        `本学期资助发放至${end.lastDay}，自${end.nextSemester.nameZh}起停止（${end.ruleId}）`;
      return {
        changes: {
          endedAt,
          lastDay: end.lastDay,
          endsAt: end.endsAt,
          stopsFromSemester: end.nextSemester.nameZh,
          endReason: event.reason,
        },
        audit: audit('ending', why),
      };
    });
    if (!found) {
      // Same key as the certification, so it was consumed first: it was not an entitled grant.
      this.logger.warn({ certificationId: event.certificationId }, 'exit for a grant never made');
    }
  }

  /** The role part alone (403), checked before a grant is looked up. */
  assertRole(actor: Actor): void {
    this.guard.assertRole(actor, 'read');
  }

  /** Only grants of households in the reader's region, filtered by the query itself (R-OV-2). */
  async list(
    query: { status?: ExemptionStatus; page: number; pageSize: number },
    actor: Actor,
  ): Promise<ExemptionPage> {
    const scope = this.scopeOf(actor);
    if (!scope) return { items: [], total: 0 };
    return this.store.list(query.status, scope, this.clock(), query.page, query.pageSize);
  }

  async get(id: string, actor: Actor): Promise<ExemptionDoc> {
    this.guard.assertRole(actor, 'read');
    const doc = await this.store.findById(id);
    if (!doc) throw exemptionNotFound();
    const record = { regionCode: doc.household.regionCode, department: exemptionDepartment };
    this.guard.assertInScope(actor, 'read', record, id);
    return doc;
  }

  /**
   * Figures shown with the worklist so automatic grants are not mistaken for applications,
   * counted over the reader's region; none for a reader who may not see grants.
   */
  async summary(reader: Subject): Promise<{ active: number; ending: number } | undefined> {
    if (!mayAccess(reader, 'exemption', 'read')) return undefined;
    const scope = this.scopeOf(reader);
    if (!scope) return { active: 0, ending: 0 };
    const now = this.clock();
    const [active, ending] = await Promise.all([
      this.store.count('active', scope, now),
      this.store.count('ending', scope, now),
    ]);
    return { active, ending };
  }

  now(): Date {
    return this.clock();
  }

  /** The reader's scope equality; undefined when the answer is empty without reading. */
  private scopeOf(actor: Subject): ExemptionScope | undefined {
    const filter = this.guard.listFilter(actor);
    if (!filter) return undefined;
    // An officer of another department sees no education grant (an empty list, not a 403).
    if (filter.department !== undefined && filter.department !== exemptionDepartment)
      return undefined;
    return filter.scope;
  }

  /**
   * Applies the change `decide` makes to the stored grant, once per event. Returns false when the
   * grant does not exist; retries (by throwing) when another writer got there first.
   */
  private async update(
    id: string,
    eventId: string,
    decide: (doc: ExemptionDoc) => { changes: ExemptionChanges; audit: ExemptionAudit },
  ): Promise<boolean> {
    const doc = await this.store.findById(id);
    if (!doc) return false;
    if (doc.processedEventIds.includes(eventId)) return true;
    const { changes, audit } = decide(doc);
    if (await this.store.apply(doc, eventId, changes, audit)) return true;
    const again = await this.store.findById(id);
    if (again?.processedEventIds.includes(eventId)) return true;
    throw new Error(`exemption ${id} changed concurrently; retrying`);
  }
}
