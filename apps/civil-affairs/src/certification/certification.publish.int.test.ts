import mongoose from 'mongoose';
import request from 'supertest';
import {
  StudentCategory,
  StudentCertified,
  Topics,
  type StudentCertificationEnded,
} from '@jh/contracts';
import { type Actor } from '@jh/platform-auth';
import { mongoUrlFor, probeEvents, waitFor, keycloakToken } from '@jh/platform-testing';
import { isBarrier, startHarness, type Harness } from '../test-harness';
import { studentKeyOf } from './certification.service';

jest.setTimeout(60000);

let h: Harness;
let probe: Awaited<ReturnType<typeof probeEvents>>;
let conn: mongoose.Connection;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  h = await startHarness('civil-cert');
  probe = await probeEvents(h.prefix, [Topics.studentCertified, Topics.studentCertificationEnded]);
  conn = await mongoose.createConnection(mongoUrlFor(`${h.prefix}civil`)).asPromise();
  const users: Record<string, Actor> = {
    reviewer: { userId: 'rev-1', roles: ['first_reviewer'], regionCode: '330106' },
    county: { userId: 'cty-1', roles: ['county_bureau'], regionCode: '330106' },
    clerk: { userId: 'clerk-1', roles: ['window_clerk'], regionCode: '330106' },
    coordinator: { userId: 'coord-1', roles: ['coordinator'], regionCode: '330100' },
    officer: { userId: 'edu-1', roles: ['department_officer'] },
  };
  for (const [name, user] of Object.entries(users)) tokens[name] = await keycloakToken(user);
});
afterAll(async () => {
  await probe?.stop();
  await conn?.close();
  await h?.stop();
});

const post = (path: string, who: string, body: object = {}) =>
  request(h.base).post(path).set('authorization', `Bearer ${tokens[who]}`).send(body);
const get = (path: string, who = 'coordinator') =>
  request(h.base).get(path).set('authorization', `Bearer ${tokens[who]}`);

const student = { name: '李小华', idNumber: '110105201001010010', school: '城关第一小学' };
const body = (overrides: Record<string, unknown> = {}) => ({
  certificateNo: 'DB-330106-0001',
  category: 'minimum_living_family_student',
  student,
  household: { caseId: 'case-1', householdNo: 'H-0001', regionCode: '330106' },
  ...overrides,
});

/** What the service published (the tests' own barrier events left out). */
const published = () => probe.events.filter((e) => !isBarrier(e));
const certifiedEvents = () => published().filter((e) => e.event.type === Topics.studentCertified);
const endedEvents = () =>
  published().filter((e) => e.event.type === Topics.studentCertificationEnded);
/** Everything published so far on the student's key has arrived (a barrier, not a sleep). */
const settled = () =>
  h.barrier(
    Topics.studentCertified,
    StudentCertified.fromPartial({ certificationId: 'barrier' }),
    studentKeyOf(h.keys.indexer, student.idNumber),
    () => probe.events,
  );
const certifications = () => conn.db!.collection('certifications');

/** Every refusal leaves the stored certifications and the published events as they were. */
async function expectNothingChanged(run: () => Promise<void>) {
  // The relay marks entries sent on its own (ADR 0014): snapshot once that bookkeeping is done.
  await waitFor(
    async () => (await certifications().countDocuments({ outboxPending: true })) === 0,
    { what: 'outbox relayed' },
  );
  const before = await certifications().find({}).toArray();
  const eventsBefore = published().length;
  await run();
  // A wrongly written outbox entry would be relayed before the barrier passes.
  await settled();
  expect(await certifications().find({}).toArray()).toEqual(before);
  expect(published()).toHaveLength(eventsBefore);
}

