// npm run chaos -- --applications N --kills K --seed S [--replicas 2] [--broker-restarts 2]
//                  [--db-restarts 2] [--concurrency 16] [--timeout-min 30] [--out summary.json]
//                  [--calls calls.jsonl] [--poison 3] [--instance 0]
// Issue 18, "Chaos": the whole flow through the public APIs on its own Kafka and FerretDB
// (.local/chaos) while replicas are SIGKILLed and the engines killed and restarted on a seeded
// schedule; then it waits for the system to settle and checks the invariants (invariants.ts).
// Progress on stderr, the JSON summary on stdout; exit code 1 when any invariant failed.
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { Topics } from '@jh/contracts';
import { ChaosApi } from './api';
import { startCluster, type Cluster } from './cluster';
import { lockInstance, startChaosEngines } from './engines';
import { evaluate, readRunState, type InvariantResult } from './invariants';
import { runFaults } from './faults';
import { settle } from './settle';
import { chaosKafka, injectPoison, type Poison } from './kafka';
import {
  actionsOf,
  pick,
  planApplications,
  planFaults,
  rng,
  SERVICES,
  type ServiceName,
} from './plan';
import {
  importStatement,
  runApplications,
  runMonthlyBatch,
  type ApplicationOutcome,
} from './workload';

// The checker opens sealed event fields with the same development keys as the services.
process.env['NODE_ENV'] = 'test';
// Bundled into .local/ts-run by ts-run: two levels up is the checkout either way.
const root = existsSync(resolve(__dirname, '../..', 'nx.json'))
  ? resolve(__dirname, '../..')
  : process.cwd();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const started = Date.now();
const secondsSince = (t: number) => Math.round((Date.now() - t) / 100) / 10;
const log = (line: string) => process.stderr.write(`[chaos +${secondsSince(started)}s] ${line}\n`);

function options() {
  const { values } = parseArgs({
    options: {
      applications: { type: 'string', default: '100' },
      kills: { type: 'string', default: '5' },
      seed: { type: 'string', default: '1' },
      replicas: { type: 'string', default: '2' },
      'broker-restarts': { type: 'string', default: '2' },
      'db-restarts': { type: 'string', default: '2' },
      concurrency: { type: 'string', default: '16' },
      'timeout-min': { type: 'string', default: '30' },
      poison: { type: 'string', default: '3' },
      /** Several runs at once on one machine: instance k uses its own folder and ports + 100·k. */
      instance: { type: 'string', default: '0' },
      out: { type: 'string' },
      /** Every call's outcome as JSON lines (route, status, attempt, duration). */
      calls: { type: 'string' },
    },
  });
  const int = (name: keyof typeof values, min: number) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < min) {
      process.stderr.write(`--${name} 须为不小于 ${min} 的整数 / must be an integer ≥ ${min}\n`);
      process.exit(2);
    }
    return n;
  };
  return {
    applications: int('applications', 1),
    kills: int('kills', 0),
    seed: int('seed', 0),
    replicas: int('replicas', 1),
    brokerRestarts: int('broker-restarts', 0),
    dbRestarts: int('db-restarts', 0),
    concurrency: int('concurrency', 1),
    timeoutMin: int('timeout-min', 1),
    poison: int('poison', 0),
    instance: int('instance', 0),
    out: values.out,
    calls: values.calls,
  };
}

/** The services' builds in the run's own folder: another checkout's rebuild never swaps them mid-run. */
async function buildServices(dir: string): Promise<string> {
  const dist = join(dir, 'dist');
  await Promise.all(
    SERVICES.map((name) =>
      build({
        entryPoints: [join(root, 'apps', name, 'src', 'main.ts')],
        outfile: join(dist, 'apps', name, 'main.js'),
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: 'cjs',
        packages: 'external',
        sourcemap: true,
        tsconfig: join(root, 'tsconfig.base.json'),
        logLevel: 'warning',
      }),
    ),
  );
  return dist;
}

/** Timers tuned for a run of minutes: payment sends at once and confirms quickly. */
const SERVICE_ENV: Partial<Record<ServiceName, Record<string, string>>> = {
  payment: {
    SEND_LEAD_HOURS: '2400',
    SENDER_INTERVAL_MS: '500',
    SEND_LEASE_MS: '10000',
    RETRY_INITIAL_MS: '500',
    RETRY_MAX_MS: '5000',
    CONFIRM_POLL_MS: '2000',
  },
};

