import { scopeKeysOf } from '../access';
import { originOf } from '@jh/platform-telemetry';
import { randomUUID } from 'node:crypto';
import {
  assistanceItemCode,
  assistanceItemOfCode,
  PartCancelReason,
  PartOutcome,
  Topics,
  type ApplicationSubmitted,
  type EventPayloads,
  type EventType,
  type PartAccepted,
  type PartReported,
  type PartTransferRequested,
} from '@jh/contracts';
import {
  explainDueDate,
  type DueDateExplanation,
  type WorkingDayCalendar,
} from '@jh/domain-calendar';
import type { Actor } from '@jh/platform-auth';
import { conflict, invalidInput, notFound } from '@jh/platform-errors';
import { outboxEvent, PermanentError } from '@jh/platform-kafka';
import type { Logger } from '@jh/platform-logger';
import type { OutboxEntry } from '@jh/platform-mongo';
import type { RoutingTable } from './routing';
import type { CaseDoc, CaseStatus, PartDoc, ReferralKind } from './case.model';
import type { CaseListFilter, CaseStore } from './case.store';
import { isOpen, PartDeadlines, reportDueMonth, slaBucketOf } from './part-deadlines';

export const producer = 'civil-affairs';

export interface EventContext {
  eventId: string;
  traceparent?: string;
}

/** Status, query fields and SLA check time all follow from the parts; recomputed on every write. */
export function withDerived(doc: CaseDoc, deadlines: PartDeadlines, now: Date): CaseDoc {
  const active = doc.parts.filter((p) => p.status !== 'cancelled');
  const open = active.filter(isOpen);
  const reported = active.filter((p) => p.status === 'reported').length;
  const status: CaseStatus =
    active.length === 0
      ? 'civil_affairs_only'
      : reported === active.length
        ? 'completed'
        : reported > 0
          ? 'partially_reported'
          : 'dispatched';
  const min = (dates: (Date | null)[]): Date | null =>
    dates.reduce<Date | null>((m, d) => (d !== null && (m === null || d < m) ? d : m), null);
  const nextSlaCheckAt = min(doc.parts.map((p) => deadlines.nextCheckAt(p)));
  return {
    ...doc,
    status,
    departments: [...new Set(active.map((p) => p.department))],
    earliestOpenDueAt: min(open.flatMap((p) => [p.report.dueAt, p.handling.dueAt])),
    earliestOpenAtRiskAt: min(open.flatMap((p) => [p.report.atRiskAt, p.handling.atRiskAt])),
    nextSlaCheckAt,
    hasOpenParts: open.length > 0,
    reportDueMonths: [...new Set(doc.parts.map((p) => reportDueMonth(p.report.dueAt)))].sort(),
    slaBucket: nextSlaCheckAt && slaBucketOf(nextSlaCheckAt),
    updatedAt: now,
  };
}

/** Event + outbox entry (ADR 0004); key = application id keeps one case's events in order. */
export function outboxEntry<K extends EventType>(
  type: K,
  payload: EventPayloads[K],
  doc: CaseDoc,
  now: Date,
  cause?: EventContext,
): OutboxEntry {
  return outboxEvent(
    type,
    payload,
    {
      key: doc.applicationId,
      correlationId: doc.applicationId,
      causationId: cause?.eventId,
      // The causing event's, else the application's trace kept on the case (ADR 0024).
      traceparent: cause?.traceparent || doc.traceparent || undefined,
      occurredAt: now,
    },
    producer,
  );
}

const outcomeCodes: Record<PartOutcome, string> = {
  [PartOutcome.PART_OUTCOME_UNSPECIFIED]: 'unspecified',
  [PartOutcome.PART_OUTCOME_GRANTED]: 'granted',
  [PartOutcome.PART_OUTCOME_REJECTED]: 'rejected',
  [PartOutcome.PART_OUTCOME_NOT_APPLICABLE]: 'not_applicable',
  [PartOutcome.PART_OUTCOME_REFERRED]: 'referred',
  [PartOutcome.UNRECOGNIZED]: 'unrecognized',
};

type Mutation = { doc: CaseDoc; outbox: OutboxEntry[] } | 'unchanged';

export class CaseService {
  constructor(
    private readonly store: CaseStore,
    private readonly routing: RoutingTable,
    readonly deadlines: PartDeadlines,
    private readonly calendar: WorkingDayCalendar,
    private readonly logger: Logger,
    readonly clock: () => Date = () => new Date(),
  ) {}

  newPart(department: string, items: string[], now: Date, replacesPartId: string | null): PartDoc {
    const { report, handling, handlingWorkingDays } = this.deadlines.compute(department, now);
    return {
      partId: randomUUID(),
      department,
      items,
      status: 'dispatched',
      dispatchedAt: now,
      handlingWorkingDays,
      report,
      handling,
      currentOwner: { department, officerId: null },
      acceptedAt: null,
      result: null,
      transferRequest: null,
      cancellation: null,
      replacesPartId,
      escalations: [],
    };
  }

