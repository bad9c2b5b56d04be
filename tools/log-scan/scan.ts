// npm run log:scan -- <dir>: scans captured service logs for personal data (issue 14, "Logs").
// Exit 0 clean, 1 on any finding, 2 on bad usage.
import { existsSync } from 'node:fs';
import { formatReport, scanDir } from './scan-dir';

const [dir] = process.argv.slice(2);
if (!dir || !existsSync(dir)) {
  console.error(
    dir
      ? `日志目录不存在 / no such capture directory: ${dir}`
      : '用法 / usage: npm run log:scan -- <capture dir>',
  );
  process.exit(2);
}
const result = scanDir(dir);
for (const line of formatReport(result)) console.log(line);
process.exit(result.findings.length === 0 ? 0 : 1);
