import { randomUUID } from 'node:crypto';
import { AssistanceItem, Topics } from '@jh/contracts';
import { officialCalendar } from '@jh/domain-calendar';
import { createLogger } from '@jh/platform-logger';
import type { OutboxEntry } from '@jh/platform-mongo';
import { mongoUrlFor, uniquePrefix, releaseTestDatabase } from '@jh/platform-testing';
import mongoose, { type Connection } from 'mongoose';
import { keyMaterialFrom, Vault } from '@jh/platform-crypto';
import { sealedCollections } from '../sealed-fields';
import { application } from '../test-harness';
import { caseModels, type CaseDoc } from './case.model';
import { CaseService } from './case.service';
import { MongoCaseStore } from './case.store';
import { PartDeadlines, slaBucketOf } from './part-deadlines';
import { RoutingTable } from './routing';
import { SlaMonitor } from './sla-monitor';

jest.setTimeout(60000);

const logger = createLogger({ name: 'sla-buckets-test', level: 'error' });

/** The real store, with a counter of what the scan reads and a switch to fail a write (a crash). */
class ObservedStore extends MongoCaseStore {
  fullReads = 0;
  bucketDocsRead = 0;
  failWritesOf = new Set<string>();
  override async allForSlaStart() {
    this.fullReads++;
    return super.allForSlaStart();
  }
  override async inSlaBucket(bucket: string) {
    const docs = await super.inSlaBucket(bucket);
    this.bucketDocsRead += docs.length;
    return docs;
  }
  override async update(doc: CaseDoc, outbox: OutboxEntry[], processedEventId?: string) {
    if (this.failWritesOf.has(doc._id)) throw new Error('simulated crash during the SLA scan');
    return super.update(doc, outbox, processedEventId);
  }
}

const connections: Connection[] = [];
afterAll(async () => {
  for (const c of connections) {
    await releaseTestDatabase(c);
    await c.close();
  }
});

async function setup(label: string) {
  const connection = await mongoose
    .createConnection(mongoUrlFor(`${uniquePrefix(label)}civil`))
    .asPromise();
  connections.push(connection);
  const models = caseModels(connection);
  await models.Case.init();
  const keys = keyMaterialFrom({ DATA_CIPHER_SUITE: 'aes-256-gcm' });
  const cipher = await new Vault(connection.db!, keys).collection('cases', sealedCollections.cases);
  const store = new ObservedStore(models, cipher);
  const routing = new RoutingTable({ education: 'education' }, { education: 5 }, 5);
  const deadlines = new PartDeadlines(officialCalendar, routing, {
    chain: ['reminder', 'coordinator', 'notice'],
    noticeAfterWorkingDays: 2,
    atRiskPercent: 20,
  });
  const clock = { now: new Date('2026-11-02T02:00:00Z') }; // Mon 10:00 Shanghai
  const cases = new CaseService(
    store,
    routing,
    deadlines,
    officialCalendar,
    logger,
    () => clock.now,
  );
  const monitor = new SlaMonitor(store, cases, logger);
  const open = async () => {
    const id = randomUUID();
    await cases.openCase(application(id, [AssistanceItem.ASSISTANCE_ITEM_EDUCATION], clock.now), {
      eventId: randomUUID(),
    });
    return id;
  };
  const overdueEvents = async (id: string) => {
    const raw = await models.Case.collection.findOne({ _id: id } as never);
    return ((raw?.['outbox'] ?? []) as { topic: string }[]).filter((e) =>
      e.topic.endsWith(Topics.partOverdue),
    ).length;
  };
  return { store, cases, monitor, clock, open, overdueEvents };
}

describe('SLA scan by time buckets (ADR 0017, real engine)', () => {
  it('R-JH-3: a case due in an hour the scan skipped during a crash is still handled, once', async () => {
    const t = await setup('sla-crash');
    const id = await t.open();
    expect((await t.monitor.scan()).published).toBe(0);
    const bucket = (await t.cases.get(id)).slaBucket;
    expect(bucket).toBe(slaBucketOf((await t.cases.get(id)).nextSlaCheckAt!));

    // Down for three days; the first pass back crashes while writing this case.
    t.clock.now = new Date('2026-11-05T02:00:00Z');
    t.store.failWritesOf.add(id);
    await expect(t.monitor.scan()).rejects.toThrow(/simulated crash/);
    expect((await t.store.slaCursor())! < bucket!).toBe(true);
    expect(await t.overdueEvents(id)).toBe(0);

    // The next pass walks that hour again: reminder and coordinator level of the report clock.
    t.store.failWritesOf.clear();
    const result = await t.monitor.scan();
    expect(result).toEqual({ casesChecked: 1, published: 2 });
    const after = await t.cases.get(id);
    expect(after.parts[0]?.escalations.sort()).toEqual(['report:coordinator', 'report:reminder']);
    expect((await t.store.slaCursor())! >= bucket!).toBe(true);
    expect(after.nextSlaCheckAt! > t.clock.now).toBe(true);
    expect((await t.monitor.scan()).published).toBe(0);
    expect(await t.overdueEvents(id)).toBe(2);
  });

  it('reads only cases whose hour has come, and the full read happens once per database', async () => {
    const t = await setup('sla-reads');
    const early = [await t.open(), await t.open(), await t.open()];
    await t.monitor.scan();
    expect(t.store.fullReads).toBe(1);
    t.clock.now = new Date('2026-11-04T02:00:00Z'); // Wed: later thresholds for these
    const late = [await t.open(), await t.open(), await t.open(), await t.open()];

    // Thu: the early cases' report clock is overdue; the late ones are not even at risk.
    t.clock.now = new Date('2026-11-05T01:00:00Z');
    t.store.bucketDocsRead = 0;
    const result = await t.monitor.scan();
    expect(t.store.fullReads).toBe(1);
    expect(result.casesChecked).toBe(early.length);
    expect(t.store.bucketDocsRead).toBe(early.length);
    for (const id of late) expect(await t.overdueEvents(id)).toBe(0);
    for (const id of early) expect(await t.overdueEvents(id)).toBeGreaterThan(0);
  });

  it('a clock set back walks again: a case opened "earlier" than the cursor is not skipped', async () => {
    const t = await setup('sla-back');
    t.clock.now = new Date('2026-11-20T02:00:00Z');
    await t.monitor.scan();
    expect(await t.store.slaCursor()).toBe('2026-11-20T00');

    t.clock.now = new Date('2026-11-09T02:00:00Z');
    const id = await t.open();
    expect((await t.monitor.scan()).published).toBe(0);
    t.clock.now = new Date('2026-11-11T02:00:00Z'); // report clock (due end of Tue 11-10) overdue
    const result = await t.monitor.scan();
    expect(result.published).toBe(2);
    expect(await t.overdueEvents(id)).toBe(2);
  });
});
