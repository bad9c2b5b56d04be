// The invariant checker of a chaos run. `readRunState` reads every service's database, the
// dispatch events and dead letters on the broker, and the card platform's ledger (full scans,
// fine after a run, not a hot path); `evaluate` says, from that state alone, what the run broke.
// Examples name ids only, never a person's data.
import { mongo } from 'mongoose';
import { PlatformPaymentStatus, Topics } from '@jh/contracts';
import type { CardPlatformSimulator } from '@jh/platform-card-simulator';
import {
  CHECKPOINTS,
  RECORDS,
  devSigningKeyPem,
  prunedMarkerId,
  recordHash,
  recordId,
  verifierFromPem,
  verifyChain,
  type AuditCheckpoint,
  type AuditHash,
  type AuditRecord,
} from '@jh/platform-audit';
import { decodeEvent, type KafkaHandle } from '@jh/platform-kafka';
import { databaseOf } from './cluster';
import { groupTopics, readTopic, type Poison } from './kafka';
import { DEPARTMENTS, SERVICES, type PlannedApplication } from './plan';
import type { ApplicationOutcome } from './workload';

export interface InvariantResult {
  name: string;
  checked: number;
  violations: number;
  /** At most a few offending ids, to start looking from. */
  examples: string[];
}

/** What the checker reads after a run: plain data, so `evaluate` can be tested on its own. */
export interface RunState {
  plan: PlannedApplication[];
  outcomes: ApplicationOutcome[];
  applications: { _id: string }[];
  cases: {
    _id: string;
    applicationId: string;
    parts: { partId: string; department: string; status: string; cancellation?: unknown }[];
  }[];
  /** Every PartDispatched on the broker (poison skipped); `undecodable` counts the rest. */
  dispatches: { eventId: string; partId: string; applicationId: string; department: string }[];
  undecodableDispatches: string[];
  departmentParts: { _id: string; status: string; dispatchEventId: string }[];
  reviews: {
    _id: string;
    item: string;
    approvals?: {
      approvalId: string;
      instalments: { number: number; amountFen: number; idempotencyKey: string }[];
    }[];
  }[];
  orders: {
    _id: string;
    approvalId: string;
    applicationId: string;
    instalmentNumber: number;
    amountFen: number;
    status: string;
    platformKey?: string;
  }[];
  ledger: { key: string; cardNo: string; amountFen: number; paid: boolean; day: string }[];
  reports: { _id: string; date: string; status: string; findingsTotal: number }[];
  deadLetters: { where: string; key: string | null; group: string }[];
  /** Consumer group → the topics it consumes. */
  consumers: Map<string, Set<string>>;
  poison: Poison[];
  auditChains: { service: string; ok: boolean; problem?: string }[];
}

class Tally {
  checked = 0;
  violations = 0;
  readonly examples: string[] = [];
  constructor(readonly name: string) {}
  check(ok: boolean, example: () => string): void {
    this.checked += 1;
    if (ok) return;
    this.violations += 1;
    if (this.examples.length < 8) this.examples.push(example());
  }
  result(): InvariantResult {
    const { name, checked, violations, examples } = this;
    return { name, checked, violations, examples };
  }
}

const DEPARTMENT_SET = new Set<string>(DEPARTMENTS);
const groupBy = <T, K>(list: readonly T[], key: (t: T) => K) => {
  const out = new Map<K, T[]>();
  for (const t of list) out.set(key(t), [...(out.get(key(t)) ?? []), t]);
  return out;
};

