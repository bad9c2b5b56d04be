// `npm start` brings a crashed process back: a child that exits while the platform runs (an engine
// down at its start, an out-of-memory kill) is started again after 1 s, 2 s, 4 s … at most 30 s;
// the delay starts over once it has run for a minute. Time is injected (`now`, `later`).

/** Schedules `fn` after `ms`; returns a cancel function. */
const timerLater = (ms, fn) => {
  const t = setTimeout(fn, ms);
  return () => clearTimeout(t);
};

/**
 * @param {{
 *   name: string,
 *   start: () => import('node:child_process').ChildProcess,
 *   log?: (line: string) => void,
 *   now?: () => number,
 *   later?: (ms: number, fn: () => void) => () => void,
 *   minDelayMs?: number,
 *   maxDelayMs?: number,
 *   stableMs?: number,
 * }} o
 */
export function supervise(o) {
  const now = o.now ?? Date.now;
  const later = o.later ?? timerLater;
  const log = o.log ?? ((line) => console.error(line));
  const minDelayMs = o.minDelayMs ?? 1000;
  const maxDelayMs = o.maxDelayMs ?? 30000;
  const stableMs = o.stableMs ?? 60000;
  let child;
  let stopping = false;
  let failures = 0;
  let restarts = 0;
  let cancel = () => undefined;

  const run = () => {
    const startedAt = now();
    child = o.start();
    child.on('exit', (code, signal) => {
      if (stopping) return;
      failures = now() - startedAt >= stableMs ? 1 : failures + 1;
      const delay = Math.min(maxDelayMs, minDelayMs * 2 ** (failures - 1));
      const how = signal ?? `code ${code}`;
      log(
        `[${o.name}] 已退出（${how}），${delay / 1000} 秒后重启 / exited (${how}), restarting in ${delay / 1000} s`,
      );
      cancel = later(delay, () => {
        if (stopping) return;
        restarts += 1;
        run();
      });
    });
  };
  run();

  return {
    name: o.name,
    /** The process running now (a new one after each restart). */
    get child() {
      return child;
    },
    get restarts() {
      return restarts;
    },
    /** No more restarts; signals the current process and resolves once it has exited. */
    stop(signal = 'SIGTERM') {
      stopping = true;
      cancel();
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      return new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill(signal);
      });
    },
  };
}
