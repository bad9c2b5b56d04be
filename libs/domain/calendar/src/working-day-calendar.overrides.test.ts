import {
  type CalendarYear,
  CalendarDataError,
  officialCalendarData,
  parseCalendarData,
  parseCalendarOverrides,
} from './calendar-data';
import { createWorkingDayCalendar } from './working-day-calendar';

const year2027: CalendarYear = {
  year: 2027,
  source: { title: '本地测试数据（非官方）', note: 'test fixture' },
  holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03' }],
  makeUpWorkingDays: [{ date: '2027-01-09', name: '元旦' }],
};

describe('DOMAIN §10 local overrides without code changes', () => {
  it('§10 an extra local closure stops the clock on that day and is explained by name', () => {
    const cal = createWorkingDayCalendar({
      overrides: { extraClosures: [{ date: '2025-03-05', name: '台风停止办公' }] },
    });
    expect(cal.isWorkingDay('2025-03-05')).toBe(false);
    expect(cal.describeDay('2025-03-05')).toMatchObject({
      kind: 'local_closure',
      name: '台风停止办公',
      assumedWeekdaysOnly: false,
    });
    expect(cal.describeDay('2025-03-05').source).toBeUndefined();
    expect(cal.addWorkingDays('2025-03-04', 1).dueDate).toBe('2025-03-06');
  });

  it('§10 an extra local working day on a weekend or official holiday counts, and wins over the official entry', () => {
    const cal = createWorkingDayCalendar({
      overrides: {
        extraWorkingDays: [
          { date: '2025-03-08', name: '集中办理日' },
          { date: '2025-10-03', name: '假期值班受理' },
        ],
      },
    });
    expect(cal.addWorkingDays('2025-03-07', 1).dueDate).toBe('2025-03-08');
    expect(cal.describeDay('2025-10-03')).toMatchObject({
      working: true,
      kind: 'local_working_day',
    });
  });

  it('§10 a whole extra year from an override file replaces the fallback for that year', () => {
    const cal = createWorkingDayCalendar({ overrides: { years: [year2027] } });
    expect(cal.yearsWithData()).toEqual([2025, 2026, 2027]);
    expect(cal.describeDay('2027-01-01')).toMatchObject({
      working: false,
      kind: 'holiday',
      assumedWeekdaysOnly: false,
    });
    expect(cal.isWorkingDay('2027-01-09')).toBe(true);
    expect(cal.addWorkingDays('2026-12-31', 1)).toMatchObject({
      dueDate: '2027-01-04',
      assumedWeekdaysOnly: false,
    });
  });

  it('§10 an override year replaces the official year of the same number', () => {
    const cal = createWorkingDayCalendar({
      overrides: { years: [{ ...year2027, year: 2025, holidays: [], makeUpWorkingDays: [] }] },
    });
    expect(cal.isWorkingDay('2025-10-01')).toBe(true);
    expect(cal.findYearSource(2025)?.title).toBe('本地测试数据（非官方）');
  });

  it('§10 custom base data can be supplied instead of the bundled file', () => {
    const cal = createWorkingDayCalendar({ data: { years: [year2027] } });
    expect(cal.yearsWithData()).toEqual([2027]);
    expect(cal.describeDay('2025-10-01')).toMatchObject({
      working: true,
      assumedWeekdaysOnly: true,
    });
  });
});

describe('DOMAIN §10 calendar data validation (the app reads files; the lib validates them)', () => {
  it('§10 the bundled data is valid and records the notice for each year', () => {
    expect(
      parseCalendarData(officialCalendarData).years.map((y) => [y.year, y.source.documentNumber]),
    ).toEqual([
      [2025, '国办发明电〔2024〕12号'],
      [2026, '国办发明电〔2025〕7号'],
    ]);
  });

  it('§10 2025 carries the extra statutory days: 春节 8 days and 劳动节 5 days', () => {
    const y2025 = officialCalendarData.years.find((y) => y.year === 2025);
    expect(y2025?.holidays.find((h) => h.name === '春节')).toEqual({
      name: '春节',
      from: '2025-01-28',
      to: '2025-02-04',
    });
    expect(y2025?.holidays.find((h) => h.name === '劳动节')).toEqual({
      name: '劳动节',
      from: '2025-05-01',
      to: '2025-05-05',
    });
  });

  const invalidData: [string, unknown, string][] = [
    [
      'an impossible date',
      {
        years: [
          { ...year2027, holidays: [{ name: '元旦', from: '2027-02-30', to: '2027-03-01' }] },
        ],
      },
      'expected a real date',
    ],
    [
      'a period ending before it starts',
      {
        years: [
          { ...year2027, holidays: [{ name: '元旦', from: '2027-01-03', to: '2027-01-01' }] },
        ],
      },
      'ends before it starts',
    ],
    [
      'a date outside its year',
      { years: [{ ...year2027, makeUpWorkingDays: [{ date: '2026-12-27', name: '元旦' }] }] },
      'is not in year 2027',
    ],
    [
      'a make-up day inside a holiday',
      { years: [{ ...year2027, makeUpWorkingDays: [{ date: '2027-01-02', name: '元旦' }] }] },
      'both a holiday and a make-up working day',
    ],
    ['a duplicated year', { years: [year2027, year2027] }, 'year 2027 appears twice'],
    ['an unknown key', { years: [], holidays: [] }, 'Unrecognized key'],
  ];
  it.each(invalidData)('§10 rejects calendar data with %s', (_label, input, message) => {
    expect(() => parseCalendarData(input)).toThrow(CalendarDataError);
    expect(() => parseCalendarData(input)).toThrow(message);
  });

  it('§10 rejects overrides that declare a day both closed and working, or repeat a year', () => {
    const both = {
      extraClosures: [{ date: '2025-03-05', name: 'a' }],
      extraWorkingDays: [{ date: '2025-03-05', name: 'b' }],
    };
    expect(() => parseCalendarOverrides(both)).toThrow('both a closure and a working day');
    expect(() => createWorkingDayCalendar({ overrides: { years: [year2027, year2027] } })).toThrow(
      'appears twice',
    );
    expect(parseCalendarOverrides({})).toEqual({});
  });
});
