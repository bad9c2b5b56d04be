import type { ScopeQuery } from '../access';
import {
  addCalendarDays,
  deadlineNotice,
  endOfShanghaiDay,
  firstDayOfMonthOffset,
  isoWeekOf,
  parseIsoDate,
  startOfShanghaiDay,
  type DeadlineNotice,
  type WorkingDayCalendar,
} from '@jh/domain-calendar';
import { invalidInput } from '@jh/platform-errors';
import { excelCsv } from '@jh/platform-http';
import type { RoutingTable } from './routing';
import type { CaseDoc, PartDoc } from './case.model';
import type { CaseStore } from './case.store';
import { isOpen } from './part-deadlines';

export interface PartRow {
  caseId: string;
  applicationNumber: string;
  applicantName: string;
  /** The applicant's region (the case's, R-OV-2). */
  regionCode: string;
  partId: string;
  department: string;
  departmentName: string;
  status: PartDoc['status'];
  currentOwner: PartDoc['currentOwner'];
  reportDueAt: string;
  handlingDueAt: string;
  /** Clocks past due at `now` (overdue list) or in their at-risk window (at-risk list). */
  clocks: ('report' | 'handling')[];
  /** Earliest due date among those clocks. */
  dueAt: string;
  /** §10: whether the due dates were counted Monday–Friday only, and why. */
  deadlineNotice: DeadlineNotice;
  /** Levels the SLA monitor published, e.g. `report:coordinator`. */
  escalations: string[];
  /** 督办 so far (R-JH-4), oldest first. */
  supervisions: { action: string; note: string; clock: string; byUserId: string; at: string }[];
}

/** One ISO week × department of the SLA trend (R-JH-4). */
export interface TrendRow {
  week: string;
  department: string;
  departmentName: string;
  /** Report-back due in the week and decided (reported, or already past due). */
  due: number;
  reported: number;
  onTime: number;
  overdue: number;
  pending: number;
  onTimeRate: number | null;
}

export interface DepartmentRate {
  department: string;
  departmentName: string;
  /** Parts whose report-back date fell in the period and is decided (reported, or already past). */
  due: number;
  onTime: number;
  /** onTime / due, 4 decimals; null when nothing was due. */
  onTimeRate: number | null;
  /** Reported late or still unreported after the due date. */
  overdue: number;
  /** Due in the period but neither reported nor past due yet: not counted in the rate. */
  pending: number;
}

export interface WorstCase {
  caseId: string;
  applicationNumber: string;
  partId: string;
  department: string;
  departmentName: string;
  reportDueAt: string;
  reportedAt: string | null;
  lateWorkingDays: number;
}

export interface Bulletin {
  month: string;
  from: string;
  to: string;
  generatedAt: string;
  ranking: (DepartmentRate & { rank: number; maxLateWorkingDays: number })[];
  worstCases: WorstCase[];
}

const page = <T>(rows: T[], pageNo: number, pageSize: number) => ({
  items: rows.slice((pageNo - 1) * pageSize, pageNo * pageSize),
  total: rows.length,
  page: pageNo,
  pageSize,
});

function dateParam(path: string, value: string): string {
  try {
    return parseIsoDate(value);
  } catch {
    throw invalidInput([{ path, code: 'INVALID_DATE', message: '日期格式应为 YYYY-MM-DD' }]);
  }
}

/**
 * R-JH-4: overdue / at-risk lists, per-department on-time rates and the monthly 通报, each over
 * the cases of one region (the coordinator's, R-OV-2).
 */
export class Coordination {
  constructor(
    private readonly store: CaseStore,
    private readonly routing: RoutingTable,
    private readonly calendar: WorkingDayCalendar,
    private readonly clock: () => Date,
  ) {}