  dispatchedEntry(doc: CaseDoc, part: PartDoc, now: Date, cause?: EventContext): OutboxEntry {
    return outboxEntry(
      Topics.partDispatched,
      {
        partId: part.partId,
        caseId: doc._id,
        applicationId: doc.applicationId,
        department: part.department,
        items: part.items.map(assistanceItemOfCode),
        reportDueAt: part.report.dueAt,
        handlingDueAt: part.handling.dueAt,
        dispatchedAt: part.dispatchedAt,
        regionCode: doc.regionCode,
        applicationNumber: doc.applicationNumber,
      },
      doc,
      now,
      cause,
    );
  }

  /** 分办 (R-JH-1): one case per application, one part per routed department, in ONE insert. */
  async openCase(app: ApplicationSubmitted, cause: EventContext): Promise<'opened' | 'duplicate'> {
    if (!app.applicationId) throw new PermanentError('ApplicationSubmitted without application id');
    const now = this.clock();
    const items = app.requestedItems.map(assistanceItemCode);
    const { parts: routed, ownItems } = this.routing.route(items);
    const parts = [...routed].map(([department, its]) => this.newPart(department, its, now, null));
    const base: CaseDoc = {
      _id: app.applicationId,
      applicationId: app.applicationId,
      applicationNumber: app.applicationNumber,
      applicantName: app.applicant?.name ?? '',
      applicantIdNumber: app.applicant?.idNumber ?? '',
      applicantCitizenCardNo: app.applicant?.citizenCardNo ?? '',
      householdIdNumbers: app.householdMembers.map((m) => m.idNumber).filter((n) => n !== ''),
      regionCode: app.applicant?.regionCode ?? '',
      scope: scopeKeysOf(app.applicant?.regionCode),
      items,
      ownItems,
      owner: { userId: app.owner?.userId ?? '', regionCode: app.owner?.regionCode ?? '' },
      status: 'dispatched',
      parts,
      referrals: [],
      departments: [],
      earliestOpenDueAt: null,
      earliestOpenAtRiskAt: null,
      nextSlaCheckAt: null,
      hasOpenParts: false,
      reportDueMonths: [],
      slaBucket: null,
      openedAt: now,
      updatedAt: now,
      version: 0,
      processedEventIds: [cause.eventId],
      traceparent: originOf(cause.traceparent ?? ''),
      outbox: [],
    };
    const doc = withDerived(base, this.deadlines, now);
    doc.outbox = parts.map((p) => this.dispatchedEntry(doc, p, now, cause));
    const inserted = await this.store.insert(doc);
    if (!inserted) this.logger.info({ caseId: doc._id }, 'case already open, redelivery ignored');
    return inserted ? 'opened' : 'duplicate';
  }

