import type { DocumentCipher } from '@jh/platform-crypto';
import { createOnce } from '@jh/platform-mongo';
import type { NeedCoverage } from '@jh/domain-outreach';
import type { ScopeQuery } from '../access';
import type {
  ConsultationDoc,
  OutreachApplicationDoc,
  OutreachModels,
  OutreachSignalDoc,
  OutreachTaskDoc,
  TaskAuditEntry,
} from './outreach.model';

export type TaskChanges = Partial<
  Pick<
    OutreachTaskDoc,
    'task' | 'subject' | 'status' | 'grade' | 'dueAt' | 'endedLate' | 'escalations'
  >
>;

export interface TaskListFilter {
  scope: ScopeQuery;
  status?: 'open' | 'ended';
  grade?: string;
  /** Open past due, or ended late (R-PD-2). */
  overdueAt?: Date;
}

/** Outreach documents: hot paths are `_id` reads and unique inserts only (the local engine scans otherwise). */
export class OutreachStore {
  constructor(
    private readonly models: OutreachModels,
    private readonly ciphers: { tasks: DocumentCipher; consultations: DocumentCipher },
  ) {}

  async task(id: string): Promise<OutreachTaskDoc | undefined> {
    const doc = await this.models.Task.findById(id).lean<OutreachTaskDoc>().exec();
    return doc ? this.ciphers.tasks.open(doc) : undefined;
  }

  insertTask(doc: OutreachTaskDoc): Promise<boolean> {
    return createOnce(this.models.Task, this.ciphers.tasks.seal(doc));
  }

  /** One guarded single-document write with its audit entry (version guard: replicas never both win). */
  async updateTask(
    before: OutreachTaskDoc,
    changes: TaskChanges,
    audit: TaskAuditEntry[],
  ): Promise<boolean> {
    const sealed = this.ciphers.tasks.seal(changes as Partial<OutreachTaskDoc>);
    const at = audit[audit.length - 1]?.at ?? new Date();
    const res = await this.models.Task.updateOne(
      { _id: before._id, version: before.version },
      {
        $set: { ...sealed, updatedAt: at, version: before.version + 1 },
        $push: { audit: { $each: audit } },
      },
    ).exec();
    return res.matchedCount === 1;
  }

  async openTaskIdOf(householdRef: string): Promise<string | null | undefined> {
    const doc = await this.models.Household.findById(householdRef).lean().exec();
    return doc ? doc.openTaskId : undefined;
  }

  /**
   * Makes `taskId` the household's open task: a unique insert for a new household, else a guarded
   * write from the task it had (`from`: none, or one that has ended). False when another won.
   */
  async claimHousehold(
    householdRef: string,
    taskId: string,
    from: string | null | undefined,
    at: Date,
  ): Promise<boolean> {
    if (from === undefined)
      return createOnce(this.models.Household, {
        _id: householdRef,
        openTaskId: taskId,
        updatedAt: at,
      });
    const res = await this.models.Household.updateOne(
      { _id: householdRef, openTaskId: from },
      { $set: { openTaskId: taskId, updatedAt: at } },
    ).exec();
    return res.matchedCount === 1;
  }

  async releaseHousehold(householdRef: string, taskId: string, at: Date): Promise<void> {
    await this.models.Household.updateOne(
      { _id: householdRef, openTaskId: taskId },
      { $set: { openTaskId: null, updatedAt: at } },
    ).exec();
  }

  async coverage(householdRef: string): Promise<NeedCoverage[]> {
    const doc = await this.models.Coverage.findById(householdRef).lean().exec();
    return doc?.coverage ?? [];
  }

  /** Adds what one source (an application) covers, once per source. */
  async addCoverage(
    householdRef: string,
    source: string,
    entries: NeedCoverage[],
    at: Date,
  ): Promise<void> {
    const created = await createOnce(this.models.Coverage, {
      _id: householdRef,
      coverage: entries,
      sources: [source],
      updatedAt: at,
    });
    if (created) return;
    await this.models.Coverage.updateOne(
      { _id: householdRef, sources: { $ne: source } },
      { $push: { coverage: { $each: entries }, sources: source }, $set: { updatedAt: at } },
    ).exec();
  }

  /** Which household an application covers (`_id` point lookup; unique insert, once). */
  linkApplication(doc: OutreachApplicationDoc): Promise<boolean> {
    return createOnce(this.models.Application, doc);
  }

  async application(id: string): Promise<OutreachApplicationDoc | undefined> {
    return (
      (await this.models.Application.findById(id).lean<OutreachApplicationDoc>().exec()) ??
      undefined
    );
  }

