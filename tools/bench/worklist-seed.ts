// Builds the worklist benchmark's documents with the services' own construction code: civil
// affairs opens cases and applies accept/report events, each department receives its parts and
// its officers accept/report them, all against in-memory stores, so the seeded shapes are the
// stored shapes. The bench then inserts them raw (insertMany).
import {
  AssistanceItem,
  PartOutcome,
  type ApplicationSubmitted,
  type PartAccepted,
  type PartReported,
} from '@jh/contracts';
import type { Actor } from '@jh/platform-auth';
import type { OutboxEntry } from '@jh/platform-mongo';
import type { CaseDoc } from '../../apps/civil-affairs/src/case/case.model';
import type { CaseService } from '../../apps/civil-affairs/src/case/case.service';
import type { CaseStore } from '../../apps/civil-affairs/src/case/case.store';
import type { PartDoc } from '../../libs/department-kit/src/part.model';
import type { PartReceiver } from '../../libs/department-kit/src/part.receiver';
import type { PartService } from '../../libs/department-kit/src/part.service';
import type { PartStore } from '../../libs/department-kit/src/part.store';
import { idFor } from './bench-util';

export const departments = ['education', 'housing', 'medical', 'employment'] as const;
export type Department = (typeof departments)[number];
const itemOf: Record<Department, AssistanceItem> = {
  education: AssistanceItem.ASSISTANCE_ITEM_EDUCATION,
  housing: AssistanceItem.ASSISTANCE_ITEM_HOUSING,
  medical: AssistanceItem.ASSISTANCE_ITEM_MEDICAL,
  employment: AssistanceItem.ASSISTANCE_ITEM_EMPLOYMENT,
};

/** Mutable clock shared by the in-memory services while a document's history is replayed. */
export const seedClock = { now: new Date() };

/** The relay has published everything: entries as it leaves them. */
export const sent = (entries: OutboxEntry[], at: Date) =>
  entries.map((e) => ({ ...e, sentAt: e.sentAt ?? at }));

/** In-memory case store: the CaseService writes here; the bench inserts what it holds. */
export class MemoryCaseStore implements Partial<CaseStore> {
  readonly docs = new Map<string, CaseDoc>();
  async insert(doc: CaseDoc) {
    if (this.docs.has(doc._id)) return false;
    this.docs.set(doc._id, structuredClone(doc));
    return true;
  }
  async findById(id: string) {
    const d = this.docs.get(id);
    return d && structuredClone(d);
  }
  async update(doc: CaseDoc, outbox: OutboxEntry[], processedEventId?: string) {
    const cur = this.docs.get(doc._id);
    if (!cur || cur.version !== doc.version) return false;
    this.docs.set(doc._id, {
      ...structuredClone(doc),
      version: doc.version + 1,
      outbox: [...cur.outbox, ...outbox],
      processedEventIds: processedEventId
        ? [...cur.processedEventIds, processedEventId]
        : cur.processedEventIds,
    });
    return true;
  }
}

/** In-memory part store with the same single-document semantics as MongoPartStore. */
export class MemoryPartStore implements PartStore {
  readonly docs = new Map<string, PartDoc>();
  async insert(doc: PartDoc) {
    if (this.docs.has(doc._id)) return false;
    this.docs.set(doc._id, structuredClone(doc));
    return true;
  }
  async completePlaceholder(): Promise<void> {
    throw new Error('not used by the seed');
  }
  async findById(id: string) {
    const d = this.docs.get(id);
    return d && structuredClone(d);
  }
  async list(): Promise<never> {
    throw new Error('not used by the seed');
  }
  async transition(id: string, change: Parameters<PartStore['transition']>[1]) {
    const cur = this.docs.get(id);
    if (!cur || !change.from.includes(cur.status)) return false;
    this.docs.set(id, {
      ...cur,
      ...structuredClone(change.set),
      audit: [...cur.audit, change.audit],
      outbox: change.outbox ? [...cur.outbox, change.outbox] : cur.outbox,
    });
    return true;
  }
}

export interface SeedDeps {
  cases: CaseService;
  caseStore: MemoryCaseStore;
  receivers: Record<Department, PartReceiver>;
  services: Record<Department, PartService>;
  partStores: Record<Department, MemoryPartStore>;
}

/** Deterministic pseudo-random numbers (mulberry32), so two runs seed the same data. */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hour = 3_600_000;
const day = 24 * hour;

/**
 * One application's history up to `now`: dispatched `ageDays` ago; most parts reported (some
 * late), recent ones more often still open; open ones pending, accepted or awaiting 转办.
 */