async function main(): Promise<number> {
  const o = options();
  const deadline = started + o.timeoutMin * 60_000;
  const apps = planApplications(o.seed, o.applications);
  const faults = planFaults(o.seed, {
    kills: o.kills,
    brokerRestarts: o.brokerRestarts,
    dbRestarts: o.dbRestarts,
    replicas: o.replicas,
  });
  const plannedActions = apps.reduce((n, a) => n + actionsOf(a), 0);
  log(
    `${o.applications} applications (${plannedActions} actions), ${faults.length} faults, seed ${o.seed}`,
  );

  const dir = join(root, '.local', o.instance === 0 ? 'chaos' : `chaos-${o.instance}`);
  const unlock = lockInstance(dir);
  const shift = 100 * o.instance;
  const engines = await startChaosEngines({
    dir,
    root,
    kafkaPort: 29092 + shift,
    kafkaControllerPort: 29093 + shift,
    mongoPort: 27037 + shift,
    log,
  });
  let cluster: Cluster | undefined;
  // Ctrl-C or a kill: stop what this run started (replicas, gateway, its engines), then leave.
  const interrupted = () => {
    log('interrupted: stopping the replicas and the engines');
    void (async () => {
      await cluster?.stop().catch(() => undefined);
      await engines.stop().catch(() => undefined);
      unlock();
      process.exit(130);
    })();
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  const summary: Record<string, unknown> = {};
  let invariants: InvariantResult[] = [];
  let exit = 1;
  try {
    const dist = await buildServices(dir);
    log('services built');
    const startedCluster = Date.now();
    cluster = await startCluster({
      root,
      dist,
      engines,
      replicas: o.replicas,
      env: SERVICE_ENV,
      log,
    });
    const startSeconds = secondsSince(startedCluster);
    const kafka = chaosKafka(engines.kafkaBrokers);
    const callsFile = o.calls;
    if (callsFile) writeFileSync(callsFile, '');
    const api = new ChaosApi(
      cluster.gateway,
      deadline,
      callsFile ? (c) => appendFileSync(callsFile, `${JSON.stringify(c)}\n`) : undefined,
    );

    // The workload and, beside it, the faults and the poison.
    let actions = 0;
    const progress = () => (plannedActions === 0 ? 1 : actions / plannedActions);
    const faultRun = runFaults(faults, progress, cluster, engines, log);
    const poisonTopics = [Topics.applicationSubmitted, Topics.partDispatched, Topics.partReported];
    const pickTopic = rng(o.seed ^ 0x7);
    const poison: Poison[] = [];
    const poisonRun = (async () => {
      while (progress() < 0.5) await sleep(200);
      const topics = Array.from({ length: o.poison }, () => pick(pickTopic, poisonTopics));
      for (let attempt = 0; ; attempt++) {
        try {
          poison.push(
            ...(await injectPoison(kafka, o.seed, topics.slice(poison.length), poison.length)),
          );
          log(`poison: ${poison.map((p) => `${p.key} → ${p.topic}`).join(', ')}`);
          return;
        } catch (e) {
          // The broker may be down this very moment (its own restart): try again.
          if (attempt > 20) {
            log(`poison not injected: ${(e as Error).message}`);
            return;
          }
          await sleep(3000);
        }
      }
    })();
    const workloadStarted = Date.now();
    const outcomes: ApplicationOutcome[] = await runApplications(
      {
        api,
        seed: o.seed,
        concurrency: o.concurrency,
        progress: (n) => (actions += n),
        deadline,
        log,
      },
      apps,
      actionsOf,
    );
    const workloadSeconds = secondsSince(workloadStarted);
    log(`workload done in ${workloadSeconds} s`);
    const fired = await faultRun.done;
    await poisonRun;
    // The month's batch runs while the last approvals are still on their way to payment: each
    // must still get exactly one order for the month (see the ADR).
    const batch = await runMonthlyBatch(api, deadline).catch((e: Error) => ({ error: e.message }));
    log(`monthly batch: ${JSON.stringify(batch)}`);

    const settleStarted = Date.now();
    const settled = await settle(engines, kafka, deadline, log);
    const settleSeconds = secondsSince(settleStarted);
    log(`settled: ${settled.settled} in ${settleSeconds} s (${JSON.stringify(settled.last)})`);
    // The card platform's statements, one per day it booked payments on.
    const days = [
      ...new Set(
        [...cluster.simulator.payments.values()].map((p) =>
          p.receivedAt.toISOString().slice(0, 10),
        ),
      ),
    ].sort();
    const statements = [];
    for (const day of days) {
      const csv = cluster.simulator.statementCsv(day);
      const report = await importStatement(api, day, csv, deadline).then(
        (r) => ({ day, status: r.status, rows: r.rows, findings: r.findingsTotal }),
        (e: Error) => ({ day, error: e.message }),
      );
      statements.push(report);
      log(`statement ${day}: ${JSON.stringify(report)}`);
    }
    const after = await settle(engines, kafka, Math.max(deadline, Date.now() + 60_000), log);
    invariants = evaluate(
      await readRunState({
        mongoUrlFor: engines.mongoUrlFor,
        kafka,
        simulator: cluster.simulator,
        plan: apps,
        outcomes,
        poison,
      }),
    );
    const failedFlows = outcomes.filter((x) => x.error);
    const ok =
      settled.settled &&
      after.settled &&
      failedFlows.length === 0 &&
      invariants.every((i) => i.violations === 0);
    Object.assign(summary, {
      ok,
      seed: o.seed,
      applications: o.applications,
      replicas: o.replicas,
      concurrency: o.concurrency,
      workload: {
        submitted: outcomes.filter((x) => x.id).length,
        approved: outcomes.filter((x) => x.decision === 'approved').length,
        rejected: outcomes.filter((x) => x.decision === 'rejected').length,
        failed: failedFlows.length,
        failures: failedFlows.slice(0, 5).map((x) => `#${x.index}: ${x.error}`),
      },
      kills: fired.filter((f) => f.kind === 'kill').length,
      brokerRestarts: fired.filter((f) => f.kind === 'broker').length,
      dbRestarts: fired.filter((f) => f.kind === 'db').length,
      poison: poison.length,
      unplannedReplicaExits: {
        count: cluster.unplannedExits.length,
        first: cluster.unplannedExits.slice(0, 10),
      },
      unhandledErrors: {
        count: cluster.unhandledErrors.length,
        first: cluster.unhandledErrors.slice(0, 10),
      },
      faults: fired,
      batch,
      statements,
      ledger: {
        payments: cluster.simulator.payments.size,
        pushes: cluster.simulator.pushLog.length,
      },
      calls: api.summary(),
      seconds: {
        start: startSeconds,
        workload: workloadSeconds,
        settle: settleSeconds,
        total: secondsSince(started),
      },
      settled: settled.settled && after.settled,
      invariants,
    });
    exit = ok ? 0 : 1;
    if (!ok) log(`services' last output:\n${cluster.output()}`);
  } catch (e) {
    log(`run failed: ${(e as Error).stack ?? String(e)}`);
    if (cluster) log(`services' last output:\n${cluster.output()}`);
    Object.assign(summary, { ok: false, error: (e as Error).message, invariants });
  } finally {
    await cluster?.stop().catch(() => undefined);
    await engines.stop().catch(() => undefined);
    unlock();
  }
  const text = JSON.stringify(summary, null, 2);
  process.stdout.write(`${text}\n`);
  if (o.out) writeFileSync(o.out, text);
  const failing = invariants.filter((i) => i.violations > 0).map((i) => i.name);
  process.stdout.write(
    `chaos summary: ${summary['ok'] ? 'ok' : 'FAILED'} — ${o.applications} applications, ` +
      `${String(summary['kills'] ?? 0)} kills, ${String(summary['brokerRestarts'] ?? 0)} broker and ` +
      `${String(summary['dbRestarts'] ?? 0)} database restarts, settled in ` +
      `${String((summary['seconds'] as Record<string, number> | undefined)?.['settle'] ?? '-')} s; ` +
      `invariants ${invariants.length - failing.length}/${invariants.length} hold` +
      `${failing.length ? ` (failing: ${failing.join(', ')})` : ''}\n`,
  );
  return exit;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
    process.exit(2);
  },
);
