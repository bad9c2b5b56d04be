import { createLogger } from '@jh/platform-logger';
import type { AuditDb } from './record';
import { toCsv } from './search';
import { T0, signerFor, testClock, testDb } from './test-support';
import { openAuditTrail, type AuditTrail } from './trail';

// 纪工委/审计 search the trail by person (blind index), object, user and time (R-OV-1).
jest.setTimeout(60_000);

const HOUR = 3600_000;
let db: AuditDb;
let closeDb: () => Promise<void>;
let trail: AuditTrail;
beforeAll(async () => {
  ({ db, close: closeDb } = await testDb('audit-search'));
  const time = testClock();
  trail = await openAuditTrail({
    db,
    chain: 'intake',
    hash: 'sm3',
    signer: signerFor('sm3'),
    clock: time.clock,
    logger: createLogger({ name: 'audit-test', level: 'silent' }),
  });
  // Record i is written at T0 + i hours; persons alternate, application A(i % 4).
  for (let i = 0; i < 12; i++) {
    time.set(T0 + i * HOUR);
    await trail.append({
      actor: { userId: i % 2 ? 'clerk-1' : 'auditor-2', roles: ['clerk'], regionCode: '330102' },
      action: i % 3 ? 'application.update' : 'personal-data.read',
      object: { kind: 'application', id: `A${i % 4}` },
      personRefs: i % 2 ? ['ref-odd'] : ['ref-even', 'ref-shared'],
      source: '10.0.0.1',
      traceId: `req-${i}`,
    });
  }
  // Another chain in the same database stays out of this chain's results.
  const other = await openAuditTrail({
    db,
    chain: 'other',
    hash: 'sm3',
    signer: signerFor('sm3'),
    clock: time.clock,
    logger: createLogger({ name: 'audit-test', level: 'silent' }),
  });
  await other.append({
    actor: { userId: 'clerk-1', roles: [] },
    action: 'x',
    object: { kind: 'application', id: 'A1' },
    personRefs: ['ref-odd'],
  });
  await other.close();
});
afterAll(async () => {
  await trail.close();
  await closeDb();
});

const seqs = (items: { seq: number }[]) => items.map((r) => r.seq);

describe('AuditTrail.search', () => {
  it('by person (blind index), newest first, with the total', async () => {
    const page = await trail.search({ personRef: 'ref-odd' }, { page: 1, pageSize: 50 });
    expect(page.total).toBe(6);
    expect(seqs(page.items)).toEqual([12, 10, 8, 6, 4, 2]);
    const shared = await trail.search({ personRef: 'ref-shared' }, { page: 1, pageSize: 50 });
    expect(seqs(shared.items)).toEqual([11, 9, 7, 5, 3, 1]);
  });

  it('by object, by user, and combined with a time range [from, to)', async () => {
    const byObject = await trail.search(
      { objectKind: 'application', objectId: 'A1' },
      { page: 1, pageSize: 50 },
    );
    expect(seqs(byObject.items)).toEqual([10, 6, 2]);
    const byUser = await trail.search(
      { userId: 'clerk-1', from: new Date(T0 + 3 * HOUR), to: new Date(T0 + 9 * HOUR) },
      { page: 1, pageSize: 50 },
    );
    expect(seqs(byUser.items)).toEqual([8, 6, 4]);
  });

  it('pages', async () => {
    const p2 = await trail.search({}, { page: 2, pageSize: 5 });
    expect(p2.total).toBe(12);
    expect(seqs(p2.items)).toEqual([7, 6, 5, 4, 3]);
  });

  it('exports CSV: BOM, Chinese headers, Beijing time, escaped cells', async () => {
    const [first] = (await trail.search({ objectId: 'A3' }, { page: 1, pageSize: 1 })).items;
    const csv = toCsv([
      first!,
      { ...first!, action: '=HYPERLINK("x")', actor: { ...first!.actor, userId: 'a,b' } },
    ]);
    expect(csv.startsWith('\uFEFF时间,用户,角色,区划,操作,对象类型,对象编号,来源,追踪号\r\n')).toBe(
      true,
    );
    const lines = csv.slice(1).trimEnd().split('\r\n');
    // seq 12 was written at T0 + 11 h = 2026-11-30T11:00Z = 19:00 in Beijing.
    expect(lines[1]).toBe(
      '2026-11-30T19:00:00.000+08:00,clerk-1,clerk,330102,application.update,application,A3,10.0.0.1,req-11',
    );
    expect(lines[2]).toContain('"a,b"');
    expect(lines[2]).toContain(`"'=HYPERLINK(""x"")"`);
  });
});
