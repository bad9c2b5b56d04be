import { createHash, randomUUID } from 'node:crypto';
import { AssistanceItem } from '@jh/contracts';
import { idNumbersIn, maskIdNumber } from '@jh/domain-application';
import { isSealed } from '@jh/platform-crypto';
import { phonesIn, storedDocuments, waitFor } from '@jh/platform-testing';
import type { Connection } from 'mongoose';
import { scopeKeysOf } from './access';
import { validIdNumber } from './test-harness';
import { directApplication } from './test-harness.deliberation';
import { OPENED, startReviewKit, throughChecks, type ReviewKit } from './test-harness.review';

jest.setTimeout(120000);

/** The harness application's applicant (see `application`) and the numbers each flow uses. */
const APPLICANT_ID = '11010519491231002X';
const APPLICANT_CARD = '3301061234567890';
const LEGACY_ID = validIdNumber(951);
const LEGACY_CARD = '3301060000009951';
const LEGACY_RELATIVE_ID = validIdNumber(952);
const AID_ID = validIdNumber(954);
const AID_CARD = '3301069876543954';
const RELATIVE_ID = validIdNumber(955);
const STUDENT_ID = validIdNumber(956, '20100315');
const LEGACY_STUDENT_ID = validIdNumber(957, '20100315');
const LEGACY_SITUATION = '旧记录：房屋倒塌，全家借住亲戚家';
const AID_SITUATION = '住房失火，家中财物全部烧毁';
const HOME_VISIT_NOTE = '入户查看：家中无劳动力，靠亲属接济';
const CLEAR_VALUES = [
  APPLICANT_ID,
  APPLICANT_CARD,
  LEGACY_ID,
  LEGACY_CARD,
  LEGACY_RELATIVE_ID,
  LEGACY_STUDENT_ID,
  AID_ID,
  AID_CARD,
  RELATIVE_ID,
  STUDENT_ID,
  LEGACY_SITUATION,
  AID_SITUATION,
  HOME_VISIT_NOTE,
  directApplication().hardship,
];

/** How the relatives registry and the R-AP-6 guards keyed documents before issue 14. */
const legacyRelativeKey = (idNumber: string) =>
  createHash('sha256').update(`jh-staff-relative:${idNumber}`).digest('hex').slice(0, 32);
const legacyGuardId = `emergency:${LEGACY_ID}:2026-11-01#1`;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const legacyCertification = {
  certificateNo: 'DB-330106-0957',
  category: 'minimum_living_family_student',
  student: { name: '赵小明', idNumber: LEGACY_STUDENT_ID, school: '城关第一小学' },
  household: { caseId: 'case-957', householdNo: 'H-0957', regionCode: '330106' },
};

/** Documents an older version stored in clear text, written before the service starts. */
async function seedLegacy(db: Connection) {
  const scope = scopeKeysOf('330106');
  const at = OPENED;
  await db.collection('first_aid').insertOne({
    _id: 'legacy-fa-1',
    caseId: '',
    requestHash: null,
    recipient: {
      name: '旧记录',
      idNumber: LEGACY_ID,
      citizenCardNo: LEGACY_CARD,
      regionCode: '330106',
    },
    scope,
    situation: {
      category: 'accident_or_fire',
      occurredOn: '2026-11-01',
      description: LEGACY_SITUATION,
    },
    streetCode: '330106',
    amountFen: 100000,
    approverId: 'appr-1',
    approvedAt: at,
    instalments: [{ number: 1, amountFen: 100000, dueAt: at, idempotencyKey: 'legacy-fa-1:1' }],
    inPlaceDueAt: at,
    status: 'aided',
    emergencyEndedAt: null,
    paperworkDueAt: null,
    paperwork: null,
    reportedToCountyAt: at,
    countyAcknowledged: null,
    audit: [],
    updatedAt: at,
    version: 0,
    outbox: [],
  } as never);
  // Its R-AP-6 guard, with the ID number inside `_id` as it used to be.
  await db.collection('emergency_aid_guards').insertOne({
    _id: legacyGuardId,
    idNumber: LEGACY_ID,
    day: '2026-11-01',
    occurredOn: '2026-11-01',
    source: 'first_aid',
    ownerId: 'legacy-fa-1',
    approvalId: 'legacy-fa-1',
    amountFen: 100000,
    approvedAt: at,
    createdAt: at,
  } as never);
  // A certification keyed by the unkeyed SHA-256 student key and request hash of before.
  const c = legacyCertification;
  await db.collection('certifications').insertOne({
    _id: 'cert-legacy-957',
    ...c,
    studentKey: sha256(`student:${LEGACY_STUDENT_ID}`),
    requestHash: sha256(
      JSON.stringify([
        c.certificateNo,
        c.category,
        c.student.name,
        c.student.idNumber,
        c.student.school,
        c.household.caseId,
        c.household.householdNo,
        c.household.regionCode,
      ]),
    ),
    status: 'active',
    certifiedAt: at,
    certifiedBy: 'rev-1',
    endedAt: null,
    endedBy: null,
    endReason: '',
    audit: [],
    createdAt: at,
    updatedAt: at,
    version: 0,
    outbox: [],
  } as never);
  const key = legacyRelativeKey(LEGACY_RELATIVE_ID);
  await db.collection('staff_relatives').insertOne({
    _id: key,
    idNumber: LEGACY_RELATIVE_ID,
    relativeName: '旧备案',
    regionCode: '330106',
    scope,
    registrations: [
      {
        registrationId: `${key}~staff-old`,
        staffId: 'staff-old',
        staffName: '钱经办',
        staffRole: 'assistance_staff',
        post: '社会救助经办员',
        relation: 'spouse',
        active: true,
        registeredAt: at,
        registeredBy: 'clerk-1',
        deactivatedAt: null,
        deactivatedBy: null,
        deactivationReason: '',
      },
    ],
    staffIds: ['staff-old'],
    staffRoles: ['assistance_staff'],
    activeCount: 1,
    audit: [
      {
        at,
        byUserId: 'clerk-1',
        action: 'registered',
        registrationId: `${key}~staff-old`,
        reason: '',
      },
    ],
    createdAt: at,
    updatedAt: at,
    version: 0,
  } as never);
}

