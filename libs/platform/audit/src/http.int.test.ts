import { createHmac } from 'node:crypto';
import request from 'supertest';
import { createLogger } from '@jh/platform-logger';
import { createHttpApp, finish } from '@jh/platform-http';
import { notAllowed } from '@jh/platform-errors';
import { auditHttp, auditRoutes, markPersonalDataRead, setAuditObject } from './http';
import type { AuditDb } from './record';
import { testDb, trailOptions } from './test-support';
import { openAuditTrail, type AuditTrail } from './trail';

// R-OV-1: every state change and every read of unmasked personal data (查询留痕) is recorded.
jest.setTimeout(60_000);

const ID_NUMBER = '11010519491231002X';
const personIndex = (idNumber: string) =>
  createHmac('sha256', 'test-blind-index-key').update(idNumber).digest('hex');

let db: AuditDb;
let closeDb: () => Promise<void>;
let trail: AuditTrail;
let app: ReturnType<typeof createHttpApp>;
beforeAll(async () => {
  ({ db, close: closeDb } = await testDb('audit-http'));
  trail = await openAuditTrail(trailOptions(db, 'intake'));
  app = createHttpApp({ logger: createLogger({ name: 'audit-test', level: 'silent' }) });
  app.use((req, res, next) => {
    const user = req.header('x-user');
    if (user) res.locals['actor'] = { userId: user, roles: [user], regionCode: '330102' };
    next();
  });
  app.use(auditHttp(trail));
  app.post('/applications/:id/approve', (_req, res) => {
    res.json({ ok: true });
  });
  app.post('/applications', (_req, res) => {
    setAuditObject(res, { kind: 'application', id: 'NEW-1' });
    res.status(201).json({ id: 'NEW-1' });
  });
  app.post('/applications/:id/reject', (_req, res) => {
    res.status(409).json({ error: 'conflict' });
  });
  app.get('/applications/:applicationId', (req, res) => {
    markPersonalDataRead(res, {
      kind: 'application',
      id: String(req.params['applicationId']),
      personRefs: [personIndex(ID_NUMBER)],
    });
    res.json({ idNumber: ID_NUMBER });
  });
  app.get('/masked/:id', (_req, res) => {
    res.json({ idNumber: '110105********002X' });
  });
  app.use(
    auditRoutes({
      trail,
      personIndex,
      requireAuditor: (req, _res, next) =>
        next(
          req.header('x-user') === 'auditor'
            ? undefined
            : notAllowed('NOT_AUDITOR', '仅审计人员可查询'),
        ),
    }),
  );
  finish(app);
});
afterAll(async () => {
  await trail.close();
  await closeDb();
});

