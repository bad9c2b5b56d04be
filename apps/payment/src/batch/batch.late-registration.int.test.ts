import {
  ApprovalLevel,
  AssistanceItem,
  PaymentSchedule,
  type AssistanceApproved,
} from '@jh/contracts';
import { waitFor } from '@jh/platform-testing';
import { startBatchHarness, recipientDoc, type BatchHarness } from '../test-harness';
import type { OrderChunkWriter } from './batch.store';
import { formatMonth } from './month';

jest.setTimeout(60000);

// Found by the chaos run (ADR 0028): an approval reaching payment while next month's batch ran was
// registered behind the batch's cursor and never got that month's order.
const now = new Date('2026-11-20T02:00:00Z');
const month = 202612;
const seeded = 250;
let h: BatchHarness;

/** Holds the batch's second chunk until released: the cursor has passed the first 100. */
let hold: { reached: () => void; release: Promise<void> } | undefined;
const gated = (inner: OrderChunkWriter): OrderChunkWriter => {
  let chunks = 0;
  return {
    async insertChunk(docs) {
      chunks += 1;
      if (chunks === 2 && hold) {
        hold.reached();
        await hold.release;
      }
      return inner.insertChunk(docs);
    },
  };
};

/** A 低保 approval whose own instalment was due in November: monthly from December. */
function approval(approvalId: string, lastDue = '2026-11-10T15:59:59.999Z'): AssistanceApproved {
  return {
    approvalId,
    caseId: `case-${approvalId}`,
    applicationId: `app-${approvalId}`,
    item: AssistanceItem.ASSISTANCE_ITEM_DIBAO,
    schedule: PaymentSchedule.PAYMENT_SCHEDULE_MONTHLY,
    recipient: {
      name: '晚到对象',
      idNumber: '330106195001010011',
      citizenCardNo: '6000000777',
      regionCode: '330106',
    },
    streetCode: '330106001',
    level: ApprovalLevel.APPROVAL_LEVEL_STREET,
    approverId: 'approver-1',
    approvedAt: now,
    instalments: [
      { number: 1, amountFen: 103000, dueAt: new Date(lastDue), idempotencyKey: `${approvalId}:1` },
    ],
  } as AssistanceApproved;
}

const ordersOf = (approvalId: string) => h.orders().find({ approvalId }).toArray();

beforeAll(async () => {
  h = await startBatchHarness('batch-late', {
    clock: () => new Date(now.getTime()),
    policy: { chunkSize: 100 },
    writer: gated,
  });
  await h.seed(Array.from({ length: seeded }, (_, i) => recipientDoc(i, month)));
});

afterAll(async () => {
  await h?.stop();
});

describe('a recipient registered after the month’s batch started (R-PAY-2, R-PAY-5)', () => {
  it('R-PAY-2: registered while the batch runs, behind its cursor: exactly one order for the month', async () => {
    let reached!: () => void;
    const atSecondChunk = new Promise<void>((r) => (reached = r));
    let release!: () => void;
    hold = { reached, release: new Promise<void>((r) => (release = r)) };
    await h.batch.start(formatMonth(month), 'pay-1');
    await atSecondChunk;

    expect(await h.register.registerFromApproval(approval('late-running'), 'evt-1')).toBe(
      'registered',
    );
    // Created by the registration while the batch is still held.
    expect(await ordersOf('late-running')).toHaveLength(1);
    hold = undefined;
    release();

    const run = await waitForRun();
    expect(run.status).toBe('completed');
    const orders = await ordersOf('late-running');
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({
      _id: `late-running:${month}`,
      instalmentNumber: month,
      amountFen: 103000,
      status: 'pending',
    });
    expect(orders[0]!.audit[0]).toMatchObject({ actor: 'system:payment-intake', to: 'pending' });
    expect(await h.orders().countDocuments({})).toBe(seeded + 1);
  });

  it('R-PAY-2: registered after the batch completed: the month is still paid once; a redelivery adds nothing (R-PAY-5)', async () => {
    expect(await h.register.registerFromApproval(approval('late-after'), 'evt-2')).toBe(
      'registered',
    );
    expect((await ordersOf('late-after')).map((o) => o._id)).toEqual([`late-after:${month}`]);

    expect(await h.register.registerFromApproval(approval('late-after'), 'evt-2')).toBe('existing');
    expect(await ordersOf('late-after')).toHaveLength(1);
    // Running the month again meets it as existing.
    const rerun = await h.batch.run(formatMonth(month), 'pay-2');
    expect(rerun.counts).toMatchObject({ processed: seeded + 2, created: 0, failed: 0 });
    expect(await ordersOf('late-after')).toHaveLength(1);
  });

  it('R-PAY-2: a month whose batch has not started gets no order from the registration', async () => {
    // Own instalment due in December: monthly from January, whose batch nobody started.
    await h.register.registerFromApproval(
      approval('from-january', '2026-12-10T15:59:59.999Z'),
      'evt-3',
    );
    expect(await ordersOf('from-january')).toEqual([]);
    expect(await h.register.get('from-january')).toMatchObject({ startMonth: 202701 });
  });
});

function waitForRun() {
  return waitFor(
    async () => {
      const run = await h.batch.get(formatMonth(month));
      return run.status === 'running' ? undefined : run;
    },
    { what: `the ${formatMonth(month)} batch to finish`, timeoutMs: 30_000 },
  );
}
