import { waitFor } from '@jh/platform-testing';
import { startHarness, type Harness, clientFor, seedReviews } from '../test-harness';

jest.setTimeout(60000);

let h: Harness;
let api: Awaited<ReturnType<typeof clientFor>>;

beforeAll(async () => {
  // Timer on, rates and checkers from configuration.
  h = await startHarness('oversight-spot-timer', {
    SPOT_CHECK_DRAW_INTERVAL_MS: '100',
    SPOT_CHECK_CHECKER_IDS: 'chk-x, chk-y',
    SPOT_CHECK_SUBSISTENCE_RATE_PERCENT: '50',
    SPOT_CHECK_TEMPORARY_RATE_PERCENT: '34',
  });
  api = await clientFor(h);
});
afterAll(async () => {
  await h?.stop();
});

const drawnMonth = (month: string) =>
  waitFor(
    async () => {
      const res = await api.get(`/oversight/spot-checks/${month}`, 'county');
      return res.status === 200 ? res.body : undefined;
    },
    { what: `scheduled draw of ${month}` },
  );

describe('R-AP-7 scheduled monthly draw (configured rates and checkers)', () => {
  it('R-AP-7 the timer draws last month once, at the configured rates rounded up, round-robin to the configured checkers', async () => {
    // The harness clock is in November 2026: the timer draws October (no new cases) at once.
    const october = await drawnMonth('2026-10');
    expect(october.drawnBy).toBe('system:spot-check-job');
    expect(october.totals.newCases).toBe(0);

    const inNov = new Date('2026-11-10T02:00:00Z');
    await seedReviews(h, [
      ...[1, 2, 3, 4, 5].map((i) => ({ id: `s${i}:dibao`, item: 'dibao', openedAt: inNov })),
      ...[1, 2, 3, 4].map((i) => ({ id: `t${i}:temporary`, item: 'temporary', openedAt: inNov })),
    ]);
    h.clock.now = new Date('2026-12-01T01:00:00Z'); // 09:00 on 1 Dec in Shanghai
    const november = await drawnMonth('2026-11');
    expect(november.drawnBy).toBe('system:spot-check-job');
    expect(
      november.categories.map(
        (c: { requiredRatePercent: number; newCases: number; sampled: number }) => [
          c.requiredRatePercent,
          c.newCases,
          c.sampled,
        ],
      ),
    ).toEqual([
      [50, 5, 3], // 2.5 → 3
      [34, 4, 2], // 1.36 → 2
    ]);
    expect(november.tasks.map((t: { checkerId: string }) => t.checkerId)).toEqual([
      'chk-x',
      'chk-y',
      'chk-x',
      'chk-y',
      'chk-x',
    ]);
    // Later ticks change nothing. Passes never overlap and a draw pass is a few reads, so three
    // more ticks of the timer (the only loop on here) mean a whole pass ran after the draw.
    const seen = h.ticks();
    await waitFor(async () => h.ticks() >= seen + 3, { what: 'three more timer ticks' });
    expect((await api.get('/oversight/spot-checks/2026-11', 'county')).body).toEqual(november);
  });
});
