import { randomUUID } from 'node:crypto';
import {
  assistanceItemCode,
  type ApplicationSubmitted,
  type AssistanceApproved,
  type ReviewProgressed,
  ReviewStatus,
  type HardshipSignal as SignalEvent,
} from '@jh/contracts';
import { ASSISTANCE_ITEMS } from '@jh/domain-policy';
import {
  type EscalationLevel,
  type Grade,
  type NeedCode,
  type OutcomeInput,
  type OutreachRules,
  GRADE_ZH,
  OUTCOME_ZH,
  applicationDraft,
  endTask,
  openOrMerge,
  pendingEscalations,
  regrade,
  validateSignal,
} from '@jh/domain-outreach';
import type { Actor } from '@jh/platform-auth';
import { conflict, notFound } from '@jh/platform-errors';
import { PermanentError } from '@jh/platform-kafka';
import type { Logger } from '@jh/platform-logger';
import { scopeKeysOf, type ScopeQuery } from '../access';
import type { OutreachTaskDoc, TaskAction, TaskAuditEntry, TaskStatus } from './outreach.model';
import { responseBulletin, streetOverview } from './outreach.overview';
import { firstDayOfMonthOffset, startOfShanghaiDay } from '@jh/domain-calendar';
import type { OutreachStore, TaskListFilter } from './outreach.store';
import { domainSignal, refusalError, refusalText, subjectOf } from './outreach.translate';

const SYSTEM = 'system:outreach';

const isNeed = (code: string): code is NeedCode => Object.hasOwn(ASSISTANCE_ITEMS, code);

const auditEntry = (
  at: Date,
  byUserId: string,
  action: TaskAction,
  fromStatus: TaskStatus | null,
  toStatus: TaskStatus,
  reason: string,
): TaskAuditEntry => ({ at, byUserId, action, fromStatus, toStatus, reason });

const changed = () => conflict('OUTREACH_TASK_CHANGED', '该外展任务已被他人更新，请刷新后重试');

export interface ScanResult {
  checked: number;
  applied: number;
}

/** 主动发现 / 分级响应 (issue 19, R-PD-1…4): signals in, one task per household, graded and ended. */
export class OutreachService {
  constructor(
    private readonly store: OutreachStore,
    readonly rules: OutreachRules,
    private readonly clock: () => Date,
    private readonly householdRefOf: (idNumber: string) => string,
    private readonly logger: Logger,
  ) {}

  now(): Date {
    return this.clock();
  }

  /**
   * R-PD-1: a signal opens the household's one task or merges into it; a redelivery (same signal
   * id) changes nothing; a need already covered is skipped with the reason kept.
   */
  async handleSignal(event: SignalEvent): Promise<void> {
    const now = this.clock();
    const signal = domainSignal(event);
    const valid = validateSignal(signal, now, this.rules);
    if (!valid.ok) throw new PermanentError(refusalText(valid));
    if (await this.store.signal(signal.signalId)) return;
    const ref = signal.householdRef;
    const from = await this.store.openTaskIdOf(ref);
    let current = from ? await this.store.task(from) : undefined;
    // Claimed before a crash, the task not yet written: it gets that id.
    const claimedBefore = typeof from === 'string' && current === undefined;
    if (current?.status === 'ended') current = undefined;
    const newTaskId = claimedBefore ? from : `wz-${randomUUID()}`;
    const result = openOrMerge(
      current?.task ?? null,
      signal,
      { at: now, newTaskId, coverage: await this.store.coverage(ref) },
      this.rules,
    );
    if (!result.ok) throw new PermanentError(refusalText(result));
    const scope = scopeKeysOf(signal.streetCode);
    const ledger = { _id: signal.signalId, householdRef: ref, scope, receivedAt: now };
    switch (result.action) {
      case 'skipped':
        await this.store.recordSignal({
          ...ledger,
          action: 'skipped',
          taskId: null,
          reason: result.reason,
          covered: [...result.covered],
        });
        this.logger.info({ signalId: signal.signalId }, 'outreach signal skipped: need covered');
        return;
      case 'unchanged':
        break;
      case 'opened': {
        const { task } = result;
        if (!claimedBefore && !(await this.store.claimHousehold(ref, task.taskId, from, now)))
          throw new Error(`household ${ref} claimed by another task at the same time; retried`);
        await this.store.insertTask({
          _id: task.taskId,
          householdRef: ref,
          task,
          subject: subjectOf(event),
          scope,
          status: 'open',
          grade: task.grade,
          openedAt: task.openedAt,
          dueAt: task.clock.dueAt,
          endedLate: false,
          escalations: [],
          audit: [
            auditEntry(
              now,
              SYSTEM,
              'opened',
              null,
              'open',
              `收到线索${signal.signalId}，建立外展任务，响应等级${task.gradeHistory[0]?.labelZh ?? ''}（R-PD-1）`,
            ),
          ],
          updatedAt: now,
          version: 0,
        });
        break;
      }
      case 'merged': {
        const before = current as OutreachTaskDoc;
        const { task, raised } = result;
        const audit = [
          auditEntry(
            now,
            SYSTEM,
            'merged',
            'open',
            'open',
            `线索${signal.signalId}并入本任务（R-PD-1）`,
          ),
          ...(raised
            ? [
                auditEntry(
                  now,
                  SYSTEM,
                  'raised' as const,
                  'open' as const,
                  'open' as const,
                  `响应等级由${raised.from ? GRADE_ZH[raised.from] : ''}升为${GRADE_ZH[raised.to]}：${raised.labelZh}（R-PD-2）`,
                ),
              ]
            : []),
        ];
        const ok = await this.store.updateTask(
          before,
          {
            task,
            grade: task.grade,
            dueAt: task.clock.dueAt,
            subject: before.subject ?? subjectOf(event),
          },
          audit,
        );
        if (!ok) throw new Error(`outreach task ${before._id} changed meanwhile; retried`);
        break;
      }
    }
    await this.store.recordSignal({
      ...ledger,
      action: result.action,
      taskId: result.task?.taskId ?? null,
      reason: '',
      covered: [],
    });
  }

