import { officialCalendar } from './working-day-calendar';

// ADR 0003: the start date never counts; day 1 is the first working day after it; due 23:59:59.999 Shanghai.
describe('DOMAIN §10 / ADR 0003 meaning of "within N working days"', () => {
  const adrTable: [string, string, string][] = [
    ['2025-03-04T10:00:00+08:00', '2025-03-05', '2025-03-07'],
    ['2025-03-07T15:00:00+08:00', '2025-03-10', '2025-03-12'],
    ['2025-03-08T12:00:00+08:00', '2025-03-10', '2025-03-12'],
    ['2025-03-09T12:00:00+08:00', '2025-03-10', '2025-03-12'],
    ['2025-01-30T12:00:00+08:00', '2025-02-05', '2025-02-07'],
    ['2025-01-25T12:00:00+08:00', '2025-01-26', '2025-02-05'],
  ];
  it.each(adrTable)(
    '§10 the ADR 0003 table: start %s → 1 working day %s, 3 working days %s',
    (start, one, three) => {
      expect(officialCalendar.addWorkingDays(new Date(start), 1).dueDate).toBe(one);
      expect(officialCalendar.addWorkingDays(new Date(start), 3).dueDate).toBe(three);
    },
  );

  it('§10 R-JH-3 a start during a working day: 1 working day from Tuesday 10:00 is due Wednesday 23:59:59.999 Shanghai', () => {
    const due = officialCalendar.addWorkingDays(new Date('2025-03-04T02:00:00Z'), 1);
    expect(due.start).toBe('2025-03-04');
    expect(due.dueDate).toBe('2025-03-05');
    expect(due.dueAt.toISOString()).toBe('2025-03-05T15:59:59.999Z');
    expect(due.assumedWeekdaysOnly).toBe(false);
    expect(due.yearsWithoutData).toEqual([]);
  });

  it('§10 a start on a weekend counts from the next working day: Friday, Saturday and Sunday starts share a due date', () => {
    const due = (d: string): string => officialCalendar.addWorkingDays(d, 3).dueDate;
    expect([due('2025-03-07'), due('2025-03-08'), due('2025-03-09')]).toEqual([
      '2025-03-12',
      '2025-03-12',
      '2025-03-12',
    ]);
  });

  it('§10 a start inside a holiday counts from the first working day after it (春节 2025)', () => {
    expect(officialCalendar.addWorkingDays('2025-01-30', 1).dueDate).toBe('2025-02-05');
  });

  it('§10 a make-up working day (调休上班, Sunday 2025-01-26) counts as a working day', () => {
    expect(officialCalendar.addWorkingDays('2025-01-25', 1).dueDate).toBe('2025-01-26');
    expect(officialCalendar.describeDay('2025-01-26')).toMatchObject({
      working: true,
      kind: 'make_up_working_day',
      name: '春节',
      weekday: 7,
    });
  });

  it('§10 R-AP-2 20 working days from acceptance across 国庆节、中秋节 2025', () => {
    // 2025-09-26 (Fri): 09-28 (Sun, make-up) is day 1, 29, 30, then the 8-day closure; 10-11 (Sat, make-up) counts.
    expect(officialCalendar.addWorkingDays('2025-09-26', 20).dueDate).toBe('2025-10-30');
  });

  it('§10 n = 0 is the start date itself (the start day is never counted, so nothing is added)', () => {
    expect(officialCalendar.addWorkingDays('2025-10-01', 0)).toMatchObject({
      dueDate: '2025-10-01',
      workingDays: 0,
    });
  });

  it('§10 a long closure widens the search: from the 2026 调休 Saturday 02-14 the next working day is 02-24', () => {
    expect(officialCalendar.nextWorkingDay('2026-02-14').dueDate).toBe('2026-02-24');
    expect(officialCalendar.workingDaysBetween('2026-02-14', '2026-02-24').workingDays).toBe(1);
  });

  it('§10 workingDaysBetween counts (from, to]: zero for the same day, negative backwards', () => {
    expect(officialCalendar.workingDaysBetween('2025-03-03', '2025-03-03').workingDays).toBe(0);
    expect(officialCalendar.workingDaysBetween('2025-03-03', '2025-03-10').workingDays).toBe(5);
    expect(officialCalendar.workingDaysBetween('2025-03-10', '2025-03-03').workingDays).toBe(-5);
  });

  it('§10 describeDay names the holiday and its State Council notice', () => {
    const day = officialCalendar.describeDay('2026-02-17');
    expect(day).toMatchObject({
      date: '2026-02-17',
      weekday: 2,
      working: false,
      kind: 'holiday',
      name: '春节',
      assumedWeekdaysOnly: false,
    });
    expect(day.source?.documentNumber).toBe('国办发明电〔2025〕7号');
    expect(officialCalendar.describeDay('2025-03-08')).toEqual({
      date: '2025-03-08',
      weekday: 6,
      working: false,
      kind: 'weekend',
      assumedWeekdaysOnly: false,
    });
    expect(officialCalendar.describeDay('2025-03-07')).toMatchObject({
      working: true,
      kind: 'workday',
    });
  });

  it('§10 adjustmentsBetween lists only days that differ from Monday–Friday (weekend holiday days are not listed)', () => {
    const days = officialCalendar
      .adjustmentsBetween('2025-04-26', '2025-05-06')
      .map((d) => `${d.date}:${d.kind}`);
    expect(days).toEqual([
      '2025-04-27:make_up_working_day',
      '2025-05-01:holiday',
      '2025-05-02:holiday',
      '2025-05-05:holiday',
    ]);
  });

  it('§10 rejects negative or fractional n and malformed dates', () => {
    expect(() => officialCalendar.addWorkingDays('2025-03-03', -1)).toThrow('n must be ≥ 0');
    expect(() => officialCalendar.addWorkingDays('2025-03-03', 1.5)).toThrow(
      'n must be an integer',
    );
    expect(() => officialCalendar.isWorkingDay('2025-02-30')).toThrow('No such date');
    expect(() => officialCalendar.isWorkingDay('2025/03/03')).toThrow('Not a YYYY-MM-DD date');
    expect(() => officialCalendar.isWorkingDay(new Date('nope'))).toThrow('Invalid Date');
  });
});
