import { createHash, randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import {
  AssistanceItem,
  StudentCategory,
  Topics,
  type PartDispatched,
  type StudentCertified,
} from '@jh/contracts';
import { runAccessMatrix, type MatrixEndpoint, type MatrixTarget } from '@jh/access-guard';
import {
  loadDepartmentConfig,
  startDepartmentService,
  type DepartmentService,
} from '@jh/department-kit';
import { EventPublisher } from '@jh/platform-kafka';
import {
  mongoUrlFor,
  signInDevelopmentUsers,
  testKafka,
  testServiceEnv,
  uniquePrefix,
  waitFor,
  developmentUsernames,
  releaseTestDatabase,
} from '@jh/platform-testing';
import { department } from './department';

// Issue 13 (R-OV-2): every HTTP endpoint of a department service (the kit's worklist, run here
// on education, plus education's 免申即享 grants) × every development user × a record in 西湖区
// and one in 拱墅区. Expected answers come from the one access policy; statuses from the service.
jest.setTimeout(180000);

const prefix = uniquePrefix('edu-matrix');
const database = `${prefix}edu`;
const regions = ['330106001', '330105001'] as const;
let service: DepartmentService;
let conn: mongoose.Connection;
let subjects: Awaited<ReturnType<typeof signInDevelopmentUsers>>;
const parts: MatrixTarget[] = [];
const exemptions: MatrixTarget[] = [];

const record = (
  name: string,
  kind: 'part' | 'exemption',
  op: 'read' | 'write',
  path: (id: string) => string,
  body?: unknown,
): MatrixEndpoint => ({
  name,
  kind,
  op,
  shape: 'record',
  request: (t) => ({ method: op === 'read' ? 'GET' : 'POST', path: path(t.id), body }),
});

/** Every HTTP endpoint of a department service with education's own feature, once. */
const endpoints: MatrixEndpoint[] = [
  {
    name: 'GET /department',
    kind: 'part',
    op: 'read',
    shape: 'list',
    request: () => ({ method: 'GET', path: '/department' }),
  },
  {
    name: 'GET /parts',
    kind: 'part',
    op: 'read',
    shape: 'list',
    request: () => ({ method: 'GET', path: '/parts?pageSize=100' }),
    rowRegions: (body) =>
      (body as { items: { regionCode: string }[] }).items.map((i) => i.regionCode),
  },
  record('GET /parts/:id', 'part', 'read', (id) => `/parts/${id}`),
  // Allowed cells accept (200, then 409 once accepted); the others change nothing.
  record('POST /parts/:id/accept', 'part', 'write', (id) => `/parts/${id}/accept`),
  // Invalid bodies: allowed cells answer 400 (the body is checked after role and scope).
  record('POST /parts/:id/report', 'part', 'write', (id) => `/parts/${id}/report`, {
    outcome: 'not-an-outcome',
  }),
  record(
    'POST /parts/:id/transfer-request',
    'part',
    'write',
    (id) => `/parts/${id}/transfer-request`,
    {},
  ),
  {
    name: 'GET /exemptions',
    kind: 'exemption',
    op: 'read',
    shape: 'list',
    request: () => ({ method: 'GET', path: '/exemptions?pageSize=100' }),
    rowRegions: (body) =>
      (body as { items: { household: { regionCode: string } }[] }).items.map(
        (i) => i.household.regionCode,
      ),
  },
  record('GET /exemptions/:id', 'exemption', 'read', (id) => `/exemptions/${id}`),
];

/** A valid GB 11643 ID number. */
function idNumber(seq: number): string {
  const first17 = `11010520100101${String(seq).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((acc, w, i) => acc + w * Number(first17.charAt(i)), 0);
  return first17 + '10X98765432'.charAt(sum % 11);
}

beforeAll(async () => {
  service = await startDepartmentService(
    department,
    loadDepartmentConfig(
      department,
      testServiceEnv('education', prefix, database, { DEPT_REGION_CODE: '330100' }),
    ),
    { clock: () => new Date('2026-11-16T02:00:00Z') },
  );
  conn = await mongoose.createConnection(mongoUrlFor(database)).asPromise();
  // Stands in for civil affairs, which dispatches parts and certifies students.
  const civilAffairs = new EventPublisher(testKafka(prefix), 'civil-affairs');
  await civilAffairs.connect();
  try {
    for (const [i, regionCode] of regions.entries()) {
      const applicationId = randomUUID();
      const part: PartDispatched = {
        partId: randomUUID(),
        caseId: randomUUID(),
        applicationId,
        applicationNumber: '',
        department: 'education',
        items: [AssistanceItem.ASSISTANCE_ITEM_EDUCATION],
        reportDueAt: undefined,
        handlingDueAt: undefined,
        dispatchedAt: new Date('2026-11-16T01:00:00Z'),
        regionCode,
      };
      await civilAffairs.publish(Topics.partDispatched, part, {
        key: applicationId,
        correlationId: applicationId,
      });
      const id = idNumber(900 + i);
      const cert: StudentCertified = {
        certificationId: `matrix-cert-${i}`,
        certificateNo: `DB-M${i}`,
        category: StudentCategory.STUDENT_CATEGORY_MINIMUM_LIVING_FAMILY,
        student: { name: `矩阵学生${i}`, idNumber: id, school: '城关第一小学' },
        household: { caseId: `case-m${i}`, householdNo: `H-M${i}`, regionCode },
        certifiedAt: new Date('2026-11-10T02:00:00Z'),
        certifiedBy: 'rev-1',
        studentKey: createHash('sha256').update(id).digest('hex'),
      };
      await civilAffairs.publish(Topics.studentCertified, cert, {
        key: cert.studentKey,
        correlationId: cert.certificationId,
      });
      await waitFor(() => conn.db!.collection('parts').findOne({ _id: part.partId as never }), {
        what: 'dispatched part stored',
      });
      parts.push({ id: part.partId, regionCode, department: 'education' });
      const grant = await waitFor(
        () => conn.db!.collection('exemptions').findOne({ 'student.name': `矩阵学生${i}` }),
        { what: 'grant stored' },
      );
      exemptions.push({ id: String(grant._id), regionCode, department: 'education' });
    }
  } finally {
    await civilAffairs.disconnect();
  }
  subjects = await signInDevelopmentUsers();
});

afterAll(async () => {
  await service?.stop();
  if (conn) await releaseTestDatabase(conn);
  await conn?.close();
});

describe('department service access matrix (issue 13)', () => {
  it('every endpoint answers each development user as the access policy says (200/403/404 per cell)', async () => {
    // Every development user of the realm file (32: 10 roles, 4 streets, 2 counties, the city).
    expect(subjects).toHaveLength(developmentUsernames().length);
    const { cells, mismatches } = await runAccessMatrix({
      baseUrl: `http://127.0.0.1:${service.httpPort}`,
      endpoints,
      subjects,
      targets: { part: parts, exemption: exemptions },
    });
    expect(mismatches).toEqual([]);
    // 5 per-record endpoints × every user × 2 records + 3 lists × every user.
    expect(cells).toHaveLength(5 * subjects.length * 2 + 3 * subjects.length);
    const tally = cells.reduce<Record<string, number>>((acc, c) => {
      acc[c.expected] = (acc[c.expected] ?? 0) + 1;
      return acc;
    }, {});
    // Every kind of answer occurs, so no column of the matrix is vacuous.
    expect(Object.keys(tally).sort()).toEqual(['allow', 'forbidden', 'not-found']);
    console.log(`department access matrix: ${cells.length} cells`, tally);
  });
});
