import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// `npm start`'s supervisor (supervise.mjs) with real child processes that crash, and an injected
// clock: the delays are read, never waited for.
const driver = `
import { spawn } from 'node:child_process';
import { supervise } from ${JSON.stringify(join(__dirname, 'supervise.mjs'))};
let t = 0;
let starts = 0;
const delays = [];
const lines = [];
let seventh;
const running = new Promise((r) => (seventh = r));
const sup = supervise({
  name: 'intake#2',
  maxDelayMs: 5000,
  start: () => {
    starts += 1;
    if (starts === 6) t += 61000; // the sixth run lasts a minute: the back-off starts over
    const child = spawn(process.execPath, ['-e', starts < 8 ? 'process.exit(3)' : 'setInterval(() => {}, 1000)']);
    if (starts === 8) child.once('spawn', seventh);
    return child;
  },
  now: () => t,
  later: (ms, fn) => { delays.push(ms); t += ms; setImmediate(fn); return () => undefined; },
  log: (line) => lines.push(line),
});
await running;
await sup.stop();
console.log(JSON.stringify({ delays, restarts: sup.restarts, starts, lines, signal: sup.child.signalCode }));
`;

describe('supervise: npm start restarts a crashed replica', () => {
  it('restarts after 1, 2, 4 s … capped, starts over after a minute up, and stops for good on stop()', () => {
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', driver], {
      encoding: 'utf8',
      timeout: 30000,
    });
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout) as {
      delays: number[];
      restarts: number;
      starts: number;
      lines: string[];
      signal: string;
    };
    expect(out.delays).toEqual([1000, 2000, 4000, 5000, 5000, 1000, 2000]);
    expect(out.restarts).toBe(7);
    expect(out.starts).toBe(8);
    expect(out.signal).toBe('SIGTERM');
    expect(out.lines[0]).toBe(
      '[intake#2] 已退出（code 3），1 秒后重启 / exited (code 3), restarting in 1 s',
    );
  });
});
