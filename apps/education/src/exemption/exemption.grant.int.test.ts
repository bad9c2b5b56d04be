import { createHash } from 'node:crypto';
import mongoose from 'mongoose';
import request from 'supertest';
import {
  StudentCategory,
  Topics,
  type StudentCertificationEnded,
  type StudentCertified,
} from '@jh/contracts';
import {
  loadDepartmentConfig,
  startDepartmentService,
  type DepartmentService,
} from '@jh/department-kit';

import { EventPublisher, readDlq } from '@jh/platform-kafka';
import {
  mongoUrlFor,
  testKafka,
  testServiceEnv,
  uniquePrefix,
  waitFor,
  keycloakToken,
  releaseTestDatabase,
} from '@jh/platform-testing';
import { department } from '../department';

jest.setTimeout(60000);

const prefix = uniquePrefix('edu-exempt');
const database = `${prefix}edu`;
// Monday 2026-11-16 10:00 Shanghai, in the autumn semester (defaults: spring 1 Feb, autumn 1 Sep).
let now = new Date('2026-11-16T02:00:00Z');
let service: DepartmentService;
let civilAffairs: EventPublisher;
let conn: mongoose.Connection;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  service = await startDepartmentService(
    department,
    loadDepartmentConfig(department, testServiceEnv('education', prefix, database)),
    { clock: () => now },
  );
  // Stands in for civil affairs, which owns the certification events.
  civilAffairs = new EventPublisher(testKafka(prefix), 'civil-affairs');
  await civilAffairs.connect();
  conn = await mongoose.createConnection(mongoUrlFor(database)).asPromise();
  // Officers of the households' county (330106, R-OV-2).
  tokens['officer'] = await keycloakToken({
    userId: 'edu-1',
    roles: ['department_officer'],
    department: 'education',
    regionCode: '330106',
  });
  tokens['housing'] = await keycloakToken({
    userId: 'hou-1',
    roles: ['department_officer'],
    department: 'housing',
    regionCode: '330106',
  });
  tokens['clerk'] = await keycloakToken({
    userId: 'clerk-1',
    roles: ['window_clerk'],
    regionCode: '330106001',
  });
});
afterAll(async () => {
  await civilAffairs?.disconnect();
  await service?.stop();
  if (conn) await releaseTestDatabase(conn);
  await conn?.close();
});

const get = (path: string, who = 'officer') =>
  request(`http://127.0.0.1:${service.httpPort}`)
    .get(path)
    .set('authorization', `Bearer ${tokens[who]}`);

interface Row {
  id: string;
  status: string;
  startMonth: string;
  lastDay: string | null;
  student: { name: string; idNumber: string };
  reason: string;
  audit: { action: string }[];
}

