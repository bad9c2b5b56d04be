import { join } from 'node:path';
import { importCycles, importGraph, sourceFilesUnder, workspaceRoot } from './import-graph';

// Issue 11: no import cycles between files in apps/ and libs/ (configuration is imported downward only).
const workspaceFiles = () =>
  ['apps', 'libs']
    .flatMap((dir) => sourceFilesUnder(join(workspaceRoot, dir)))
    .filter((f) => !f.includes('/apps/console/'));

describe('import cycles', () => {
  it('finds a cycle when files import each other (a → c → b → a fixture)', () => {
    const cycles = importCycles(
      importGraph(sourceFilesUnder(join(__dirname, 'fixtures/import-cycle'))),
    );
    expect(cycles).toEqual([
      [
        'tools/lint/fixtures/import-cycle/a.ts',
        'tools/lint/fixtures/import-cycle/b.ts',
        'tools/lint/fixtures/import-cycle/c.ts',
      ],
    ]);
  });

  it('no file in apps/ or libs/ is part of an import cycle', () => {
    expect(importCycles(importGraph(workspaceFiles()))).toEqual([]);
  });
});
