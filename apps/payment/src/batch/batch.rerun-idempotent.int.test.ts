import { startBatchHarness, recipientDoc, type BatchHarness } from '../test-harness';
import { formatMonth, monthOf, nextMonth } from './month';

jest.setTimeout(60000);

// Runs in the next month: always allowed, whatever day the suite runs on.
const current = monthOf(new Date());
const month = nextMonth(current);
const later = nextMonth(month);
const active = 2400;
let h: BatchHarness;

beforeAll(async () => {
  h = await startBatchHarness('batch-rerun', { policy: { chunkSize: 500 } });
  await h.seed([
    ...Array.from({ length: active }, (_, i) => recipientDoc(i, month)),
    // Ended before the month, and not started yet: neither is paid.
    ...Array.from({ length: 50 }, (_, i) => recipientDoc(10_000 + i, month, month)),
    ...Array.from({ length: 50 }, (_, i) => recipientDoc(20_000 + i, later)),
    // Paid this month only; one has no valid amount.
    ...[0, 1, 2].map((i) => ({
      ...recipientDoc(30_000 + i, current, month),
      monthlyAmountFen: i === 1 ? 0 : 99000,
    })),
  ]);
});

afterAll(async () => {
  await h?.stop();
});

describe('monthly batch (R-PAY-2, R-PAY-5)', () => {
  it('R-PAY-2: one order per active recipient, due by the 10th in Asia/Shanghai; ended and future recipients excluded', async () => {
    const run = await h.batch.run(formatMonth(month), 'pay-1');
    expect(run).toMatchObject({
      _id: `batch:${month}`,
      status: 'completed',
      attempt: 1,
      startedBy: 'pay-1',
      counts: { total: active, processed: active, created: active, existing: 0, failed: 0 },
    });
    expect(run.finishedAt).toBeInstanceOf(Date);
    expect(run.audit.map((a) => a.action)).toEqual(['started', 'completed']);
    expect(await h.orders().countDocuments({})).toBe(active);
    expect(await h.orders().countDocuments({ approvalId: /^appr-001/ })).toBe(0);
    expect(await h.orders().countDocuments({ approvalId: /^appr-002/ })).toBe(0);

    const order = await h.orders().findOne({ _id: `appr-0000007:${month}` });
    const y = Math.floor(month / 100);
    const m = String(month % 100).padStart(2, '0');
    expect(order).toMatchObject({
      approvalId: 'appr-0000007',
      instalmentNumber: month,
      schedule: 'monthly',
      status: 'pending',
      amountFen: 103000,
      attempts: 0,
      // 23:59:59.999 on the 10th in Asia/Shanghai.
      dueAt: new Date(`${y}-${m}-10T15:59:59.999Z`),
    });
    expect(order!.audit).toEqual([
      expect.objectContaining({ actor: 'pay-1', from: null, to: 'pending', action: 'created' }),
    ]);
  });

  it('R-PAY-5: running the same month again creates nothing new and counts every order as existing', async () => {
    const before = await h.orders().find({}).sort({ _id: 1 }).toArray();
    const progress: number[] = [];
    const run = await h.batch.run(formatMonth(month), 'pay-2', (p) =>
      progress.push(p.counts.processed),
    );
    expect(run).toMatchObject({
      status: 'completed',
      attempt: 2,
      startedBy: 'pay-2',
      counts: { total: active, processed: active, created: 0, existing: active, failed: 0 },
    });
    // Progress is recorded per chunk of 500.
    expect(progress).toEqual([500, 1000, 1500, 2000, 2400]);
    expect(await h.orders().find({}).sort({ _id: 1 }).toArray()).toEqual(before);
    const stored = await h.runs().findOne({ _id: `batch:${month}` });
    expect(stored?.audit.map((a) => [a.action, a.actor])).toEqual([
      ['started', 'pay-1'],
      ['completed', 'pay-1'],
      ['started', 'pay-2'],
      ['completed', 'pay-2'],
    ]);
  });

  it('a month that is not YYYY-MM or too far ahead is refused and changes nothing', async () => {
    const runsBefore = await h.runs().find({}).toArray();
    await expect(h.batch.run('2026-13', 'pay-1')).rejects.toMatchObject({
      kind: 'invalid_input',
      details: [expect.objectContaining({ path: 'month', code: 'MONTH_INVALID' })],
    });
    await expect(h.batch.run(formatMonth(later), 'pay-1')).rejects.toMatchObject({
      details: [expect.objectContaining({ code: 'MONTH_TOO_FAR_AHEAD' })],
    });
    expect(await h.runs().find({}).toArray()).toEqual(runsBefore);
    expect(await h.orders().countDocuments({})).toBe(active);
  });

  it('a recipient that cannot be paid is counted as failed with a Chinese reason; the others are paid', async () => {
    const run = await h.batch.run(formatMonth(current), 'pay-1');
    expect(run).toMatchObject({
      status: 'completed',
      totalKnown: true,
      counts: { total: 3, processed: 3, created: 2, existing: 0, failed: 1 },
      failures: [
        {
          approvalId: 'appr-0030001',
          code: 'AMOUNT_INVALID',
          message: '月发放金额应为正整数（分）',
        },
      ],
    });
    expect(await h.orders().countDocuments({ instalmentNumber: current })).toBe(2);
  });
});