/** A valid GB 11643 ID number per test, so each test has its own student. */
function idNumber(seq: number): string {
  const first17 = `11010520100101${String(seq).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((acc, w, i) => acc + w * Number(first17.charAt(i)), 0);
  return first17 + '10X98765432'.charAt(sum % 11);
}

function certified(seq: number, certifiedAt: Date, certificateNo = `DB-${seq}`): StudentCertified {
  const id = idNumber(seq);
  return {
    certificationId: `cert-${seq}-${certificateNo}`,
    certificateNo,
    category: StudentCategory.STUDENT_CATEGORY_MINIMUM_LIVING_FAMILY,
    student: { name: `学生${seq}`, idNumber: id, school: '城关第一小学' },
    household: { caseId: `case-${seq}`, householdNo: `H-${seq}`, regionCode: '330106' },
    certifiedAt,
    certifiedBy: 'rev-1',
    studentKey: createHash('sha256').update(id).digest('hex'),
  };
}

function ended(cert: StudentCertified, endedAt: Date): StudentCertificationEnded {
  return {
    certificationId: cert.certificationId,
    certificateNo: cert.certificateNo,
    category: cert.category,
    student: cert.student,
    household: cert.household,
    certifiedAt: cert.certifiedAt,
    endedAt,
    reason: '家庭收入超过低保标准',
    endedBy: 'rev-1',
    studentKey: cert.studentKey,
  };
}

const publish = <
  K extends typeof Topics.studentCertified | typeof Topics.studentCertificationEnded,
>(
  type: K,
  payload: K extends typeof Topics.studentCertified ? StudentCertified : StudentCertificationEnded,
  eventId?: string,
) =>
  civilAffairs.publish(type, payload as never, {
    key: payload.studentKey,
    correlationId: payload.certificationId,
    eventId,
  });

const rowOf = async (name: string, status?: string): Promise<Row | undefined> => {
  const res = await get(`/exemptions?pageSize=100${status ? `&status=${status}` : ''}`);
  expect(res.status).toBe(200);
  return (res.body.items as Row[]).find((r) => r.student.name === name);
};
const waitRow = (name: string, status: string, check: (r: Row) => boolean = () => true) =>
  waitFor(
    async () => {
      const row = await rowOf(name, status);
      return row && check(row) ? row : undefined;
    },
    { what: `${name} ${status}` },
  );
const stored = (id: string) =>
  conn
    .db!.collection('exemptions')
    .find({ _id: id as never })
    .toArray();

describe('education 免申即享 from civil affairs certifications (real Kafka + MongoDB-wire engine)', () => {
  it('R-EDU-1: a certified student gets aid from the following month without applying, listed apart from the worklist', async () => {
    const cert = certified(1, new Date('2026-11-15T16:30:00Z')); // 16 Nov 00:30 Shanghai
    await publish(Topics.studentCertified, cert);
    const row = await waitRow('学生1', 'active');
    expect(row).toMatchObject({
      status: 'active',
      automatic: true,
      category: 'minimum_living_family_student',
      categoryZh: '低保家庭学生',
      startMonth: '2026-12',
      startsOn: '2026-12-01',
      lastDay: null,
      certificateNo: 'DB-1',
    });
    expect(row.student.idNumber).toBe('110105********' + idNumber(1).slice(14));
    expect(row.reason).toContain('R-EDU-1');
    expect(row.reason).toContain('自2026-12起');

    // Seen separately: not a worklist part, but counted with the worklist.
    const worklist = await get('/parts');
    expect(worklist.status).toBe(200);
    expect(worklist.body.items).toHaveLength(0);
    expect(worklist.body.summary.exemptions.active).toBeGreaterThanOrEqual(1);
    expect((await get(`/exemptions/${row.id}`)).body.id).toBe(row.id);
  });

  it('R-EDU-1: redelivery and a second event for the same certificate create nothing new', async () => {
    const cert = certified(2, new Date('2026-11-10T02:00:00Z'));
    const eventId = await publish(Topics.studentCertified, cert);
    await publish(Topics.studentCertified, cert, eventId);
    const again = await publish(Topics.studentCertified, cert);
    // Same key → same partition, in order: once the third is applied the redelivery was too.
    const row = await waitRow('学生2', 'active', (r) => r.audit.length === 2);
    const docs = await stored(row.id);
    expect(docs).toHaveLength(1);
    expect(docs[0]?.['processedEventIds']).toEqual([eventId, again]);
    expect(row.audit.map((a) => a.action)).toEqual(['granted', 'noted']);
    expect(row.startMonth).toBe('2026-12');
  });

  it('R-EDU-2: an exit mid-semester keeps aid to the end of the semester and stops it from the next; redelivery changes nothing', async () => {
    const cert = certified(3, new Date('2026-09-20T02:00:00Z'));
    await publish(Topics.studentCertified, cert);
    await waitRow('学生3', 'active');
    const exit = ended(cert, new Date('2026-11-16T02:00:00Z'));
    const eventId = await publish(Topics.studentCertificationEnded, exit);
    const row = await waitRow('学生3', 'ending');
    expect(row).toMatchObject({
      status: 'ending',
      startMonth: '2026-10',
      lastDay: '2027-01-31',
      lastMonth: '2027-01',
      stopsFromSemester: '2027年春季学期',
      endReason: '家庭收入超过低保标准',
    });
    expect(row.audit.map((a) => a.action)).toEqual(['granted', 'ending']);
    expect((row.audit[1] as unknown as { reason: string }).reason).toContain('R-EDU-2');

    await publish(Topics.studentCertificationEnded, exit, eventId);
    const marker = certified(30, new Date('2026-11-16T02:00:00Z'));
    await publish(Topics.studentCertified, { ...marker, studentKey: cert.studentKey });
    await waitRow('学生30', 'active');
    const [doc] = await stored(row.id);
    expect(doc?.['audit']).toHaveLength(2);
    expect(doc?.['lastDay']).toBe('2027-01-31');

    // Still aided on the last day of the semester, not from the next.
    now = new Date('2027-01-31T15:00:00Z');
    expect((await rowOf('学生3', 'ending'))?.status).toBe('ending');
    now = new Date('2027-02-01T00:00:00Z');
    expect((await rowOf('学生3', 'ended'))?.status).toBe('ended');
    expect(await rowOf('学生3', 'active')).toBeUndefined();
    now = new Date('2026-11-16T02:00:00Z');
  });

  it('R-EDU-2: an exit in the spring semester keeps aid until 31 August', async () => {
    const cert = certified(4, new Date('2027-03-01T02:00:00Z'));
    await publish(Topics.studentCertified, cert);
    await publish(Topics.studentCertificationEnded, ended(cert, new Date('2027-04-10T02:00:00Z')));
    const row = await waitRow('学生4', 'ending');
    expect(row).toMatchObject({ startMonth: '2027-04', lastDay: '2027-08-31' });
  });

  it('R-EDU-1: re-certified before the aid ran out, the grant simply continues', async () => {
    const first = certified(5, new Date('2026-09-05T02:00:00Z'));
    await publish(Topics.studentCertified, first);
    await publish(Topics.studentCertificationEnded, ended(first, new Date('2026-10-01T02:00:00Z')));
    await waitRow('学生5', 'ending');
    await publish(Topics.studentCertified, certified(5, new Date('2026-11-02T02:00:00Z'), 'DB-5B'));
    const row = await waitRow('学生5', 'active', (r) => r.audit.length === 3);
    expect(row).toMatchObject({ startMonth: '2026-10', lastDay: null, certificateNo: 'DB-5B' });
    expect(row.audit.map((a) => a.action)).toEqual(['granted', 'ending', 'regranted']);
  });

  it('R-EDU-1: an event without a known category grants nothing and is parked on the DLQ', async () => {
    const bad = {
      ...certified(6, new Date('2026-11-10T02:00:00Z')),
      category: StudentCategory.STUDENT_CATEGORY_UNSPECIFIED,
    };
    await publish(Topics.studentCertified, bad);
    const kafka = testKafka(prefix);
    const parked = await waitFor(
      async () => {
        const m = await readDlq(kafka, kafka.topic(Topics.studentCertified));
        return m.length > 0 ? m : undefined;
      },
      { what: 'certification parked on the DLQ' },
    );
    expect(parked[0]?.key).toBe(bad.studentKey);
    expect(parked[0]?.headers['x-error-reason']).toContain('unknown student category');
    expect(await rowOf('学生6')).toBeUndefined();
    expect(
      await conn.db!.collection('exemptions').countDocuments({ 'student.name': '学生6' }),
    ).toBe(0);
  });

  it('R-OV-2: only education officers and coordinators read the grants; a bad filter is refused', async () => {
    // Another department's officer sees none of them (an empty list, not a 403); a wrong role 403.
    const other = await get('/exemptions', 'housing');
    expect(other.status).toBe(200);
    expect(other.body).toMatchObject({ items: [], total: 0 });
    const clerk = await get('/exemptions', 'clerk');
    expect(clerk.status).toBe(403);
    expect(clerk.body.error.code).toBe('ROLE_REQUIRED');
    const bad = await get('/exemptions?status=paused');
    expect(bad.status).toBe(400);
    const anonymous = await request(`http://127.0.0.1:${service.httpPort}`).get('/exemptions');
    expect(anonymous.status).toBe(401);
  });
});
