// The HTTP fuzzer's engine (issue 18): sends seeded requests over every operation in turn and
// checks each answer: never a 5xx; a refused request (4xx) leaves its service's database as it
// was (every collection's documents, outbox entries included: they are how events leave); an
// accepted create (201 with an id) reads back through the document's GET for it.
import { createHash } from 'node:crypto';
import { BSON, type Db } from 'mongodb';
import { Pools, key, type Operation } from './operations';
import { buildRequest, type FuzzRequest, type Kind } from './requests';

export interface FuzzTarget {
  /** The service's own loopback URL. */
  url: string;
  /** Its database (the fuzz system's own). */
  db: Db;
}

export interface EngineOptions {
  operations: Operation[];
  requests: number;
  seed: number;
  targets: Record<string, FuzzTarget>;
  /** Bearer token of `role` for `service`; `undefined` role: the route's shared token. */
  token(service: string, role: string | undefined): Promise<string | undefined>;
  /** Nothing in flight across the system (outbox entries sent, consumers caught up). */
  quiet(): Promise<boolean>;
  progressEvery?: number;
  onProgress?(done: number, summary: Summary): void;
  requestTimeoutMs?: number;
  /** Every request and its answer (status, first characters), e.g. for a JSONL log. */
  onAnswer?(req: FuzzRequest, status: number, answer: string): void;
}

export interface Finding {
  index: number;
  service: string;
  method: string;
  path: string;
  url: string;
  status: number;
  kind: Kind;
  label: string;
  role?: string;
  /** The request body as sent (generated data; first 2,000 characters). */
  body?: string;
  /** The answer's first 600 characters. */
  answer: string;
  /** Partial writes: what changed in the database. */
  changes?: Change[];
  /** Partial writes: the "before" print was the one taken after the previous refused request. */
  reusedPrint?: boolean;
  /** Partial writes: the same request sent again between two fresh prints. */
  replay?: { status: number; changes: Change[] };
  /** Unreadable creates: the read's status and answer. */
  read?: { url: string; role?: string; status: number; answer: string };
}

export interface Change {
  collection: string;
  inserted: string[];
  removed: string[];
  changed: string[];
}

export interface Summary {
  seed: number;
  requests: number;
  seconds: number;
  endpoints: { total: number; covered: number; with2xx: number; uncovered: string[] };
  statuses: Record<string, number>;
  kinds: Partial<Record<Kind, number>>;
  serverErrors: number;
  partialWrites: number;
  /** Differences the replay did not bring back: background writes, not the request's. */
  transient: number;
  unreadable: number;
  created: number;
  readBack: number;
  /** Accepted writes after which the system did not settle in time (checks less strict then). */
  unsettled: number;
  findings: {
    serverErrors: Finding[];
    partialWrites: Finding[];
    transient: Finding[];
    unreadable: Finding[];
  };
  /** Per endpoint: status → count. */
  byEndpoint: Record<string, Record<string, number>>;
}

// ---------------------------------------------------------------------------------------------
// Database fingerprints: every document's hash by collection and _id.

export type Fingerprint = Map<string, Map<string, string>>;

/**
 * The audit chain grows by itself after accepted requests (appends land after the answer), so it
 * is not fingerprinted: a refused request's own record is looked up by its request id instead.
 */
const AUDIT = new Set(['audit_records', 'audit_heads', 'audit_checkpoints']);

/** Every document's hash, by collection and `_id` (collections read in parallel). */
export async function fingerprint(db: Db): Promise<Fingerprint> {
  const collections = (await db.listCollections({}, { nameOnly: true }).toArray())
    .map((c) => c.name)
    .filter((name) => !name.startsWith('system.') && !AUDIT.has(name))
    .sort();
  const read = await Promise.all(
    collections.map(async (name) => {
      const docs = new Map<string, string>();
      for await (const doc of db.collection(name).find({}))
        docs.set(String(doc._id), createHash('sha1').update(BSON.serialize(doc)).digest('base64'));
      return [name, docs] as const;
    }),
  );
  return new Map(read);
}

/** Inserted, removed and changed documents from `before` to `after`, by collection. */
export function changesOf(before: Fingerprint, after: Fingerprint): Change[] {
  const out: Change[] = [];
  for (const name of new Set([...before.keys(), ...after.keys()])) {
    const a = before.get(name) ?? new Map<string, string>();
    const b = after.get(name) ?? new Map<string, string>();
    const change: Change = { collection: name, inserted: [], removed: [], changed: [] };
    for (const [id, hash] of b) {
      const was = a.get(id);
      if (was === undefined) change.inserted.push(id);
      else if (was !== hash) change.changed.push(id);
    }
    for (const id of a.keys()) if (!b.has(id)) change.removed.push(id);
    if (change.inserted.length + change.removed.length + change.changed.length > 0)
      out.push(change);
  }
  return out;
}

