import {
  CalendarInputError,
  explainDueDate,
  shanghaiDateOf,
  type CalendarYear,
  type WorkingDayCalendar,
} from '@jh/domain-calendar';
import type { Model } from 'mongoose';
import type { Connection } from 'mongoose';
import { invalidInput } from '@jh/platform-errors';
import type { ScopeQuery } from '../access';
import type { CaseStore } from '../case/case.store';
import { isOpen } from '../case/part-deadlines';
import { loadedYears, type CalendarYearDoc } from './calendar.model';
import { parseCalendarYear } from './calendar.input';
import type { LiveCalendar } from './live-calendar';

export interface Move {
  caseId: string;
  partId: string;
  department: string;
  clock: 'report' | 'handling';
  before: string;
  after: string;
}

const yearOf = (at: Date) => Number(shanghaiDateOf(at).slice(0, 4));

/**
 * Holiday data at run time (ADR 0003): which years deadlines need but no data has, what a year's
 * notice would move, loading it, and "why this date" for any start and length.
 */
export class CalendarAdmin {
  constructor(
    private readonly live: LiveCalendar,
    private readonly years: Model<CalendarYearDoc>,
    private readonly cases: CaseStore,
    private readonly mongo: Connection,
    private readonly clock: () => Date,
  ) {}

  /** Reads the loaded years again (another instance may have loaded one). */
  async refresh(): Promise<void> {
    this.live.use(await loadedYears(this.years));
  }

  /** Open deadlines: both clocks of open parts, and outstanding 急难 paperwork of reviews. */
  private async openDeadlines(): Promise<Date[]> {
    const parts = (await this.cases.withOpenParts({}))
      .flatMap((doc) => doc.parts.filter(isOpen))
      .flatMap((p) => [p.report.dueAt, p.handling.dueAt]);
    const reviews = await this.mongo
      .collection<{ paperwork?: { dueAt?: Date } }>('reviews')
      .find({ 'paperwork.status': 'outstanding' }, { projection: { 'paperwork.dueAt': 1 } })
      .toArray();
    return [...parts, ...reviews.flatMap((r) => (r.paperwork?.dueAt ? [r.paperwork.dueAt] : []))];
  }

  async status() {
    const withData = new Set(this.live.yearsWithData());
    const inMissing = (await this.openDeadlines()).filter((d) => !withData.has(yearOf(d)));
    const missingYears = [...new Set(inMissing.map(yearOf))].sort((a, b) => a - b);
    return {
      loadedYears: this.live.loadedYears().map((y) => y.year),
      bundledYears: this.live.bundledYears(),
      missingYears,
      openDeadlinesInMissingYears: inMissing.length,
      checkedAt: this.clock().toISOString(),
    };
  }

  /** The open parts in `scope` whose due dates `candidate` would change. */
  private async moves(candidate: WorkingDayCalendar, scope: ScopeQuery): Promise<Move[]> {
    const moves: Move[] = [];
    for (const doc of await this.cases.withOpenParts(scope)) {
      for (const part of doc.parts.filter(isOpen)) {
        const days = { report: 1, handling: part.handlingWorkingDays } as const;
        for (const clock of ['report', 'handling'] as const) {
          const after = candidate.addWorkingDays(part.dispatchedAt, days[clock]).dueAt;
          const before = part[clock].dueAt;
          if (after.getTime() === before.getTime()) continue;
          moves.push({
            caseId: doc._id,
            partId: part.partId,
            department: part.department,
            clock,
            before: before.toISOString(),
            after: after.toISOString(),
          });
        }
      }
    }
    return moves.sort(
      (a, b) =>
        a.before.localeCompare(b.before) ||
        a.partId.localeCompare(b.partId) ||
        a.clock.localeCompare(b.clock),
    );
  }

  private withYear(year: CalendarYear): CalendarYear[] {
    return [...this.live.loadedYears().filter((y) => y.year !== year.year), year];
  }

  /** What loading `input` would move; nothing is stored. */
  async preview(input: unknown, scope: ScopeQuery) {
    const year = parseCalendarYear(input);
    const candidate = this.live.compose(this.withYear(year));
    return { year: year.year, moves: await this.moves(candidate, scope) };
  }

  /**
   * Stores the year (replacing one loaded before) and uses it for new computations at once. Parts
   * already dispatched keep their due dates: departments hold copies of them (PartDispatched).
   */
  async load(yearParam: number, input: unknown, byUserId: string, scope: ScopeQuery) {
    const year = parseCalendarYear(input);
    if (year.year !== yearParam)
      throw invalidInput([
        { path: 'year', code: 'YEAR_MISMATCH', message: `数据年份与地址中的 ${yearParam} 不一致` },
      ]);
    const all = this.withYear(year);
    const candidate = this.live.compose(all);
    const moves = await this.moves(candidate, scope);
    await this.years
      .replaceOne(
        { _id: year.year },
        { _id: year.year, data: year, loadedBy: byUserId, loadedAt: this.clock() },
        { upsert: true },
      )
      .exec();
    this.live.use(all);
    return { year: year.year, loadedYears: all.map((y) => y.year).sort(), moves };
  }

  explain(from: string, workingDays: number) {
    const start = /^\d{4}-\d{2}-\d{2}$/.test(from) ? from : new Date(from);
    try {
      return explainDueDate(this.live, start, workingDays);
    } catch (e) {
      if (!(e instanceof CalendarInputError)) throw e;
      throw invalidInput([
        { path: 'from', code: 'INVALID_DATE', message: '起算时间应为 YYYY-MM-DD 日期或 ISO 时间' },
      ]);
    }
  }
}
