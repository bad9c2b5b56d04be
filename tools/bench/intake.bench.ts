// Benchmark (not a test): applications through intake → Kafka → civil-affairs dispatch (issue 12).
//   npm run bench:intake -- [--rate 50] [--seconds 20] [--count 2000] [--concurrency 16]
//                           [--kafka-messages 20000] [--skip-kafka] [--cpu-prof]
//                           [--tracing off|on|compare] [--rounds 2]
// 1. Open loop: applications arrive at a fixed --rate for --seconds, whatever the answers do;
//    accept latency and submit → all 3 parts dispatched latency.
// 2. Capacity: --count applications, closed loop at --concurrency: accepted/s.
// 3. Raw driver insertOne of the same documents (same indexes) at the same concurrency: the ratio.
// 4. Our Kafka producer/consumer path vs raw kafkajs (tools/bench/kafka-path.ts).
// --cpu-prof profiles both services (node --cpu-prof) and prints their top frames by self time.
// --tracing on: both services export traces (OTEL_ENABLED) to the local Jaeger, started here.
// --tracing compare: phases 1 and 2 only, in alternating rounds off, on, off, on (--rounds pairs),
//   each with fresh services, databases and topics, so machine drift hits both sides; prints the
//   median per side, on ÷ off, and the spans Jaeger got from intake in the on-rounds (issue 17).
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { MongoClient, type Document } from 'mongodb';
import { Topics } from '@jh/contracts';
import { createKafka, ensureTopics, startConsumer } from '@jh/platform-kafka';
import { createLogger } from '@jh/platform-logger';
import {
  engineEndpoints,
  kafkaCredentialEnv,
  keycloakToken,
  mongoUrlFor,
} from '@jh/platform-testing';
import { freePort, startApp } from './bench-apps';
import { idFor, percentile, round } from './bench-util';
import { topFrames } from './cpu-top';
import { RUN_TAG, settledRunSpans, upJaeger, type JaegerEndpoints } from './jaeger-spans';
import { kafkaPhase } from './kafka-path';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '20' },
    count: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '16' },
    'kafka-messages': { type: 'string', default: '20000' },
    'skip-kafka': { type: 'boolean', default: false },
    'cpu-prof': { type: 'boolean', default: false },
    tracing: { type: 'string', default: 'off' },
    rounds: { type: 'string', default: '2' },
  },
});
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const count = Number(values.count);
const concurrency = Number(values.concurrency);
const tracingMode = values.tracing;
const rounds = Number(values.rounds);
const root = resolve(__dirname, '../..');
const { kafkaBrokers: brokers, kafkaSasl: sasl } = engineEndpoints();
const stamp = Date.now().toString(36);
const dbName = (prefix: string, suffix: string) => `${prefix.replace(/-/g, '_')}${suffix}`;
const logger = createLogger({ name: 'bench', level: 'error' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const partsPerApplication = 3;

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
  };
};
const progress = (label: string, done: () => number, total: number) =>
  setInterval(() => process.stdout.write(`  … ${label} ${done()}/${total}\n`), 5000);

/** One run of the services: its Kafka topic prefix (also its databases) and where traces go. */
interface RunSetup {
  prefix: string;
  /** Tracing on: the Jaeger both services export to; off when absent. */
  jaeger?: JaegerEndpoints;
  cpuDir?: string;
}

/** Started services plus the probe that sees each application's parts dispatched. */
interface Rig {
  /** One application; answers its latency, or undefined when refused. */
  submit(): Promise<{ id: string; ms: number } | undefined>;
  waitDispatched(ids: string[], limitMs: number): Promise<void>;
  dispatched: Map<string, number>;
  stop(): Promise<void>;
}

