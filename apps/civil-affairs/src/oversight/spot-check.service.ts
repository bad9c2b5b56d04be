import { randomUUID } from 'node:crypto';
import {
  firstDayOfMonthOffset,
  startOfShanghaiDay,
  yearMonthOf,
  type YearMonth,
} from '@jh/domain-calendar';
import {
  findAssistanceItem,
  sampleSpotChecks,
  type PolicyConfig,
  type SpotCheckCase,
} from '@jh/domain-policy';
import type { Logger } from '@jh/platform-logger';
import { conflict, invalidInput, notAllowed, notFound } from '@jh/platform-errors';
import type {
  NewCaseRow,
  SpotCheckAuditEntry,
  SpotCheckDoc,
  SpotCheckOutcome,
  SpotCheckTaskDoc,
} from './spot-check.model';
import { actorsOf, type SpotCheckStore } from './spot-check.store';

export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

export const spotCheckIdOf = (month: string) => `spotcheck:${month}`;

/** [start, end) of a month in Asia/Shanghai. */
export function shanghaiMonthBounds(month: string): { from: Date; to: Date } {
  const first = `${month}-01`;
  return {
    from: startOfShanghaiDay(first),
    to: startOfShanghaiDay(firstDayOfMonthOffset(first, 1)),
  };
}

export interface ResultInput {
  outcome: SpotCheckOutcome;
  findings: string;
  correctiveAction: string;
}

export interface CategoryFigures {
  category: string;
  labelZh: string;
  newCases: number;
  requiredRatePercent: number;
  sampled: number;
  /** sampled / newCases in %, one decimal; null without new cases. */
  achievedRatePercent: number | null;
  meetsRequiredRate: boolean;
  assigned: number;
  checked: number;
  conform: number;
  nonConform: number;
  unchecked: number;
}

export interface SpotCheckFigures {
  ruleId: 'R-AP-7';
  month: string;
  drawnAt: string;
  drawnBy: string;
  categories: CategoryFigures[];
  totals: Omit<CategoryFigures, 'category' | 'labelZh' | 'requiredRatePercent'>;
}

const oneDecimal = (n: number) => Math.round(n * 10) / 10;

/** R-AP-7 monthly spot checks: draw, assign, record results, figures. */
export class SpotCheckService {
  constructor(
    private readonly store: SpotCheckStore,
    private readonly policy: PolicyConfig,
    private readonly clock: () => Date,
  ) {}

  async get(month: string): Promise<SpotCheckDoc> {
    const doc = await this.store.findById(spotCheckIdOf(month));
    if (!doc) throw notFound('SPOT_CHECK_NOT_DRAWN', `${month} 尚未抽取抽查样本`);
    return doc;
  }