  /** An application submitted: its items are an open case for the applicant's household. */
  async handleApplication(app: ApplicationSubmitted): Promise<void> {
    const idNumber = app.applicant?.idNumber ?? '';
    if (idNumber === '' || !app.applicationId) return;
    const needs = [
      ...new Set(app.requestedItems.map((i) => assistanceItemCode(i) as string).filter(isNeed)),
    ];
    if (needs.length === 0) return;
    const reference = app.applicationNumber || app.applicationId;
    const householdRef = this.householdRefOf(idNumber);
    const now = this.clock();
    // The link first: a review ending after a crash between the two still finds the household.
    await this.store.linkApplication({
      _id: app.applicationId,
      householdRef,
      reference,
      updatedAt: now,
    });
    await this.store.addCoverage(
      householdRef,
      app.applicationId,
      needs.map((need) => ({ need, by: 'open_case' as const, reference })),
      now,
    );
  }

  /**
   * A review rejected or withdrawn: its application no longer covers the item, so the next sign
   * of that need opens a task again (R-PD-1). Idempotent: removing an absent entry changes nothing.
   */
  async handleReview(review: ReviewProgressed): Promise<void> {
    const ended =
      review.status === ReviewStatus.REVIEW_STATUS_REJECTED ||
      review.status === ReviewStatus.REVIEW_STATUS_WITHDRAWN;
    const need = assistanceItemCode(review.item) as string;
    if (!ended || !review.applicationId || !isNeed(need)) return;
    const link = await this.store.application(review.applicationId);
    if (!link) return;
    await this.store.dropCoverage(
      link.householdRef,
      { need, by: 'open_case', reference: link.reference },
      this.clock(),
    );
  }

  skipped(scope: ScopeQuery, limit: number) {
    return this.store.skippedSignals(scope, limit);
  }

  /** Assistance approved: the item is current aid for the recipient's household. */
  async handleApproval(approval: AssistanceApproved): Promise<void> {
    const idNumber = approval.recipient?.idNumber ?? '';
    const need = assistanceItemCode(approval.item) as string;
    if (idNumber === '' || !approval.approvalId || !isNeed(need)) return;
    await this.store.addCoverage(
      this.householdRefOf(idNumber),
      `approval:${approval.approvalId}`,
      [{ need, by: 'current_aid', reference: approval.approvalId }],
      this.clock(),
    );
  }

  async get(id: string): Promise<OutreachTaskDoc> {
    const doc = await this.store.task(id);
    if (!doc) throw notFound('OUTREACH_TASK_NOT_FOUND', '未找到该外展任务');
    return doc;
  }