async function startRig(run: RunSetup): Promise<Rig> {
  const common = {
    TOPIC_PREFIX: run.prefix,
    KAFKA_BROKERS: brokers.join(','),
    ...kafkaCredentialEnv(),
    // Explicit both ways, so that an OTEL_* of the caller's shell never decides a side.
    ...(run.jaeger
      ? {
          OTEL_ENABLED: 'true',
          OTEL_EXPORTER_OTLP_ENDPOINT: run.jaeger.otlpHttp,
          OTEL_RESOURCE_ATTRIBUTES: `${RUN_TAG}=${run.prefix}`,
        }
      : { OTEL_ENABLED: 'false' }),
  };
  const [intakeHttp, intakeGrpc, civilHttp, civilGrpc] = await Promise.all(
    [0, 1, 2, 3].map(() => freePort()),
  );
  const intake = await startApp(
    root,
    'intake',
    {
      ...common,
      SERVICE_NAME: 'intake',
      HTTP_PORT: String(intakeHttp),
      GRPC_PORT: String(intakeGrpc),
      MONGO_URL: mongoUrlFor(dbName(run.prefix, 'intake')),
    },
    run.cpuDir,
  );
  const civil = await startApp(
    root,
    'civil-affairs',
    {
      ...common,
      SERVICE_NAME: 'civil-affairs',
      HTTP_PORT: String(civilHttp),
      GRPC_PORT: String(civilGrpc),
      INTAKE_GRPC_URL: `127.0.0.1:${intakeGrpc}`,
      MONGO_URL: mongoUrlFor(dbName(run.prefix, 'civil')),
    },
    run.cpuDir,
  );

  // Probe: when did the last of an application's parts get dispatched?
  const handle = createKafka({
    brokers,
    sasl,
    clientId: 'bench',
    logger,
    topicPrefix: run.prefix,
  });
  await ensureTopics(handle, [handle.topic(Topics.partDispatched)]);
  const submittedAt = new Map<string, number>();
  const partsSeen = new Map<string, number>();
  const dispatched = new Map<string, number>();
  const probe = await startConsumer({
    handle,
    logger,
    group: 'bench-probe',
    types: [Topics.partDispatched],
    handler: async (event) => {
      const app = event.envelope.correlationId;
      const n = (partsSeen.get(app) ?? 0) + 1;
      partsSeen.set(app, n);
      const t0 = submittedAt.get(app);
      if (n === partsPerApplication && t0 !== undefined)
        dispatched.set(app, performance.now() - t0);
    },
  });
  const token = await keycloakToken({
    userId: 'bench-clerk',
    roles: ['window_clerk'],
    regionCode: '330106',
  });
  let serial = 0;
  const submit = async () => {
    const i = serial++;
    const t0 = performance.now();
    const res = await fetch(`http://127.0.0.1:${intakeHttp}/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        applicant: { name: `申请人${i}`, idNumber: idFor(i), regionCode: '330106' },
        items: ['education', 'housing', 'medical'],
        channel: 'window',
        declarationSigned: true,
      }),
    });
    const ms = performance.now() - t0;
    if (res.status !== 201) {
      await res.text();
      return undefined;
    }
    const { id } = (await res.json()) as { id: string };
    submittedAt.set(id, t0);
    return { id, ms };
  };
  const waitDispatched = async (ids: string[], limitMs: number) => {
    const deadline = Date.now() + limitMs;
    while (ids.some((id) => !dispatched.has(id)) && Date.now() < deadline) await sleep(100);
  };
  const stop = async () => {
    await probe.stop();
    await Promise.all([intake.stop(), civil.stop()]);
  };
  return { submit, waitDispatched, dispatched, stop };
}

/** Warm-up: JIT, connections, consumer group assignment. */
async function warmUp(rig: Rig) {
  const warm = await Promise.all(Array.from({ length: 20 }, () => rig.submit()));
  await rig.waitDispatched(
    warm.flatMap((r) => (r ? [r.id] : [])),
    60000,
  );
}

/** 1. Open loop at a fixed arrival rate. */
async function openLoopPhase(rig: Rig) {
  const offered = Math.round(rate * seconds);
  const open: { id: string; ms: number }[] = [];
  let openFailed = 0;
  const inFlight: Promise<void>[] = [];
  const openTimer = progress('open loop: accepted', () => open.length, offered);
  const openStart = performance.now();
  for (let i = 0; i < offered; i++) {
    const due = openStart + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    inFlight.push(
      rig.submit().then((r) => {
        if (r) open.push(r);
        else openFailed++;
      }),
    );
  }
  await Promise.all(inFlight);
  const openElapsed = (performance.now() - openStart) / 1000;
  await rig.waitDispatched(
    open.map((r) => r.id),
    120000,
  );
  clearInterval(openTimer);
  const openDispatch = open.flatMap((r) => rig.dispatched.get(r.id) ?? []);
  return {
    offeredPerSec: rate,
    seconds,
    offered,
    accepted: open.length,
    failed: openFailed,
    acceptedPerSec: round(open.length / openElapsed),
    acceptMs: stats(open.map((r) => r.ms)),
    fullyDispatched: openDispatch.length,
    dispatchMs: stats(openDispatch),
  };
}

/** 2. Capacity: closed loop at `concurrency`. */
async function capacityPhase(rig: Rig) {
  const closed: { id: string; ms: number }[] = [];
  let closedFailed = 0;
  let next = 0;
  const closedTimer = progress('capacity: accepted', () => closed.length, count);
  const closedStart = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < count) {
        const r = await rig.submit();
        if (r) closed.push(r);
        else closedFailed++;
      }
    }),
  );
  const closedElapsed = (performance.now() - closedStart) / 1000;
  await rig.waitDispatched(
    closed.map((r) => r.id),
    300000,
  );
  clearInterval(closedTimer);
  const allDispatchedSec = (performance.now() - closedStart) / 1000;
  return {
    applications: count,
    concurrency,
    accepted: closed.length,
    failed: closedFailed,
    acceptedPerSec: round(closed.length / closedElapsed),
    acceptMs: stats(closed.map((r) => r.ms)),
    fullyDispatched: closed.filter((r) => rig.dispatched.has(r.id)).length,
    allDispatchedSec: round(allDispatchedSec, 2),
  };
}

/** Phases 1 and 2 on freshly started services; with tracing, the spans Jaeger got from the run. */
async function measure(run: RunSetup) {
  const startedMs = Date.now();
  const rig = await startRig(run);
  await warmUp(rig);
  const openLoop = await openLoopPhase(rig);
  const capacity = await capacityPhase(rig);
  // The services flush their spans on the way out.
  await rig.stop();
  const spans = run.jaeger
    ? await settledRunSpans(run.jaeger.query, 'intake', run.prefix, startedMs, Date.now())
    : undefined;
  return { openLoop, capacity, spans };
}

async function main() {
  if (!['off', 'on', 'compare'].includes(tracingMode)) {
    throw new Error(
      `--tracing 只能是 off、on 或 compare / must be off, on or compare: ${tracingMode}`,
    );
  }
  execFileSync(process.execPath, [resolve(root, 'tools/local-infra/cli.mjs'), 'up'], {
    stdio: 'inherit',
  });
  const jaeger = tracingMode === 'off' ? undefined : upJaeger(root);
  execFileSync(
    process.execPath,
    [resolve(root, 'tools/run/build.mjs'), 'intake', 'civil-affairs'],
    { stdio: 'inherit' },
  );
  if (tracingMode === 'compare' && jaeger) await compare(jaeger);
  else await single(jaeger);
  process.exit(0);
}

/** All four phases once, tracing on when `jaeger` is given. */
async function single(jaeger: JaegerEndpoints | undefined) {
  const prefix = `bench${stamp}-`;
  const cpuDir = values['cpu-prof'] ? resolve(root, '.local/bench/cpu', stamp) : undefined;
  const { openLoop, capacity, spans } = await measure({ prefix, jaeger, cpuDir });

  // 3. Raw insertOne of the same documents, same indexes, same concurrency.
  const raw = await rawInsertOne(count, prefix);
  const cpuTop = cpuDir
    ? {
        intake: topFrames(resolve(cpuDir, 'intake'), root),
        civilAffairs: topFrames(resolve(cpuDir, 'civil-affairs'), root),
      }
    : undefined;
  const kafka = values['skip-kafka']
    ? undefined
    : await kafkaPhase({
        brokers,
        sasl,
        prefix,
        messages: Number(values['kafka-messages']),
        logger,
      });

  console.log('\n== bench:intake ==');
  console.table({
    [`open loop ${rate}/s × ${seconds}s: accepted/s`]: openLoop.acceptedPerSec,
    'open loop accept p50/p95/p99 ms': Object.values(openLoop.acceptMs).join(' / '),
    'open loop submit → 3 parts dispatched p50/p95/p99 ms': Object.values(openLoop.dispatchMs).join(
      ' / ',
    ),
    [`capacity (concurrency ${concurrency}) accepted/s`]: capacity.acceptedPerSec,
    'capacity accept p50/p95/p99 ms': Object.values(capacity.acceptMs).join(' / '),
    'raw insertOne/s (same concurrency)': raw.perSec,
    'intake ÷ raw insertOne': round(capacity.acceptedPerSec / raw.perSec, 3),
    ...(spans ? { 'tracing on: spans in Jaeger from intake': spans['intake'] ?? 0 } : {}),
  });
  if (kafka) console.table(kafka);
  if (cpuTop) {
    for (const [service, { busyPct, top }] of Object.entries(cpuTop)) {
      console.log(`top frames by self time (% of busy samples): ${service}, busy ${busyPct} %`);
      console.table(top);
    }
  }
  console.log(
    JSON.stringify({
      benchmark: 'intake',
      node: process.version,
      openLoop,
      capacity,
      rawInsertOnePerSec: raw.perSec,
      intakeToRawRatio: round(capacity.acceptedPerSec / raw.perSec, 3),
      kafka,
      cpuTop,
      ...(spans ? { tracing: 'on', jaegerSpans: spans } : {}),
    }),
  );
}

/** The figures compared, from one round. */
const figuresOf = ({ openLoop, capacity }: Awaited<ReturnType<typeof measure>>) => ({
  capacityPerSec: capacity.acceptedPerSec,
  acceptP50: openLoop.acceptMs.p50,
  acceptP95: openLoop.acceptMs.p95,
  dispatchP50: openLoop.dispatchMs.p50,
  dispatchP95: openLoop.dispatchMs.p95,
});
type Figures = ReturnType<typeof figuresOf>;
const figureLabels: Record<keyof Figures, string> = {
  capacityPerSec: `capacity (concurrency ${concurrency}) accepted/s`,
  acceptP50: `open loop ${rate}/s × ${seconds}s accept p50 ms`,
  acceptP95: 'open loop accept p95 ms',
  dispatchP50: 'open loop submit → 3 parts dispatched p50 ms',
  dispatchP95: 'open loop submit → 3 parts dispatched p95 ms',
};
const keys = Object.keys(figureLabels) as (keyof Figures)[];

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
};

/** Phases 1 and 2 with tracing off and on in alternating rounds; medians and on ÷ off. */
async function compare(jaeger: JaegerEndpoints) {
  if (values['cpu-prof'])
    throw new Error('--cpu-prof 不能与 --tracing compare 同用 / not with compare');
  const perRound: ({ round: number; side: 'off' | 'on'; spans?: number } & Figures & {
      failed: number;
      notDispatched: number;
    })[] = [];
  for (let r = 1; r <= rounds; r++) {
    for (const side of ['off', 'on'] as const) {
      console.log(`\n-- round ${r}/${rounds}, tracing ${side} --`);
      const result = await measure({
        prefix: `bench${stamp}r${r}${side}-`,
        jaeger: side === 'on' ? jaeger : undefined,
      });
      const { openLoop, capacity } = result;
      perRound.push({
        round: r,
        side,
        ...figuresOf(result),
        failed: openLoop.failed + capacity.failed,
        notDispatched:
          openLoop.accepted -
          openLoop.fullyDispatched +
          capacity.accepted -
          capacity.fullyDispatched,
        ...(result.spans ? { spans: result.spans['intake'] ?? 0 } : {}),
      });
      console.table([perRound[perRound.length - 1]]);
    }
  }
  const sideMedians = (side: 'off' | 'on') =>
    Object.fromEntries(
      keys.map((k) => [k, round(median(perRound.filter((x) => x.side === side).map((x) => x[k])))]),
    ) as Figures;
  const off = sideMedians('off');
  const on = sideMedians('on');
  const ratio = Object.fromEntries(keys.map((k) => [k, round(on[k] / off[k], 3)])) as Figures;
  const intakeSpans = perRound.reduce((sum, x) => sum + (x.spans ?? 0), 0);

  console.log(`\n== bench:intake tracing off vs on (median of ${rounds} rounds each) ==`);
  console.table(
    Object.fromEntries(
      keys.map((k) => [figureLabels[k], { off: off[k], on: on[k], 'on ÷ off': ratio[k] }]),
    ),
  );
  console.log('per round:');
  console.table(perRound);
  console.log(`spans Jaeger holds from service intake for the on-rounds: ${intakeSpans}`);
  console.log(
    JSON.stringify({
      benchmark: 'intake-tracing',
      node: process.version,
      rounds,
      rate,
      seconds,
      count,
      concurrency,
      off,
      on,
      ratio,
      jaegerIntakeSpans: intakeSpans,
      perRound,
    }),
  );
}

/** The stored applications, re-inserted one by one with fresh ids into a copy with the same indexes. */
async function rawInsertOne(n: number, prefix: string): Promise<{ perSec: number }> {
  const client = await MongoClient.connect(mongoUrlFor(''));
  try {
    const source = client.db(dbName(prefix, 'intake')).collection('applications');
    const template = (await source.find({}).limit(n).toArray()) as Document[];
    const target = client.db(dbName(prefix, 'raw')).collection('applications');
    for (const ix of await source.listIndexes().toArray()) {
      if (ix['name'] === '_id_') continue;
      await target.createIndex(ix['key'] as Document, { unique: Boolean(ix['unique']) });
    }
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let i = next++; i < n; i = next++) {
          const doc = template[i % template.length] ?? {};
          await target.insertOne({
            ...doc,
            _id: `raw-${i}` as never,
            applicationNo: `RAW-${i}`,
            idempotencyKey: `raw:${i}`,
          });
        }
      }),
    );
    return { perSec: round(n / ((performance.now() - started) / 1000)) };
  } finally {
    await client.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
