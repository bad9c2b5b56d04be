// Benchmark, not a test: addWorkingDays(start, 20) of @jh/domain-calendar against a naive
// day-by-day loop over the same official data, measured in the same process.
// Run: npm run bench:calendar. The last line of output is one JSON object with the figures.
import { officialCalendar, type WorkingDayDue } from '@jh/domain-calendar';

const N = 20;
const ROUNDS = 5;
const ROUND_MS = 400;
const MS_PER_DAY = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

// Starts: every day of 2025–2026 at 10:00 Shanghai, so both holiday-heavy and plain weeks count.
const starts: Date[] = Array.from({ length: 730 }, (_, i) => new Date(Date.UTC(2025, 0, 1 + i, 2)));

// The naive loop gets the same data, as a map of epoch day → working, built through the public API.
const exceptions = new Map<number, boolean>(
  officialCalendar
    .adjustmentsBetween('2025-01-01', '2026-12-31')
    .map((d) => [Date.parse(`${d.date}T00:00:00Z`) / MS_PER_DAY, d.working]),
);
const yearsWithData = new Set(officialCalendar.yearsWithData());

function naiveAddWorkingDays(start: Date, n: number): WorkingDayDue {
  const startDay = Math.floor((start.getTime() + SHANGHAI_OFFSET_MS) / MS_PER_DAY);
  let day = startDay;
  for (let counted = 0; counted < n;) {
    day++;
    const weekday = ((((day + 3) % 7) + 7) % 7) + 1;
    if (exceptions.get(day) ?? weekday <= 5) counted++;
  }
  const iso = (d: number): string => new Date(d * MS_PER_DAY).toISOString().slice(0, 10);
  const missing = [
    ...new Set([startDay + 1, day].map((d) => new Date(d * MS_PER_DAY).getUTCFullYear())),
  ].filter((y) => !yearsWithData.has(y));
  return {
    start: iso(startDay) as WorkingDayDue['start'],
    workingDays: n,
    dueDate: iso(day) as WorkingDayDue['dueDate'],
    dueAt: new Date((day + 1) * MS_PER_DAY - SHANGHAI_OFFSET_MS - 1),
    assumedWeekdaysOnly: missing.length > 0,
    yearsWithoutData: missing,
  };
}

type Impl = (start: Date, n: number) => WorkingDayDue;
const ours: Impl = (start, n) => officialCalendar.addWorkingDays(start, n);

// Both must agree before their speed means anything.
const disagreements = starts.filter(
  (s) => ours(s, N).dueDate !== naiveAddWorkingDays(s, N).dueDate,
);
if (disagreements.length > 0) {
  console.error(`implementations disagree on ${disagreements.length} starts`);
  process.exit(1);
}

let sink = 0;
function opsPerSecond(impl: Impl): number {
  let ops = 0;
  const begin = performance.now();
  let elapsed = 0;
  while (elapsed < ROUND_MS) {
    for (const s of starts) sink += impl(s, N).dueAt.getTime() & 1;
    ops += starts.length;
    elapsed = performance.now() - begin;
  }
  return (ops * 1000) / elapsed;
}

// Warm up both, then alternate rounds so neither benefits from running last; keep each best round.
opsPerSecond(ours);
opsPerSecond(naiveAddWorkingDays);
let best = { ours: 0, naive: 0 };
for (let r = 0; r < ROUNDS; r++) {
  best = {
    ours: Math.max(best.ours, opsPerSecond(ours)),
    naive: Math.max(best.naive, opsPerSecond(naiveAddWorkingDays)),
  };
}

const ratio = best.ours / best.naive;
const fmt = (x: number): string => Math.round(x).toLocaleString('en-US');
console.log(
  `addWorkingDays(start, ${N}) over ${starts.length} starts (2025–2026), best of ${ROUNDS} × ${ROUND_MS} ms rounds`,
);
console.log(`  @jh/domain-calendar : ${fmt(best.ours)} ops/s`);
console.log(`  naive day-by-day    : ${fmt(best.naive)} ops/s`);
console.log(`  ratio (ours/naive)  : ${ratio.toFixed(2)}×   (checksum ${sink & 1})`);
console.log(
  JSON.stringify({
    benchmark: 'addWorkingDays',
    workingDays: N,
    starts: starts.length,
    oursOpsPerSec: Math.round(best.ours),
    naiveOpsPerSec: Math.round(best.naive),
    ratio: Number(ratio.toFixed(2)),
    node: process.version,
  }),
);