export function evaluate(s: RunState): InvariantResult[] {
  const submitted = s.outcomes.filter((o): o is ApplicationOutcome & { id: string } => !!o?.id);
  const planOf = new Map(submitted.map((o) => [o.id, s.plan[o.index]!]));

  // Nothing the window accepted is lost, and each accepted application has exactly one case.
  const applicationIds = new Set(s.applications.map((a) => a._id));
  const kept = new Tally('submitted_applications_kept');
  for (const o of submitted) kept.check(applicationIds.has(o.id), () => o.id);
  const casesOf = groupBy(s.cases, (c) => c.applicationId);
  const oneCase = new Tally('one_case_per_accepted_application');
  for (const a of s.applications) {
    oneCase.check((casesOf.get(a._id)?.length ?? 0) === 1, () => a._id);
  }
  for (const c of s.cases) {
    if (!applicationIds.has(c.applicationId)) oneCase.check(false, () => `case ${c._id}`);
  }

  // Each needed part dispatched exactly once: one part id per application × department, one
  // dispatch event id per part, and the case and the department hold that very part; its
  // officer's report reached the case.
  const once = new Tally('needed_parts_dispatched_once');
  for (const where of s.undecodableDispatches) once.check(false, () => `undecodable ${where}`);
  const eventsOfPart = new Map<string, Set<string>>();
  const partsOfApp = new Map<string, Map<string, Set<string>>>();
  for (const d of s.dispatches) {
    eventsOfPart.set(d.partId, (eventsOfPart.get(d.partId) ?? new Set()).add(d.eventId));
    const byDept = partsOfApp.get(d.applicationId) ?? new Map<string, Set<string>>();
    byDept.set(d.department, (byDept.get(d.department) ?? new Set()).add(d.partId));
    partsOfApp.set(d.applicationId, byDept);
  }
  const atDepartment = new Map(s.departmentParts.map((p) => [p._id, p]));
  const reached = new Tally('part_reports_reached_case');
  for (const a of s.applications) {
    const planned = planOf.get(a._id);
    const kase = casesOf.get(a._id)?.[0];
    const byDept = partsOfApp.get(a._id) ?? new Map<string, Set<string>>();
    const needed = planned
      ? planned.items.filter((i) => DEPARTMENT_SET.has(i))
      : [...byDept.keys()];
    for (const d of new Set([...needed, ...byDept.keys()])) {
      const parts = [...(byDept.get(d) ?? [])];
      const events = parts.length === 1 ? [...(eventsOfPart.get(parts[0]!) ?? [])] : [];
      const inCase = (kase?.parts ?? []).filter((p) => p.department === d && !p.cancellation);
      const held = parts.length === 1 ? atDepartment.get(parts[0]!) : undefined;
      once.check(
        needed.includes(d) &&
          parts.length === 1 &&
          events.length === 1 &&
          inCase.length === 1 &&
          inCase[0]!.partId === parts[0] &&
          held?.dispatchEventId === events[0],
        () =>
          `${a._id}/${d}: parts ${parts.length}, events ${events.length}, in case ${inCase.length}`,
      );
      if (held && inCase.length === 1) {
        reached.check(
          held.status === 'reported' && inCase[0]!.status === 'reported',
          () => `${held._id}: department ${held.status}, case ${inCase[0]!.status}`,
        );
      }
    }
  }

  // Every approval's instalments have exactly one order each, and every other order is the
  // month's batch order of a monthly (低保) approval, one per approval.
  const orderById = new Map(s.orders.map((o) => [o._id, o]));
  const perInstalment = new Tally('instalments_have_one_order_each');
  const instalmentKeys = new Set<string>();
  const monthly = new Set<string>();
  for (const r of s.reviews) {
    for (const a of r.approvals ?? []) {
      if (r.item === 'dibao') monthly.add(a.approvalId);
      for (const i of a.instalments) {
        instalmentKeys.add(i.idempotencyKey);
        const o = orderById.get(i.idempotencyKey);
        perInstalment.check(
          !!o && o.approvalId === a.approvalId && o.amountFen === i.amountFen,
          () => i.idempotencyKey,
        );
      }
    }
  }
  const batchOrders = groupBy(
    s.orders.filter((o) => !instalmentKeys.has(o._id)),
    (o) => o.approvalId,
  );
  for (const [approvalId, list] of batchOrders) {
    for (const o of list) {
      perInstalment.check(
        monthly.has(approvalId) && o._id === `${approvalId}:${o.instalmentNumber}`,
        () => `${o._id}: no such instalment`,
      );
    }
  }
  for (const id of monthly) {
    const n = batchOrders.get(id)?.length ?? 0;
    perInstalment.check(n === 1, () => `${id}: ${n} batch orders`);
  }

  // Each order paid exactly once on the card platform's ledger (by its key), to the card the
  // applicant gave at the window, for its amount; nothing on the ledger without an order.
  const cardOf = new Map(submitted.map((o) => [o.id, s.plan[o.index]!.applicant.citizenCardNo]));
  const ledgerOf = groupBy(s.ledger, (p) => p.key);
  const paid = new Tally('orders_paid_once_to_the_right_card');
  const orderKeys = new Set<string>();
  for (const o of s.orders) {
    const key = o.platformKey ?? o._id;
    orderKeys.add(key);
    const entries = ledgerOf.get(key) ?? [];
    const e = entries[0];
    paid.check(
      o.status === 'confirmed' &&
        entries.length === 1 &&
        !!e?.paid &&
        e.amountFen === o.amountFen &&
        e.cardNo === cardOf.get(o.applicationId),
      () => `${o._id}: ${o.status}, ${entries.length} on the ledger`,
    );
  }
  for (const key of ledgerOf.keys()) {
    if (!orderKeys.has(key)) paid.check(false, () => `${key}: on the ledger, no order`);
  }

  // Every day the platform booked on was imported and reconciled without a finding.
  const recon = new Tally('reconciliation_without_findings');
  const reportsOf = groupBy(s.reports, (r) => r.date);
  for (const day of new Set(s.ledger.map((p) => p.day))) {
    const reports = reportsOf.get(day) ?? [];
    recon.check(
      reports.length > 0 && reports.every((r) => r.status === 'completed' && r.findingsTotal === 0),
      () =>
        `${day}: ${reports.map((r) => `${r.status}/${r.findingsTotal}`).join(',') || 'not imported'}`,
    );
  }

  // No dead letter but the injected poison, and each poison parked by every group of its topic.
  const dlq = new Tally('dead_letters_only_injected_poison');
  const poisonKeys = new Set(s.poison.map((p) => p.key));
  const parked = new Set<string>();
  for (const m of s.deadLetters) {
    const ok = !!m.key && poisonKeys.has(m.key);
    if (ok) parked.add(`${m.key}|${m.group}`);
    dlq.check(ok, () => `${m.where} key ${m.key ?? '-'} group ${m.group}`);
  }
  for (const p of s.poison) {
    for (const [group, topics] of s.consumers) {
      if (topics.has(p.topic)) {
        dlq.check(parked.has(`${p.key}|${group}`), () => `${p.key} not parked by ${group}`);
      }
    }
  }

  const audit = new Tally('audit_chains_verify');
  for (const c of s.auditChains) audit.check(c.ok, () => `${c.service}: ${c.problem ?? ''}`);

  return [kept, oneCase, once, reached, perInstalment, paid, recon, dlq, audit].map((t) =>
    t.result(),
  );
}

