import { isWorkday } from 'chinese-days';
import { addCalendarDays, parseIsoDate, shanghaiDateOf, type IsoDate } from './shanghai-time';
import { officialCalendar } from './working-day-calendar';

// Independent oracle: the chinese-days package, walked one day at a time.
const FIRST = parseIsoDate('2025-01-01');
const LAST = parseIsoDate('2026-12-31');

function daysFrom(first: IsoDate, last: IsoDate): IsoDate[] {
  const days: IsoDate[] = [];
  for (let d = first; d <= last; d = addCalendarDays(d, 1)) days.push(d);
  return days;
}

const allDays = daysFrom(FIRST, LAST);
// Oracle window runs past 2026 so offsets from late December stay comparable (both fall back to Mon–Fri).
const oracleWorking = new Set(
  daysFrom(FIRST, parseIsoDate('2027-06-30')).filter((d) => isWorkday(d)),
);

function naiveAdd(start: IsoDate, n: number): IsoDate {
  let day = start;
  for (let counted = 0; counted < n;) {
    day = addCalendarDays(day, 1);
    if (oracleWorking.has(day)) counted++;
  }
  return day;
}

function naiveBetween(from: IsoDate, to: IsoDate): number {
  let count = 0;
  for (let d = addCalendarDays(from, 1); d <= to; d = addCalendarDays(d, 1))
    if (oracleWorking.has(d)) count++;
  return count;
}

describe('DOMAIN §10 official calendar cross-checked against chinese-days (2025–2026)', () => {
  it('§10 isWorkingDay agrees with chinese-days on every day of 2025 and 2026', () => {
    expect(allDays).toHaveLength(730);
    const disagreements = allDays.filter(
      (d) => officialCalendar.isWorkingDay(d) !== oracleWorking.has(d),
    );
    expect(disagreements).toEqual([]);
  });

  it('§10 counts 248 working days in each of 2025 and 2026 (261 weekdays − 13 statutory days off), as the oracle does', () => {
    const y2025 = officialCalendar.workingDaysBetween('2024-12-31', '2025-12-31').workingDays;
    const y2026 = officialCalendar.workingDaysBetween('2025-12-31', '2026-12-31').workingDays;
    expect([y2025, y2026]).toEqual([248, 248]);
    expect(y2025).toBe(naiveBetween(parseIsoDate('2024-12-31'), parseIsoDate('2025-12-31')));
    expect(y2026).toBe(naiveBetween(parseIsoDate('2025-12-31'), parseIsoDate('2026-12-31')));
  });

  const offsets = [0, 1, 2, 3, 5, 7, 10, 15, 20, 30];
  it(`§10 R-AP-2 R-AP-4 R-JH-3 addWorkingDays matches a day-by-day oracle loop for every start in 2025–2026 × ${offsets.length} offsets`, () => {
    const mismatches: string[] = [];
    let checked = 0;
    for (const start of allDays) {
      for (const n of offsets) {
        const ours = officialCalendar.addWorkingDays(start, n).dueDate;
        const oracle = naiveAdd(start, n);
        checked++;
        if (ours !== oracle) mismatches.push(`${start}+${n}: ${ours} ≠ ${oracle}`);
      }
    }
    expect(checked).toBe(7300);
    expect(mismatches).toEqual([]);
  });

  it('§10 workingDaysBetween matches the oracle for 500 pseudo-random pairs and inverts addWorkingDays', () => {
    let seed = 20250101;
    const next = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % allDays.length;
    };
    for (let i = 0; i < 500; i++) {
      const a = allDays[next()] as IsoDate;
      const b = allDays[next()] as IsoDate;
      const [from, to] = a <= b ? [a, b] : [b, a];
      const count = officialCalendar.workingDaysBetween(from, to).workingDays;
      expect(count).toBe(naiveBetween(from, to));
      expect(officialCalendar.workingDaysBetween(to, from).workingDays + count).toBe(0);
      if (count > 0) expect(officialCalendar.addWorkingDays(from, count).dueDate <= to).toBe(true);
    }
  });

  it('§10 nextWorkingDay matches the oracle for every day of 2025–2026', () => {
    for (const d of allDays)
      expect(officialCalendar.nextWorkingDay(d).dueDate).toBe(naiveAdd(d, 1));
  });

  it('§10 instants are read in Asia/Shanghai whatever the host time zone (16:00Z is already the next day)', () => {
    // 2025-01-27T16:30Z is 2025-01-28 00:30 in Shanghai: 除夕, a holiday.
    const instant = new Date('2025-01-27T16:30:00Z');
    expect(shanghaiDateOf(instant)).toBe('2025-01-28');
    expect(officialCalendar.isWorkingDay(instant)).toBe(false);
    expect(officialCalendar.isWorkingDay(new Date('2025-01-27T15:59:59.999Z'))).toBe(true);
  });
});
