import {
  PartCancelReason,
  PartOutcome,
  Topics,
  type EventPayloads,
  type EventType,
  type PartCancelled,
  type PartDispatched,
} from '@jh/contracts';
import { hasRole, type Actor } from '@jh/platform-auth';
import { conflict, notAllowed, notFound } from '@jh/platform-errors';
import { outboxEvent } from '@jh/platform-kafka';
import type { OutboxEntry } from '@jh/platform-mongo';
import { currentTraceContext } from '@jh/platform-telemetry';
import type { DepartmentDefinition } from './department';
import type { PartClocks } from './part.clocks';
import type { ListQuery, ReportInput, TransferInput } from './part.input';
import {
  openStatuses,
  partStatuses,
  type AuditEntry,
  type CancelReason,
  type Outcome,
  type PartDoc,
  type PartStatus,
} from './part.model';
import type { PartPage, PartStore, PartTransition } from './part.store';

const outcomeCodes: Record<Outcome, PartOutcome> = {
  granted: PartOutcome.PART_OUTCOME_GRANTED,
  rejected: PartOutcome.PART_OUTCOME_REJECTED,
  not_applicable: PartOutcome.PART_OUTCOME_NOT_APPLICABLE,
  referred: PartOutcome.PART_OUTCOME_REFERRED,
};

const cancelReasons: Record<PartCancelReason, CancelReason> = {
  [PartCancelReason.PART_CANCEL_REASON_TRANSFERRED]: 'transferred',
  [PartCancelReason.PART_CANCEL_REASON_WITHDRAWN]: 'withdrawn',
  [PartCancelReason.PART_CANCEL_REASON_UNSPECIFIED]: 'unspecified',
  [PartCancelReason.UNRECOGNIZED]: 'unspecified',
};

/** Why a transition was refused, by the status the part is in. */
const refusals: Record<PartStatus, { code: string; message: string }> = {
  pending: { code: 'PART_NOT_ACCEPTED', message: '该事项尚未受理，请先受理' },
  accepted: { code: 'PART_ALREADY_ACCEPTED', message: '该事项已被受理' },
  reported: { code: 'PART_ALREADY_REPORTED', message: '该事项已反馈办理结果，不能重复操作' },
  transfer_requested: {
    code: 'PART_TRANSFER_REQUESTED',
    message: '该事项已申请转办，等待民政部门处理',
  },
  cancelled: { code: 'PART_CANCELLED', message: '该事项已被民政部门撤回' },
};

export interface SourceEvent {
  eventId: string;
  producer: string;
}

export class PartService {
  private readonly producer: string;

  constructor(
    readonly department: DepartmentDefinition,
    private readonly store: PartStore,
    readonly clocks: PartClocks,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.producer = department.code;
  }

  now(): Date {
    return this.clock();
  }

  // ---- consumed events -------------------------------------------------------------------

  /** R-JH-1 分办: one worklist entry per part; redelivery finds the part id taken and stops. */
  async receiveDispatched(event: PartDispatched, source: SourceEvent): Promise<void> {
    if (event.department !== this.department.code) return;
    const dispatchedAt = event.dispatchedAt ?? this.clock();
    const clocks = this.clocks.open(dispatchedAt, {
      reportDueAt: event.reportDueAt,
      handlingDueAt: event.handlingDueAt,
    });
    const doc: PartDoc = {
      _id: event.partId,
      caseId: event.caseId,
      applicationId: event.applicationId,
      department: event.department,
      items: event.items,
      status: 'pending',
      placeholder: false,
      dispatchedAt,
      dispatchEventId: source.eventId,
      reportClock: clocks.report,
      handlingClock: clocks.handling,
      nextDueAt: minDate(clocks.report.dueAt, clocks.handling.dueAt),
      atRiskFrom: minDate(clocks.report.atRiskFrom, clocks.handling.atRiskFrom),
      owner: null,
      acceptedAt: null,
      report: null,
      transferRequest: null,
      cancellation: null,
      audit: [
        {
          at: this.clock(),
          actorId: source.producer,
          action: 'dispatched',
          fromStatus: null,
          toStatus: 'pending',
          reason: '',
          eventId: source.eventId,
        },
      ],
      outbox: [],
    };
    if (!(await this.store.insert(doc))) await this.store.completePlaceholder(doc);
  }

