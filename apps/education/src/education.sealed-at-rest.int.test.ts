import { createHash, randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import request from 'supertest';
import { StudentCategory, Topics, type StudentCertified } from '@jh/contracts';
import {
  loadDepartmentConfig,
  startDepartmentService,
  type DepartmentService,
} from '@jh/department-kit';
import { isSealed, keyMaterialFrom, Vault } from '@jh/platform-crypto';
import { EventPublisher } from '@jh/platform-kafka';
import {
  keycloakToken,
  mongoUrlFor,
  testKafka,
  testServiceEnv,
  uniquePrefix,
  waitFor,
  storedDocuments,
  releaseTestDatabase,
} from '@jh/platform-testing';
import { idNumbersIn } from '@jh/domain-application';
import { department } from './department';
import { exemptionIdOf } from './exemption/exemption.service';

jest.setTimeout(90_000);

// Issue 14: education's grants and the kit's parts hold no clear personal data at rest; grants
// are keyed by the ID number's blind index, no longer by its unkeyed SHA-256.
const prefix = uniquePrefix('edu-sealed');
const database = `${prefix}edu`;
const now = new Date('2026-11-16T02:00:00Z');
const category = 'minimum_living_family_student';
const newStudent = '110105201001010010';
const legacyStudent = '110105201001010037';
const endReason = '家庭收入超过低保标准';
const legacyEndNote = '监护人已就业，家庭情况好转';
const refusal = '家庭存款超过救助标准，不予救助';
const legacyCancelNote = '申请人已迁出本县，户籍不在辖区';
const unkeyedId = `edu-${createHash('sha256').update(`${category}|${legacyStudent}`).digest('hex').slice(0, 32)}`;

let service: DepartmentService;
let civilAffairs: EventPublisher;
let conn: mongoose.Connection;
let vault: Vault;
let officer: string;

const clockOld = {
  startedAt: new Date('2026-09-01T02:00:00Z'),
  dueAt: new Date('2026-09-30T02:00:00Z'),
  atRiskFrom: new Date('2026-09-25T02:00:00Z'),
};

/** A grant and a part as versions before sealing stored them: clear text, the unkeyed key. */
async function storeLegacy(db: mongoose.mongo.Db): Promise<void> {
  await db.collection<{ _id: string; [k: string]: unknown }>('exemptions').insertOne({
    _id: unkeyedId,
    category,
    student: { name: '旧学生', idNumber: legacyStudent, school: '城关第一小学' },
    household: { caseId: 'case-old', householdNo: 'H-old', regionCode: '330106' },
    certificationId: 'cert-old',
    certificateNo: 'DB-OLD',
    certifiedAt: new Date('2026-09-20T02:00:00Z'),
    startMonth: '2026-10',
    startsOn: '2026-10-01',
    reason: '民政部门认定为低保家庭学生，免申即享（R-EDU-1）',
    endedAt: null,
    lastDay: null,
    endsAt: null,
    stopsFromSemester: null,
    endReason: '',
    processedEventIds: ['ev-old'],
    audit: [
      {
        at: new Date('2026-09-20T02:00:00Z'),
        action: 'granted',
        eventId: 'ev-old',
        byProducer: 'civil-affairs',
        byUserId: 'rev-1',
        reason: legacyEndNote,
      },
    ],
    createdAt: new Date('2026-09-20T02:00:00Z'),
    updatedAt: new Date('2026-09-20T02:00:00Z'),
    version: 0,
  });
  await db.collection<{ _id: string; [k: string]: unknown }>('parts').insertOne({
    _id: 'legacy-part-1',
    caseId: 'case-old',
    applicationId: 'app-old',
    department: 'education',
    regionCode: '330106',
    scope: { city: '330100', county: '330106', street: '' },
    items: [],
    status: 'cancelled',
    placeholder: false,
    dispatchedAt: new Date('2026-09-01T02:00:00Z'),
    dispatchEventId: 'ev-dispatch-old',
    reportClock: clockOld,
    handlingClock: clockOld,
    nextDueAt: clockOld.dueAt,
    atRiskFrom: clockOld.atRiskFrom,
    acceptedAt: null,
    owner: null,
    report: null,
    transferRequest: null,
    cancellation: {
      reason: 'withdrawn',
      note: legacyCancelNote,
      replacementPartId: '',
      cancelledAt: new Date('2026-09-02T02:00:00Z'),
    },
    audit: [
      {
        at: new Date('2026-09-02T02:00:00Z'),
        byUserId: 'civil-affairs',
        action: 'cancelled',
        fromStatus: 'pending',
        toStatus: 'cancelled',
        reason: legacyCancelNote,
        eventId: 'ev-cancel-old',
      },
    ],
    outbox: [],
  });
}

function certified(idNumber: string, certificationId: string): StudentCertified {
  return {
    certificationId,
    certificateNo: `DB-${certificationId}`,
    category: StudentCategory.STUDENT_CATEGORY_MINIMUM_LIVING_FAMILY,
    student: { name: `学生${certificationId}`, idNumber, school: '城关第一小学' },
    household: { caseId: `case-${certificationId}`, householdNo: 'H-1', regionCode: '330106' },
    certifiedAt: new Date('2026-09-20T02:00:00Z'),
    certifiedBy: 'rev-1',
    studentKey: `student-${certificationId}`,
  };
}

const api = () => request(`http://127.0.0.1:${service.httpPort}`);
const grantOf = (idNumber: string) =>
  exemptionIdOf(category, vault.blindIndex('id-number', idNumber));

beforeAll(async () => {
  conn = await mongoose.createConnection(mongoUrlFor(database)).asPromise();
  await storeLegacy(conn.db!);
  const config = loadDepartmentConfig(department, testServiceEnv('education', prefix, database));
  service = await startDepartmentService(department, config, { clock: () => now });
  vault = new Vault(conn.db!, keyMaterialFrom(config));
  civilAffairs = new EventPublisher(testKafka(prefix), 'civil-affairs');
  await civilAffairs.connect();
  officer = await keycloakToken({
    userId: 'edu-sealed-1',
    roles: ['department_officer'],
    department: 'education',
    regionCode: '330106',
  });
});
afterAll(async () => {
  await civilAffairs?.disconnect();
  await service?.stop();
  if (conn) await releaseTestDatabase(conn);
  await conn?.close();
});

describe('education keeps personal data sealed at rest (issue 14)', () => {
  it('keys a new grant by the blind index, seals the ID number and the end reason, and shows them', async () => {
    const cert = certified(newStudent, 'cert-new');
    await civilAffairs.publish(Topics.studentCertified, cert, {
      key: cert.studentKey,
      correlationId: cert.certificationId,
    });
    await civilAffairs.publish(
      Topics.studentCertificationEnded,
      { ...cert, endedAt: now, reason: endReason, endedBy: 'rev-1' },
      { key: cert.studentKey, correlationId: cert.certificationId },
    );
    // The grant is found by the ID number through its blind index (its `_id`).
    const id = grantOf(newStudent);
    const view = await waitFor(
      async () => {
        const res = await api().get(`/exemptions/${id}`).set('authorization', `Bearer ${officer}`);
        return res.status === 200 && res.body.status === 'ending' ? res.body : undefined;
      },
      { what: 'new grant ending' },
    );
    expect(view.student.idNumber).toBe('110105********0010');
    expect(view.endReason).toBe(endReason);
    expect(view.audit[1].reason).toContain(endReason);

    const raw = await conn.db!.collection('exemptions').findOne({ _id: id as never });
    expect(isSealed(raw?.['student'].idNumber)).toBe(true);
    expect(raw?.['student'].idNumberBidx).toBe(vault.blindIndex('id-number', newStudent));
    expect(isSealed(raw?.['endReason'])).toBe(true);
  });

  it('moves the grant stored under the unkeyed hash to its blind-index key, sealed, and keeps following it', async () => {
    expect(await conn.db!.collection('exemptions').findOne({ _id: unkeyedId as never })).toBeNull();
    const id = grantOf(legacyStudent);
    const moved = await conn.db!.collection('exemptions').findOne({ _id: id as never });
    expect(isSealed(moved?.['student'].idNumber)).toBe(true);
    expect(isSealed(moved?.['audit'][0].reason)).toBe(true);

    const cert = certified(legacyStudent, 'cert-old');
    await civilAffairs.publish(
      Topics.studentCertificationEnded,
      { ...cert, endedAt: now, reason: endReason, endedBy: 'rev-1' },
      { key: cert.studentKey, correlationId: cert.certificationId },
    );
    const view = await waitFor(
      async () => {
        const res = await api().get(`/exemptions/${id}`).set('authorization', `Bearer ${officer}`);
        return res.body.status === 'ending' ? res.body : undefined;
      },
      { what: 'legacy grant ending' },
    );
    expect(view.student).toMatchObject({ name: '旧学生', idNumber: '110105********0037' });
    expect(view.audit.map((a: { reason: string }) => a.reason)[0]).toBe(legacyEndNote);
  });

  it('seals the officer’s note of a part, and the background pass seals a part stored in clear', async () => {
    const partId = randomUUID();
    const applicationId = randomUUID();
    await civilAffairs.publish(
      Topics.partDispatched,
      {
        partId,
        caseId: randomUUID(),
        applicationId,
        applicationNumber: '',
        department: 'education',
        items: [...department.items],
        reportDueAt: undefined,
        handlingDueAt: undefined,
        dispatchedAt: now,
        regionCode: '330106',
      },
      { key: applicationId, correlationId: applicationId },
    );
    const auth = { authorization: `Bearer ${officer}` };
    await waitFor(async () => (await api().get(`/parts/${partId}`).set(auth)).status === 200, {
      what: 'part stored',
    });
    await api().post(`/parts/${partId}/accept`).set(auth).send({}).expect(200);
    const reported = await api()
      .post(`/parts/${partId}/report`)
      .set(auth)
      .send({ outcome: 'rejected', note: refusal })
      .expect(200);
    expect(reported.body.audit.at(-1).reason).toBe(refusal);
    const raw = await conn.db!.collection('parts').findOne({ _id: partId as never });
    expect(isSealed(raw?.['report'].note)).toBe(true);

    const legacy = await waitFor(
      async () => {
        const doc = await conn.db!.collection('parts').findOne({ _id: 'legacy-part-1' as never });
        return isSealed(doc?.['cancellation']?.note) ? doc : undefined;
      },
      { what: 'legacy part sealed' },
    );
    expect(isSealed(legacy['audit'][0].reason)).toBe(true);
    const shown = await api().get('/parts/legacy-part-1').set(auth).expect(200);
    expect(JSON.stringify(shown.body)).toContain(legacyCancelNote);
  });

  it('no collection holds a clear ID number or situation text', async () => {
    await waitFor(
      async () => {
        const doc = await conn
          .db!.collection('exemptions')
          .findOne({ _id: grantOf(legacyStudent) as never });
        return doc && doc['audit'].every((a: { reason: string }) => isSealed(a.reason));
      },
      { what: 'grants sealed' },
    );
    const db = conn.db!;
    const names = (await db.listCollections().toArray()).map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['exemptions', 'parts', 'data_keys']));
    const secrets = [
      newStudent,
      legacyStudent,
      endReason,
      legacyEndNote,
      refusal,
      legacyCancelNote,
    ];
    // Event bytes in the outbox included: the event cipher seals the officer's note too.
    const stored = await storedDocuments(db);
    for (const { collection: name, text } of stored) {
      const found = secrets.filter((s) => text.includes(s));
      expect({ name, found, ids: idNumbersIn(text) }).toEqual({
        name,
        found: [],
        ids: [],
      });
    }
    expect(stored.length).toBeGreaterThanOrEqual(4);
  });
});
