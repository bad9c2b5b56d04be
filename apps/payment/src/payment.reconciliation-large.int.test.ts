import { request as httpRequest } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { waitFor } from '@jh/platform-testing';
import supertest from 'supertest';
import { statementHeader } from './reconciliation/statement-csv';
import {
  approval,
  startPaymentHarness,
  type PaymentHarness,
  type ReportBody,
} from './test-harness';

// A correctness test: it fails when progress stalls, not when the machine is slow. `npm test`
// streams 20,000 rows (20 finding chunks: the same code paths); the full 100,000 rows took about
// 100 s alone and over 480 s beside other suites, so they run with JH_LARGE_STATEMENT_ROWS=100000
// or in the browser (`npm run bench:console-payment`).
jest.setTimeout(20 * 60_000);
/** No new processed row for this long means the import is stuck. */
const STALL_MS = 120_000;

const ROWS = Number(process.env['JH_LARGE_STATEMENT_ROWS'] ?? 20_000);
if (!Number.isInteger(ROWS / 1000) || ROWS < 10_000)
  throw new Error('rows: a multiple of 1,000, ≥ 10,000');
const REAL = 20;

let h: PaymentHarness;

beforeAll(async () => {
  h = await startPaymentHarness('pay-recon-large');
});

afterAll(async () => {
  await h?.stop();
});

/** A statement generated row by row: `real` lines first, then unknown keys up to `rows`. */
function statement(real: string[], rows: number, date: string): Readable {
  return Readable.from(
    (function* () {
      yield `${statementHeader}\n`;
      for (let i = 0; i < rows; i++) {
        yield i < real.length
          ? `${real[i]}\n`
          : `unknown-${String(i).padStart(7, '0')}:1,YJD9${String(i).padStart(9, '0')},6222000000000000,1000,PAID,${date}T08:00:00Z\n`;
      }
    })(),
  );
}

/** Streams the body over a real HTTP request (never built in memory), as a client would. */
type Answer = ReportBody & { error: { code: string; details: { path: string; code: string }[] } };

function upload(date: string, body: Readable): Promise<{ status: number; body: Answer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${h.base}/reconciliations/${date}/file`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${h.staffToken}`, 'content-type': 'text/csv' },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Answer }),
        );
      },
    );
    req.on('error', reject);
    pipeline(body, req).catch(reject);
  });
}

const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;

v8.setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapAfterGc = () => {
  gc();
  return process.memoryUsage().heapUsed;
};

