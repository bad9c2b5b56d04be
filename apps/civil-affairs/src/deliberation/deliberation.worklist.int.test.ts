import {
  directApplication,
  startDeliberationKit,
  type DeliberationKit,
} from '../test-harness.deliberation';
import { validIdNumber } from '../test-harness';

jest.setTimeout(60000);

let t: DeliberationKit;
beforeAll(async () => {
  t = await startDeliberationKit('civil-deliberation-worklist');
});
afterAll(async () => {
  await t?.stop();
});

type Row = { id: string; stage: string; democraticReviewDueAt: string };
type Step = { step: string; allowed: boolean; code?: string; reason?: string };
const stepOf = (body: { steps: Step[] }, step: string) => body.steps.find((s) => s.step === step);

/** Opens at the window for another household (one deliberation per applicant in these tests). */
async function open(serial: number, shanghai: string): Promise<string> {
  t.setNow(shanghai);
  const res = await t.post(
    '/deliberations',
    'clerk',
    directApplication({
      applicant: {
        name: `申请人${serial}`,
        idNumber: validIdNumber(700 + serial),
        citizenCardNo: '3301061234567890',
        regionCode: '330106',
      },
    }),
  );
  expect([res.status, res.body.error]).toEqual([201, undefined]);
  return res.body.id as string;
}

describe('一事一议 worklist and next steps (DOMAIN §5; real Kafka + MongoDB-wire engine)', () => {
  it('DOMAIN §5 GET /deliberations lists the region newest first, by stage, paged with an exact total; outsiders get 403', async () => {
    const first = await open(1, '2026-11-02 09:00');
    const second = await open(2, '2026-11-02 10:00');
    const third = await open(3, '2026-11-02 11:00');
    await t.investigateAndDeliberate(third);

    const all = await t.get('/deliberations?pageSize=2', 'leader');
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(3);
    expect((all.body.items as Row[]).map((r) => r.id)).toEqual([third, second]);
    const next = await t.get('/deliberations?pageSize=2&page=2', 'leader');
    expect((next.body.items as Row[]).map((r) => r.id)).toEqual([first]);

    const waiting = await t.get('/deliberations?stage=investigation', 'auditor');
    expect(waiting.status).toBe(200);
    expect((waiting.body.items as Row[]).map((r) => r.id)).toEqual([second, first]);
    expect(waiting.body.total).toBe(2);
    const office = await t.get('/deliberations?stage=office_review', 'coordinator');
    expect((office.body.items as Row[]).map((r) => [r.id, r.stage])).toEqual([
      [third, 'office_review'],
    ]);
    // The row carries the §5.3 clock and no identity number.
    expect((office.body.items as Row[])[0]?.democraticReviewDueAt).toBeTruthy();
    expect(JSON.stringify(office.body)).not.toContain(validIdNumber(703));

    expect((await t.get('/deliberations?stage=nonsense', 'leader')).status).toBe(400);
    expect((await t.get('/deliberations', 'officer')).status).toBe(403);
  });

  it('R-AP-1 the detail says which steps the caller may take now and why not, from the services own checks', async () => {
    const id = await open(4, '2026-11-02 09:30');
    const asClerk = (await t.get(`/deliberations/${id}`, 'clerk')).body;
    expect(asClerk.rules.minParticipants).toBe(12);
    expect(stepOf(asClerk, 'investigation')).toMatchObject({ allowed: true });
    expect(stepOf(asClerk, 'collective-decision')).toMatchObject({
      allowed: false,
      code: 'FORBIDDEN_ROLE',
    });
    const asLeader = (await t.get(`/deliberations/${id}`, 'leader')).body;
    expect(stepOf(asLeader, 'collective-decision')).toMatchObject({
      allowed: false,
      code: 'STEP_OUT_OF_ORDER',
    });
    expect(stepOf(asLeader, 'collective-decision')?.reason).toContain('调查核实');

    await t.investigateAndDeliberate(id);
    // The acceptor may not review as office head (R-AP-1): shown before, refused the same way.
    const asAcceptor = (await t.get(`/deliberations/${id}`, 'clerkAsHead')).body;
    const refusedStep = stepOf(asAcceptor, 'office-review');
    expect(refusedStep).toMatchObject({ allowed: false, code: 'SOD_SAME_PERSON' });
    const refused = await t.post(`/deliberations/${id}/office-review`, 'clerkAsHead', {
      passed: true,
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('SOD_SAME_PERSON');
    expect(refused.body.error.message).toBe(refusedStep?.reason);
    expect(
      stepOf((await t.get(`/deliberations/${id}`, 'head')).body, 'office-review'),
    ).toMatchObject({ allowed: true });

    t.setNow('2026-11-06 09:00');
    expect(
      (await t.post(`/deliberations/${id}/office-review`, 'head', { passed: true })).status,
    ).toBe(200);
    const asHeadLeader = (await t.get(`/deliberations/${id}`, 'headAsLeader')).body;
    expect(stepOf(asHeadLeader, 'collective-decision')).toMatchObject({
      allowed: false,
      code: 'SOD_SAME_PERSON',
    });
    expect(
      stepOf((await t.get(`/deliberations/${id}`, 'leader')).body, 'collective-decision'),
    ).toMatchObject({ allowed: true });
  });
});
