import { execFileSync, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

// Runs the real ESLint CLI (with the workspace's eslint.config.mjs and Nx project graph) on
// source text placed at a path inside a project, exactly as `npm run lint` would see it.
const root = resolve(__dirname, '../..');
const bin = (name: string) => resolve(root, 'node_modules/.bin', name);

interface LintMessage {
  ruleId: string | null;
  message: string;
}

function lintAs(filePath: string, code: string): LintMessage[] {
  const result = spawnSync(
    bin('eslint'),
    ['--stdin', '--stdin-filename', filePath, '--format', 'json'],
    {
      cwd: root,
      input: code,
      encoding: 'utf8',
      env: { ...process.env, NX_DAEMON: 'false' },
    },
  );
  const parsed = JSON.parse(result.stdout) as { messages: LintMessage[] }[];
  return parsed.flatMap((r) => r.messages);
}

const boundaryErrors = (messages: LintMessage[]) =>
  messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries');

beforeAll(() => {
  // The boundaries rule reads the cached project graph.
  execFileSync(bin('nx'), ['show', 'projects'], {
    cwd: root,
    env: { ...process.env, NX_DAEMON: 'false' },
  });
});

jest.setTimeout(60000);

describe('Nx module boundaries (lint fixture)', () => {
  it('rejects a domain lib importing a platform (I/O) lib', () => {
    const errors = boundaryErrors(
      lintAs(
        'libs/domain/calendar/src/forbidden.ts',
        "import { EventPublisher } from '@jh/platform-kafka';\nexport const x = EventPublisher;\n",
      ),
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(/type:domain/);
  });

  it('rejects a domain lib importing an I/O package directly', () => {
    const errors = boundaryErrors(
      lintAs(
        'libs/domain/sla/src/forbidden.ts',
        "import mongoose from 'mongoose';\nexport const m = mongoose;\n",
      ),
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(/mongoose/);
  });

  it('rejects a platform lib importing a domain lib', () => {
    const errors = boundaryErrors(
      lintAs(
        'libs/platform/kafka/src/forbidden.ts',
        "import * as calendar from '@jh/domain-calendar';\nexport const c = calendar;\n",
      ),
    );
    expect(errors).toHaveLength(1);
  });

  it('rejects an app importing another app', () => {
    const errors = boundaryErrors(
      lintAs(
        'apps/civil-affairs/src/forbidden.ts',
        "import { startIntake } from '../../intake/src/app';\nexport const s = startIntake;\n",
      ),
    );
    expect(errors.length).toBeGreaterThanOrEqual(1);
  });

  it('accepts an app importing platform and domain libs', () => {
    const messages = lintAs(
      'apps/intake/src/allowed.ts',
      "import { createLogger } from '@jh/platform-logger';\nimport { checkIdNumber } from '@jh/domain-application';\nexport const a = [createLogger, checkIdNumber];\n",
    );
    expect(boundaryErrors(messages)).toEqual([]);
  });
});