describe('large statement files (R-PAY-5)', () => {
  it('R-PAY-5: a 1,500-row statement too big for the JSON body is imported as a text/csv file', async () => {
    const date = '2026-01-07';
    let csv = '';
    for await (const chunk of statement([], 1500, date)) csv += chunk as string;
    const big = await supertest(h.base)
      .post('/reconciliations')
      .set('authorization', `Bearer ${h.staffToken}`)
      .send({ date, csv });
    expect(big.status).toBe(413);
    const res = await upload(date, statement([], 1500, date));
    expect(res.status).toBe(202);
    const done = await h.waitForReport(res.body.id);
    expect(done).toMatchObject({ totalRows: 1500, rows: 1500, matched: 0 });
    expect(done.findingCounts).toEqual({ UNKNOWN_ON_PLATFORM: 1500 });
  });

  it(`R-PAY-5: ${ROWS.toLocaleString('en')} rows are streamed, matched in chunks with progress, in flat memory; re-import is idempotent; a bad line changes nothing`, async () => {
    const ids: string[] = [];
    for (let i = 0; i < REAL; i++) {
      const event = approval({}, 1);
      await h.publish(event);
      ids.push(`${event.approvalId}:1`);
    }
    for (const id of ids) await h.waitForOrders(id.slice(0, -2), 1);
    for (const id of ids) await h.sendUntil(id, 'confirmed');
    const date = new Date().toISOString().slice(0, 10);
    const real = h.simulator.statementCsv(date).trimEnd().split('\n').slice(1);
    expect(real).toHaveLength(REAL);

    // A bad line deep in the file refuses it before anything is matched.
    const bad = statement(real, 5000, date);
    const broken = Readable.from(
      (async function* () {
        for await (const chunk of bad) yield chunk;
        yield 'broken-line-without-columns\n';
      })(),
    );
    const refused = await upload(date, broken);
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0]).toMatchObject({
      path: 'csv:5002',
      code: 'STATEMENT_INVALID',
    });
    expect(await h.db.collection('payment_reconciliations').countDocuments({ date })).toBe(0);

    const before = heapAfterGc();
    const rssBefore = process.memoryUsage().rss;
    const started = Date.now();
    const res = await upload(date, statement(real, ROWS, date));
    const uploadedMs = Date.now() - started;
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'running', totalRows: ROWS, processedRows: 0 });
    // Poll progress as the console would; sample the heap (after GC) while rows are matched.
    const seen: number[] = [];
    let peakHeap = before;
    let peakRss = rssBefore;
    let lastProgressAt = Date.now();
    const done = await waitFor(
      async () => {
        const r = await supertest(h.base)
          .get(`/reconciliations/${res.body.id}`)
          .set('authorization', `Bearer ${h.staffToken}`)
          .expect(200);
        if (r.body.processedRows !== seen.at(-1)) lastProgressAt = Date.now();
        if (Date.now() - lastProgressAt > STALL_MS) {
          throw new Error(`import stalled at ${r.body.processedRows} rows for ${STALL_MS} ms`);
        }
        seen.push(r.body.processedRows);
        // A full GC now and then (each one stalls the service in this process).
        if (seen.length % 10 === 1) peakHeap = Math.max(peakHeap, heapAfterGc());
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
        return r.body.status === 'completed' ? r.body : undefined;
      },
      { what: `${ROWS}-row import`, timeoutMs: 18 * 60_000, intervalMs: 1000 },
    );
    const elapsedMs = Date.now() - started;
    const after = heapAfterGc();
    // Figures for the report: time and memory of the whole import (service runs in this process).
    console.log(
      `${ROWS}-row import: upload+validate ${uploadedMs} ms, total ${elapsedMs} ms; ` +
        `heap after GC ${mb(before)} → peak ${mb(peakHeap)} → ${mb(after)} MB; ` +
        `rss ${mb(rssBefore)} → peak ${mb(peakRss)} MB`,
    );
    // Progress was reported along the way, never backwards.
    expect(seen.some((n) => n > 0 && n < ROWS)).toBe(true);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    expect(done).toMatchObject({
      status: 'completed',
      totalRows: ROWS,
      rows: ROWS,
      matched: REAL,
      percent: 100,
      findingsTotal: ROWS - REAL,
      findingCounts: { UNKNOWN_ON_PLATFORM: ROWS - REAL },
      findingChunks: ROWS / 1000,
    });
    expect(done.findings).toHaveLength(1000);
    const lastChunk = await supertest(h.base)
      .get(`/reconciliations/${res.body.id}/findings/${ROWS / 1000 - 1}`)
      .set('authorization', `Bearer ${h.auditorToken}`)
      .expect(200);
    expect(lastChunk.body.findings).toHaveLength(1000);
    expect(lastChunk.body.findings.at(-1)).toMatchObject({
      code: 'UNKNOWN_ON_PLATFORM',
      line: ROWS + 1,
    });
    // Memory stays flat: rows are never held, only each key once (for duplicates) while matching.
    expect(peakHeap - before).toBeLessThan(64 * 1024 * 1024);
    expect(after - before).toBeLessThan(16 * 1024 * 1024);

    const again = await upload(date, statement(real, ROWS, date));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: res.body.id, replayed: true, status: 'completed' });
    expect(await h.db.collection('payment_reconciliations').countDocuments({ date })).toBe(1);
  });
});