let kit: ReviewKit;
beforeAll(async () => {
  kit = await startReviewKit('civil-sealed', {}, seedLegacy);
});
afterAll(async () => {
  await kit?.stop();
});

describe('civil affairs keeps personal data sealed at rest (issue 14, real MongoDB-wire engine)', () => {
  it('R-AP-6: a guard stored with the ID number in its `_id` moves to the blind index and still refuses a second aid of the same emergency', async () => {
    const guards = kit.h.db.collection('emergency_aid_guards');
    expect(await guards.findOne({ _id: legacyGuardId } as never)).toBeNull();
    const memberKey = kit.h.keys.indexer.of('id-number', LEGACY_ID);
    const moved = await guards.findOne({ _id: `emergency:${memberKey}:2026-11-01#1` } as never);
    expect(moved).toMatchObject({ approvalId: 'legacy-fa-1', idNumberBidx: memberKey });
    expect(isSealed(moved?.['idNumber'])).toBe(true);

    kit.h.clock.now = OPENED;
    const second = await kit.post('/first-aid', 'street2', {
      requestId: randomUUID(),
      recipient: {
        name: '旧记录',
        idNumber: LEGACY_ID,
        citizenCardNo: LEGACY_CARD,
        regionCode: '330106',
      },
      amountFen: 50000,
      situation: { category: 'other', occurredOn: '2026-11-01', description: LEGACY_SITUATION },
    });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('EMERGENCY_ALREADY_AIDED');
  });

  it('R-AP-8: a relative filed under the unkeyed hash is moved to the blind index and found by ID number', async () => {
    const relatives = kit.h.db.collection('staff_relatives');
    expect(
      await relatives.findOne({ _id: legacyRelativeKey(LEGACY_RELATIVE_ID) } as never),
    ).toBeNull();
    const key = kit.h.keys.indexer.of('id-number', LEGACY_RELATIVE_ID);
    const read = await kit.get(`/oversight/relatives/${key}`, 'county');
    expect(read.status).toBe(200);
    expect(read.body.idNumber).toBe(maskIdNumber(LEGACY_RELATIVE_ID));
    expect(read.body.registrations[0].registrationId).toBe(`${key}~staff-old`);
    const check = await kit.post('/oversight/relatives/check', 'county', {
      idNumbers: [LEGACY_RELATIVE_ID],
    });
    expect(check.body).toMatchObject({ ruleId: 'R-AP-8', flagged: true });
  });

  it('R-EDU-1: a certification stored with the unkeyed student key gets the blind index and a retried certifying finds it', async () => {
    const raw = await kit.h.db
      .collection('certifications')
      .findOne({ _id: 'cert-legacy-957' } as never);
    expect(raw?.['studentKey']).toBe(kit.h.keys.indexer.of('id-number', LEGACY_STUDENT_ID));
    const retried = await kit.post('/certifications', 'reviewer', legacyCertification);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({
      id: 'cert-legacy-957',
      student: { idNumber: maskIdNumber(LEGACY_STUDENT_ID) },
    });
    const other = await kit.post('/certifications', 'reviewer', {
      ...legacyCertification,
      certificateNo: 'DB-330106-0958',
    });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('ALREADY_CERTIFIED');
  });

  it('a clear-text first aid stored before the service started is sealed by the background pass and still reads correctly', async () => {
    const raw = await waitFor(
      async () => {
        const doc = await kit.h.db.collection('first_aid').findOne({ _id: 'legacy-fa-1' } as never);
        return isSealed(doc?.['recipient']?.idNumber) ? doc : undefined;
      },
      { what: 'legacy first aid sealed' },
    );
    expect(isSealed(raw['recipient'].citizenCardNo)).toBe(true);
    expect(isSealed(raw['situation'].description)).toBe(true);
    expect(raw['recipient'].idNumberBidx).toBe(kit.h.keys.indexer.of('id-number', LEGACY_ID));
    const read = await kit.get('/first-aid/legacy-fa-1', 'county');
    expect(read.status).toBe(200);
    expect(read.body.recipient.idNumber).toBe(maskIdNumber(LEGACY_ID));
    expect(read.body.situation.description).toBe(LEGACY_SITUATION);
  });

  it('after reviews, first aid, relatives, certifications and deliberations ran, no collection holds a clear ID number, phone, card number or situation text; views and events still carry the right values', async () => {
    // Review: case from intake, checks with a home-visit note, approval (R-PAY-1 recipient).
    const caseId = await kit.newCase([AssistanceItem.ASSISTANCE_ITEM_DIBAO]);
    const reviewId = await throughChecks(kit, { caseId, item: 'dibao' }, { note: HOME_VISIT_NOTE });
    const approved = await kit.post(`/reviews/${reviewId}/approve`, 'street', { amountFen: 80000 });
    expect(approved.status).toBe(200);
    expect(approved.body.applicantIdNumber).toBe(maskIdNumber(APPLICANT_ID));
    const [event] = await kit.approvedEvents(caseId);
    expect(event?.recipient).toMatchObject({
      idNumber: APPLICANT_ID,
      citizenCardNo: APPLICANT_CARD,
    });
    const stored = await kit.h.db.collection('reviews').findOne({ _id: reviewId } as never);
    const opened = await kit.h.open('reviews', stored);
    expect(opened?.['applicantIdNumber']).toBe(APPLICANT_ID);
    expect(opened?.['homeVisit'].note).toBe(HOME_VISIT_NOTE);

    // First aid, with its R-AP-6 guards.
    kit.h.clock.now = OPENED;
    const aid = await kit.post('/first-aid', 'street', {
      requestId: randomUUID(),
      recipient: {
        name: '李大山',
        idNumber: AID_ID,
        citizenCardNo: AID_CARD,
        regionCode: '330106',
      },
      amountFen: 200000,
      situation: {
        category: 'accident_or_fire',
        occurredOn: '2026-11-02',
        description: AID_SITUATION,
      },
    });
    expect(aid.status).toBe(201);
    expect(aid.body.situation.description).toBe(AID_SITUATION);
    expect(aid.body.recipient.idNumber).toBe(maskIdNumber(AID_ID));

    // Relatives registry: filed, then searched by ID number through the blind index.
    const filing = {
      staffId: 'staff-sun',
      staffName: '孙经办',
      staffRole: 'assistance_staff',
      post: '社会救助经办员',
      relativeName: '孙小妹',
      relativeIdNumber: RELATIVE_ID,
      relation: 'sibling',
    };
    expect((await kit.post('/oversight/relatives', 'county', filing)).status).toBe(201);
    const again = await kit.post('/oversight/relatives', 'county', filing);
    expect(again.status).toBe(409);
    const found = await kit.post('/oversight/relatives/check', 'county', {
      idNumbers: [RELATIVE_ID],
    });
    expect(found.body).toMatchObject({ flagged: true, matches: [{ staffName: '孙经办' }] });

    // Certification (免申即享) and a deliberation (一事一议) with its hardship text.
    const cert = await kit.post('/certifications', 'reviewer', {
      certificateNo: 'DB-330106-0956',
      category: 'minimum_living_family_student',
      student: { name: '李小华', idNumber: STUDENT_ID, school: '城关第一小学' },
      household: { caseId, householdNo: 'H-0956', regionCode: '330106' },
    });
    expect(cert.status).toBe(201);
    expect(cert.body.student.idNumber).toBe(maskIdNumber(STUDENT_ID));
    const deliberation = await kit.post('/deliberations', 'clerk', directApplication());
    expect(deliberation.status).toBe(201);

    // Every stored document of every collection, as the raw driver sees it.
    const docs = await storedDocuments(kit.h.db.db!);
    const collections = new Set(docs.map((d) => d.collection));
    for (const name of [
      'cases',
      'reviews',
      'first_aid',
      'emergency_aid_guards',
      'staff_relatives',
      'certifications',
      'deliberations',
    ]) {
      expect(collections).toContain(name);
    }
    const leaks = docs.flatMap(({ collection, text }) => {
      const found = [
        ...CLEAR_VALUES.filter((v) => text.includes(v)),
        ...idNumbersIn(text),
        ...phonesIn(text),
      ];
      return found.map((value) => `${collection}: ${value}`);
    });
    expect(leaks).toEqual([]);
  });
});
