import { randomUUID } from 'node:crypto';
import { OPENED, startReviewKit, type ReviewKit } from '../test-harness.review';
import { validIdNumber } from '../test-harness';

jest.setTimeout(60000);

let kit: ReviewKit;
beforeAll(async () => {
  kit = await startReviewKit('first-aid-precheck');
});
afterAll(async () => {
  await kit?.stop();
});

const situation = {
  category: 'accident_or_fire',
  occurredOn: '2026-11-02',
  description: '住房失火',
};

describe('先行救助 pre-check before the form is sent (real Kafka + MongoDB-wire engine)', () => {
  it('R-AP-9 answers the configured cap and refuses an amount above it, as the grant does', async () => {
    kit.h.clock.now = OPENED;
    const idNumber = validIdNumber(951);
    // The form just opened: the cap alone, the guard not asked yet.
    const blank = await kit.post('/first-aid/check', 'street', {});
    expect(blank.status).toBe(200);
    expect(blank.body).toEqual({ capFen: 500_000, repeat: { checked: false } });
    const within = await kit.post('/first-aid/check', 'street', {
      idNumber,
      occurredOn: '2026-11-02',
      amountFen: 500_000,
    });
    expect(within.status).toBe(200);
    expect(within.body).toEqual({ capFen: 500_000, repeat: { checked: true, applies: false } });
    const over = await kit.post('/first-aid/check', 'street', {
      idNumber,
      occurredOn: '2026-11-02',
      amountFen: 500_001,
    });
    expect(over.body.amount).toContain('R-AP-9');
    const granted = await kit.post('/first-aid', 'street', {
      recipient: {
        name: '李大山',
        idNumber,
        citizenCardNo: '3301069876543210',
        regionCode: '330106',
      },
      amountFen: 500_001,
      situation,
    });
    expect(granted.status).toBe(403);
    expect(`${granted.body.error.message}`).toBe(over.body.amount);
    // Only the street approver grants, so only they ask.
    expect(
      (await kit.post('/first-aid/check', 'county', { idNumber, occurredOn: '2026-11-02' })).status,
    ).toBe(403);
  });

  it('R-AP-6 shows the once-a-year guard when a household member was already aided for the emergency; nothing is written', async () => {
    kit.h.clock.now = OPENED;
    const aided = validIdNumber(952);
    const member = validIdNumber(953);
    const first = await kit.post('/first-aid', 'street', {
      requestId: randomUUID(),
      recipient: {
        name: '王小花',
        idNumber: aided,
        citizenCardNo: '3301069876543210',
        regionCode: '330106',
      },
      amountFen: 100_000,
      situation,
    });
    expect(first.status).toBe(201);
    const ask = { idNumber: member, householdIdNumbers: [aided], occurredOn: '2026-11-02' };
    const check = await kit.post('/first-aid/check', 'street2', ask);
    expect(check.status).toBe(200);
    expect(check.body.repeat).toMatchObject({ checked: true, applies: true });
    expect(check.body.repeat.reason).toContain('R-AP-6');
    expect((await kit.post('/first-aid/check', 'street2', ask)).body).toEqual(check.body);
    // The grant refuses with the same reason.
    const second = await kit.post('/first-aid', 'street2', {
      recipient: {
        name: '王大',
        idNumber: member,
        citizenCardNo: '3301069876543211',
        regionCode: '330106',
      },
      householdIdNumbers: [aided],
      amountFen: 100_000,
      situation,
    });
    expect(second.status).toBe(409);
    expect(second.body.error.message).toBe(check.body.repeat.reason);
    // Another household is not flagged.
    const other = await kit.post('/first-aid/check', 'street2', {
      idNumber: validIdNumber(954),
      occurredOn: '2026-11-02',
    });
    expect(other.body.repeat).toEqual({ checked: true, applies: false });
  });
});