  /** An application's review ended without aid: its entry no longer covers the need. */
  async dropCoverage(householdRef: string, entry: NeedCoverage, at: Date): Promise<void> {
    await this.models.Coverage.updateOne(
      { _id: householdRef },
      {
        $pull: { coverage: { need: entry.need, by: entry.by, reference: entry.reference } },
        $set: { updatedAt: at },
      },
    ).exec();
  }

  async signal(signalId: string): Promise<OutreachSignalDoc | undefined> {
    return (
      (await this.models.Signal.findById(signalId).lean<OutreachSignalDoc>().exec()) ?? undefined
    );
  }

  recordSignal(doc: OutreachSignalDoc): Promise<boolean> {
    return createOnce(this.models.Signal, doc);
  }

  /** Signals skipped because their need was covered, newest first (the street's list). */
  async skippedSignals(scope: ScopeQuery, limit: number): Promise<OutreachSignalDoc[]> {
    return this.models.Signal.find({ ...scope, action: 'skipped' })
      .sort({ receivedAt: -1, _id: 1 })
      .limit(limit)
      .lean<OutreachSignalDoc[]>()
      .exec();
  }

  async listTasks(
    filter: TaskListFilter,
    skip: number,
    limit: number,
  ): Promise<{ items: OutreachTaskDoc[]; total: number }> {
    const query = {
      ...filter.scope,
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.grade ? { grade: filter.grade } : {}),
      ...(filter.overdueAt
        ? {
            $or: [
              { status: 'open', dueAt: { $lt: filter.overdueAt } },
              { status: 'ended', endedLate: true },
            ],
          }
        : {}),
    };
    const [items, total] = await Promise.all([
      this.models.Task.find(query, { audit: 0 })
        .sort({ openedAt: -1, _id: 1 })
        .skip(skip)
        .limit(limit)
        .lean<OutreachTaskDoc[]>()
        .exec(),
      this.models.Task.countDocuments(query).exec(),
    ]);
    return { items: await this.ciphers.tasks.openMany(items), total };
  }

  /** The overview's rows: no personal field is read. */
  async tasksForOverview(scope: ScopeQuery): Promise<OutreachTaskDoc[]> {
    return this.models.Task.find(scope, {
      subject: 0,
      audit: 0,
      'task.signals': 0,
    })
      .lean<OutreachTaskDoc[]>()
      .exec();
  }

  /** Tasks opened in [from, to), for the month's 通报: no personal field is read. */
  async tasksOpenedBetween(scope: ScopeQuery, from: Date, to: Date): Promise<OutreachTaskDoc[]> {
    return this.models.Task.find(
      { ...scope, openedAt: { $gte: from, $lt: to } },
      { subject: 0, audit: 0, 'task.signals': 0 },
    )
      .lean<OutreachTaskDoc[]>()
      .exec();
  }

  /** Open tasks for the response scan (indexed equality on the status). */
  async openTasks(): Promise<OutreachTaskDoc[]> {
    const docs = await this.models.Task.find({ status: 'open' }, { subject: 0, audit: 0 })
      .lean<OutreachTaskDoc[]>()
      .exec();
    return this.ciphers.tasks.openMany(docs);
  }

  async consultation(id: string): Promise<ConsultationDoc | undefined> {
    const doc = await this.models.Consultation.findById(id).lean<ConsultationDoc>().exec();
    return doc ? this.ciphers.consultations.open(doc) : undefined;
  }

  /** The coordinator's list, newest meeting first; the sealed findings are not read. */
  async listConsultations(
    scope: ScopeQuery,
    filter: { taskId?: string },
    skip: number,
    limit: number,
  ): Promise<{ items: ConsultationDoc[]; total: number }> {
    const query = { ...scope, ...(filter.taskId ? { 'consultation.taskId': filter.taskId } : {}) };
    const [items, total] = await Promise.all([
      this.models.Consultation.find(query, { audit: 0, 'consultation.findings': 0 })
        .sort({ 'consultation.heldOn': -1, recordedAt: -1, _id: 1 })
        .skip(skip)
        .limit(limit)
        .lean<ConsultationDoc[]>()
        .exec(),
      this.models.Consultation.countDocuments(query).exec(),
    ]);
    return { items, total };
  }

  insertConsultation(doc: ConsultationDoc): Promise<boolean> {
    return createOnce(this.models.Consultation, this.ciphers.consultations.seal(doc));
  }

  async updateConsultation(
    before: ConsultationDoc,
    next: ConsultationDoc['consultation'],
    audit: ConsultationDoc['audit'][number],
  ): Promise<boolean> {
    const sealed = this.ciphers.consultations.seal({ consultation: next });
    const res = await this.models.Consultation.updateOne(
      { _id: before._id, version: before.version },
      {
        $set: {
          consultation: sealed.consultation,
          updatedAt: audit.at,
          version: before.version + 1,
        },
        $push: { audit },
      },
    ).exec();
    return res.matchedCount === 1;
  }
}
