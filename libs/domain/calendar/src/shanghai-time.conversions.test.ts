import {
  addCalendarDays,
  calendarDaysBetween,
  dayOfSameMonth,
  endOfShanghaiDay,
  firstDayOfMonthOffset,
  isoWeekday,
  parseIsoDate,
  shanghaiDateOf,
  startOfShanghaiDay,
  yearMonthOf,
} from './shanghai-time';

describe('DOMAIN §10 Asia/Shanghai civil dates with a fixed UTC+8 offset', () => {
  it('§10 day boundaries are 16:00Z of the previous UTC day', () => {
    expect(startOfShanghaiDay('2025-01-01').toISOString()).toBe('2024-12-31T16:00:00.000Z');
    expect(endOfShanghaiDay(new Date('2025-01-01T03:00:00Z')).toISOString()).toBe(
      '2025-01-01T15:59:59.999Z',
    );
    expect(shanghaiDateOf(new Date('2024-12-31T16:00:00Z'))).toBe('2025-01-01');
  });

  it('§10 ISO weekdays are computed from the date, not from the host clock', () => {
    expect([isoWeekday('2025-01-01'), isoWeekday('2025-01-05'), isoWeekday('1969-12-29')]).toEqual([
      3, 7, 1,
    ]);
  });

  it('§10 calendar-day arithmetic, months and month days', () => {
    expect(addCalendarDays('2025-02-27', 2)).toBe('2025-03-01');
    expect(calendarDaysBetween('2025-03-01', '2025-02-27')).toBe(-2);
    expect(yearMonthOf('2025-12-31')).toBe('2025-12');
    expect(firstDayOfMonthOffset('2025-12-31', 1)).toBe('2026-01-01');
    expect(firstDayOfMonthOffset('2025-01-31', -1)).toBe('2024-12-01');
    expect(dayOfSameMonth('2025-02-03', 10)).toBe('2025-02-10');
    expect(() => dayOfSameMonth('2025-02-03', 30)).toThrow('No such date');
    expect(() => addCalendarDays('2025-02-03', 0.5)).toThrow('days must be an integer');
    expect(parseIsoDate('2024-02-29')).toBe('2024-02-29');
  });
});
