import type { Logger } from '@jh/platform-logger';

/** Where repeated work is timed: real timers in a service, a hand-driven one in tests. */
export interface Scheduler {
  /** Calls `tick` every `ms` until the returned function is called. */
  repeat(ms: number, tick: () => void): () => void;
}

/** Real timers; unref'd so a loop alone never keeps the process alive. */
export const timerScheduler: Scheduler = {
  repeat(ms, tick) {
    const timer = setInterval(tick, ms);
    timer.unref();
    return () => clearInterval(timer);
  },
};

export interface Loop {
  /** Resolves once the pass in progress (if any) has finished. */
  idle(): Promise<void>;
  /** No further passes; waits for the one in progress. */
  stop(): Promise<void>;
}

/**
 * Runs `fn` every `ms` (0 = off). A tick that arrives while the previous pass still runs is
 * skipped, so a pass never overlaps itself; a failed pass is logged with the loop's name and the
 * loop carries on.
 */
export function startLoop(
  ms: number,
  name: string,
  fn: () => Promise<unknown>,
  deps: { logger: Logger; scheduler?: Scheduler },
): Loop {
  let running: Promise<void> | undefined;
  const idle = async () => {
    await running;
  };
  if (ms <= 0) return { idle, stop: idle };
  const cancel = (deps.scheduler ?? timerScheduler).repeat(ms, () => {
    if (running) return;
    running = fn()
      .then(
        () => undefined,
        (e: unknown) => deps.logger.error({ err: (e as Error).message }, `${name} failed`),
      )
      .finally(() => {
        running = undefined;
      });
  });
  return {
    idle,
    stop: async () => {
      cancel();
      await running;
    },
  };
}
