// Benchmark (not a test): 100,000 department parts and their civil-affairs cases, then the lists
// people open — a department officer's first worklist page, the coordinator's overdue list, the
// monthly 通报 (R-JH-4) — and one SLA scan pass, through the store/service methods the HTTP
// routes call, on the local engine. Target: each list ≤ 1 s p95.
//   npm run bench:worklist -- [--parts 100000] [--runs 30] [--keep]
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import mongoose, { type Connection } from 'mongoose';
import { officialCalendar } from '@jh/domain-calendar';
import { DEPARTMENT_HANDLING_WORKING_DAYS } from '@jh/domain-policy';
import type { Actor } from '@jh/platform-auth';
import { createLogger } from '@jh/platform-logger';
import { keyMaterialFrom, Vault } from '@jh/platform-crypto';
import { sealedCollections } from '../../apps/civil-affairs/src/sealed-fields';
import { mongoUrlFor } from '@jh/platform-testing';
import { department as education } from '../../apps/education/src/department';
import { department as employment } from '../../apps/employment/src/department';
import { department as housing } from '../../apps/housing/src/department';
import { department as medical } from '../../apps/medical/src/department';
import { caseModels } from '../../apps/civil-affairs/src/case/case.model';
import { CaseService } from '../../apps/civil-affairs/src/case/case.service';
import { MongoCaseStore, type CaseStore } from '../../apps/civil-affairs/src/case/case.store';
import { Coordination } from '../../apps/civil-affairs/src/case/coordination';
import { PartDeadlines } from '../../apps/civil-affairs/src/case/part-deadlines';
import { RoutingTable } from '../../apps/civil-affairs/src/case/routing';
import { SlaMonitor } from '../../apps/civil-affairs/src/case/sla-monitor';
import type { DepartmentDefinition } from '../../libs/department-kit/src/department';
import { PartClocks } from '../../libs/department-kit/src/part.clocks';
import { listQuery } from '../../libs/department-kit/src/part.input';
import { partModel } from '../../libs/department-kit/src/part.model';
import { PartReceiver } from '../../libs/department-kit/src/part.receiver';
import { PartService } from '../../libs/department-kit/src/part.service';
import { MongoPartStore } from '../../libs/department-kit/src/part.store';
import { partView } from '../../libs/department-kit/src/part.view';
import { percentile, round } from './bench-util';
import {
  departments,
  MemoryCaseStore,
  MemoryPartStore,
  rng,
  seedCase,
  seedClock,
  sent,
  type Department,
  type SeedDeps,
} from './worklist-seed';

const { values } = parseArgs({
  options: {
    parts: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '2' },
    keep: { type: 'boolean', default: false },
    /** Run stamp of databases kept by an earlier `--keep` run: measure again without seeding. */
    reuse: { type: 'string' },
    /** Runs of the unfiltered worklist (it reads every reported part of the department). */
    'default-runs': { type: 'string' },
  },
});
const targetParts = Number(values.parts);
const runs = Number(values.runs);
const warmup = Number(values.warmup);
const stamp = values.reuse ?? Date.now().toString(36);
const keep = values.keep || values.reuse !== undefined;
const dbName = (what: string) => `bench_worklist_${stamp}_${what}`;
const logger = createLogger({ name: 'bench', level: 'error' });
// Wed 2026-11-25 14:00 Shanghai: a working afternoon; the 通报 is for October.
const now = new Date('2026-11-25T06:00:00Z');
const bulletinMonth = '2026-10';
const defs: Record<Department, DepartmentDefinition> = { education, housing, medical, employment };
const slaPolicy = {
  chain: ['reminder', 'coordinator', 'notice'] as const,
  noticeAfterWorkingDays: 2,
  atRiskPercent: 20,
};

const routing = new RoutingTable(
  { education: 'education', housing: 'housing', medical: 'medical', employment: 'employment' },
  { ...DEPARTMENT_HANDLING_WORKING_DAYS },
  5,
);
const deadlines = new PartDeadlines(officialCalendar, routing, {
  ...slaPolicy,
  chain: [...slaPolicy.chain],
});
const clocksOf = (d: Department) =>
  new PartClocks({
    departmentCode: d,
    handlingLimitWorkingDays: defs[d].handlingLimitWorkingDays,
    atRiskPercent: slaPolicy.atRiskPercent,
  });

async function connect(name: string): Promise<Connection> {
  return mongoose.createConnection(mongoUrlFor(name), { autoIndex: false }).asPromise();
}

