import { Writable } from 'node:stream';
import { createLogger, scrub } from './logger';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { lines, destination };
}

describe('logger redaction', () => {
  it('masks ID numbers, phones, addresses and auth headers in structured fields', () => {
    const { lines, destination } = capture();
    const log = createLogger({ name: 't', level: 'info', destination });
    log.info(
      {
        applicant: {
          name: '张三',
          idNumber: '11010519491231002X',
          phone: '13800138000',
          address: '杭州市西湖区某路1号',
        },
        req: { headers: { authorization: 'Bearer abc.def.ghi' } },
        members: [{ idNumber: '110105194912310021' }],
      },
      'submitted',
    );
    const out = lines.join('');
    expect(out).not.toContain('11010519491231002X');
    expect(out).not.toContain('110105194912310021');
    expect(out).not.toContain('13800138000');
    expect(out).not.toContain('某路1号');
    expect(out).not.toContain('abc.def.ghi');
    expect(out).toContain('张三');
    expect(out).toContain('[已脱敏]');
  });

  it('masks personal numbers inside message text', () => {
    const { lines, destination } = capture();
    const log = createLogger({ name: 't', level: 'info', destination });
    log.info('applicant 11010519491231002X called from 13912345678');
    const out = lines.join('');
    expect(out).not.toContain('11010519491231002X');
    expect(out).not.toContain('13912345678');
    expect(scrub('no personal data 2026')).toBe('no personal data 2026');
  });

  it('is silent under jest by default', () => {
    // The full test run captures logs (JH_LOG_CAPTURE_DIR); the default is the uncaptured logger.
    const saved = process.env['JH_LOG_CAPTURE_DIR'];
    delete process.env['JH_LOG_CAPTURE_DIR'];
    try {
      const log = createLogger({ name: 't' });
      expect(log.level).toBe('silent');
    } finally {
      if (saved !== undefined) process.env['JH_LOG_CAPTURE_DIR'] = saved;
    }
  });
});