  private row(doc: CaseDoc, part: PartDoc, clocks: ('report' | 'handling')[]): PartRow {
    const due = clocks.map((c) => part[c].dueAt).sort((a, b) => a.getTime() - b.getTime())[0];
    return {
      caseId: doc._id,
      applicationNumber: doc.applicationNumber,
      applicantName: doc.applicantName,
      regionCode: doc.regionCode,
      partId: part.partId,
      department: part.department,
      departmentName: this.routing.nameOf(part.department),
      status: part.status,
      currentOwner: part.currentOwner,
      reportDueAt: part.report.dueAt.toISOString(),
      handlingDueAt: part.handling.dueAt.toISOString(),
      clocks,
      dueAt: (due ?? part.report.dueAt).toISOString(),
      deadlineNotice: deadlineNotice([part.report.dueAt, part.handling.dueAt], this.calendar),
      escalations: part.escalations,
      supervisions: (part.supervisions ?? []).map((s) => ({
        action: s.action,
        note: s.note,
        clock: s.clock,
        byUserId: s.byUserId,
        at: s.at.toISOString(),
      })),
    };
  }

  /** Only cases in `scope` (the coordinator's region, R-OV-2), filtered by the query itself. */
  async partsByRisk(
    kind: 'overdue' | 'at_risk',
    pageNo: number,
    pageSize: number,
    scope: ScopeQuery,
  ) {
    const now = this.clock();
    const rows: PartRow[] = [];
    for (const doc of await this.store.withOpenPartsAtRisk(now, scope)) {
      for (const part of doc.parts.filter(isOpen)) {
        const overdue = (['report', 'handling'] as const).filter((c) => part[c].dueAt < now);
        if (kind === 'overdue') {
          if (overdue.length > 0) rows.push(this.row(doc, part, overdue));
          continue;
        }
        const atRisk = (['report', 'handling'] as const).filter((c) => part[c].atRiskAt <= now);
        if (overdue.length === 0 && atRisk.length > 0) rows.push(this.row(doc, part, atRisk));
      }
    }
    rows.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.partId.localeCompare(b.partId));
    return page(rows, pageNo, pageSize);
  }

  async dueParts(from: Date, to: Date, scope: ScopeQuery) {
    const now = this.clock();
    const parts: { doc: CaseDoc; part: PartDoc; state: 'on_time' | 'late' | 'pending' }[] = [];
    for (const doc of await this.store.withReportDueBetween(from, to, scope)) {
      for (const part of doc.parts) {
        const dueAt = part.report.dueAt;
        if (part.status === 'cancelled' || dueAt < from || dueAt > to) continue;
        const reportedAt = part.result?.reportedAt;
        const state = reportedAt
          ? reportedAt <= dueAt
            ? 'on_time'
            : 'late'
          : dueAt < now
            ? 'late'
            : 'pending';
        parts.push({ doc, part, state });
      }
    }
    return parts;
  }

  private rates(parts: Awaited<ReturnType<Coordination['dueParts']>>): DepartmentRate[] {
    const byDept = new Map<string, DepartmentRate>();
    for (const { part, state } of parts) {
      const r = byDept.get(part.department) ?? {
        department: part.department,
        departmentName: this.routing.nameOf(part.department),
        due: 0,
        onTime: 0,
        onTimeRate: null,
        overdue: 0,
        pending: 0,
      };
      if (state === 'pending') r.pending++;
      else {
        r.due++;
        if (state === 'on_time') r.onTime++;
        else r.overdue++;
      }
      byDept.set(part.department, r);
    }
    return [...byDept.values()]
      .map((r) => ({
        ...r,
        onTimeRate: r.due === 0 ? null : Math.round((r.onTime / r.due) * 10000) / 10000,
      }))
      .sort((a, b) => a.department.localeCompare(b.department));
  }

  /** Parts reported on time / parts due in [from, to] (Shanghai dates, inclusive), per department. */
  async onTimeRate(fromDate: string, toDate: string, scope: ScopeQuery) {
    const from = dateParam('from', fromDate);
    const to = dateParam('to', toDate);
    if (to < from)
      throw invalidInput([{ path: 'to', code: 'RANGE_REVERSED', message: '结束日期早于开始日期' }]);
    const parts = await this.dueParts(startOfShanghaiDay(from), endOfShanghaiDay(to), scope);
    return { from, to, departments: this.rates(parts) };
  }

  /**
   * The on-time figures per ISO week (Asia/Shanghai, Monday–Sunday) of the report-back due date,
   * for the last `weeks` weeks up to the current one, per department (R-JH-4).
   */
  async trend(weeks: number, department: string | undefined, scope: ScopeQuery) {
    const current = isoWeekOf(this.clock());
    const firstMonday = addCalendarDays(current.monday, -7 * (weeks - 1));
    const all = Array.from({ length: weeks }, (_, i) =>
      isoWeekOf(addCalendarDays(firstMonday, 7 * i)),
    ).map((w) => ({ week: w.week, from: w.monday, to: w.sunday }));
    const parts = (
      await this.dueParts(startOfShanghaiDay(firstMonday), endOfShanghaiDay(current.sunday), scope)
    ).filter((p) => department === undefined || p.part.department === department);
    const byWeek = new Map<string, typeof parts>();
    for (const p of parts) {
      const week = isoWeekOf(p.part.report.dueAt).week;
      byWeek.set(week, [...(byWeek.get(week) ?? []), p]);
    }
    const items: TrendRow[] = all.flatMap(({ week }) =>
      this.rates(byWeek.get(week) ?? []).map(({ department: d, departmentName, ...r }) => ({
        week,
        department: d,
        departmentName,
        due: r.due,
        reported: (byWeek.get(week) ?? []).filter(
          (p) => p.part.department === d && p.part.result?.reportedAt,
        ).length,
        onTime: r.onTime,
        overdue: r.overdue,
        pending: r.pending,
        onTimeRate: r.onTimeRate,
      })),
    );
    return { weeks: all, items };
  }

  /** 通报 for a month: departments by on-time rate (best first), overdue counts, worst cases. */
  async bulletin(month: string, scope: ScopeQuery): Promise<Bulletin> {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month))
      throw invalidInput([
        { path: 'month', code: 'INVALID_MONTH', message: '月份格式应为 YYYY-MM' },
      ]);
    const from = parseIsoDate(`${month}-01`);
    const to = addCalendarDays(firstDayOfMonthOffset(from, 1), -1);
    const now = this.clock();
    const parts = await this.dueParts(startOfShanghaiDay(from), endOfShanghaiDay(to), scope);
    const late: WorstCase[] = parts
      .filter((p) => p.state === 'late')
      .map(({ doc, part }) => ({
        caseId: doc._id,
        applicationNumber: doc.applicationNumber,
        partId: part.partId,
        department: part.department,
        departmentName: this.routing.nameOf(part.department),
        reportDueAt: part.report.dueAt.toISOString(),
        reportedAt: part.result?.reportedAt.toISOString() ?? null,
        lateWorkingDays: this.calendar.workingDaysBetween(
          part.report.dueAt,
          part.result?.reportedAt ?? now,
        ).workingDays,
      }))
      .sort(
        (a, b) =>
          b.lateWorkingDays - a.lateWorkingDays ||
          a.reportDueAt.localeCompare(b.reportDueAt) ||
          a.partId.localeCompare(b.partId),
      );
    const ranking = this.rates(parts)
      .filter((r) => r.due > 0)
      .sort(
        (a, b) =>
          (b.onTimeRate ?? 0) - (a.onTimeRate ?? 0) ||
          a.overdue - b.overdue ||
          a.department.localeCompare(b.department),
      )
      .map((r, i) => ({
        ...r,
        rank: i + 1,
        maxLateWorkingDays: Math.max(
          0,
          ...late.filter((w) => w.department === r.department).map((w) => w.lateWorkingDays),
        ),
      }));
    return {
      month,
      from,
      to,
      generatedAt: now.toISOString(),
      ranking,
      worstCases: late.slice(0, 10),
    };
  }
}

/** The ranking as CSV with Chinese headers; UTF-8 with BOM so Excel detects the encoding. */
export function bulletinCsv(bulletin: Bulletin): string {
  const header = [
    '排名',
    '部门代码',
    '部门',
    '应反馈件数',
    '按时反馈件数',
    '按时率',
    '逾期件数',
    '最长逾期（工作日）',
  ];
  const rows = bulletin.ranking.map((r) => [
    r.rank,
    r.department,
    r.departmentName,
    r.due,
    r.onTime,
    r.onTimeRate === null ? '' : `${(r.onTimeRate * 100).toFixed(1)}%`,
    r.overdue,
    r.maxLateWorkingDays,
  ]);
  return excelCsv([header, ...rows]);
}
