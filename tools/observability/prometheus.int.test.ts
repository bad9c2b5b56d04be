// The real Prometheus server of `npm start` (tools/observability/prometheus.mjs start, installed
// from Debian's package if missing) loads alerts.yml, scrapes a /metrics endpoint and fires
// JhStreetReserveLow for a street at 999,999 分 but not for one at exactly 1,000,000 分; SIGTERM
// stops it. The rule logic itself is unit-tested by promtool (alerts.test.yml, in `npm test`).
import { spawn, type ChildProcess } from 'node:child_process';
import { waitFor } from '@jh/platform-testing';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Alert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: string;
}

const cli = join(__dirname, 'prometheus.mjs');
const rulesFile = join(__dirname, 'prometheus', 'alerts.yml');
// A cold machine installs the Debian package first (apt-get update + install, ~10-60 s).
const START_TIMEOUT_MS = 5 * 60_000;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const alive = (pid: number) => existsSync(`/proc/${pid}`);

let exporter: Server;
let child: ChildProcess;
let dir: string;
let url: string;
let pid: number;
let output = '';

beforeAll(async () => {
  exporter = createServer((_req, res) => {
    res.setHeader('content-type', 'text/plain; version=0.0.4');
    res.end(
      [
        'jh_street_reserve_balance_fen{street="330106001"} 999999',
        'jh_street_reserve_balance_fen{street="330106002"} 1000000',
        '',
      ].join('\n'),
    );
  });
  await new Promise<void>((resolve) => exporter.listen(0, '127.0.0.1', resolve));
  const target = `127.0.0.1:${(exporter.address() as AddressInfo).port}`;
  dir = mkdtempSync(join(tmpdir(), 'jh-prometheus-int-'));
  // Same rules file as npm start; 1 s intervals so the alert shows within seconds.
  writeFileSync(
    join(dir, 'prometheus.yml'),
    [
      'global: { scrape_interval: 1s, evaluation_interval: 1s }',
      `rule_files: ['${rulesFile}']`,
      'scrape_configs:',
      '  - job_name: payment',
      `    static_configs: [{ targets: ['${target}'] }]`,
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
      if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}: ${output}`);
      return /^Prometheus (\S+) pid (\d+)/m.exec(output) ?? undefined;
    },
    { what: 'the start line', timeoutMs: START_TIMEOUT_MS, intervalMs: 200 },
  );
  url = line[1] ?? '';
  pid = Number(line[2]);
}, START_TIMEOUT_MS + 10_000);

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGTERM');
  if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
  await new Promise((resolve) => exporter?.close(resolve));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('listens on 127.0.0.1 only and loads alerts.yml', async () => {
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  const rules = (await (await fetch(`${url}/api/v1/rules`)).json()) as {
    data: { groups: { rules: { name: string }[] }[] };
  };
  const names = rules.data.groups.flatMap((g) => g.rules.map((r) => r.name));
  expect(names).toEqual(
    expect.arrayContaining([
      'JhDeadLetterNotEmpty',
      'JhOutboxBacklog',
      'JhKafkaConsumerLagGrowing',
      'JhPaymentPastDue',
      'JhStreetReserveLow',
      'JhDepartmentOnTimeBelowTarget',
    ]),
  );
});

it('fires JhStreetReserveLow for 999,999 分 and not for 1,000,000 分', async () => {
  const alerts = await waitFor(
    async () => {
      const body = (await (await fetch(`${url}/api/v1/alerts`)).json()) as {
        data: { alerts: Alert[] };
      };
      const list = body.data.alerts;
      return list.some((a) => a.state === 'firing') ? list : undefined;
    },
    { what: 'a firing alert', timeoutMs: 60_000, intervalMs: 200 },
  );
  expect(alerts).toHaveLength(1);
  expect(alerts[0]?.labels).toEqual({
    alertname: 'JhStreetReserveLow',
    severity: 'critical',
    rule: 'R-PAY-4',
    street: '330106001',
    job: 'payment',
    instance: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
  });
  expect(alerts[0]?.annotations['summary']).toContain('330106001 余额 balance 999999 分');
}, 70_000);

it('stops Prometheus on SIGTERM', async () => {
  expect(alive(pid)).toBe(true);
  child.kill('SIGTERM');
  await waitFor(async () => !alive(pid), { what: 'the server to exit', timeoutMs: 20_000 });
  await waitFor(async () => child.exitCode !== null, {
    what: 'the CLI to exit',
    timeoutMs: 20_000,
  });
  expect(child.exitCode).toBe(0);
}, 45_000);
