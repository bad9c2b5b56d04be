import type { ScopeQuery } from '../access';
import { caseByCaseReviewSchedule, checkCountyReviewCoverage } from '@jh/domain-policy';
import type { Actor } from '@jh/platform-auth';
import { conflict, invalidInput, notFound } from '@jh/platform-errors';
import type { PeriodicReviewDoc } from './deliberation.model';
import type { DeliberationRecorder } from './deliberation.recorder';
import { reviewTaskIdOf } from './deliberation.rules';

/** R-YS-1 periodic reviews of approved 一事一议 aid: tasks per period, figures, results. */
export class PeriodicReviews {
  constructor(private readonly d: DeliberationRecorder) {}

  /**
   * Creates the review task of `period` of `year` for every approved deliberation in `scope` (the
   * caller's region). Idempotent.
   */
  async generateReviewTasks(year: number, period: number, actor: Actor, scope: ScopeQuery) {
    const perYear = this.d.policy.config.caseByCase.reviewsPerYear;
    if (period < 1 || period > perYear) {
      throw invalidInput([
        {
          path: 'period',
          code: 'INVALID_PERIOD',
          message: `每年分${perYear}期复核，期次应为1至${perYear}`,
        },
      ]);
    }
    const now = this.d.clock();
    let created = 0;
    let existing = 0;
    let notRequired = 0;
    for (const d of await this.d.store.listApproved(scope)) {
      const approvedAt = d.approval?.approvedAt;
      if (!approvedAt) continue;
      const schedule = caseByCaseReviewSchedule(
        { year, approvedAt, reviewedAt: [], asOf: now },
        this.d.policy.config,
      );
      const p = schedule.periods[period - 1];
      if (!p || p.status === 'not_required') {
        notRequired += 1;
        continue;
      }
      const inserted = await this.d.store.insertReviewTask({
        _id: reviewTaskIdOf(d._id, year, period),
        deliberationId: d._id,
        caseId: d.caseId,
        applicantName: d.applicant.name,
        regionCode: d.applicant.regionCode,
        scope: d.scope,
        year,
        period,
        from: p.from,
        to: p.to,
        dueAt: p.dueAt,
        status: 'due',
        result: null,
        audit: [
          { at: now, byUserId: actor.userId, action: 'generated', reason: 'R-YS-1 定期复核' },
        ],
        createdAt: now,
      });
      if (inserted) created += 1;
      else existing += 1;
    }
    return { year, period, created, existing, notRequired };
  }

  /** Tasks of one period in `scope` with their figures (due, overdue, done, coverage %). */
  async reviewTasks(
    year: number,
    period: number,
    scope: ScopeQuery,
    status?: 'due' | 'overdue' | 'done',
  ) {
    const now = this.d.clock();
    const all = await this.d.store.listReviewTasks(year, period, scope);
    const isOverdue = (t: PeriodicReviewDoc) => t.status === 'due' && t.dueAt < now;
    const done = all.filter((t) => t.status === 'done');
    const coverage = checkCountyReviewCoverage(
      all.map((t) => t.deliberationId),
      done.map((t) => t.deliberationId),
      this.d.policy.config,
    );
    const figures = {
      total: all.length,
      due: all.length - done.length,
      overdue: all.filter(isOverdue).length,
      done: done.length,
      coveragePercent: all.length === 0 ? 100 : Math.floor((done.length * 100) / all.length),
      requiredPercent: this.d.policy.config.caseByCase.countyReviewPercent,
      complete: coverage.ok,
    };
    const tasks = all.filter((t) =>
      status === undefined
        ? true
        : status === 'overdue'
          ? isOverdue(t)
          : status === 'done'
            ? t.status === 'done'
            : t.status === 'due',
    );
    return { figures, tasks: tasks.map((t) => ({ ...t, overdue: isOverdue(t) })) };
  }

  async reviewTask(id: string): Promise<PeriodicReviewDoc> {
    const task = await this.d.store.findReviewTask(id);
    if (!task) throw notFound('REVIEW_TASK_NOT_FOUND', '未找到该复核任务');
    return task;
  }

  /** R-YS-1 the county records the review result of one task. */
  async recordReview(id: string, actor: Actor, input: { outcome: string; note: string }) {
    const task = await this.reviewTask(id);
    if (task.status === 'done') throw conflict('REVIEW_TASK_DONE', '该复核任务已登记结果');
    const now = this.d.clock();
    const ok = await this.d.store.completeReviewTask(
      id,
      { outcome: input.outcome, note: input.note, byUserId: actor.userId, reviewedAt: now },
      { at: now, byUserId: actor.userId, action: 'reviewed', reason: input.note || input.outcome },
    );
    if (!ok) throw conflict('REVIEW_TASK_DONE', '该复核任务已登记结果');
    return (await this.d.store.findReviewTask(id)) as PeriodicReviewDoc;
  }
}