describe('免申即享 certifications published by civil affairs (real Kafka + MongoDB-wire engine)', () => {
  let id: string;

  it('R-EDU-1: certifying a student stores the certification and publishes StudentCertified once, even when retried', async () => {
    const created = await post('/certifications', 'reviewer', body());
    expect(created.status).toBe(201);
    id = created.body.id as string;
    expect(created.body).toMatchObject({
      status: 'active',
      category: 'minimum_living_family_student',
      categoryZh: '低保家庭学生',
      certifiedBy: 'rev-1',
      student: { name: '李小华', idNumber: '110105********0010' },
    });
    expect(created.body.audit).toEqual([
      expect.objectContaining({ action: 'certified', byUserId: 'rev-1', toStatus: 'active' }),
    ]);

    const [event] = await waitFor(async () => certifiedEvents().length > 0 && certifiedEvents(), {
      what: 'StudentCertified',
    });
    expect(event?.key).toBe(studentKeyOf(h.keys.indexer, student.idNumber));
    expect(event?.envelope.producer).toBe('civil-affairs');
    const payload = event?.event.payload as StudentCertified;
    expect(payload).toMatchObject({
      certificationId: id,
      certificateNo: 'DB-330106-0001',
      category: StudentCategory.STUDENT_CATEGORY_MINIMUM_LIVING_FAMILY,
      student,
      household: { caseId: 'case-1', householdNo: 'H-0001', regionCode: '330106' },
      certifiedBy: 'rev-1',
      certifiedAt: h.clock.now,
    });

    // A retried request returns the same certification and publishes nothing more.
    const retried = await post('/certifications', 'reviewer', body());
    expect(retried.status).toBe(200);
    expect(retried.body.id).toBe(id);
    await settled();
    expect(certifiedEvents()).toHaveLength(1);
    expect(await certifications().countDocuments({})).toBe(1);
  });

  it('R-EDU-1: bad input, wrong roles and conflicting certifications change nothing and publish nothing', async () => {
    await expectNothingChanged(async () => {
      const badId = await post(
        '/certifications',
        'reviewer',
        body({ certificateNo: 'X-2', student: { ...student, idNumber: '11010520100101001X' } }),
      );
      expect(badId.status).toBe(400);
      expect(badId.body.error.details).toEqual([
        expect.objectContaining({ path: 'student.idNumber', code: 'ID_NUMBER_CHECKSUM' }),
      ]);
      const badCategory = await post(
        '/certifications',
        'reviewer',
        body({ certificateNo: 'X-3', category: 'dibao' }),
      );
      expect(badCategory.status).toBe(400);
      expect(badCategory.body.error.details[0].path).toBe('category');
      // The certifier comes from the token, never from the body.
      const spoofed = await post('/certifications', 'reviewer', body({ certifiedBy: 'cty-1' }));
      expect(spoofed.status).toBe(400);
      expect(spoofed.body.error.details[0].code).toBe('UNKNOWN_FIELD');

      expect((await post('/certifications', 'clerk', body({ certificateNo: 'X-4' }))).status).toBe(
        403,
      );
      expect(
        (await post('/certifications', 'coordinator', body({ certificateNo: 'X-5' }))).status,
      ).toBe(403);
      expect(
        (await post('/certifications', 'officer', body({ certificateNo: 'X-6' }))).status,
      ).toBe(403);
      expect((await request(h.base).post('/certifications').send(body())).status).toBe(401);

      // Same certificate, other data: a modified request, not a second certification.
      const modified = await post(
        '/certifications',
        'reviewer',
        body({ student: { ...student, school: '城关第二小学' } }),
      );
      expect(modified.status).toBe(409);
      expect(modified.body.error.code).toBe('CERTIFICATION_MODIFIED');
      // Already certified in this category under another certificate.
      const twice = await post(
        '/certifications',
        'county',
        body({ certificateNo: 'DB-330106-0009' }),
      );
      expect(twice.status).toBe(409);
      expect(twice.body.error.code).toBe('ALREADY_CERTIFIED');
      expect(twice.body.error.message).toContain('低保家庭学生');

      const noReason = await post(`/certifications/${id}/end`, 'county', { reason: ' ' });
      expect(noReason.status).toBe(400);
      expect(
        (await post(`/certifications/${id}/end`, 'clerk', { reason: '家庭收入超标' })).status,
      ).toBe(403);
      expect(
        (await post('/certifications/cert-missing/end', 'county', { reason: '无' })).status,
      ).toBe(404);
    });
  });

  it('R-EDU-2: ending the certification publishes StudentCertificationEnded once; a retry publishes nothing more', async () => {
    h.clock.now = new Date('2026-11-20T02:00:00Z');
    const endedRes = await post(`/certifications/${id}/end`, 'county', {
      reason: '家庭收入超过低保标准',
    });
    expect(endedRes.status).toBe(200);
    expect(endedRes.body).toMatchObject({
      status: 'ended',
      endedBy: 'cty-1',
      endReason: '家庭收入超过低保标准',
      endedAt: '2026-11-20T02:00:00.000Z',
    });
    expect(endedRes.body.audit.map((a: { action: string }) => a.action)).toEqual([
      'certified',
      'ended',
    ]);
    const [event] = await waitFor(async () => endedEvents().length > 0 && endedEvents(), {
      what: 'StudentCertificationEnded',
    });
    expect(event?.key).toBe(studentKeyOf(h.keys.indexer, student.idNumber));
    expect(event?.event.payload as StudentCertificationEnded).toMatchObject({
      certificationId: id,
      category: StudentCategory.STUDENT_CATEGORY_MINIMUM_LIVING_FAMILY,
      endedAt: new Date('2026-11-20T02:00:00Z'),
      reason: '家庭收入超过低保标准',
      endedBy: 'cty-1',
      student,
    });

    const retried = await post(`/certifications/${id}/end`, 'county', {
      reason: '家庭收入超过低保标准',
    });
    expect(retried.status).toBe(200);
    await expectNothingChanged(async () => {
      const other = await post(`/certifications/${id}/end`, 'county', { reason: '其他原因' });
      expect(other.status).toBe(409);
      expect(other.body.error.code).toBe('CERTIFICATION_ENDED');
    });
    expect(endedEvents()).toHaveLength(1);
    expect((await get(`/certifications/${id}`)).body.status).toBe('ended');
  });
});
