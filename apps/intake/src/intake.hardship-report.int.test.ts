import { Topics } from '@jh/contracts';
import { sampleIdNumber } from '@jh/domain-application';
import type { Role } from '@jh/platform-auth';
import type { ConsumedEvent } from '@jh/platform-kafka';
import { probeEvents, waitFor } from '@jh/platform-testing';
import request from 'supertest';
import { startIntakeHarness, type IntakeHarness } from './test-harness';

// 主动发现 (R-PD-1): cadres, volunteers and the hotline report households through intake; the
// report is checked by the domain's validateSignal and published as HardshipSignal (real engines).
jest.setTimeout(90000);

const street = '330106001';
let h: IntakeHarness;
let signals: ConsumedEvent[];
let stopProbe: () => Promise<void>;
let serial = 500;

beforeAll(async () => {
  h = await startIntakeHarness('hardship');
  const probe = await probeEvents(h.prefix, [Topics.hardshipSignal]);
  signals = probe.events;
  stopProbe = probe.stop;
});
afterAll(async () => {
  await stopProbe?.();
  await h?.stop();
});

const tokenOf = (userId: string, roles: Role[], regionCode = street) =>
  h.token(userId, roles, regionCode);

function report(idNumber = sampleIdNumber(serial++)) {
  return {
    reporterRole: 'village_cadre',
    observation: '老人独居，近一个月无人照料，屋内无取暖',
    contact: '13900139000',
    subject: { name: '张三', idNumber, regionCode: street },
    streetCode: street,
    flags: ['elderly_alone'],
  };
}

const post = (token: string, body: object, key?: string) => {
  const req = request(h.base).post('/hardship-reports').set('authorization', `Bearer ${token}`);
  return (key ? req.set('idempotency-key', key) : req).send(body);
};

const signalsOf = (signalId: string) =>
  signals.filter(
    (e) => e.event.type === Topics.hardshipSignal && e.event.payload.signalId === signalId,
  );
const signalOf = (signalId: string) =>
  waitFor(async () => signalsOf(signalId)[0], { what: `HardshipSignal ${signalId}` });

const count = (filter: Record<string, unknown> = {}) =>
  h.db.db!.collection('hardship_reports').countDocuments(filter);

/**
 * A barrier instead of a sleep before asserting that something was NOT published: a report of the
 * same household (same key, so the same partition) made after it has arrived.
 */
async function barrier(token: string, idNumber: string) {
  const res = await post(token, report(idNumber)).expect(201);
  await signalOf(res.body.signalId);
}

