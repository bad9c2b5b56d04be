import { createHash } from 'node:crypto';
import { AssistanceItem, cardStatementHeader, PaymentSchedule } from '@jh/contracts';
import { cipherSuite, isSealed, SUITE_NAMES, type SuiteName } from '@jh/platform-crypto';
import { storedDocuments, waitFor } from '@jh/platform-testing';
import request from 'supertest';
import { formatMonth, monthOf, nextMonth } from './batch/month';
import type { PaymentOrderDoc } from './order/order.model';
import type { ReconciliationDoc } from './reconciliation/reconciliation.model';
import { approval, startPaymentHarness, type PaymentHarness } from './test-harness';

jest.setTimeout(120_000);

/** An 18-digit ID number with its GB 11643 check digit (a real-looking one, never a real person). */
function idNumber(serial: number): string {
  const body = `33010619${String(60 + (serial % 30)).padStart(2, '0')}0101${String(serial % 1000).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return body + '10X98765432'[sum % 11]!;
}

const run = Date.now() % 1000;
const ids = { temp: idNumber(run), awaiting: idNumber(run + 1), monthly: idNumber(run + 2) };
const oldId = idNumber(run + 3);
const oldCard = '6100000000077';
const oldOrderId = 'old-approval:1';
const wrongCard = '6222999988887777';
const oldCsv = `${cardStatementHeader}\n${oldOrderId},P-1,${wrongCard},80000,PAID,2026-01-05T03:00:00Z\n`;
const oldDate = '2026-01-05';
const oldReportId = `${oldDate}:${createHash('sha256').update(oldCsv).digest('hex')}`;

/** An order exactly as payment stored it before sealing existed (issue 14): clear text. */
function clearOrder(): PaymentOrderDoc {
  const at = new Date('2026-01-02T02:00:00Z');
  return {
    _id: oldOrderId,
    approvalId: 'old-approval',
    instalmentNumber: 1,
    caseId: 'case-old',
    applicationId: 'app-old',
    item: 'temporary',
    schedule: 'temporary',
    recipient: { name: '王老伯', idNumber: oldId, citizenCardNo: oldCard, regionCode: '330106' },
    streetCode: '330106001',
    amountFen: 80000,
    dueAt: at,
    status: 'confirmed',
    nextAttemptAt: at,
    attempts: 1,
    sourceEventIds: ['evt-old'],
    audit: [],
    createdAt: at,
    updatedAt: at,
  };
}

let h: PaymentHarness;

/** The service on a fresh database holding an order and a report stored before sealing existed. */
async function startWithOldData(suite: SuiteName): Promise<PaymentHarness> {
  return startPaymentHarness('pay-sealed', { DATA_CIPHER_SUITE: suite }, {}, async (db) => {
    await db.db!.collection<PaymentOrderDoc>('payment_orders').insertOne(clearOrder());
    // A report keyed the old way (`date:sha256` of the file), quoting card numbers in clear.
    await db.db!.collection<ReconciliationDoc>('payment_reconciliations').insertOne({
      _id: oldReportId,
      date: oldDate,
      status: 'completed',
      totalRows: 1,
      rows: 1,
      matched: 0,
      findingsTotal: 1,
      findingCounts: { CARD_MISMATCH: 1 },
      findings: [
        {
          code: 'CARD_MISMATCH',
          message: '入账市民卡号与支付指令不符',
          idempotencyKey: oldOrderId,
          orderAmountFen: 80000,
          statementAmountFen: 80000,
          line: 1,
          orderCardNo: oldCard,
          statementCardNo: wrongCard,
        },
      ],
      findingChunks: 0,
      importedBy: 'pay-city',
      importedAt: new Date('2026-01-05T08:00:00Z'),
      updatedAt: new Date('2026-01-05T08:00:00Z'),
    });
  });
}

const as = (token: string) => ({
  get: (path: string) => request(h.base).get(path).set('authorization', `Bearer ${token}`),
  post: (path: string) => request(h.base).post(path).set('authorization', `Bearer ${token}`),
});

/** Every document of every collection of the service's database, as the raw driver reads it. */
async function everyStoredDocument(): Promise<string> {
  const db = h.db.db!;
  const names = (await db.listCollections().toArray()).map((c) => c.name);
  expect(names).toEqual(expect.arrayContaining(['payment_orders', 'payment_recipients']));
  return (await storedDocuments(db)).map((d) => d.text).join('\n');
}

describe.each(SUITE_NAMES)(
  'personal data in payment is sealed at rest with %s (issue 14)',
  (suite) => {
    beforeAll(async () => {
      h = await startWithOldData(suite);
    });

    afterAll(async () => {
      await h?.stop();
    });

    it('an order paid, a payee recorded, a monthly batch and a statement import store no clear ID or card number; views and the ID search still work', async () => {
      const temp = approval({}, 1);
      temp.recipient!.idNumber = ids.temp;
      const awaiting = approval({}, 1, 0);
      awaiting.recipient!.idNumber = ids.awaiting;
      awaiting.recipient!.citizenCardNo = '';
      const monthly = approval(
        {
          item: AssistanceItem.ASSISTANCE_ITEM_DIBAO,
          schedule: PaymentSchedule.PAYMENT_SCHEDULE_MONTHLY,
        },
        1,
        0,
      );
      monthly.recipient!.idNumber = ids.monthly;
      const cards = [temp, monthly].map((e) => e.recipient!.citizenCardNo);
      const recordedCard = '6222000011119999';
      for (const e of [temp, awaiting, monthly]) await h.publish(e);
      for (const e of [temp, awaiting, monthly]) await h.waitForOrders(e.approvalId, 1);

      // The money goes to the right card: the platform receives the clear number (its contract).
      const tempId = `${temp.approvalId}:1`;
      await h.sendUntil(tempId, 'confirmed');
      expect(h.simulator.pushLog.find((p) => p.idempotencyKey === tempId)?.cardNo).toBe(cards[0]);

      // A payee recorded by staff is sealed like one that came with the approval.
      const awaitingId = `${awaiting.approvalId}:1`;
      await as(h.staffToken)
        .post(`/orders/${awaitingId}/payee`)
        .send({ citizenCardNo: recordedCard, reason: '补录' })
        .expect(200);
      await h.sendUntil(awaitingId, 'confirmed');
      expect(h.simulator.pushLog.find((p) => p.idempotencyKey === awaitingId)?.cardNo).toBe(
        recordedCard,
      );

      // The monthly register and the month's batch (orders built from sealed recipients).
      const month = formatMonth(nextMonth(monthOf(new Date())));
      await waitFor(
        async () => {
          const r = await as(h.staffToken).get(`/recipients/${monthly.approvalId}`);
          return r.status === 200 ? true : undefined;
        },
        { what: 'monthly recipient registered' },
      );
      await as(h.staffToken).post('/batches/monthly').send({ month }).expect(202);
      await waitFor(
        async () => {
          const r = await as(h.staffToken).get(`/batches/monthly/${month}`).expect(200);
          return r.body.status === 'completed' ? r.body : undefined;
        },
        { what: 'batch completed' },
      );
      const batchOrder = await h.order(`${monthly.approvalId}:${month.replace('-', '')}`);
      expect(batchOrder.recipient).toMatchObject({
        idNumber: ids.monthly,
        citizenCardNo: cards[1],
      });

      // A statement row paying another card: the finding quotes both numbers (sealed at rest).
      const date = new Date().toISOString().slice(0, 10);
      const csv = h.simulator
        .statementCsv(date)
        .split('\n')
        .map((l) => (l.startsWith(`${tempId},`) ? l.replace(`,${cards[0]},`, `,${wrongCard},`) : l))
        .join('\n');
      const imported = await as(h.staffToken)
        .post('/reconciliations')
        .send({ date, csv })
        .expect(201);
      const mismatch = imported.body.findings.find(
        (f: { code: string }) => f.code === 'CARD_MISMATCH',
      );
      expect(mismatch).toEqual(
        expect.objectContaining({ orderCardNo: cards[0], statementCardNo: wrongCard }),
      );
      expect(Object.keys(mismatch)).not.toContain('orderCardNoBidx');
      // The report id is keyed: no unkeyed SHA-256 of a file full of card numbers.
      expect(imported.body.id).not.toBe(
        `${date}:${createHash('sha256').update(csv).digest('hex')}`,
      );
      const findings = await as(h.staffToken)
        .get(`/reconciliations/${imported.body.id}/findings/0`)
        .expect(200);
      expect(JSON.stringify(findings.body)).toContain(wrongCard);

      // Nothing clear anywhere in the database.
      const stored = await everyStoredDocument();
      for (const secret of [...Object.values(ids), ...cards, recordedCard, wrongCard]) {
        expect(stored).not.toContain(secret);
      }

      // Views answer clear or masked values per role, as before.
      const staffView = await as(h.staffToken).get(`/orders/${tempId}`).expect(200);
      expect(staffView.body.recipient).toMatchObject({
        idNumber: `${ids.temp.slice(0, 6)}********${ids.temp.slice(-4)}`,
        citizenCardNo: cards[0],
      });
      const auditorView = await as(h.auditorToken).get(`/orders/${tempId}`).expect(200);
      expect(auditorView.body.recipient.citizenCardNo).not.toBe(cards[0]);
      expect(auditorView.body.recipient.citizenCardNo).toMatch(/\d{4}$/);
      const register = await as(h.staffToken).get(`/recipients/${monthly.approvalId}`).expect(200);
      expect(register.body.recipient).toMatchObject({ citizenCardNo: cards[1] });
      expect(register.body.recipient.idNumber).toBe(
        `${ids.monthly.slice(0, 6)}********${ids.monthly.slice(-4)}`,
      );

      // Search by ID number: equality on the blind index finds exactly this recipient's orders.
      const found = await h.service.orders.list({ idNumber: ids.monthly }, 10);
      expect(found.map((o) => o._id).sort()).toEqual(
        [`${monthly.approvalId}:1`, batchOrder._id].sort(),
      );
      expect(found[0]!.recipient.idNumber).toBe(ids.monthly);
      expect(await h.service.orders.list({ idNumber: idNumber(run + 500) }, 10)).toEqual([]);
    });

    it('an order and a report stored in clear text before the service started are sealed by the background pass and still read correctly', async () => {
      const raw = await waitFor(
        async () => {
          const doc = await h.orders().findOne({ _id: oldOrderId });
          return doc && isSealed(doc.recipient.citizenCardNo) ? doc : undefined;
        },
        { what: 'old order sealed' },
      );
      expect(isSealed(raw.recipient.idNumber)).toBe(true);
      // Sealed with the configured suite (SM4 values say `s`, AES-GCM ones `a`).
      expect(raw.recipient.idNumber.startsWith(`enc:v1:${cipherSuite(suite).tag}:`)).toBe(true);
      expect(JSON.stringify(raw)).not.toContain(oldId);
      expect(raw.recipient.idNumberBidx).toBeDefined();
      const view = await as(h.staffToken).get(`/orders/${oldOrderId}`).expect(200);
      expect(view.body.recipient).toMatchObject({
        idNumber: `${oldId.slice(0, 6)}********${oldId.slice(-4)}`,
        citizenCardNo: oldCard,
      });
      expect((await h.service.orders.list({ idNumber: oldId }, 10)).map((o) => o._id)).toEqual([
        oldOrderId,
      ]);

      const report = await waitFor(
        async () => {
          const doc = await h.db.db!.collection('payment_reconciliations').findOne({
            _id: oldReportId as never,
          });
          return doc && isSealed(doc['findings'][0].orderCardNo) ? doc : undefined;
        },
        { what: 'old report sealed' },
      );
      expect(JSON.stringify(report)).not.toContain(oldCard);
      expect(JSON.stringify(report)).not.toContain(wrongCard);
      const shown = await as(h.staffToken).get(`/reconciliations/${oldReportId}`).expect(200);
      expect(shown.body.findings[0]).toMatchObject({
        orderCardNo: oldCard,
        statementCardNo: wrongCard,
      });
      // The same file again is found under its old id: never imported twice.
      const again = await as(h.staffToken)
        .post('/reconciliations')
        .send({ date: oldDate, csv: oldCsv })
        .expect(200);
      expect(again.body).toMatchObject({ id: oldReportId, replayed: true });
    });
  },
);