export async function seedCase(
  deps: SeedDeps,
  i: number,
  depts: Department[],
  dispatchedAt: Date,
  now: Date,
  random: () => number,
): Promise<void> {
  const applicationId = `bench-app-${i}`;
  const district = 1 + (i % 8);
  const street = 1 + (Math.floor(i / 8) % 12);
  const regionCode = `3301${String(district).padStart(2, '0')}${String(street).padStart(3, '0')}`;
  seedClock.now = dispatchedAt;
  const app = {
    applicationId,
    applicationNumber: `JH2026${String(i).padStart(8, '0')}`,
    applicant: {
      name: `申请人${i}`,
      idNumber: idFor(i),
      phone: '13800000000',
      address: `杭州市某街道${street}号`,
      regionCode,
      citizenCardNo: `CARD${String(i).padStart(10, '0')}`,
    },
    householdMembers: [],
    hardshipDescription: '',
    requestedItems: [...depts.map((d) => itemOf[d]), AssistanceItem.ASSISTANCE_ITEM_DIBAO],
    channel: 0,
    owner: { userId: `clerk-${district}-${street}`, regionCode },
    missingDocuments: [],
    declarationSigned: true,
    submittedAt: dispatchedAt,
  } as unknown as ApplicationSubmitted;
  await deps.cases.openCase(app, { eventId: `evt-open-${i}` });
  const opened = deps.caseStore.docs.get(applicationId)!;
  const ageDays = (now.getTime() - dispatchedAt.getTime()) / day;
  const openShare = ageDays < 3 ? 0.7 : ageDays < 10 ? 0.3 : ageDays < 30 ? 0.08 : 0.004;
  for (const part of opened.parts) {
    const dept = part.department as Department;
    const eventId = `evt-dispatch-${part.partId}`;
    seedClock.now = dispatchedAt;
    await deps.receivers[dept].receiveDispatched(
      {
        partId: part.partId,
        caseId: applicationId,
        applicationId,
        applicationNumber: opened.applicationNumber,
        department: dept,
        items: [itemOf[dept]],
        reportDueAt: part.report.dueAt,
        handlingDueAt: part.handling.dueAt,
        dispatchedAt,
        regionCode,
      },
      { eventId, producer: 'civil-affairs' },
    );
    const officer: Actor = {
      userId: `${dept}-officer-${i % 5}`,
      name: '经办人',
      // City level: the bench reads every district's parts (issue 13 scopes officers by region).
      regionCode: '330100',
      roles: ['department_officer'],
      department: dept,
    };
    const open = random() < openShare;
    const acceptedAt = new Date(dispatchedAt.getTime() + (1 + random() * 20) * hour);
    if (!open || random() < 0.5) {
      if (acceptedAt > now) continue;
      seedClock.now = acceptedAt;
      await deps.services[dept].accept(part.partId, officer);
      await deps.cases.applyAccepted(
        {
          partId: part.partId,
          caseId: applicationId,
          applicationId,
          department: dept,
          officerId: officer.userId,
          acceptedAt,
        } as PartAccepted,
        { eventId: `evt-acc-${part.partId}` },
      );
    } else if (random() < 0.05) {
      seedClock.now = acceptedAt > now ? now : acceptedAt;
      await deps.services[dept].requestTransfer(
        part.partId,
        { reason: '不属于本部门职责', suggestedDepartment: '' },
        officer,
      );
    }
    if (open) continue;
    // 85 % report within the report-back clock; the rest up to a week late.
    const late = random() < 0.15;
    const due = part.report.dueAt.getTime();
    const reportedAt = new Date(
      late ? due + (1 + random() * 7 * 24) * hour : acceptedAt.getTime() + random() * hour,
    );
    if (reportedAt > now) continue;
    seedClock.now = reportedAt;
    await deps.services[dept].report(
      part.partId,
      { outcome: 'granted', amountFen: dept === 'housing' ? 0 : 50_000, note: '' },
      officer,
    );
    await deps.cases.applyReport(
      {
        partId: part.partId,
        caseId: applicationId,
        applicationId,
        department: dept,
        outcome: PartOutcome.PART_OUTCOME_GRANTED,
        amountFen: dept === 'housing' ? 0 : 50_000,
        note: '',
        officerId: officer.userId,
        reportedAt,
      } as unknown as PartReported,
      { eventId: `evt-rep-${part.partId}` },
    );
  }
  // The SLA monitor has caught up with all but ~1 % of cases (those are due for the next pass).
  if (random() < 0.99) {
    seedClock.now = now;
    await deps.cases.mutate(applicationId, (doc) => {
      for (const part of doc.parts)
        for (const e of deps.cases.deadlines.pendingEscalations(part, now))
          part.escalations.push(`${e.clock}:${e.level}`);
      return { doc, outbox: [] };
    });
  }
}
