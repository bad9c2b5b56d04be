/**
 * A scheduler the test drives: `tick(ms)` fires the loops registered with exactly that interval
 * (shape of `Scheduler` in @jh/platform-service), so no test waits on wall-clock timers.
 */
export class ManualScheduler {
  private readonly loops = new Map<number, { ms: number; tick: () => void }>();
  private next = 0;

  repeat(ms: number, tick: () => void): () => void {
    const id = this.next++;
    this.loops.set(id, { ms, tick });
    return () => this.loops.delete(id);
  }

  /** Fires every live loop registered with interval `ms`; returns how many fired. */
  tick(ms: number): number {
    const due = [...this.loops.values()].filter((l) => l.ms === ms);
    for (const loop of due) loop.tick();
    return due.length;
  }
}
