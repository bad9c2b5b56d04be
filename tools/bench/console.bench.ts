// Benchmark (not a test): the console in Debian's Chromium against the real services.
//  1. Initial JavaScript: what index.html loads before any workspace (entry + modulepreloads),
//     gzipped; and each workspace's own chunk. Target ≤ 400 KB gzipped.
//  2. The department officer's first worklist page over 10,000 open parts: seeded into the
//     education service's database, then the time from navigation to the first rows on screen,
//     a full page load after sign-in (boot, session restore, request, render). Target ≤ 1 s.
//   npm run bench:console -- [--parts 10000] [--runs 7]
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import mongoose from 'mongoose';
import { mongoUrlFor, uniquePrefix } from '@jh/platform-testing';
import { department as education } from '../../apps/education/src/department';
import { PartClocks } from '../../libs/department-kit/src/part.clocks';
import { PartReceiver } from '../../libs/department-kit/src/part.receiver';
import { launchBrowser, signIn } from '../../e2e/src/browser';
import { repoRoot } from '../../e2e/src/processes';
import { startSystem } from '../../e2e/src/system';
import { percentile, round } from './bench-util';
import { MemoryPartStore } from './worklist-seed';

const { values } = parseArgs({
  options: {
    parts: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '7' },
  },
});
const partCount = Number(values.parts);
const runs = Number(values.runs);
const kb = (bytes: number) => round(bytes / 1024, 1);

function bundleFigures() {
  const dist = join(repoRoot, 'dist/apps/console');
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const initial = new Set<string>();
  for (const m of html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)) initial.add(m[1]!);
  const gz = (file: string) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
  let initialGz = 0;
  for (const f of initial) initialGz += gz(f);
  const chunks = readdirSync(join(dist, 'assets'))
    .filter((f) => f.endsWith('.js') && !initial.has(`assets/${f}`))
    .map((f) => ({ file: f, gz: gz(`assets/${f}`) }))
    .sort((a, b) => b.gz - a.gz);
  return { initial: [...initial], initialGz, chunks };
}

/** 10,000 pending education parts in the officer's county (330106), due dates from the calendar. */
async function seedParts(database: string) {
  const store = new MemoryPartStore();
  const clocks = new PartClocks({
    departmentCode: 'education',
    handlingLimitWorkingDays: education.handlingLimitWorkingDays,
    atRiskPercent: 20,
  });
  const now = Date.now();
  let at = new Date(now);
  const receiver = new PartReceiver(education, store, clocks, () => at);
  for (let i = 0; i < partCount; i++) {
    at = new Date(now - (i % 72) * 3_600_000 - i * 1000);
    const id = `bench-part-${String(i).padStart(6, '0')}`;
    await receiver.receiveDispatched(
      {
        partId: id,
        caseId: `bench-case-${i}`,
        applicationId: `bench-case-${i}`,
        department: 'education',
        items: [education.items[0]!],
        dispatchedAt: at,
        regionCode: `330106${String(1 + (i % 12)).padStart(3, '0')}`,
      } as Parameters<PartReceiver['receiveDispatched']>[0],
      { eventId: `bench-dispatch-${i}`, producer: 'civil-affairs' },
    );
  }
  const conn = await mongoose.createConnection(mongoUrlFor(database)).asPromise();
  try {
    const docs = [...store.docs.values()];
    for (let i = 0; i < docs.length; i += 1000) {
      await conn
        .collection<{ _id: string }>('parts')
        .insertMany(docs.slice(i, i + 1000), { ordered: false });
    }
  } finally {
    await conn.close();
  }
  return store.docs.size;
}

async function main() {
  const bundle = bundleFigures();
  console.log(
    `initial JavaScript: ${kb(bundle.initialGz)} KB gzipped (${bundle.initial.join(', ')})`,
  );
  console.log(
    `largest on-demand chunks: ${bundle.chunks
      .slice(0, 8)
      .map((c) => `${c.file} ${kb(c.gz)} KB`)
      .join(', ')}`,
  );

  const database = `${uniquePrefix('bench-console')}education`;
  const t0 = Date.now();
  const seeded = await seedParts(database);
  console.log(`seeded ${seeded} open education parts in ${round((Date.now() - t0) / 1000)} s`);

  const system = await startSystem({ env: { education: { MONGO_URL: mongoUrlFor(database) } } });
  const session = await launchBrowser();
  try {
    const page = session.page;
    await signIn(page, system.url, 'edu.330106');
    const firstRow = page.locator('main .ant-table-row').first();
    const load: number[] = [];
    const api: number[] = [];
    for (let r = -1; r < runs; r++) {
      const start = Date.now();
      await page.goto(`${system.url}/department`);
      await firstRow.waitFor({ timeout: 30000 });
      const loaded = Date.now() - start;
      const apiMs = await page.evaluate(() => {
        const e = performance
          .getEntriesByType('resource')
          .find((x) => x.name.includes('/api/education/parts'));
        return e ? e.duration : NaN;
      });
      if (r >= 0) {
        load.push(loaded);
        api.push(apiMs);
      }
    }
    const rows = await page.locator('main .ant-table-row').count();
    const total = await page.locator('main .ant-pagination-total-text').first().textContent();
    for (const list of [load, api]) list.sort((a, b) => a - b);
    console.log(`first worklist page (${rows} rows shown; ${total ?? 'total not shown'}):`);
    console.log(
      `  full load after sign-in: p50 ${round(percentile(load, 50))} ms, max ${round(load.at(-1) ?? NaN)} ms`,
    );
    console.log(`  GET /parts (browser):    p50 ${round(percentile(api, 50))} ms`);
    console.log(
      `targets: initial JS ≤ 400 KB gz → ${kb(bundle.initialGz)} KB; first page ≤ 1000 ms → ${round(percentile(load, 50))} ms`,
    );
  } finally {
    await session.close();
    await system.stop();
    const conn = await mongoose.createConnection(mongoUrlFor(database)).asPromise();
    await conn.dropDatabase().catch(() => undefined);
    await conn.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
