import {
  createWorkingDayCalendar,
  type CalendarData,
  type CalendarYear,
  type WorkingDayCalendar,
} from '@jh/domain-calendar';

/**
 * The service's working-day calendar: the bundled official data plus the years an administrator
 * loaded (a loaded year replaces a bundled one of the same number). Every feature holds this one
 * object; `use` swaps what it answers with, so new computations see a new year at once.
 */
export class LiveCalendar implements WorkingDayCalendar {
  private current: WorkingDayCalendar;
  private loaded: readonly CalendarYear[] = [];

  constructor(private readonly bundled: CalendarData) {
    this.current = createWorkingDayCalendar({ data: bundled });
  }

  /** A calendar of the bundled data with `years` on top (pure; the domain validates them). */
  compose(years: readonly CalendarYear[]): WorkingDayCalendar {
    return createWorkingDayCalendar({ data: this.bundled, overrides: { years: [...years] } });
  }

  use(years: readonly CalendarYear[]): void {
    this.current = this.compose(years);
    this.loaded = [...years].sort((a, b) => a.year - b.year);
  }

  loadedYears(): readonly CalendarYear[] {
    return this.loaded;
  }

  bundledYears(): number[] {
    return this.bundled.years.map((y) => y.year).sort((a, b) => a - b);
  }

  isWorkingDay: WorkingDayCalendar['isWorkingDay'] = (day) => this.current.isWorkingDay(day);
  describeDay: WorkingDayCalendar['describeDay'] = (day) => this.current.describeDay(day);
  nextWorkingDay: WorkingDayCalendar['nextWorkingDay'] = (day) => this.current.nextWorkingDay(day);
  addWorkingDays: WorkingDayCalendar['addWorkingDays'] = (start, n) =>
    this.current.addWorkingDays(start, n);
  workingDaysBetween: WorkingDayCalendar['workingDaysBetween'] = (from, to) =>
    this.current.workingDaysBetween(from, to);
  adjustmentsBetween: WorkingDayCalendar['adjustmentsBetween'] = (from, to) =>
    this.current.adjustmentsBetween(from, to);
  yearsWithData: WorkingDayCalendar['yearsWithData'] = () => this.current.yearsWithData();
  findYearSource: WorkingDayCalendar['findYearSource'] = (year) =>
    this.current.findYearSource(year);
}
