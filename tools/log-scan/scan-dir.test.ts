import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleIdNumber } from '@jh/domain-application';
import { formatReport, scanDir } from './scan-dir';

const root = join(__dirname, '..', '..');
const clean = '{"level":"info","time":"2026-11-30T13:25:00.681Z","pid":1,"msg":"started"}';

describe('log scan over a capture directory (R-OV-2)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'jh-log-scan-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const scanCli = (target: string) =>
    spawnSync(process.execPath, ['tools/run/ts-run.mjs', 'tools/log-scan/scan.ts', target], {
      cwd: root,
      encoding: 'utf8',
    });

  it('counts every line of every file and names file:line of each finding, masked', () => {
    const id = sampleIdNumber(3);
    writeFileSync(join(dir, '1-w1.ndjson'), `${clean}\n${clean}\n`);
    mkdirSync(join(dir, 'app'));
    writeFileSync(join(dir, 'app', '2.ndjson'), `${clean}\n{"msg":"id ${id}"}\n\n${clean}\n`);
    const result = scanDir(dir);
    expect(result).toMatchObject({ files: 2, lines: 5 });
    expect(result.findings).toEqual([
      { file: join('app', '2.ndjson'), line: 2, kind: 'id_number', masked: expect.any(String) },
    ]);
    const report = formatReport(result).join('\n');
    expect(report).toContain('日志扫描 / log scan: 5 lines in 2 files checked, 1 findings');
    expect(report).toContain(`app/2.ndjson:2  身份证号 / ID number  330106********${id.slice(14)}`);
    expect(report).not.toContain(id);
  });

  it('the CLI exits 1 on a finding, 0 when clean, 2 without a directory', () => {
    writeFileSync(join(dir, 'a.ndjson'), `${clean}\n{"msg":"call 13912345678"}\n`);
    const dirty = scanCli(dir);
    expect(dirty.status).toBe(1);
    expect(dirty.stdout).toContain('2 lines in 1 files checked, 1 findings');
    expect(dirty.stdout).not.toContain('13912345678');
    writeFileSync(join(dir, 'a.ndjson'), `${clean}\n`);
    expect(scanCli(dir)).toMatchObject({ status: 0 });
    expect(scanCli(join(dir, 'missing')).status).toBe(2);
  });
});
