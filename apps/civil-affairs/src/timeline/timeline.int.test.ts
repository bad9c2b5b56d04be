import { randomUUID } from 'node:crypto';
import {
  AssistanceItem,
  PaidVia,
  PartOutcome,
  Topics,
  type EventPayloads,
  type EventType,
  type PartDispatched,
} from '@jh/contracts';
import { buildEvent, EventPublisher } from '@jh/platform-kafka';
import { keycloakToken, testKafka, waitFor } from '@jh/platform-testing';
import request from 'supertest';
import { application, startHarness, type Harness } from '../test-harness';

jest.setTimeout(90_000);

let h: Harness;
let publisher: EventPublisher;
let otherCounty: string;

beforeAll(async () => {
  h = await startHarness('ca-timeline');
  publisher = new EventPublisher(testKafka(h.prefix), 'test');
  await publisher.connect();
  otherCounty = await keycloakToken({
    userId: 'coord-330105',
    roles: ['coordinator'],
    regionCode: '330105',
  });
});
afterAll(async () => {
  await publisher?.disconnect();
  await h?.stop();
});

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

/** Publishes as the named service would, with a traceparent; `eventId` repeats a delivery. */
async function send<K extends EventType>(
  type: K,
  payload: EventPayloads[K],
  key: string,
  producer: string,
  eventId?: string,
): Promise<string> {
  const built = buildEvent(
    type,
    payload,
    { key, correlationId: key, eventId, traceparent: `00-${TRACE}-00f067aa0ba902b7-01` },
    producer,
  );
  await publisher.send(type, built.key, built.bytes);
  return built.eventId;
}

interface Item {
  at: string;
  service: string;
  kind: string;
  title: string;
  actor?: string;
  traceId?: string;
  eventId: string;
}
const timeline = async (id: string): Promise<Item[]> =>
  (
    await request(h.base)
      .get(`/cases/${id}/timeline`)
      .set('authorization', `Bearer ${h.coordinatorToken}`)
      .expect(200)
  ).body.items;

describe('case timeline (real Kafka, FerretDB, Keycloak)', () => {
  it('R-JH-4: one view from intake to payment, each line with who, when, what and its trace; a redelivered event adds no second line', async () => {
    h.clock.now = new Date('2026-11-02T02:00:00Z');
    const id = randomUUID();
    const submitted = await send(
      Topics.applicationSubmitted,
      application(id, [AssistanceItem.ASSISTANCE_ITEM_EDUCATION], new Date('2026-11-02T01:30:00Z')),
      id,
      'intake',
    );
    const [part] = await waitFor(
      async () => {
        const p = h.of(Topics.partDispatched, id);
        return p.length >= 1 ? p : undefined;
      },
      { what: 'PartDispatched' },
    );
    const { partId, department } = part as PartDispatched;
    const base = { partId, caseId: id, applicationId: id, department };
    await send(
      Topics.partAccepted,
      { ...base, officerId: 'edu-off-1', acceptedAt: new Date('2026-11-02T03:00:00Z') },
      id,
      'education',
    );
    const reported = {
      ...base,
      outcome: PartOutcome.PART_OUTCOME_GRANTED,
      amountFen: 200_000,
      note: '家访：张三 13800138000',
      officerId: 'edu-off-1',
      reportedAt: new Date('2026-11-03T02:00:00Z'),
    };
    const reportId = await send(Topics.partReported, reported, id, 'education');
    // The same event delivered again (a consumer restart before its offset was committed).
    await send(Topics.partReported, reported, id, 'education', reportId);
    const paid = await send(
      Topics.instalmentPaid,
      {
        orderId: 'ord-1',
        approvalId: 'appr-1',
        caseId: id,
        applicationId: id,
        instalmentNumber: 1,
        amountFen: 50_000,
        paidVia: PaidVia.PAID_VIA_CITIZEN_CARD,
        paidAt: new Date('2026-11-05T06:00:00Z'),
      },
      id,
      'payment',
    );

    // Partition order: once the payment line is in, the repeated report was handled before it.
    const items = await waitFor(
      async () => {
        const rows = await timeline(id);
        return rows.some((r) => r.eventId === paid) ? rows : undefined;
      },
      { what: 'the payment line' },
    );
    expect(items.filter((r) => r.eventId === reportId)).toHaveLength(1);
    expect(items.map((r) => r.kind)).toEqual([
      'application.submitted',
      'part.dispatched',
      'part.accepted',
      'part.reported',
      'instalment.paid',
    ]);
    expect(items[0]).toMatchObject({
      eventId: submitted,
      service: 'intake',
      actor: 'clerk-1',
      at: '2026-11-02T01:30:00.000Z',
      traceId: TRACE,
    });
    expect(items[0]?.title).toMatch(/^申请已受理/);
    expect(items[1]).toMatchObject({ service: 'civil-affairs', actor: 'system:civil-affairs' });
    expect(items[2]).toMatchObject({ service: 'education', actor: 'edu-off-1', traceId: TRACE });
    expect(items[2]?.title).toMatch(/已接件$/);
    expect(items[3]?.title).toMatch(/已反馈：予以救助 2,000\.00 元$/);
    expect(items[4]).toMatchObject({
      service: 'payment',
      actor: 'system:payment',
      title: '第 1 期 500.00 元已发放至市民卡',
    });
    // Sorted by time; no personal data in any title (the officer's note names a phone number).
    const times = items.map((r) => r.at);
    expect([...times].sort()).toEqual(times);
    expect(items.map((r) => r.title).join(' ')).not.toMatch(/王小明|13800138000|张三|\d{15}/);
    expect(await h.db.collection('case_timeline').countDocuments({ caseId: id })).toBe(5);
  });

  it('R-OV-2: another county’s coordinator gets the 404 of a missing case, and so does an unknown id', async () => {
    const id = randomUUID();
    await h.publish(
      Topics.applicationSubmitted,
      application(id, [AssistanceItem.ASSISTANCE_ITEM_HOUSING], h.clock.now),
      id,
    );
    await waitFor(async () => (h.of(Topics.partDispatched, id).length > 0 ? true : undefined), {
      what: 'PartDispatched',
    });
    const res = await request(h.base)
      .get(`/cases/${id}/timeline`)
      .set('authorization', `Bearer ${otherCounty}`)
      .expect(404);
    expect(res.body.error.code).toBe('CASE_NOT_FOUND');
    await request(h.base)
      .get(`/cases/${randomUUID()}/timeline`)
      .set('authorization', `Bearer ${h.coordinatorToken}`)
      .expect(404);
    await request(h.base).get(`/cases/${id}/timeline`).expect(401);
  });
});