/** Seeds cases and parts in chunks of 2,000 applications: build in memory, insertMany raw. */
async function seed(caseConn: Connection, deptConns: Record<Department, Connection>) {
  const caseStore = new MemoryCaseStore();
  const partStores = Object.fromEntries(
    departments.map((d) => [d, new MemoryPartStore()]),
  ) as Record<Department, MemoryPartStore>;
  const deps: SeedDeps = {
    caseStore,
    partStores,
    cases: new CaseService(
      caseStore as unknown as CaseStore,
      routing,
      deadlines,
      officialCalendar,
      logger,
      () => seedClock.now,
    ),
    receivers: Object.fromEntries(
      departments.map((d) => [
        d,
        new PartReceiver(defs[d], partStores[d], clocksOf(d), () => seedClock.now),
      ]),
    ) as Record<Department, PartReceiver>,
    services: Object.fromEntries(
      departments.map((d) => [
        d,
        new PartService(defs[d], partStores[d], clocksOf(d), () => seedClock.now),
      ]),
    ) as Record<Department, PartService>,
  };
  const random = rng(12);
  const weights: [Department, number][] = [
    ['medical', 0.35],
    ['education', 0.25],
    ['housing', 0.2],
    ['employment', 0.2],
  ];
  const pick = (taken: Department[]): Department => {
    for (;;) {
      let r = random();
      for (const [d, w] of weights) {
        r -= w;
        if (r <= 0 && !taken.includes(d)) return d;
      }
    }
  };
  const flush = async () => {
    const caseDocs = [...caseStore.docs.values()].map((d) => ({
      ...d,
      outbox: sent(d.outbox, now),
    }));
    await caseConn.collection<{ _id: string }>('cases').insertMany(caseDocs, { ordered: false });
    caseStore.docs.clear();
    for (const d of departments) {
      const docs = [...partStores[d].docs.values()].map((p) => ({
        ...p,
        outbox: sent(p.outbox, now),
      }));
      if (docs.length > 0)
        await deptConns[d]
          .collection<{ _id: string }>('parts')
          .insertMany(docs, { ordered: false });
      partStores[d].docs.clear();
    }
  };
  let parts = 0;
  let cases = 0;
  while (parts < targetParts) {
    const n = Math.min(targetParts - parts, random() < 0.5 ? 1 : random() < 0.7 ? 2 : 3);
    const depts: Department[] = [];
    while (depts.length < n) depts.push(pick(depts));
    // Working hours (09:00–17:00 Shanghai) on a day in the past year.
    const dayStart = Math.floor((now.getTime() - random() * 365 * 86_400_000) / 86_400_000);
    const at = new Date(dayStart * 86_400_000 + (1 + random() * 8) * 3_600_000);
    if (at > now) continue;
    await seedCase(deps, cases, depts, at, now, random);
    parts += n;
    cases++;
    if (cases % 2000 === 0) {
      await flush();
      process.stdout.write(`\r  seeded ${parts} parts / ${cases} cases`);
    }
  }
  await flush();
  process.stdout.write(`\r  seeded ${parts} parts / ${cases} cases\n`);
  return { parts, cases };
}

interface Result {
  name: string;
  ms: number[];
  rows: number;
  total: number;
}

