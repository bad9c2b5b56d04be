import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { captureFile } from './capture';
import { createLogger } from './logger';

describe('logger capture for the log scan (R-OV-2, JH_LOG_CAPTURE_DIR)', () => {
  const saved = process.env['JH_LOG_CAPTURE_DIR'];
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'jh-log-capture-'));
    process.env['JH_LOG_CAPTURE_DIR'] = dir;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env['JH_LOG_CAPTURE_DIR'];
    else process.env['JH_LOG_CAPTURE_DIR'] = saved;
    rmSync(dir, { recursive: true, force: true });
  });
  const captured = () =>
    readFileSync(captureFile(dir), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);

  it('writes debug and above to the capture file even when the logger is silent', () => {
    const log = createLogger({ name: 'cap', level: 'silent' });
    log.trace('not captured');
    log.debug('debug line');
    log.child({ part: 'x' }).error('child line');
    const lines = captured();
    expect(lines.map((l) => l['msg'])).toEqual(['debug line', 'child line']);
    expect(lines[1]).toMatchObject({ name: 'cap', part: 'x', level: 'error' });
  });

  it('still sends the requested level to the destination, and redacts in both', () => {
    const seen: string[] = [];
    const destination = new Writable({
      write(chunk, _enc, cb) {
        seen.push(String(chunk));
        cb();
      },
    });
    const log = createLogger({ name: 'cap', level: 'warn', destination });
    log.info({ applicant: { idNumber: '11010519491231002X' } }, 'info only captured');
    log.warn('caller 13912345678 warned');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toContain('[手机号已脱敏]');
    const file = readFileSync(captureFile(dir), 'utf8');
    expect(file.split('\n').filter(Boolean)).toHaveLength(2);
    expect(file).not.toContain('11010519491231002X');
    expect(file).not.toContain('13912345678');
    expect(file).toContain('[已脱敏]');
  });

  it('keeps trace when the caller asks for it', () => {
    const log = createLogger({ name: 'cap', level: 'trace', destination: new Writable() });
    expect(log.level).toBe('trace');
    expect(createLogger({ name: 'cap', level: 'silent' }).level).toBe('debug');
  });
});