  /**
   * Draws the month's sample once: the month's new cases (reviews opened in it, Asia/Shanghai),
   * at least the configured share per category rounded up, at random; tasks go round-robin to the
   * given checkers, skipping a checker who handled the case. A second draw returns the first.
   */
  async draw(
    month: string,
    byUserId: string,
    checkerIds: readonly string[],
  ): Promise<{ doc: SpotCheckDoc; created: boolean }> {
    if (!MONTH_PATTERN.test(month)) {
      throw invalidInput([
        { path: 'month', code: 'INVALID_MONTH', message: '月份格式应为 YYYY-MM' },
      ]);
    }
    const existing = await this.store.findById(spotCheckIdOf(month));
    if (existing) return { doc: existing, created: false };
    const now = this.clock();
    const { from, to } = shanghaiMonthBounds(month);
    if (now < to) {
      throw conflict('MONTH_NOT_ENDED', `${month} 尚未结束，月度抽查须在次月进行`);
    }

    const rows = await this.store.reviewsOpenedBetween(from, to);
    const byId = new Map<string, NewCaseRow>();
    const cases: SpotCheckCase[] = [];
    for (const r of rows) {
      // Catalogue code → policy item; items no rate applies to are skipped by the sampler.
      const item = findAssistanceItem(r.item)?.policyItem;
      if (!item) continue;
      byId.set(r._id, r);
      cases.push({ id: r._id, item, newAt: new Date(r.openedAt) });
    }
    const seed = randomUUID();
    const sample = sampleSpotChecks({ month: month as YearMonth, seed, cases }, this.policy);

    const checkers = [...new Set(checkerIds)];
    let turn = 0;
    const tasks: SpotCheckTaskDoc[] = [];
    for (const category of sample.categories) {
      for (const reviewId of category.selectedIds) {
        const row = byId.get(reviewId) as NewCaseRow;
        const handledBy = actorsOf(row);
        let checkerId: string | null = null;
        for (let k = 0; k < checkers.length; k++) {
          const candidate = checkers[(turn + k) % checkers.length] as string;
          if (!handledBy.includes(candidate)) {
            checkerId = candidate;
            turn = (turn + k + 1) % checkers.length;
            break;
          }
        }
        tasks.push({
          taskNo: tasks.length + 1,
          category: category.category,
          reviewId,
          caseId: row.caseId,
          item: row.item,
          applicantName: row.applicantName ?? '',
          regionCode: row.regionCode ?? '',
          openedAt: new Date(row.openedAt),
          handledBy,
          checkerId,
          assignedAt: checkerId ? now : null,
          result: null,
        });
      }
    }
    const summary = sample.categories
      .map((c) => `${c.labelZh} 新增${c.population}件、抽取${c.sampleSize}件（≥${c.ratePercent}%）`)
      .join('；');
    const doc: SpotCheckDoc = {
      _id: spotCheckIdOf(month),
      month,
      seed,
      drawnAt: now,
      drawnBy: byUserId,
      categories: sample.categories.map((c) => ({
        category: c.category,
        labelZh: c.labelZh,
        ratePercent: c.ratePercent,
        population: c.population,
        sampleSize: c.sampleSize,
      })),
      tasks,
      audit: [{ at: now, byUserId, action: 'drawn', taskNo: null, reason: summary }],
      updatedAt: now,
      version: 0,
    };
    if (await this.store.insert(doc)) return { doc, created: true };
    return { doc: await this.get(month), created: false };
  }

  async assign(month: string, taskNo: number, checkerId: string, byUserId: string) {
    const doc = await this.get(month);
    const { index, task } = taskOf(doc, taskNo);
    if (task.checkerId === checkerId) return doc;
    if (task.result) throw conflict('RESULT_ALREADY_RECORDED', '该抽查任务已登记结果，不能改派');
    await this.requireIndependent(task, checkerId);
    const now = this.clock();
    return this.put(
      doc,
      index,
      { ...task, checkerId, assignedAt: now },
      {
        at: now,
        byUserId,
        action: 'assigned',
        taskNo,
        reason: task.checkerId ? `由 ${task.checkerId} 改派给 ${checkerId}` : `派给 ${checkerId}`,
      },
    );
  }

  /** The assigned checker records conform / non-conform (with findings and corrective action). */
  async recordResult(month: string, taskNo: number, input: ResultInput, byUserId: string) {
    const doc = await this.get(month);
    const { index, task } = taskOf(doc, taskNo);
    if (input.outcome === 'non_conform' && (!input.findings || !input.correctiveAction)) {
      throw invalidInput([
        ...(!input.findings
          ? [{ path: 'findings', code: 'FINDINGS_REQUIRED', message: '不符合时须填写发现的问题' }]
          : []),
        ...(!input.correctiveAction
          ? [
              {
                path: 'correctiveAction',
                code: 'CORRECTIVE_ACTION_REQUIRED',
                message: '不符合时须填写整改措施',
              },
            ]
          : []),
      ]);
    }
    if (!task.checkerId) throw conflict('TASK_NOT_ASSIGNED', '该抽查任务尚未指派抽查人员');
    if (task.checkerId !== byUserId) {
      throw notAllowed('NOT_ASSIGNED_CHECKER', '只有被指派的抽查人员可以登记抽查结果');
    }
    if (!task.result) await this.requireIndependent(task, byUserId);
    if (task.result) {
      const same =
        task.result.outcome === input.outcome &&
        task.result.findings === input.findings &&
        task.result.correctiveAction === input.correctiveAction;
      if (same) return doc;
      throw conflict('RESULT_ALREADY_RECORDED', '该抽查任务已登记结果');
    }
    const now = this.clock();
    return this.put(
      doc,
      index,
      { ...task, result: { ...input, byUserId, recordedAt: now } },
      {
        at: now,
        byUserId,
        action: 'result_recorded',
        taskNo,
        reason:
          input.outcome === 'conform'
            ? '符合'
            : `不符合：${input.findings}；整改：${input.correctiveAction}`,
      },
    );
  }

