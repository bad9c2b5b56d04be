#!/usr/bin/env node
// Bundles each service app into dist/apps/<name>/main.js (npm packages stay external; the
// workspace libs are inlined through the tsconfig path aliases). The console is built by Vite.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const serviceApps = [
  'intake',
  'civil-affairs',
  'education',
  'housing',
  'medical',
  'employment',
  'payment',
];

export async function buildApps(names = serviceApps) {
  const started = Date.now();
  await Promise.all(
    names.map((name) => {
      const entry = join(root, 'apps', name, 'src', 'main.ts');
      if (!existsSync(entry)) throw new Error(`没有该应用 / no such app: ${name}`);
      return build({
        entryPoints: [entry],
        outfile: join(root, 'dist', 'apps', name, 'main.js'),
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: 'cjs',
        packages: 'external',
        sourcemap: true,
        tsconfig: join(root, 'tsconfig.base.json'),
        logLevel: 'warning',
      });
    }),
  );
  return Date.now() - started;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const names = process.argv.slice(2);
  const ms = await buildApps(names.length > 0 ? names : serviceApps);
  console.log(`built ${names.length > 0 ? names.join(', ') : serviceApps.join(', ')} in ${ms} ms`);
}
