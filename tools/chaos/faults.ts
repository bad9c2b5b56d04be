// The seeded fault schedule (plan.ts) carried out as the workload progresses: replicas
// SIGKILLed and restarted after their down time, the broker and the database killed and restarted.
import type { Cluster } from './cluster';
import type { ChaosEngines, EngineName } from './engines';
import type { Fault } from './plan';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const secondsSince = (t: number) => Math.round((Date.now() - t) / 100) / 10;

export interface FiredFault {
  kind: Fault['kind'];
  target: string;
  at: number;
  firedAt: number;
  downMs: number;
  /** Seconds until the replica answered /ready again, or the engine was healthy. */
  backInSeconds?: number;
  note?: string;
}

/** Runs the schedule as the workload's progress reaches each fault; resolves when all ran. */
export function runFaults(
  faults: Fault[],
  progress: () => number,
  cluster: Cluster,
  engines: ChaosEngines,
  log: (line: string) => void,
): { done: Promise<FiredFault[]> } {
  const fired: FiredFault[] = [];
  const restarts = new Map<string, Promise<void>>();
  const engineDown = async (engine: EngineName, downMs: number, record: FiredFault) => {
    const t = Date.now();
    engines.kill(engine);
    await sleep(downMs);
    await engines.start(engine);
    record.backInSeconds = secondsSince(t);
  };
  const done = (async () => {
    for (const f of faults) {
      while (progress() < f.at) await sleep(200);
      const target =
        f.kind === 'kill'
          ? `${f.service}#${f.replica}`
          : f.kind === 'broker'
            ? 'kafka'
            : 'ferretdb';
      const record: FiredFault = {
        kind: f.kind,
        target,
        at: f.at,
        firedAt: progress(),
        downMs: f.downMs,
      };
      fired.push(record);
      log(
        `fault: ${f.kind} ${target} at ${(record.firedAt * 100).toFixed(1)}% (down ${f.downMs} ms)`,
      );
      if (f.kind === 'kill') {
        // The same replica again: first let its last restart finish.
        await restarts.get(target);
        if (!cluster.kill(f.service, f.replica)) record.note = 'was already down';
        const t = Date.now();
        restarts.set(
          target,
          sleep(f.downMs)
            .then(() => cluster.restart(f.service, f.replica))
            .then(
              () => {
                record.backInSeconds = secondsSince(t);
              },
              // Recorded, not thrown: this promise is awaited only at the end.
              (e: Error) => {
                record.note = `did not come back: ${e.message.split('\n')[0]}`;
                log(`${target} ${record.note}`);
              },
            ),
        );
      } else {
        await engineDown(f.kind === 'broker' ? 'kafka' : 'ferretdb', f.downMs, record);
      }
    }
    await Promise.all(restarts.values());
    return fired;
  })();
  // Awaited after the workload; an engine that failed to come back must not crash us before.
  done.catch(() => undefined);
  return { done };
}