  figures(doc: SpotCheckDoc): SpotCheckFigures {
    const categories = doc.categories.map((c): CategoryFigures => {
      const tasks = doc.tasks.filter((t) => t.category === c.category);
      const checked = tasks.filter((t) => t.result).length;
      const nonConform = tasks.filter((t) => t.result?.outcome === 'non_conform').length;
      return {
        category: c.category,
        labelZh: c.labelZh,
        newCases: c.population,
        requiredRatePercent: c.ratePercent,
        sampled: tasks.length,
        achievedRatePercent:
          c.population === 0 ? null : oneDecimal((tasks.length * 100) / c.population),
        meetsRequiredRate: tasks.length * 100 >= c.population * c.ratePercent,
        assigned: tasks.filter((t) => t.checkerId).length,
        checked,
        conform: checked - nonConform,
        nonConform,
        unchecked: tasks.length - checked,
      };
    });
    const sum = (
      k: 'newCases' | 'sampled' | 'assigned' | 'checked' | 'conform' | 'nonConform' | 'unchecked',
    ) => categories.reduce((acc, c) => acc + c[k], 0);
    const newCases = sum('newCases');
    const sampled = sum('sampled');
    return {
      ruleId: 'R-AP-7',
      month: doc.month,
      drawnAt: new Date(doc.drawnAt).toISOString(),
      drawnBy: doc.drawnBy,
      categories,
      totals: {
        newCases,
        sampled,
        achievedRatePercent: newCases === 0 ? null : oneDecimal((sampled * 100) / newCases),
        meetsRequiredRate: categories.every((c) => c.meetsRequiredRate),
        assigned: sum('assigned'),
        checked: sum('checked'),
        conform: sum('conform'),
        nonConform: sum('nonConform'),
        unchecked: sum('unchecked'),
      },
    };
  }

  /** A checker never checks a case they handled, including steps done after the draw. */
  private async requireIndependent(task: SpotCheckTaskDoc, checkerId: string): Promise<void> {
    const handled = [...task.handledBy, ...(await this.store.reviewActors(task.reviewId))];
    if (handled.includes(checkerId)) {
      throw conflict('CHECKER_HANDLED_CASE', '抽查人员不能核查本人经办的案件');
    }
  }

  private async put(
    doc: SpotCheckDoc,
    index: number,
    task: SpotCheckTaskDoc,
    audit: SpotCheckAuditEntry,
  ): Promise<SpotCheckDoc> {
    if (!(await this.store.putTask(doc, index, task, audit))) {
      throw conflict('SPOT_CHECK_CHANGED', '该抽查已被他人更新，请刷新后重试');
    }
    return this.get(doc.month);
  }
}

function taskOf(doc: SpotCheckDoc, taskNo: number) {
  const index = doc.tasks.findIndex((t) => t.taskNo === taskNo);
  const task = doc.tasks[index];
  if (!task) throw notFound('SPOT_CHECK_TASK_NOT_FOUND', '未找到该抽查任务');
  return { index, task };
}

/** The month before the one `now` falls in (Asia/Shanghai). */
export function previousMonthOf(now: Date): string {
  return yearMonthOf(firstDayOfMonthOffset(now, -1));
}

/** Scheduled draw of last month (run with `every`, off unless an interval is configured); idempotent like the API. */
export class SpotCheckJob {
  constructor(
    private readonly service: SpotCheckService,
    private readonly checkerIds: readonly string[],
    private readonly clock: () => Date,
    private readonly logger: Logger,
  ) {}

  async runOnce(): Promise<{ month: string; created: boolean }> {
    const month = previousMonthOf(this.clock());
    const { created } = await this.service.draw(month, 'system:spot-check-job', this.checkerIds);
    if (created) this.logger.info({ month }, 'monthly spot-check sample drawn');
    return { month, created };
  }
}