  list(
    filter: Omit<TaskListFilter, 'overdueAt'> & { overdue?: boolean },
    page: number,
    size: number,
  ) {
    const { overdue, ...rest } = filter;
    return this.store.listTasks(
      { ...rest, ...(overdue ? { overdueAt: this.clock() } : {}) },
      (page - 1) * size,
      size,
    );
  }

  /** R-PD-2: a person changes the grade, with a reason on record. */
  async regrade(id: string, actor: Actor, input: { to: Grade; reason: string }) {
    const doc = await this.get(id);
    const now = this.clock();
    const result = regrade(
      doc.task,
      { to: input.to, at: now, by: actor.userId, reason: input.reason },
      this.rules,
    );
    if (!result.ok) throw refusalError(result);
    const { task, change } = result;
    const ok = await this.store.updateTask(
      doc,
      { task, grade: task.grade, dueAt: task.clock.dueAt },
      [
        auditEntry(
          now,
          actor.userId,
          'regraded',
          'open',
          'open',
          `响应等级由${change.from ? GRADE_ZH[change.from] : ''}调整为${GRADE_ZH[change.to]}：${change.reason ?? ''}（R-PD-2）`,
        ),
      ],
    );
    if (!ok) throw changed();
    return this.get(id);
  }

  /** R-PD-3: the task ends one of the four ways; an ended task refuses every change. */
  async end(id: string, actor: Actor, outcome: OutcomeInput) {
    const doc = await this.get(id);
    const now = this.clock();
    const result = endTask(doc.task, { at: now, by: actor.userId, outcome }, this.rules);
    if (!result.ok) throw refusalError(result);
    const { task } = result;
    const ok = await this.store.updateTask(
      doc,
      { task, status: 'ended', endedLate: now > task.clock.dueAt },
      [
        auditEntry(
          now,
          actor.userId,
          'ended',
          'open',
          'ended',
          `外展任务结束：${OUTCOME_ZH[outcome.kind]}（R-PD-3）`,
        ),
      ],
    );
    if (!ok) throw changed();
    // The household may get a new task for later signals.
    await this.store.releaseHousehold(doc.householdRef, doc._id, now);
    return this.get(id);
  }

  /** R-PD-3: the pre-filled application of an open task, the outreach worker as owner. */
  async draft(id: string, actor: Actor) {
    const doc = await this.get(id);
    const result = applicationDraft(doc.task, actor.userId);
    if (!result.ok) throw refusalError(result);
    return { doc, draft: result.draft };
  }

  /**
   * R-PD-2: applies each reached escalation level once. The level is written with a version guard,
   * so two replicas (or two scans) never apply it twice.
   */
  async scan(): Promise<ScanResult> {
    const now = this.clock();
    const result: ScanResult = { checked: 0, applied: 0 };
    for (const doc of await this.store.openTasks()) {
      result.checked += 1;
      const due = pendingEscalations(doc.task, now, doc.escalations, this.rules);
      if (due.length === 0) continue;
      const ok = await this.store.updateTask(
        doc,
        { escalations: [...doc.escalations, ...due] },
        due.map((level) =>
          auditEntry(now, SYSTEM, 'escalated', 'open', 'open', `${LEVEL_ZH[level]}（R-PD-2）`),
        ),
      );
      if (ok) result.applied += due.length;
    }
    if (result.applied > 0) this.logger.info(result, 'outreach scan applied escalations');
    return result;
  }
  /** The month's 通报 of response times per street (R-PD-2), Asia/Shanghai month bounds. */
  async bulletin(month: string, scope: ScopeQuery) {
    const from = startOfShanghaiDay(`${month}-01`);
    const to = startOfShanghaiDay(firstDayOfMonthOffset(`${month}-01`, 1));
    const now = this.clock();
    const rows = await this.store.tasksOpenedBetween(scope, from, to);
    return { month, generatedAt: now, streets: responseBulletin(rows, now) };
  }

  /** The coordinator's overview per street; no personal field is read. */
  async overview(scope: ScopeQuery) {
    return streetOverview(await this.store.tasksForOverview(scope), this.clock());
  }

  /** The coordinator's overview per street (counts only; nothing personal is read). */
}

const LEVEL_ZH: Record<EscalationLevel, string> = {
  reminder: '响应时限即将到期，已提醒街道经办人',
  coordinator: '超过响应时限，已上报协调人',
  notice: '超过响应时限较久，列入通报',
};