describe('people report households (主动发现, R-PD-1, real engines)', () => {
  it('R-PD-1: a cadre’s report is stored sealed and published with the reporter from the token, the household by blind index', async () => {
    const cadre = await tokenOf('cadre-330106001', ['outreach_reporter']);
    const body = report();
    const res = await post(cadre, body).expect(201);
    expect(res.body).toMatchObject({
      source: 'cadre',
      kind: 'reported_by_person',
      band: 'medium',
      reporterRole: 'village_cadre',
      subject: {
        name: '张三',
        idNumber: `${body.subject.idNumber.slice(0, 6)}********${body.subject.idNumber.slice(14)}`,
      },
      streetCode: street,
    });
    const event = await signalOf(res.body.signalId);
    const householdRef = h.vault.blindIndex('id-number', body.subject.idNumber);
    expect(event.key).toBe(householdRef);
    expect(event.envelope.producer).toBe('intake');
    expect(event.event.payload).toMatchObject({
      source: 'cadre',
      kind: 'reported_by_person',
      band: 'medium',
      flags: ['elderly_alone'],
      householdRef,
      streetCode: street,
      reporter: {
        role: 'village_cadre',
        id: 'cadre-330106001',
        observation: body.observation,
        contact: body.contact,
      },
      subject: { name: '张三', idNumber: body.subject.idNumber },
    });
    // Sealed at rest (issue 14): the account, the contact and the ID number.
    const stored = await h.db
      .db!.collection('hardship_reports')
      .findOne({ _id: res.body.signalId });
    const text = JSON.stringify(stored);
    for (const clear of [body.subject.idNumber, body.observation, body.contact])
      expect(text).not.toContain(clear);
    expect(stored?.['subject']['idNumberBidx']).toBe(householdRef);
  });

  it('R-PD-1: the source follows the reporter’s role; the hotline’s own assessment sets the band', async () => {
    const operator = await tokenOf('hotline-330106001', ['outreach_reporter']);
    const res = await post(operator, {
      ...report(),
      reporterRole: 'hotline_operator',
      assessedBand: 'high',
    }).expect(201);
    const event = await signalOf(res.body.signalId);
    expect(event.event.payload).toMatchObject({
      source: 'hotline',
      band: 'high',
      reporter: { role: 'hotline_operator', id: 'hotline-330106001' },
    });
    const volunteer = await post(operator, { ...report(), reporterRole: 'volunteer' }).expect(201);
    expect(volunteer.body.source).toBe('volunteer');
  });

  it('R-PD-1: the same report sent again (Idempotency-Key or reportId) is one signal; other content under the key is refused', async () => {
    const clerk = await tokenOf('clerk-330106001', ['window_clerk']);
    const idNumber = sampleIdNumber(serial++);
    const body = report(idNumber);
    const first = await post(clerk, body, 'report-key-0001').expect(201);
    const again = await post(clerk, body, 'report-key-0001').expect(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.signalId).toBe(first.body.signalId);
    const other = await post(clerk, { ...body, contact: '13700137000' }, 'report-key-0001');
    expect(other.status).toBe(409);
    const byId = { ...body, reportId: 'client-report-42' };
    const a = await post(clerk, byId).expect(201);
    await post(clerk, byId).expect(200);
    await barrier(clerk, idNumber);
    expect(signalsOf(first.body.signalId)).toHaveLength(1);
    expect(signalsOf(a.body.signalId)).toHaveLength(1);
    expect(await count({ _id: first.body.signalId })).toBe(1);
  });

  it('R-PD-1: bad input is refused by field (400) before anything is stored or published', async () => {
    const cadre = await tokenOf('cadre-330106001', ['outreach_reporter']);
    const idNumber = sampleIdNumber(serial++);
    const before = await count();
    const bad = await post(cadre, { ...report(idNumber), observation: '  ', contact: '' }).expect(
      400,
    );
    expect(bad.body.error.details).toEqual([
      expect.objectContaining({ path: 'observation', code: 'REQUIRED' }),
      expect.objectContaining({ path: 'contact', code: 'REQUIRED' }),
    ]);
    const notStreet = await post(cadre, { ...report(idNumber), streetCode: '330106' }).expect(400);
    expect(notStreet.body.error.details).toEqual([
      expect.objectContaining({ path: 'streetCode', code: 'STREET_CODE_INVALID' }),
    ]);
    const tooLong = await post(cadre, { ...report(idNumber), observation: '很'.repeat(501) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.details[0]).toMatchObject({ path: 'observation', code: 'TOO_LONG' });
    const diagnosis = await post(cadre, { ...report(idNumber), diagnosis: '恶性肿瘤' }).expect(400);
    expect(diagnosis.body.error.details[0]).toMatchObject({
      path: 'diagnosis',
      code: 'UNKNOWN_FIELD',
    });
    await post(cadre, {
      ...report(idNumber),
      subject: { ...report().subject, idNumber: '110105194912310021' },
    }).expect(400);
    await barrier(cadre, idNumber);
    expect(await count()).toBe(before + 1);
    const reported = signals.filter(
      (e) =>
        e.event.type === Topics.hardshipSignal &&
        e.event.payload.householdRef === h.vault.blindIndex('id-number', idNumber),
    );
    expect(reported).toHaveLength(1);
  });

  it('R-PD-1, R-OV-2: a reporter lists his own reports, masked; nobody else’s', async () => {
    const mine = await tokenOf('volunteer-list', ['outreach_reporter']);
    const body = { ...report(), reporterRole: 'volunteer' };
    const res = await post(mine, body).expect(201);
    const list = (token: string) =>
      request(h.base).get('/hardship-reports').set('authorization', `Bearer ${token}`);
    const page = (await list(mine).expect(200)).body;
    expect(page).toMatchObject({ page: 1, pageSize: 20, total: 1 });
    expect(page.items.map((i: { signalId: string }) => i.signalId)).toEqual([res.body.signalId]);
    expect(JSON.stringify(page)).not.toContain(body.subject.idNumber);
    const other = await tokenOf('volunteer-other', ['outreach_reporter']);
    expect((await list(other).expect(200)).body.total).toBe(0);
    const payment = await tokenOf('pay-1', ['payment_staff'], '330100');
    await list(payment).expect(403);
  });

  it('R-PD-1, R-OV-2: another street’s reporter, a department officer or a wrong role is refused; nothing is stored', async () => {
    const before = await count();
    const gongshu = await tokenOf('cadre-330105001', ['outreach_reporter'], '330105001');
    await post(gongshu, report()).expect(404);
    const officer = await h.token('med-330106', ['department_officer'], '330106');
    await post(officer, report()).expect(404);
    const approver = await tokenOf('approver-330106', ['approver'], '330106');
    const refused = await post(approver, report()).expect(403);
    expect(refused.body.error.code).toBe('ROLE_REQUIRED');
    await post(await tokenOf('auditor-1', ['auditor'], '330100'), report()).expect(403);
    expect(await count()).toBe(before);
  });
});
