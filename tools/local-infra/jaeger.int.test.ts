// The opt-in local Jaeger (issue 17): `cli.mjs up jaeger` (index.mjs up(); the first run builds the
// binary, ~5 min) starts it, a span goes out through the services' own exporter path
// (@jh/platform-telemetry startTelemetry → OTLP/HTTP, in a process of its own: jaeger/send-span.ts)
// and comes back from Jaeger's query API. Jaeger is left running, like the other engines.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { waitFor } from '@jh/platform-testing';

interface JaegerEndpoints {
  otlpHttp: string;
  otlpGrpc: string;
  query: string;
  ui: string;
  health: string;
}
interface UpResult {
  jaeger: JaegerEndpoints;
  results: { name: string; started: boolean; pid: number | null }[];
}
interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  processID: string;
  tags: { key: string; value: unknown }[];
}
interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string }>;
}

// A cold first run builds Jaeger from the Go module proxy (~5 min on 2 cores).
const UP_TIMEOUT_MS = 15 * 60_000;
const root = join(__dirname, '..', '..');
const run = promisify(execFile);

let endpoints: JaegerEndpoints;
let pid: number;

beforeAll(async () => {
  const { stdout } = await run(
    process.execPath,
    [join(__dirname, 'cli.mjs'), 'up', 'jaeger', '--json'],
    { maxBuffer: 16 * 1024 * 1024, timeout: UP_TIMEOUT_MS },
  );
  const up = JSON.parse(stdout) as UpResult;
  endpoints = up.jaeger;
  const result = up.results.find((r) => r.name === 'jaeger');
  expect(result?.pid).toEqual(expect.any(Number));
  pid = result?.pid as number;
}, UP_TIMEOUT_MS + 10_000);

/** Listening TCP sockets of a process: local address (hex, as /proc/net/tcp*) and port. */
function listeners(processId: number): { address: string; port: number }[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${processId}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${processId}/fd/${fd}`));
      if (m?.[1]) inodes.add(m[1]);
    } catch {
      // closed meanwhile
    }
  }
  const out: { address: string; port: number }[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length > 9 && cols[3] === '0A' && inodes.has(cols[9] ?? '')) {
        const [address = '', port = ''] = (cols[1] ?? '').split(':');
        out.push({ address, port: parseInt(port, 16) });
      }
    }
  }
  return out;
}

describe('local Jaeger (opt-in engine)', () => {
  it('listens on 127.0.0.1 only, on the configured ports, none of the defaults 4317/4318/8888', () => {
    const open = listeners(pid);
    const portOf = (url: string) => Number(new URL(url).port);
    const expected = [
      endpoints.otlpHttp,
      endpoints.otlpGrpc,
      endpoints.query,
      endpoints.health,
    ].map(portOf);
    expect(open.map((l) => l.port)).toEqual(expect.arrayContaining(expected));
    // 0100007F is 127.0.0.1 in /proc/net/tcp's byte order; no IPv6 or wildcard listener at all.
    expect(open.filter((l) => l.address !== '0100007F')).toEqual([]);
    for (const port of [4317, 4318, 8888]) expect(open.map((l) => l.port)).not.toContain(port);
  });

  it('stores a span sent through startTelemetry (OTLP/HTTP) and returns it from /api/traces', async () => {
    const serviceName = `jaeger-int-${process.pid}-${Date.now().toString(36)}`;
    const spanName = 'jaeger round trip';
    const { stdout } = await run(
      process.execPath,
      [
        join(root, 'tools/run/ts-run.mjs'),
        join(__dirname, 'jaeger/send-span.ts'),
        endpoints.otlpHttp,
        serviceName,
        spanName,
      ],
      { cwd: root, timeout: 60_000 },
    );
    const sent = JSON.parse(stdout) as { traceId: string; spanId: string };
    expect(sent.traceId).toMatch(/^[0-9a-f]{32}$/);

    const url = `${endpoints.query}/api/traces?service=${encodeURIComponent(serviceName)}&limit=20`;
    const found = await waitFor(
      async () => {
        const res = await fetch(url).catch(() => undefined);
        if (res?.status !== 200) return undefined;
        const body = (await res.json()) as { data: JaegerTrace[] | null };
        return body.data?.find((t) => t.spans.some((s) => s.operationName === spanName));
      },
      { what: `trace of ${serviceName} in Jaeger`, timeoutMs: 20_000, intervalMs: 200 },
    );
    const span = found.spans.find((s) => s.operationName === spanName) as JaegerSpan;
    expect({
      traceId: found.traceID,
      spanId: span.spanID,
      service: found.processes[span.processID]?.serviceName,
      tag: span.tags.find((t) => t.key === 'jh.test')?.value,
    }).toEqual({ ...sent, service: serviceName, tag: 'jaeger' });

    // And the service list (the health check's endpoint) names it.
    const services = (await (await fetch(`${endpoints.query}/api/services`)).json()) as {
      data: string[];
    };
    expect(services.data).toContain(serviceName);
  }, 60_000);
});
