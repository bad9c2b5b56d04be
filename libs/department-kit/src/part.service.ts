import { PartOutcome, Topics, type EventPayloads, type EventType } from '@jh/contracts';
import type { AccessOp } from '@jh/domain-access';
import type { Actor } from '@jh/platform-auth';
import { conflict } from '@jh/platform-errors';
import { outboxEvent } from '@jh/platform-kafka';
import type { OutboxEntry } from '@jh/platform-mongo';
import type { DepartmentDefinition } from './department';
import { PartAccess, partNotFound, type PartDenied } from './part.access';
import type { PartClocks } from './part.clocks';
import type { ListQuery, ReportInput, TransferInput } from './part.input';
import {
  openStatuses,
  partStatuses,
  type Outcome,
  type PartAction,
  type PartAudit,
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

/** The officer's side of the worklist: read, accept, report back, ask for 转办. */
export class PartService {
  private readonly producer: string;
  private readonly access: PartAccess;

  constructor(
    readonly department: DepartmentDefinition,
    private readonly store: PartStore,
    readonly clocks: PartClocks,
    private readonly clock: () => Date = () => new Date(),
    /** Told of every refused attempt (who, what, decision), for the record. */
    onDenied?: PartDenied,
  ) {
    this.producer = department.code;
    this.access = new PartAccess(department.code, onDenied);
  }

  now(): Date {
    return this.clock();
  }

  /** The role part alone (403), checked before a part is looked up or a body parsed. */
  assertRole(actor: Actor, op: AccessOp): void {
    this.access.assertRole(actor, op);
  }

  /** One part the actor may read (or, with `op: 'write'`, act on); else 403 / 404 (R-OV-2). */
  async get(id: string, actor: Actor, op: AccessOp = 'read'): Promise<PartDoc> {
    this.access.assertRole(actor, op);
    const part = await this.load(id);
    this.access.assertInScope(actor, op, part);
    return part;
  }

  /** Only parts in the reader's region, filtered by the query itself (R-OV-2). */
  async list(query: ListQuery, actor: Actor): Promise<PartPage> {
    const scope = this.access.listScope(actor);
    if (!scope) return { items: [], total: 0 };
    const now = this.clock();
    const statuses = query.status ? [query.status] : partStatuses.filter((s) => s !== 'cancelled');
    const flagged = query.overdue || query.atRisk;
    return this.store.list(
      {
        scope,
        statuses: flagged ? statuses.filter((s) => openStatuses.includes(s)) : statuses,
        dueBefore: query.overdue ? now : undefined,
        atRiskAt: query.atRisk ? now : undefined,
        targetMet: query.targetMet,
        applicationNumber: query.q,
      },
      query.page,
      query.pageSize,
    );
  }

  /** The officer takes the part over and becomes its owner (首问负责, R-JH-5). */
  async accept(target: PartDoc | string, actor: Actor): Promise<PartDoc> {
    const part = await this.writable(target, actor);
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
  async report(which: PartDoc | string, input: ReportInput, actor: Actor): Promise<PartDoc> {
    const part = await this.writable(which, actor);
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
  async requestTransfer(
    target: PartDoc | string,
    input: TransferInput,
    actor: Actor,
  ): Promise<PartDoc> {
    const part = await this.writable(target, actor);
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

  // ---- helpers ---------------------------------------------------------------------------

  /** The part to act on: loaded and checked here, or already checked by `get(id, actor, 'write')`. */
  private async writable(target: PartDoc | string, actor: Actor): Promise<PartDoc> {
    if (typeof target === 'string') return this.get(target, actor, 'write');
    this.access.assertInScope(actor, 'write', target);
    return target;
  }

  private async load(id: string): Promise<PartDoc> {
    const part = await this.store.findById(id);
    if (!part || part.placeholder) throw partNotFound();
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
    action: PartAction,
    fromStatus: PartStatus,
    toStatus: PartStatus,
    reason: string,
  ): PartAudit {
    return { at, byUserId: actor.userId, action, fromStatus, toStatus, reason, eventId: '' };
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
        // The officer's request is a trace of its own; the event joins the application's.
        ...(part.traceparent ? { traceparent: part.traceparent } : {}),
      },
      this.producer,
    );
  }
}