  /** Civil affairs withdrew the part (after 转办, or the application was withdrawn). */
  async receiveCancelled(event: PartCancelled, source: SourceEvent): Promise<void> {
    if (event.department !== this.department.code) return;
    const cancelledAt = event.cancelledAt ?? this.clock();
    const cancellation = {
      reason: cancelReasons[event.reason],
      note: event.note,
      replacementPartId: event.replacementPartId,
      cancelledAt,
    };
    const cancel = (from: PartStatus): PartTransition => ({
      from: [from],
      set: { status: 'cancelled', cancellation },
      audit: {
        at: this.clock(),
        actorId: source.producer,
        action: 'cancelled',
        fromStatus: from,
        toStatus: 'cancelled',
        reason: event.note,
        eventId: source.eventId,
      },
    });
    for (let attempt = 0; attempt < 2; attempt++) {
      const current = await this.store.findById(event.partId);
      if (current?.status === 'cancelled') return;
      if (current) {
        if (await this.store.transition(current._id, cancel(current.status))) return;
        continue; // it changed under us: look again
      }
      // The cancellation overtook its dispatch (different topics): keep a cancelled placeholder
      // so the late PartDispatched fills in details without reopening the part.
      const placeholder = this.placeholder(event, cancellation, source);
      if (await this.store.insert(placeholder)) return;
    }
    throw new Error(`part ${event.partId} kept changing while being cancelled`);
  }

  // ---- officer actions -------------------------------------------------------------------

  async get(id: string, actor: Actor): Promise<PartDoc> {
    this.assertCanRead(actor);
    return this.load(id);
  }

  async list(query: ListQuery, actor: Actor): Promise<PartPage> {
    this.assertCanRead(actor);
    const now = this.clock();
    const statuses = query.status ? [query.status] : partStatuses.filter((s) => s !== 'cancelled');
    const flagged = query.overdue || query.atRisk;
    return this.store.list(
      {
        statuses: flagged ? statuses.filter((s) => openStatuses.includes(s)) : statuses,
        dueBefore: query.overdue ? now : undefined,
        atRiskAt: query.atRisk ? now : undefined,
        targetMet: query.targetMet,
      },
      query.page,
      query.pageSize,
    );
  }

  /** The officer takes the part over and becomes its owner (首问负责, R-JH-5). */
  async accept(id: string, actor: Actor): Promise<PartDoc> {
    this.assertCanHandle(actor);
    const part = await this.load(id);
    const now = this.clock();
    return this.apply(part, {
      from: ['pending'],
      set: {
        status: 'accepted',
        owner: { userId: actor.userId, name: actor.name ?? '' },
        acceptedAt: now,
      },
      audit: this.audit(actor, now, 'accepted', part.status, 'accepted', ''),
      outbox: this.outbox(Topics.partAccepted, part, now, {
        ...this.partIds(part),
        officerId: actor.userId,
        acceptedAt: now,
      }),
    });
  }

  /** 反馈 (R-JH-3): the result goes back to civil affairs as PartReported. */
  async report(id: string, input: ReportInput, actor: Actor): Promise<PartDoc> {
    this.assertCanHandle(actor);
    const part = await this.load(id);
    const now = this.clock();
    const target = this.department.target;
    const report = {
      outcome: input.outcome,
      amountFen: input.amountFen,
      note: input.note,
      officerId: actor.userId,
      reportedAt: now,
      ...(target && input.figures
        ? { figures: input.figures, targetMet: target.met(input.figures) }
        : {}),
    };
    return this.apply(part, {
      from: ['accepted'],
      set: { status: 'reported', report },
      audit: this.audit(actor, now, 'reported', part.status, 'reported', input.note),
      outbox: this.outbox(Topics.partReported, part, now, {
        ...this.partIds(part),
        outcome: outcomeCodes[input.outcome],
        amountFen: input.amountFen,
        note: input.note,
        officerId: actor.userId,
        reportedAt: now,
      }),
    });
  }

