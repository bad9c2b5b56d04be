#!/usr/bin/env node
// Runs a TypeScript entry point (CLI, benchmark) by bundling it with esbuild first:
// tsconfig path aliases resolve at bundle time, npm packages stay external.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('用法 / usage: node tools/run/ts-run.mjs <entry.ts> [args…]');
  process.exit(2);
}
const outDir = join(root, '.local', 'ts-run');
mkdirSync(outDir, { recursive: true });
const outfile = join(
  outDir,
  relative(root, resolve(entry)).replace(/[\\/]/g, '__').replace(/\.ts$/, '.cjs'),
);
await build({
  entryPoints: [resolve(entry)],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  sourcemap: 'inline',
  tsconfig: join(root, 'tsconfig.base.json'),
  logLevel: 'warning',
});
process.argv = [process.argv[0], outfile, ...args];
await import(pathToFileURL(outfile).href);
