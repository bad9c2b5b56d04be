import { DueCursor, dueCursorModel } from '../order/due-slot';
import { createLogger } from '@jh/platform-logger';
import { paymentModels } from '../order/order.model';
import { batchRunModel } from './batch.model';
import { MonthlyBatchService } from './batch.service';
import {
  MongoBatchRunStore,
  MongoOrderChunkWriter,
  type BatchRunStore,
  type OrderChunkWriter,
} from './batch.store';
import { startBatchHarness, recipientDoc, type BatchHarness } from '../test-harness';
import { formatMonth, monthOf, nextMonth } from './month';
import { recipientModel } from './recipient.model';
import { MongoRecipientStore } from './recipient.store';

jest.setTimeout(60000);

const month = monthOf(new Date());
const count = 1500;
const chunk = 300;
/** Chunks written before the injected failure; 0 = healthy. */
let failAfter = 0;
let h: BatchHarness;
/**
 * Both batch services' clock: it stands still unless the test moves it, so a busy machine can
 * never make a heartbeat stale between two steps.
 */
let now = new Date();
const clock = () => new Date(now.getTime());

/** Dies after `failAfter` chunks, as if the process was killed mid-run. */
const crashing = (inner: OrderChunkWriter): OrderChunkWriter => {
  let written = 0;
  return {
    async insertChunk(docs) {
      if (failAfter > 0 && written >= failAfter) {
        written = 0;
        failAfter = 0;
        throw new Error('injected crash');
      }
      written += 1;
      return inner.insertChunk(docs);
    },
  };
};

beforeAll(async () => {
  h = await startBatchHarness('batch-crash', {
    policy: { chunkSize: chunk, staleMs: 1500 },
    writer: crashing,
    clock,
  });
  await h.seed(Array.from({ length: count }, (_, i) => recipientDoc(i, month)));
});

afterAll(async () => {
  await h?.stop();
});

const distinctOrders = async () => (await h.orders().distinct('_id')).length;

describe('monthly batch crash and resume (R-PAY-5)', () => {
  it('R-PAY-5: a run that fails after 2 chunks is recorded as failed; the re-run completes with no duplicates', async () => {
    failAfter = 2;
    await expect(h.batch.run(formatMonth(month), 'pay-1')).rejects.toThrow('injected crash');
    const failed = await h.runs().findOne({ _id: `batch:${month}` });
    expect(failed).toMatchObject({
      status: 'failed',
      attempt: 1,
      lastError: 'injected crash',
      counts: { total: count, processed: 2 * chunk, created: 2 * chunk, existing: 0, failed: 0 },
    });
    expect(await h.orders().countDocuments({})).toBe(2 * chunk);

    const resumed = await h.batch.run(formatMonth(month), 'pay-1');
    expect(resumed).toMatchObject({
      status: 'completed',
      attempt: 2,
      counts: {
        total: count,
        processed: count,
        created: count - 2 * chunk,
        existing: 2 * chunk,
        failed: 0,
      },
    });
    expect(await h.orders().countDocuments({})).toBe(count);
    expect(await distinctOrders()).toBe(count);
    expect(resumed.audit.map((a) => a.action)).toEqual([
      'started',
      'failed',
      'started',
      'completed',
    ]);
  });
});

describe('a run whose process died (no failure recorded)', () => {
  it('R-PAY-5: stays "running" and blocks a second start until its heartbeat is stale, then is taken over', async () => {
    const next = formatMonth(nextMonth(month));
    // The process "dies": the failure is never written to the run document.
    const real = new MongoBatchRunStore(batchRunModel(h.db));
    const dying: BatchRunStore = {
      findById: (id) => real.findById(id),
      claim: (...a) => real.claim(...a),
      setTotal: (...a) => real.setTotal(...a),
      progress: (...a) => real.progress(...a),
      finish: async () => true,
    };
    await h.seed(Array.from({ length: 300 }, (_, i) => recipientDoc(50_000 + i, nextMonth(month))));
    const total = count + 300;
    const logger = createLogger({ name: 'batch-test', level: 'silent' });
    const dead = new MonthlyBatchService(
      new MongoRecipientStore(recipientModel(h.db), h.ciphers.payment_recipients),
      dying,
      crashing(
        new MongoOrderChunkWriter(
          paymentModels(h.db).PaymentOrder,
          new DueCursor(dueCursorModel(h.db)),
          h.ciphers.payment_orders,
        ),
      ),
      { chunkSize: chunk, sendLeadMs: 0, staleMs: 1500 },
      logger,
      clock,
    );
    failAfter = 3;
    await expect(dead.run(next, 'pay-1')).rejects.toThrow('injected crash');
    const orphan = await h.runs().findOne({ _id: `batch:${nextMonth(month)}` });
    expect(orphan).toMatchObject({ status: 'running', counts: { processed: 3 * chunk } });

    await expect(h.batch.run(next, 'pay-2')).rejects.toMatchObject({
      kind: 'conflict',
      code: 'BATCH_RUNNING',
    });
    expect(await h.runs().findOne({ _id: `batch:${nextMonth(month)}` })).toEqual(orphan);

    now = new Date(now.getTime() + 1600); // the dead run's heartbeat is now older than staleMs
    const taken = await h.batch.run(next, 'pay-2');
    expect(taken).toMatchObject({
      status: 'completed',
      attempt: 2,
      startedBy: 'pay-2',
      counts: { total, processed: total, created: total - 3 * chunk, existing: 3 * chunk },
    });
    expect(await h.orders().countDocuments({ instalmentNumber: nextMonth(month) })).toBe(total);
  });
});
