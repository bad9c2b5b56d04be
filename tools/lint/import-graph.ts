import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** Workspace root (tools/lint → ../..). */
export const workspaceRoot = resolve(__dirname, '../..');

const compilerOptions = (): ts.CompilerOptions => {
  const configPath = join(workspaceRoot, 'tsconfig.base.json');
  const { config } = ts.readConfigFile(configPath, ts.sys.readFile) as { config: unknown };
  return ts.parseJsonConfigFileContent(config, ts.sys, workspaceRoot).options;
};

/** Every `.ts` file under `dir` (recursively), skipping node_modules and dist. */
export function sourceFilesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    if (statSync(path).isDirectory()) return sourceFilesUnder(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/**
 * File → the workspace files it imports or re-exports (type-only imports included: a cycle of
 * types is still two files a reader cannot understand one without the other). Resolved with the
 * compiler's own module resolution and the workspace path aliases.
 */
export function importGraph(files: readonly string[]): Map<string, string[]> {
  const options = compilerOptions();
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = importedFiles
      .map((ref) => ts.resolveModuleName(ref.fileName, file, options, ts.sys).resolvedModule)
      .map((m) => m?.resolvedFileName)
      .filter((f): f is string => f !== undefined && known.has(f));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** Every import cycle, one per strongly connected component (Tarjan), as workspace-relative paths. */
export function importCycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter);
    counter += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      const selfImport = (graph.get(v) ?? []).includes(v);
      if (component.length > 1 || selfImport) {
        cycles.push(component.map((f) => relative(workspaceRoot, f)).sort());
      }
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}