  /**
   * Read, change in memory, write back guarded by the version: every state change is one atomic
   * single-document update, and a concurrent writer only causes a retry.
   */
  async mutate(
    caseId: string,
    change: (doc: CaseDoc, now: Date) => Mutation,
    processedEventId?: string,
  ): Promise<CaseDoc> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const current = await this.store.findById(caseId);
      if (!current) throw notFound('CASE_NOT_FOUND', '未找到该案件');
      if (processedEventId && current.processedEventIds.includes(processedEventId)) return current;
      const now = this.clock();
      const result = change(structuredClone(current), now);
      if (result === 'unchanged' && !processedEventId) return current;
      const next =
        result === 'unchanged'
          ? { ...current, updatedAt: now }
          : withDerived(result.doc, this.deadlines, now);
      const outbox = result === 'unchanged' ? [] : result.outbox;
      if (await this.store.update(next, outbox, processedEventId)) {
        return { ...next, version: next.version + 1 };
      }
    }
    throw conflict('CASE_WRITE_CONFLICT', '案件正在被其他操作修改，请稍后重试');
  }

  private async mutateFromEvent(
    caseId: string,
    eventId: string,
    change: (doc: CaseDoc, now: Date) => Mutation,
  ): Promise<void> {
    try {
      await this.mutate(caseId, change, eventId);
    } catch (e) {
      if ((e as { code?: string }).code === 'CASE_NOT_FOUND')
        throw new PermanentError(`case ${caseId} not found`);
      throw e;
    }
  }

  private static partOf(doc: CaseDoc, partId: string, department: string): PartDoc {
    const part = doc.parts.find((p) => p.partId === partId);
    if (!part) throw new PermanentError(`part ${partId} not in case ${doc._id}`);
    if (part.department !== department)
      throw new PermanentError(`part ${partId} belongs to ${part.department}, not ${department}`);
    return part;
  }

  /** 反馈: the first report of an open part wins; reports for withdrawn parts are only recorded. */
  async applyReport(event: PartReported, cause: EventContext): Promise<void> {
    await this.mutateFromEvent(event.caseId, cause.eventId, (doc) => {
      const part = CaseService.partOf(doc, event.partId, event.department);
      if (!isOpen(part)) {
        this.logger.warn({ partId: part.partId, status: part.status }, 'report for closed part');
        return 'unchanged';
      }
      part.status = 'reported';
      part.result = {
        outcome: outcomeCodes[event.outcome] ?? 'unspecified',
        amountFen: Number(event.amountFen),
        note: event.note,
        officerId: event.officerId,
        reportedAt: event.reportedAt ?? this.clock(),
      };
      if (event.officerId)
        part.currentOwner = { department: part.department, officerId: event.officerId };
      return { doc, outbox: [] };
    });
  }

  /** R-JH-5: the accepting officer becomes the part's current owner. */
  async applyAccepted(event: PartAccepted, cause: EventContext): Promise<void> {
    await this.mutateFromEvent(event.caseId, cause.eventId, (doc) => {
      const part = CaseService.partOf(doc, event.partId, event.department);
      if (!isOpen(part)) return 'unchanged';
      part.status = 'accepted';
      part.acceptedAt = event.acceptedAt ?? this.clock();
      part.currentOwner = { department: part.department, officerId: event.officerId };
      return { doc, outbox: [] };
    });
  }

  /** A department asks for 转办; the coordinator decides (POST …/transfer). */
  async applyTransferRequest(event: PartTransferRequested, cause: EventContext): Promise<void> {
    await this.mutateFromEvent(event.caseId, cause.eventId, (doc) => {
      const part = CaseService.partOf(doc, event.partId, event.department);
      if (!isOpen(part)) return 'unchanged';
      part.transferRequest = {
        suggestedDepartment: event.suggestedDepartment,
        reason: event.reason,
        officerId: event.officerId,
        requestedAt: event.requestedAt ?? this.clock(),
      };
      return { doc, outbox: [] };
    });
  }

  /** 转办: cancel the part and dispatch a replacement with fresh deadlines, in one write. */
  async transfer(
    caseId: string,
    partId: string,
    input: { toDepartment: string; reason: string },
  ): Promise<{ doc: CaseDoc; cancelled: PartDoc; replacement: PartDoc }> {
    if (!this.routing.isKnown(input.toDepartment))
      throw invalidInput([
        { path: 'toDepartment', code: 'UNKNOWN_DEPARTMENT', message: '未配置该协办部门' },
      ]);
    let replacementId = '';
    const doc = await this.mutate(caseId, (d, now) => {
      const part = d.parts.find((p) => p.partId === partId);
      if (!part) throw notFound('PART_NOT_FOUND', '未找到该部门事项');
      if (!isOpen(part)) throw conflict('PART_NOT_OPEN', '该部门事项已反馈或已撤回，不能转办');
      if (part.department === input.toDepartment)
        throw invalidInput([
          { path: 'toDepartment', code: 'SAME_DEPARTMENT', message: '不能转办给原部门' },
        ]);
      const replacement = this.newPart(input.toDepartment, part.items, now, part.partId);
      replacementId = replacement.partId;
      part.status = 'cancelled';
      part.cancellation = {
        reason: 'transferred',
        note: input.reason,
        replacementPartId: replacement.partId,
        cancelledAt: now,
      };
      d.parts.push(replacement);
      const cancelledEntry = outboxEntry(
        Topics.partCancelled,
        {
          partId: part.partId,
          caseId: d._id,
          applicationId: d.applicationId,
          department: part.department,
          reason: PartCancelReason.PART_CANCEL_REASON_TRANSFERRED,
          note: input.reason,
          replacementPartId: replacement.partId,
          cancelledAt: now,
          regionCode: d.regionCode,
        },
        d,
        now,
      );
      return { doc: d, outbox: [cancelledEntry, this.dispatchedEntry(d, replacement, now)] };
    });
    const cancelled = doc.parts.find((p) => p.partId === partId);
    const replacement = doc.parts.find((p) => p.partId === replacementId);
    if (!cancelled || !replacement) throw new Error('transfer not applied');
    return { doc, cancelled, replacement };
  }

  /** 转介 to a charity or social-work organisation, recorded on the case. */
  async refer(
    caseId: string,
    input: { organisation: string; kind: ReferralKind; reason: string },
    actor: Actor,
  ): Promise<CaseDoc> {
    return this.mutate(caseId, (d, now) => {
      d.referrals.push({ referralId: randomUUID(), ...input, byUserId: actor.userId, at: now });
      return { doc: d, outbox: [] };
    });
  }

  async get(caseId: string): Promise<CaseDoc> {
    const doc = await this.store.findById(caseId);
    if (!doc) throw notFound('CASE_NOT_FOUND', '未找到该案件');
    return doc;
  }

  async list(filter: Omit<CaseListFilter, 'now'>, page: number, pageSize: number) {
    return this.store.list({ ...filter, now: this.clock() }, (page - 1) * pageSize, pageSize);
  }

  /** Which holidays / 调休 days moved each due date of a part (ADR 0003). */
  async explainDue(
    caseId: string,
    partId: string,
  ): Promise<{ part: PartDoc; report: DueDateExplanation; handling: DueDateExplanation }> {
    const doc = await this.get(caseId);
    const part = doc.parts.find((p) => p.partId === partId);
    if (!part) throw notFound('PART_NOT_FOUND', '未找到该部门事项');
    return {
      part,
      report: explainDueDate(this.calendar, part.dispatchedAt, 1),
      handling: explainDueDate(this.calendar, part.dispatchedAt, part.handlingWorkingDays),
    };
  }
}