  /** 转办 request: civil affairs decides and answers with PartCancelled (+ a new part elsewhere). */
  async requestTransfer(id: string, input: TransferInput, actor: Actor): Promise<PartDoc> {
    this.assertCanHandle(actor);
    const part = await this.load(id);
    if (input.suggestedDepartment === this.department.code) {
      throw conflict('TRANSFER_TO_SELF', '不能转办给本部门');
    }
    const now = this.clock();
    const suggestedDepartment = input.suggestedDepartment ?? '';
    return this.apply(part, {
      from: ['pending', 'accepted'],
      set: {
        status: 'transfer_requested',
        transferRequest: {
          suggestedDepartment,
          reason: input.reason,
          officerId: actor.userId,
          requestedAt: now,
        },
      },
      audit: this.audit(
        actor,
        now,
        'transfer_requested',
        part.status,
        'transfer_requested',
        input.reason,
      ),
      outbox: this.outbox(Topics.partTransferRequested, part, now, {
        ...this.partIds(part),
        suggestedDepartment,
        reason: input.reason,
        officerId: actor.userId,
        requestedAt: now,
      }),
    });
  }

  // ---- access ----------------------------------------------------------------------------

  /** Officers see only their own department's parts; coordinators may read every department. */
  assertCanRead(actor: Actor): void {
    if (hasRole(actor, 'coordinator')) return;
    this.assertCanHandle(actor);
  }

  assertCanHandle(actor: Actor): void {
    if (!hasRole(actor, 'department_officer')) {
      throw notAllowed('ROLE_REQUIRED', '需要部门经办人员角色');
    }
    if (actor.department !== this.department.code) {
      throw notAllowed(
        'DEPARTMENT_MISMATCH',
        `您不是${this.department.name}的经办人员，只能办理本部门的事项`,
      );
    }
  }

  // ---- helpers ---------------------------------------------------------------------------

  private async load(id: string): Promise<PartDoc> {
    const part = await this.store.findById(id);
    if (!part || part.placeholder) throw notFound('PART_NOT_FOUND', '未找到该事项');
    return part;
  }

  private async apply(part: PartDoc, change: PartTransition): Promise<PartDoc> {
    const refuse = (status: PartStatus) => {
      const r = refusals[status];
      return conflict(r.code, r.message);
    };
    if (!change.from.includes(part.status)) throw refuse(part.status);
    if (!(await this.store.transition(part._id, change))) {
      // Someone else changed it between our read and our write (e.g. a double click).
      const now = await this.load(part._id);
      throw refuse(now.status);
    }
    return this.load(part._id);
  }

  private partIds(part: PartDoc) {
    return {
      partId: part._id,
      caseId: part.caseId,
      applicationId: part.applicationId,
      department: this.department.code,
    };
  }

  private audit(
    actor: Actor,
    at: Date,
    action: AuditEntry['action'],
    fromStatus: PartStatus,
    toStatus: PartStatus,
    reason: string,
  ): AuditEntry {
    return { at, actorId: actor.userId, action, fromStatus, toStatus, reason, eventId: '' };
  }

  private outbox<K extends EventType>(
    type: K,
    part: PartDoc,
    now: Date,
    payload: EventPayloads[K],
  ): OutboxEntry {
    return outboxEvent(
      type,
      payload,
      {
        key: part.applicationId,
        correlationId: part.applicationId,
        causationId: part.dispatchEventId,
        occurredAt: now,
        ...currentTraceContext(),
      },
      this.producer,
    );
  }

  private placeholder(
    event: PartCancelled,
    cancellation: NonNullable<PartDoc['cancellation']>,
    source: SourceEvent,
  ): PartDoc {
    const at = cancellation.cancelledAt;
    const clock = { startedAt: at, dueAt: at, atRiskFrom: at };
    return {
      _id: event.partId,
      caseId: event.caseId,
      applicationId: event.applicationId,
      department: event.department,
      items: [],
      status: 'cancelled',
      placeholder: true,
      dispatchedAt: at,
      dispatchEventId: '',
      reportClock: clock,
      handlingClock: clock,
      nextDueAt: at,
      atRiskFrom: at,
      owner: null,
      acceptedAt: null,
      report: null,
      transferRequest: null,
      cancellation,
      audit: [
        {
          at: this.clock(),
          actorId: source.producer,
          action: 'cancelled',
          fromStatus: null,
          toStatus: 'cancelled',
          reason: event.note,
          eventId: source.eventId,
        },
      ],
      outbox: [],
    };
  }
}

function minDate(a: Date, b: Date): Date {
  return a.getTime() <= b.getTime() ? a : b;
}