export interface ReadInput {
  mongoUrlFor(database: string): string;
  kafka: KafkaHandle;
  simulator: CardPlatformSimulator;
  plan: PlannedApplication[];
  outcomes: ApplicationOutcome[];
  poison: Poison[];
}

export async function readRunState(input: ReadInput): Promise<RunState> {
  const client = new mongo.MongoClient(input.mongoUrlFor(''), { serverSelectionTimeoutMS: 30_000 });
  await client.connect();
  try {
    const db = (service: string) => client.db(databaseOf(service));
    const all = async <T>(service: string, collection: string) =>
      (await db(service).collection(collection).find({}).toArray()) as unknown as T[];
    const poisonKeys = new Set(input.poison.map((p) => p.key));

    const dispatches: RunState['dispatches'] = [];
    const undecodableDispatches: string[] = [];
    for (const m of await readTopic(input.kafka, Topics.partDispatched)) {
      if (!m.value || (m.key && poisonKeys.has(m.key))) continue;
      try {
        const { envelope, event } = decodeEvent(m.value);
        const p = event.payload as { partId: string; applicationId: string; department: string };
        dispatches.push({ eventId: envelope.eventId, ...p });
      } catch {
        undecodableDispatches.push(`${Topics.partDispatched}#${m.partition}:${m.offset}`);
      }
    }
    const departmentParts: RunState['departmentParts'] = [];
    for (const d of DEPARTMENTS) departmentParts.push(...(await all<never>(d, 'parts')));

    const admin = input.kafka.kafka.admin();
    await admin.connect();
    let dlqTopics: string[];
    let consumers: RunState['consumers'];
    try {
      dlqTopics = (await admin.listTopics()).filter((t) => t.endsWith('.dlq'));
      consumers = await groupTopics(admin);
    } finally {
      await admin.disconnect();
    }
    const deadLetters: RunState['deadLetters'] = [];
    for (const topic of dlqTopics) {
      for (const m of await readTopic(input.kafka, topic)) {
        deadLetters.push({
          where: `${topic}#${m.partition}:${m.offset}`,
          key: m.key,
          group: m.headers['x-consumer-group'] ?? '?',
        });
      }
    }

    const auditChains: RunState['auditChains'] = [];
    for (const service of SERVICES) {
      const d = db(service);
      const marker = await d
        .collection<AuditCheckpoint>(CHECKPOINTS)
        .findOne({ _id: prunedMarkerId(service) });
      const first = await d
        .collection<AuditRecord>(RECORDS)
        .findOne({ _id: recordId(service, (marker?.seq ?? 0) + 1) });
      if (!first) continue;
      const hash = (['sha256', 'sm3'] as const).find(
        (h) => recordHash(h, first as never) === first.hash,
      ) as AuditHash | undefined;
      if (!hash) {
        auditChains.push({ service, ok: false, problem: 'first record matches no hash' });
        continue;
      }
      const r = await verifyChain({
        db: d,
        chain: service,
        hash,
        verifier: verifierFromPem(devSigningKeyPem(hash)),
      });
      auditChains.push({
        service,
        ok: r.ok,
        ...(r.firstProblem ? { problem: `seq ${r.firstProblem.seq} ${r.firstProblem.kind}` } : {}),
      });
    }

    return {
      plan: input.plan,
      outcomes: input.outcomes,
      applications: await all('intake', 'applications'),
      cases: await all('civil-affairs', 'cases'),
      dispatches,
      undecodableDispatches,
      departmentParts,
      reviews: await all('civil-affairs', 'reviews'),
      orders: await all('payment', 'payment_orders'),
      ledger: [...input.simulator.payments.values()].map((p) => ({
        key: p.idempotencyKey,
        cardNo: p.cardNo,
        amountFen: p.amountFen,
        paid:
          input.simulator.query({ idempotencyKey: p.idempotencyKey }).status ===
          PlatformPaymentStatus.PLATFORM_PAYMENT_STATUS_PAID,
        day: p.receivedAt.toISOString().slice(0, 10),
      })),
      reports: await all('payment', 'payment_reconciliations'),
      deadLetters,
      consumers,
      poison: input.poison,
      auditChains,
    };
  } finally {
    await client.close();
  }
}
