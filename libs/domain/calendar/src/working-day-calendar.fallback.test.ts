import { officialCalendar } from './working-day-calendar';

describe('DOMAIN §10 years without official data fall back to Monday–Friday and say so', () => {
  it('§10 a 2027 date is judged Monday–Friday and flagged assumedWeekdaysOnly', () => {
    expect(officialCalendar.describeDay('2027-01-01')).toMatchObject({
      working: true,
      kind: 'workday',
      assumedWeekdaysOnly: true,
    });
    expect(officialCalendar.describeDay('2027-01-02')).toMatchObject({
      working: false,
      kind: 'weekend',
      assumedWeekdaysOnly: true,
    });
  });

  it('§10 a due date that runs into 2027 carries the flag and names the missing year', () => {
    const due = officialCalendar.addWorkingDays('2026-12-24', 20);
    expect(due).toMatchObject({ assumedWeekdaysOnly: true, yearsWithoutData: [2027] });
    expect(officialCalendar.addWorkingDays('2026-12-01', 5)).toMatchObject({
      assumedWeekdaysOnly: false,
      yearsWithoutData: [],
    });
  });

  it('§10 the start day is outside the counted window, so a start on 2024-12-31 is not flagged for 2024', () => {
    expect(officialCalendar.addWorkingDays('2024-12-31', 1)).toMatchObject({
      dueDate: '2025-01-02',
      assumedWeekdaysOnly: false,
    });
    expect(officialCalendar.addWorkingDays('2024-12-31', 0)).toMatchObject({
      assumedWeekdaysOnly: true,
      yearsWithoutData: [2024],
    });
  });

  it('§10 workingDaysBetween flags every year without data in the window, in either direction', () => {
    expect(officialCalendar.workingDaysBetween('2027-03-01', '2024-06-01')).toMatchObject({
      assumedWeekdaysOnly: true,
      yearsWithoutData: [2024, 2027],
    });
    expect(officialCalendar.workingDaysBetween('2025-06-01', '2025-06-01')).toMatchObject({
      assumedWeekdaysOnly: false,
      yearsWithoutData: [],
    });
  });

  it('§10 the calendar reports which years it has data for and their notices', () => {
    expect(officialCalendar.yearsWithData()).toEqual([2025, 2026]);
    expect(officialCalendar.findYearSource(2025)?.documentNumber).toBe('国办发明电〔2024〕12号');
    expect(officialCalendar.findYearSource(2027)).toBeUndefined();
  });
});
