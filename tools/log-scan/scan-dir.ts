// Walks a capture directory (JH_LOG_CAPTURE_DIR) and scans every line of every file.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { detectPersonalData, KIND_LABELS, type FindingKind } from './detect';

export interface Finding {
  file: string;
  line: number;
  kind: FindingKind;
  masked: string;
}

export interface ScanResult {
  files: number;
  lines: number;
  findings: Finding[];
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** Scans every non-empty line of every file under `dir`. */
export function scanDir(dir: string): ScanResult {
  const result: ScanResult = { files: 0, lines: 0, findings: [] };
  for (const path of filesUnder(dir)) {
    result.files += 1;
    const file = relative(dir, path);
    readFileSync(path, 'utf8')
      .split('\n')
      .forEach((text, i) => {
        if (text.trim() === '') return;
        result.lines += 1;
        for (const f of detectPersonalData(text)) result.findings.push({ file, line: i + 1, ...f });
      });
  }
  return result;
}

/** The report: the count line first, then one line per finding (masked), at most `limit`. */
export function formatReport(result: ScanResult, limit = 100): string[] {
  const out = [
    `日志扫描 / log scan: ${result.lines} lines in ${result.files} files checked, ${result.findings.length} findings`,
  ];
  for (const f of result.findings.slice(0, limit))
    out.push(`  ${f.file}:${f.line}  ${KIND_LABELS[f.kind]}  ${f.masked}`);
  if (result.findings.length > limit)
    out.push(`  …另有 / and ${result.findings.length - limit} more`);
  return out;
}
