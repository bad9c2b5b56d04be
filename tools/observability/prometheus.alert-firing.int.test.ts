// End to end through the real Prometheus (issue 17): a service started in-process with telemetry
// on serves GET /metrics; Prometheus (tools/observability/prometheus.mjs start, Debian's package)
// scrapes it every second with the project's alerts.yml; an undecodable message parked on the
// service's dead-letter topic makes JhDeadLetterNotEmpty fire, as /api/v1/alerts reports it.
// The rules' logic is unit-tested by promtool (alerts.test.yml); this proves the wiring: metric
// names and labels the service exports are the ones the rules read.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from 'mongoose';
import { Topics } from '@jh/contracts';
import { loadConfig, serviceEnvSchema } from '@jh/platform-config';
import { ensureTopics, EventPublisher, startConsumer } from '@jh/platform-kafka';
import { startService, type RunningService } from '@jh/platform-service';
import { startTelemetry, tracing } from '@jh/platform-telemetry';
import {
  freePort,
  ManualScheduler,
  releaseTestDatabase,
  testServiceEnv,
  uniquePrefix,
  waitFor,
} from '@jh/platform-testing';

jest.setTimeout(90_000);

interface Alert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: string;
}

const cli = join(__dirname, 'prometheus.mjs');
const rulesFile = join(__dirname, 'prometheus', 'alerts.yml');
// A cold machine installs the Debian package first (apt-get update + install, ~10-60 s).
const START_TIMEOUT_MS = 5 * 60_000;
const SERVICE = 'svc-prom-alert';

// On before the service starts, so its GET /metrics answers.
const telemetry = startTelemetry({
  serviceName: SERVICE,
  enabled: true,
  exporter: new tracing.InMemorySpanExporter(),
});
const prefix = uniquePrefix('prom-alert');
const alive = (pid: number) => existsSync(`/proc/${pid}`);

let running: RunningService | undefined;
let mongo: Connection | undefined;
let publisher: EventPublisher;
let topic = '';
let child: ChildProcess | undefined;
let dir = '';
let url = '';
let pid = 0;
let output = '';

beforeAll(async () => {
  const config = loadConfig(serviceEnvSchema, testServiceEnv(SERVICE, prefix, `${prefix}p`));
  running = await startService(
    config,
    async (ctx) => {
      mongo = ctx.mongo;
      topic = ctx.kafka.topic(Topics.applicationSubmitted);
      await ensureTopics(ctx.kafka, [topic]);
      const consumer = await startConsumer({
        handle: ctx.kafka,
        logger: ctx.logger,
        group: 'prom-alert',
        types: [Topics.applicationSubmitted],
        retry: { attempts: 1, initialDelayMs: 10, maxDelayMs: 10 },
        handler: async () => undefined,
      });
      ctx.onStop(() => consumer.stop());
      publisher = new EventPublisher(ctx.kafka, 'test');
      await publisher.connect();
      ctx.onStop(() => publisher.disconnect());
      return {};
    },
    { scheduler: new ManualScheduler() },
  );

  dir = mkdtempSync(join(tmpdir(), 'jh-prometheus-alert-'));
  // The project's rules file; 1 s intervals so an alert without `for` fires within seconds.
  writeFileSync(
    join(dir, 'prometheus.yml'),
    [
      'global: { scrape_interval: 1s, evaluation_interval: 1s }',
      `rule_files: ['${rulesFile}']`,
      'scrape_configs:',
      `  - job_name: ${SERVICE}`,
      '    metrics_path: /metrics',
      `    static_configs: [{ targets: ['127.0.0.1:${running.httpPort}'] }]`,
      '',
    ].join('\n'),
  );
  const port = await freePort();
  child = spawn(
    process.execPath,
    [
      cli,
      'start',
      '--port',
      String(port),
      '--config',
      join(dir, 'prometheus.yml'),
      '--data-dir',
      join(dir, 'data'),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const line = await waitFor(
    async () => {
      if (child?.exitCode !== null) throw new Error(`exited ${child?.exitCode}: ${output}`);
      return /^Prometheus (\S+) pid (\d+)/m.exec(output) ?? undefined;
    },
    { what: 'the start line', timeoutMs: START_TIMEOUT_MS, intervalMs: 200 },
  );
  url = line[1] ?? '';
  pid = Number(line[2]);
}, START_TIMEOUT_MS + 60_000);

afterAll(async () => {
  // The CLI stops its server on SIGTERM; a server left behind is killed by its pid.
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await waitFor(async () => (child?.exitCode !== null ? true : undefined), {
      what: 'the Prometheus CLI to exit',
      timeoutMs: 20_000,
    }).catch(() => child?.kill('SIGKILL'));
  }
  if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
  if (mongo) await releaseTestDatabase(mongo);
  await running?.stop();
  await telemetry.shutdown();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 60_000);

async function api<T>(path: string): Promise<T> {
  const res = await fetch(`${url}${path}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { data: T }).data;
}

/** This service's dead-letter alerts, as Prometheus reports them. */
const deadLetterAlerts = async () =>
  (await api<{ alerts: Alert[] }>('/api/v1/alerts')).alerts.filter(
    (a) => a.labels['alertname'] === 'JhDeadLetterNotEmpty' && a.labels['service'] === SERVICE,
  );

it('scrapes the service: its dead-letter gauge reads 0 and nothing fires', async () => {
  const samples = await waitFor(
    async () => {
      const data = await api<{
        result: { metric: Record<string, string>; value: [number, string] }[];
      }>(`/api/v1/query?query=${encodeURIComponent(`jh_dlq_messages{service="${SERVICE}"}`)}`);
      return data.result.length > 0 ? data.result : undefined;
    },
    { what: 'a scraped jh_dlq_messages sample', timeoutMs: 30_000, intervalMs: 250 },
  );
  expect(samples.map((s) => [s.metric['job'], s.metric['topic'], s.value[1]])).toEqual([
    [SERVICE, topic, '0'],
  ]);
  // The rules have seen that sample once the group has run after it was read.
  const seenAt = Date.now();
  await waitFor(
    async () => {
      const { groups } = await api<{ groups: { name: string; lastEvaluation: string }[] }>(
        '/api/v1/rules',
      );
      const messaging = groups.find((g) => g.name === 'jh-messaging');
      return messaging && Date.parse(messaging.lastEvaluation) > seenAt ? true : undefined;
    },
    { what: 'an evaluation of the messaging rules', timeoutMs: 10_000, intervalMs: 250 },
  );
  expect(await deadLetterAlerts()).toEqual([]);
});

it('fires JhDeadLetterNotEmpty once an undecodable message is parked on the DLQ', async () => {
  await publisher.send(Topics.applicationSubmitted, 'one-key', randomBytes(40));
  const firing = await waitFor(
    async () => {
      const alerts = await deadLetterAlerts();
      return alerts.some((a) => a.state === 'firing') ? alerts : undefined;
    },
    { what: 'JhDeadLetterNotEmpty firing', timeoutMs: 60_000, intervalMs: 250 },
  );
  expect(firing).toHaveLength(1);
  // Only the labels the service and the rule put on it (no exporter scope labels).
  expect(firing[0]?.labels).toEqual({
    alertname: 'JhDeadLetterNotEmpty',
    severity: 'warning',
    service: SERVICE,
    topic,
    job: SERVICE,
    instance: `127.0.0.1:${running!.httpPort}`,
  });
  expect(firing[0]?.annotations['summary']).toBe(
    `死信队列有 1 条消息 / dead-letter queue holds 1 messages: ${SERVICE} ${topic}`,
  );
}, 70_000);