/** Audit records written for one request (its `x-request-id` is the record's trace id). */
async function auditedFor(db: Db, requestId: string): Promise<Change[]> {
  const ids = await db
    .collection('audit_records')
    .find({ traceId: requestId }, { projection: { _id: 1 } })
    .toArray();
  return ids.length === 0
    ? []
    : [
        {
          collection: 'audit_records',
          inserted: ids.map((d) => String(d._id)),
          removed: [],
          changed: [],
        },
      ];
}

// ---------------------------------------------------------------------------------------------

interface Answer {
  status: number;
  text: string;
  json?: unknown;
}

async function send(
  base: string,
  req: FuzzRequest,
  token: string | undefined,
  timeoutMs: number,
): Promise<Answer> {
  try {
    const res = await fetch(`${base}${req.url}`, {
      method: req.op.method,
      headers: { ...req.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: req.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let json: unknown;
    if ((res.headers.get('content-type') ?? '').includes('json')) {
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
    }
    return { status: res.status, text, json };
  } catch (e) {
    // No answer at all (reset, crash, timeout): as bad as a 5xx.
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    return {
      status: 0,
      text: `no answer: ${(e as Error).message}${cause ? ` (${cause.code ?? cause.message})` : ''}`,
    };
  }
}

const excerpt = (s: string | undefined, n: number) =>
  s === undefined ? undefined : s.length > n ? `${s.slice(0, n)}…(${s.length})` : s;

/** The GET that reads one record of the collection a POST creates in, if the document has one. */
function readerOf(create: Operation, ops: Operation[]): Operation | undefined {
  return ops.find(
    (o) =>
      o.service === create.service &&
      o.method === 'GET' &&
      o.parameters.filter((p) => p.in === 'path').length ===
        create.parameters.filter((p) => p.in === 'path').length + 1 &&
      new RegExp(
        `^${create.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}/\\{[^}/]+\\}$`,
      ).test(o.path),
  );
}

/** Runs the fuzz; resolves with the totals (the caller decides what fails). */
export async function runFuzz(o: EngineOptions): Promise<Summary> {
  const started = Date.now();
  const ops = o.operations;
  const pools = new Pools();
  const timeoutMs = o.requestTimeoutMs ?? 30_000;
  const summary: Summary = {
    seed: o.seed,
    requests: 0,
    seconds: 0,
    endpoints: { total: ops.length, covered: 0, with2xx: 0, uncovered: [] },
    statuses: {},
    kinds: {},
    serverErrors: 0,
    partialWrites: 0,
    transient: 0,
    unreadable: 0,
    created: 0,
    readBack: 0,
    unsettled: 0,
    findings: { serverErrors: [], partialWrites: [], transient: [], unreadable: [] },
    byEndpoint: {},
  };
  const covered = new Set<string>();
  const prints = new Map<string, { print: Fingerprint; generation: number }>();
  let generation = 0;
  const with2xx = new Set<string>();
  const finding = (req: FuzzRequest, answer: Answer, extra: Partial<Finding> = {}): Finding => ({
    index: req.index,
    service: req.op.service,
    method: req.op.method,
    path: req.op.path,
    url: excerpt(req.url, 300)!,
    status: answer.status,
    kind: req.kind,
    label: req.label,
    ...(req.role ? { role: req.role } : {}),
    ...(req.body !== undefined ? { body: excerpt(req.body, 2000) } : {}),
    answer: excerpt(answer.text, 600)!,
    ...extra,
  });
  const settle = async (): Promise<boolean> => {
    const deadline = Date.now() + 20_000;
    let quietRuns = 0;
    while (Date.now() < deadline) {
      quietRuns = (await o.quiet()) ? quietRuns + 1 : 0;
      if (quietRuns >= 2) return true;
      await new Promise((r) => setTimeout(r, 50));
    }
    return false;
  };

  // Start from rest: services finish their start-up writes (keys, indexes, markers) first.
  await settle();
  for (const target of Object.values(o.targets)) {
    const deadline = Date.now() + 30_000;
    let print = await fingerprint(target.db);
    for (;;) {
      await new Promise((r) => setTimeout(r, 250));
      const again = await fingerprint(target.db);
      if (changesOf(print, again).length === 0 || Date.now() > deadline) break;
      print = again;
    }
  }

  for (let i = 0; i < o.requests; i++) {
    const op = ops[i % ops.length]!;
    const req = buildRequest(op, i, o.seed, pools);
    const target = o.targets[op.service];
    if (!target) throw new Error(`no target for ${op.service}`);
    // The last print of this database still holds when nothing was accepted since (a refused
    // request leaves it as it was, or that is the finding); otherwise a fresh one.
    const last = prints.get(op.service);
    const reused = last !== undefined && last.generation === generation;
    const before = reused ? last.print : await fingerprint(target.db);
    const answer = await send(target.url, req, await o.token(op.service, req.role), timeoutMs);
    const k = key(op);
    o.onAnswer?.(req, answer.status, answer.text.slice(0, 400));
    summary.requests++;
    summary.statuses[answer.status] = (summary.statuses[answer.status] ?? 0) + 1;
    summary.kinds[req.kind] = (summary.kinds[req.kind] ?? 0) + 1;
    const per = (summary.byEndpoint[k] ??= {});
    per[answer.status] = (per[answer.status] ?? 0) + 1;
    covered.add(k);

    if (answer.status >= 500 || answer.status === 0) {
      summary.serverErrors++;
      summary.findings.serverErrors.push(finding(req, answer));
    }
    if (answer.status >= 400 || answer.status === 0) {
      const after = await fingerprint(target.db);
      prints.set(op.service, { print: after, generation });
      const changes = [
        ...changesOf(before, after),
        ...(await auditedFor(target.db, req.headers['x-request-id']!)),
      ];
      if (changes.length > 0) {
        // Confirmed by sending the same request again between two fresh prints: a difference
        // that does not come back was a timer's (e.g. the payment sender's cursor), not the
        // request's. A replay that is accepted, or writes again, confirms it.
        const replayId = `${req.headers['x-request-id']}-again`;
        const again = await fingerprint(target.db);
        const replay = await send(
          target.url,
          { ...req, headers: { ...req.headers, 'x-request-id': replayId } },
          await o.token(op.service, req.role),
          timeoutMs,
        );
        const afterReplay = await fingerprint(target.db);
        prints.set(op.service, { print: afterReplay, generation });
        const replayChanges = [
          ...changesOf(again, afterReplay),
          ...(await auditedFor(target.db, replayId)),
        ];
        const confirmed = replay.status < 400 || replayChanges.length > 0;
        const found = finding(req, answer, {
          changes,
          reusedPrint: reused,
          replay: { status: replay.status, changes: replayChanges },
        });
        if (confirmed) {
          summary.partialWrites++;
          summary.findings.partialWrites.push(found);
        } else {
          summary.transient++;
          summary.findings.transient.push(found);
        }
      }
    } else {
      with2xx.add(k);
      // Accepted: this database may have changed (and, for a write, any other through events).
      prints.delete(op.service);
      if (op.method !== 'GET') generation++;
      pools.learn(op, answer.json);
      const id = (answer.json as { id?: unknown } | undefined)?.id;
      if (answer.status === 201 && typeof id === 'string') {
        summary.created++;
        const reader = readerOf(op, ops);
        if (reader) {
          const role = req.role && reader.roles?.includes(req.role) ? req.role : reader.roles?.[0];
          const url = `${req.url.split('?')[0]}/${encodeURIComponent(id)}`;
          const read: FuzzRequest = {
            ...req,
            op: reader,
            url,
            headers: { 'x-request-id': `${req.headers['x-request-id']}-read` },
            ...(role ? { role } : {}),
          };
          delete read.body;
          const got = await send(target.url, read, await o.token(op.service, role), timeoutMs);
          if (got.status === 200) summary.readBack++;
          else {
            summary.unreadable++;
            summary.findings.unreadable.push(
              finding(req, answer, {
                read: {
                  url,
                  ...(role ? { role } : {}),
                  status: got.status,
                  answer: excerpt(got.text, 600)!,
                },
              }),
            );
          }
        }
      }
      // An accepted write sends events and wakes consumers: the next check starts from rest.
      if (op.method !== 'GET' && !(await settle())) summary.unsettled++;
    }
    if (o.onProgress && (i + 1) % (o.progressEvery ?? 500) === 0) {
      o.onProgress(i + 1, finish());
    }
  }

  function finish(): Summary {
    summary.seconds = Math.round((Date.now() - started) / 100) / 10;
    summary.endpoints.covered = covered.size;
    summary.endpoints.with2xx = with2xx.size;
    summary.endpoints.uncovered = ops.map(key).filter((k) => !covered.has(k));
    return summary;
  }
  return finish();
}
