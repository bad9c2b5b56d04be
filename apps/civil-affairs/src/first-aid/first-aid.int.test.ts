import { randomUUID } from 'node:crypto';
import { ApprovalLevel, AssistanceItem, PaymentSchedule } from '@jh/contracts';
import { endOfShanghaiDay } from '@jh/domain-calendar';
import { OPENED, startReviewKit, type ReviewKit } from '../test-harness.review';
import { validIdNumber } from '../test-harness';

jest.setTimeout(60000);

let kit: ReviewKit;
const DAY_MS = 24 * 3_600_000;

beforeAll(async () => {
  kit = await startReviewKit('review-first-aid');
});
afterAll(async () => {
  await kit?.stop();
});

const grant = (requestId: string, idNumber: string, amountFen: number) => ({
  requestId,
  recipient: { name: '李大山', idNumber, citizenCardNo: '3301069876543210', regionCode: '330106' },
  amountFen,
  situation: { category: 'accident_or_fire', occurredOn: '2026-11-02', description: '住房失火' },
});
const ids = (body: { items: { id: string }[] }) => body.items.map((i) => i.id);

describe('R-AP-9 street emergency first aid (real Kafka + MongoDB-wire engine)', () => {
  it('R-AP-9: street first aid up to 5,000 元 publishes AssistanceApproved (FIRST_AID, STREET, one instalment due within 24 hours) once, and the county sees it', async () => {
    kit.h.clock.now = OPENED;
    const requestId = randomUUID();
    const idNumber = validIdNumber(901);
    const created = await kit.post('/first-aid', 'street', grant(requestId, idNumber, 500000));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: requestId,
      status: 'aided',
      inPlaceDueAt: new Date(OPENED.getTime() + DAY_MS).toISOString(),
      reportedToCountyAt: OPENED.toISOString(),
    });
    expect(JSON.stringify(created.body)).not.toContain(idNumber);

    const retried = await kit.post('/first-aid', 'street', grant(requestId, idNumber, 500000));
    expect(retried.status).toBe(200);
    expect(retried.body.id).toBe(requestId);

    const [event] = await kit.approvedEvents(requestId);
    expect(event).toMatchObject({
      approvalId: requestId,
      item: AssistanceItem.ASSISTANCE_ITEM_TEMPORARY,
      schedule: PaymentSchedule.PAYMENT_SCHEDULE_FIRST_AID,
      level: ApprovalLevel.APPROVAL_LEVEL_STREET,
      approverId: 'appr-1',
      recipient: { name: '李大山', idNumber, citizenCardNo: '3301069876543210' },
    });
    expect(event?.instalments.map((i) => [i.number, i.amountFen, i.idempotencyKey])).toEqual([
      [1, 500000, `${requestId}:1`],
    ]);
    expect(event?.instalments[0]?.dueAt?.getTime()).toBe(OPENED.getTime() + DAY_MS);

    const county = await kit.get('/first-aid?status=ongoing', 'county');
    expect(county.status).toBe(200);
    expect(ids(county.body)).toContain(requestId);
    const ack = await kit.post(`/first-aid/${requestId}/acknowledge`, 'county', { note: '已备案' });
    expect(ack.body.countyAcknowledged).toMatchObject({ byUserId: 'cty-1' });
    expect(await kit.settledEvents(requestId)).toHaveLength(1);
  });

  it('R-AP-9: above 5,000 元 is refused (FIRST_AID_OVER_CAP) and the county cannot grant it (street level); nothing stored, no event', async () => {
    const requestId = randomUUID();
    const over = await kit.post(
      '/first-aid',
      'street',
      grant(requestId, validIdNumber(902), 500001),
    );
    expect(over.status).toBe(403);
    expect(over.body.error.code).toBe('FIRST_AID_OVER_CAP');
    expect(over.body.error.message).toContain('R-AP-9');
    const county = await kit.post(
      '/first-aid',
      'county',
      grant(requestId, validIdNumber(902), 1000),
    );
    expect(county.status).toBe(403);
    const badId = await kit.post(
      '/first-aid',
      'street',
      grant(requestId, '330106198001010000', 1000),
    );
    expect(badId.status).toBe(400);
    expect(badId.body.error.details[0]).toMatchObject({
      path: 'recipient.idNumber',
      code: 'ID_NUMBER_INVALID',
    });
    expect(await kit.count('first_aid', { _id: requestId })).toBe(0);
    expect(await kit.settledEvents(requestId)).toEqual([]);
  });

  it('R-AP-9: paperwork due one week after the emergency ends; overdue visible to the county; closed when recorded', async () => {
    kit.h.clock.now = OPENED;
    const requestId = randomUUID();
    expect(
      (await kit.post('/first-aid', 'street', grant(requestId, validIdNumber(903), 200000))).status,
    ).toBe(201);

    const before = await kit.get(`/first-aid/${requestId}`, 'county');
    const early = await kit.post(`/first-aid/${requestId}/paperwork`, 'street', { note: '补齐' });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('FIRST_AID_WRONG_STATUS');
    expect((await kit.get(`/first-aid/${requestId}`, 'county')).body).toEqual(before.body);

    kit.h.clock.now = new Date('2026-11-05T02:00:00Z');
    const ended = await kit.post(`/first-aid/${requestId}/emergency-ended`, 'street', {
      endedOn: '2026-11-04',
    });
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({
      status: 'emergency_ended',
      paperworkDueAt: endOfShanghaiDay('2026-11-11').toISOString(),
      paperworkOverdue: false,
    });
    expect(ids((await kit.get('/first-aid?status=overdue', 'county')).body)).not.toContain(
      requestId,
    );

    kit.h.clock.now = new Date('2026-11-12T02:00:00Z');
    const overdue = await kit.get('/first-aid?status=overdue', 'county');
    expect(overdue.body.items).toEqual([
      expect.objectContaining({ id: requestId, paperworkOverdue: true }),
    ]);

    const done = await kit.post(`/first-aid/${requestId}/paperwork`, 'street', {
      note: '救助申请、事故证明已补齐',
    });
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('paperwork_completed');
    expect(done.body.audit.map((a: { action: string }) => a.action)).toEqual([
      'granted',
      'emergency_ended',
      'paperwork_completed',
    ]);
    expect(ids((await kit.get('/first-aid?status=overdue', 'county')).body)).not.toContain(
      requestId,
    );
    expect(ids((await kit.get('/first-aid?status=completed', 'county')).body)).toContain(requestId);
  });
});