async function measure(
  name: string,
  fn: (run: number) => Promise<{ rows: number; total: number }>,
  count = runs,
) {
  const ms: number[] = [];
  let last = { rows: 0, total: 0 };
  for (let r = -warmup; r < count; r++) {
    const t0 = performance.now();
    last = await fn(r);
    if (r >= 0) ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  console.log(
    `  ${name}: p50 ${round(percentile(ms, 50))} ms, p95 ${round(percentile(ms, 95))} ms (${last.rows} rows of ${last.total})`,
  );
  return { name, ms, ...last } satisfies Result;
}

const benchKeys = { NODE_ENV: 'development', DATA_CIPHER_SUITE: 'aes-256-gcm' as const };

async function main() {
  const caseConn = await connect(dbName('civil'));
  const deptConns = Object.fromEntries(
    await Promise.all(departments.map(async (d) => [d, await connect(dbName(d))] as const)),
  ) as Record<Department, Connection>;
  const models = caseModels(caseConn);
  const parts = Object.fromEntries(departments.map((d) => [d, partModel(deptConns[d])])) as Record<
    Department,
    ReturnType<typeof partModel>
  >;
  // Indexes first, as the services create them at start-up.
  await models.Case.init();
  await models.Case.createIndexes();
  for (const d of departments) await parts[d].createIndexes();
  const results: Result[] = [];
  try {
    const t0 = performance.now();
    const seeded = values.reuse
      ? {
          parts: (
            await Promise.all(departments.map((d) => parts[d].estimatedDocumentCount()))
          ).reduce((a, b) => a + b, 0),
          cases: await models.Case.estimatedDocumentCount(),
        }
      : await seed(caseConn, deptConns);
    const seedSeconds = round((performance.now() - t0) / 1000);
    // Equality per status (an `$in` would read every part of the department on the local engine).
    const open = await Promise.all(
      departments.map(async (d) => {
        const counts = await Promise.all(
          (['pending', 'accepted', 'transfer_requested'] as const).map((status) =>
            parts[d].collection.countDocuments({ status }),
          ),
        );
        return counts.reduce((a, b) => a + b, 0);
      }),
    );
    console.log(
      `seeded in ${seedSeconds} s; open parts per department: ${departments.map((d, i) => `${d} ${open[i]}`).join(', ')}`,
    );

    const clock = () => now;
    const services = Object.fromEntries(
      departments.map((d) => [
        d,
        new PartService(defs[d], new MongoPartStore(parts[d]), clocksOf(d), clock),
      ]),
    ) as Record<Department, PartService>;
    const officer = (d: Department): Actor => ({
      userId: `${d}-officer-0`,
      roles: ['department_officer'],
      department: d,
      // City level: the same rows as before issue 13 scoped worklists by region.
      regionCode: '330100',
    });
    const worklist = (query: Record<string, string>) => async (run: number) => {
      const d = departments[((run % 4) + 4) % 4]!;
      const service = services[d];
      const page = await service.list(listQuery.parse(query), officer(d));
      const items = page.items.map((p) => partView(p, service.clocks, now));
      return { rows: items.length, total: page.total };
    };
    results.push(await measure('worklist pending', worklist({ status: 'pending' })));
    results.push(await measure('worklist overdue', worklist({ overdue: 'true' })));

    // The service's own cipher for cases (development keys), as civil-affairs builds it at start.
    const caseCipher = await new Vault(caseConn.db!, keyMaterialFrom(benchKeys)).collection(
      'cases',
      sealedCollections.cases,
    );
    const store = new MongoCaseStore(models, caseCipher);
    const coordination = new Coordination(store, routing, officialCalendar, clock);
    results.push(
      await measure('coordinator overdue list', async () => {
        const page = await coordination.partsByRisk('overdue', 1, 20, {});
        return { rows: page.items.length, total: page.total };
      }),
    );
    results.push(
      await measure(`通报 ${bulletinMonth}`, async () => {
        const b = await coordination.bulletin(bulletinMonth, {});
        return {
          rows: b.ranking.length,
          total: b.ranking.reduce((s, r) => s + r.due + r.pending, 0),
        };
      }),
    );
    const cases = new CaseService(store, routing, deadlines, officialCalendar, logger, clock);
    const monitor = new SlaMonitor(store, cases, logger);
    const first = performance.now();
    const firstScan = await monitor.scan();
    const firstScanMs = performance.now() - first;
    results.push(
      await measure('SLA scan pass (nothing due)', async () => {
        const r = await monitor.scan();
        return { rows: r.published, total: r.casesChecked };
      }),
    );

    // Last: without a status filter the page and its total include every reported part.
    results.push(
      await measure(
        'worklist first page (default)',
        worklist({}),
        Number(values['default-runs'] ?? runs),
      ),
    );

    console.log(
      `\n${seeded.parts} parts, ${seeded.cases} cases, ${runs} runs each (after ${warmup} warm-up runs)`,
    );
    console.log(
      `first SLA scan: ${round(firstScanMs)} ms, ${firstScan.casesChecked} cases checked, ${firstScan.published} published`,
    );
    console.log('| query | p50 ms | p95 ms | max ms | rows | total | ≤ 1 s p95 |');
    console.log('|---|---:|---:|---:|---:|---:|---|');
    for (const r of results) {
      const p95 = percentile(r.ms, 95);
      console.log(
        `| ${r.name} | ${round(percentile(r.ms, 50))} | ${round(p95)} | ${round(r.ms[r.ms.length - 1] ?? NaN)} | ${r.rows} | ${r.total} | ${p95 <= 1000 ? 'yes' : 'NO'} |`,
      );
    }
    console.log(
      JSON.stringify({
        bench: 'worklist',
        parts: seeded.parts,
        cases: seeded.cases,
        runs,
        seedSeconds,
        firstScanMs: round(firstScanMs),
        firstScan,
        p95ms: Object.fromEntries(results.map((r) => [r.name, round(percentile(r.ms, 95))])),
        p50ms: Object.fromEntries(results.map((r) => [r.name, round(percentile(r.ms, 50))])),
      }),
    );
  } finally {
    if (!keep) {
      await caseConn.dropDatabase();
      for (const d of departments) await deptConns[d].dropDatabase();
    } else console.log(`kept databases ${dbName('*')}`);
    await caseConn.close();
    for (const d of departments) await deptConns[d].close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
