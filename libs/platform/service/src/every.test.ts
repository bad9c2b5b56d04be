import type { Logger } from '@jh/platform-logger';
import { ManualScheduler } from '@jh/platform-testing';
import { startLoop } from './every';

function recordingLogger() {
  const errors: { fields: unknown; message: string }[] = [];
  const logger = {
    error: (fields: unknown, message: string) => errors.push({ fields, message }),
  } as unknown as Logger;
  return { logger, errors };
}

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { opened, open };
}

describe('every (shared timer loop)', () => {
  it('issue 11: a tick while the previous pass still runs is skipped, never overlapping', async () => {
    const scheduler = new ManualScheduler();
    const { logger } = recordingLogger();
    const first = gate();
    let started = 0;
    const loop = startLoop(
      1000,
      'scan',
      async () => {
        started += 1;
        if (started === 1) await first.opened;
      },
      { logger, scheduler },
    );
    scheduler.tick(1000);
    scheduler.tick(1000);
    expect(started).toBe(1);
    first.open();
    await loop.idle();
    scheduler.tick(1000);
    await loop.idle();
    expect(started).toBe(2);
    await loop.stop();
  });

  it('issue 11: a failed pass is logged with the loop name and the loop carries on', async () => {
    const scheduler = new ManualScheduler();
    const { logger, errors } = recordingLogger();
    let runs = 0;
    const loop = startLoop(
      500,
      'SLA scan',
      async () => {
        runs += 1;
        if (runs === 1) throw new Error('引擎不可用');
      },
      { logger, scheduler },
    );
    scheduler.tick(500);
    await loop.idle();
    scheduler.tick(500);
    await loop.idle();
    expect(runs).toBe(2);
    expect(errors).toEqual([{ fields: { err: '引擎不可用' }, message: 'SLA scan failed' }]);
    await loop.stop();
  });

  it('issue 11: an interval of 0 means off, and stop waits for the pass in progress', async () => {
    const scheduler = new ManualScheduler();
    const { logger } = recordingLogger();
    let offRuns = 0;
    startLoop(0, 'off', async () => void (offRuns += 1), { logger, scheduler });
    expect(scheduler.tick(0)).toBe(0);
    expect(offRuns).toBe(0);

    const pass = gate();
    let finished = false;
    const loop = startLoop(
      100,
      'draw',
      async () => {
        await pass.opened;
        finished = true;
      },
      { logger, scheduler },
    );
    scheduler.tick(100);
    const stopped = loop.stop().then(() => finished);
    pass.open();
    await expect(stopped).resolves.toBe(true);
    // Stopped loops no longer receive ticks.
    expect(scheduler.tick(100)).toBe(0);
  });
});
