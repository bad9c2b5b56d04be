// The local Jaeger for a benchmark with tracing on: started with the local-infra cli, and asked
// how many spans a run left there (proof that the services really exported).
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

export interface JaegerEndpoints {
  /** OTLP/HTTP base: what OTEL_EXPORTER_OTLP_ENDPOINT takes. */
  otlpHttp: string;
  /** Query API base (/api/traces, /api/services). */
  query: string;
}

/** Starts the opt-in Jaeger (a no-op when it runs) and answers its endpoints. */
export function upJaeger(root: string): JaegerEndpoints {
  const out = execFileSync(
    process.execPath,
    [resolve(root, 'tools/local-infra/cli.mjs'), 'up', 'jaeger', '--json'],
    { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' },
  );
  return (JSON.parse(out) as { jaeger: JaegerEndpoints }).jaeger;
}

/** The resource attribute that marks a run's spans (OTEL_RESOURCE_ATTRIBUTES, read by the SDK). */
export const RUN_TAG = 'bench.run';

interface JaegerTrace {
  traceID: string;
  spans: { processID: string }[];
  processes: Record<string, { serviceName: string; tags?: { key: string; value: unknown }[] }>;
}

const WINDOW_MS = 10_000;

/**
 * Spans per service in the traces of `service` between `fromMs` and `toMs` whose process carries
 * `RUN_TAG=run` (Jaeger may hold other runs'). Asked in 10 s windows so no one answer gets huge;
 * a trace seen in two windows counts once.
 */
export async function runSpans(
  query: string,
  service: string,
  run: string,
  fromMs: number,
  toMs: number,
): Promise<Record<string, number>> {
  const seen = new Set<string>();
  const counts: Record<string, number> = {};
  for (let start = fromMs; start < toMs; start += WINDOW_MS) {
    const end = Math.min(toMs, start + WINDOW_MS);
    const url =
      `${query}/api/traces?service=${encodeURIComponent(service)}` +
      `&start=${start * 1000}&end=${end * 1000}&limit=100000`;
    const res = await fetch(url);
    if (!res.ok) throw new Error(`Jaeger ${url}: HTTP ${res.status}`);
    const { data } = (await res.json()) as { data: JaegerTrace[] | null };
    for (const t of data ?? []) {
      if (seen.has(t.traceID)) continue;
      seen.add(t.traceID);
      for (const span of t.spans) {
        const p = t.processes[span.processID];
        if (!p?.tags?.some((tag) => tag.key === RUN_TAG && tag.value === run)) continue;
        counts[p.serviceName] = (counts[p.serviceName] ?? 0) + 1;
      }
    }
  }
  return counts;
}

/** `runSpans` once the count stops growing (Jaeger's own batch may lag the services' exit). */
export async function settledRunSpans(
  ...args: Parameters<typeof runSpans>
): Promise<Record<string, number>> {
  const total = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);
  let last = await runSpans(...args);
  for (let i = 0; i < 10; i++) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = await runSpans(...args);
    if (total(now) === total(last)) return now;
    last = now;
  }
  return last;
}