describe('auditHttp + auditRoutes', () => {
  it('records writes below 400 and marked personal-data reads, nothing else', async () => {
    const as = (user: string) => ({ 'x-user': user, 'x-request-id': `req-${user}` });
    await request(app).post('/applications/A7/approve').set(as('clerk')).expect(200);
    await request(app).post('/applications').set(as('clerk')).expect(201);
    await request(app).post('/applications/A7/reject').set(as('clerk')).expect(409);
    await request(app).get('/applications/A7').set(as('caseworker')).expect(200);
    await request(app).get('/masked/A7').set(as('caseworker')).expect(200);
    await trail.flush();
    const { items, total } = await trail.search({}, { page: 1, pageSize: 50 });
    expect(total).toBe(3);
    expect(items.map((r) => [r.action, r.object.kind, r.object.id, r.actor.userId])).toEqual([
      ['personal-data.read', 'application', 'A7', 'caseworker'],
      ['POST /applications', 'application', 'NEW-1', 'clerk'],
      ['POST /applications/:id/approve', 'applications', 'A7', 'clerk'],
    ]);
    expect(items[0]).toMatchObject({
      personRefs: [personIndex(ID_NUMBER)],
      traceId: 'req-caseworker',
      actor: { roles: ['caseworker'], regionCode: '330102' },
    });
    expect(items[0]!.source).toBeTruthy();
  });

  it('lets an auditor search by ID number (through the blind index) and export CSV', async () => {
    const res = await request(app)
      .post('/audit/records/search')
      .send({ idNumber: ID_NUMBER })
      .set('x-user', 'auditor')
      .expect(200);
    // Never in a URL: the GET form refuses an ID number.
    const inUrl = await request(app)
      .get('/audit/records')
      .query({ idNumber: ID_NUMBER })
      .set('x-user', 'auditor')
      .expect(400);
    expect(inUrl.body.error.details[0]).toMatchObject({
      path: 'idNumber',
      code: 'ID_NUMBER_IN_URL',
    });
    expect(res.body).toMatchObject({ total: 1, page: 1, pageSize: 20 });
    expect(res.body.items[0]).toMatchObject({ action: 'personal-data.read', seq: 3 });
    expect(JSON.stringify(res.body)).not.toContain(ID_NUMBER);

    const csv = await request(app)
      .get('/audit/records.csv')
      .query({ objectId: 'A7', from: '2000-01-01' })
      .set('x-user', 'auditor')
      .buffer(true)
      .parse((r, cb) => {
        let text = '';
        r.setEncoding('utf8');
        r.on('data', (c: string) => (text += c));
        r.on('end', () => cb(null, text));
      })
      .expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = (csv.body as string).split('\r\n');
    expect(lines[0]).toBe('\uFEFF时间,用户,角色,区划,操作,对象类型,对象编号,来源,追踪号');
    expect(lines.filter((l) => l.includes(',A7,'))).toHaveLength(2);
  });

  it('validates the query with Chinese messages and refuses non-auditors', async () => {
    const bad = await request(app)
      .post('/audit/records/search')
      .send({ idNumber: '123', from: 'yesterday', sort: 'x' })
      .set('x-user', 'auditor')
      .expect(400);
    const details = bad.body.error.details as { path: string; message: string }[];
    expect(details.map((d) => d.path).sort()).toEqual(['from', 'idNumber', 'sort']);
    expect(details.find((d) => d.path === 'from')?.message).toMatch(/时间格式/);
    expect(details.find((d) => d.path === 'sort')?.message).toMatch(/不支持/);
    const both = await request(app)
      .post('/audit/records/search')
      .send({ idNumber: ID_NUMBER, personRef: 'x' })
      .set('x-user', 'auditor')
      .expect(400);
    expect(both.body.error.details[0].message).toMatch(/二选一/);
    await request(app).get('/audit/records').set('x-user', 'clerk').expect(403);
  });

  it('a search takes its filters as a JSON object: no body or an array is refused, {} is no filter', async () => {
    for (const path of ['/audit/records/search', '/audit/records/search.csv']) {
      const none = await request(app).post(path).set('x-user', 'auditor').expect(400);
      expect(none.body.error.details[0]).toMatchObject({ path: '(body)', code: 'BODY_REQUIRED' });
      const list = await request(app).post(path).send([]).set('x-user', 'auditor').expect(400);
      expect(list.body.error.details[0]).toMatchObject({ path: '(body)', code: 'INVALID_TYPE' });
    }
    await request(app).post('/audit/records/search').send({}).set('x-user', 'auditor').expect(200);
  });

  it('a failed append is logged and counted, not lost silently', async () => {
    const lines: string[] = [];
    const failing = await openAuditTrail(
      trailOptions(db, 'failing', {
        logger: createLogger({
          name: 'audit-test',
          level: 'error',
          destination: { write: (l: string) => lines.push(l) },
        }),
      }),
    );
    await failing.close(); // a closed trail refuses every append
    const small = createHttpApp({ logger: createLogger({ name: 't', level: 'silent' }) });
    small.use(auditHttp(failing));
    small.post('/things/:id', (_req, res) => {
      res.json({});
    });
    await request(small).post('/things/T1').expect(200);
    await new Promise((r) => setImmediate(r));
    expect(failing.counters.failed).toBe(1);
    expect(lines.join('')).toMatch(/audit append failed/);
  });
});
