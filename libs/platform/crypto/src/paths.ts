/**
 * Field paths of a sealed document: dotted, with `$` for "every element of this array"
 * (`householdMembers.$.idNumber`).
 */
export type FieldPath = string;

type Visit = (value: string, at: string) => string;

/** Copies `doc` with `visit` applied to every string found at `path`; other branches are shared. */
export function mapPath<T>(doc: T, path: FieldPath, visit: Visit): T {
  return walk(doc, path.split('.'), 0, visit) as T;
}

function walk(node: unknown, segments: string[], i: number, visit: Visit): unknown {
  if (i === segments.length) return typeof node === 'string' ? visit(node, '') : node;
  if (node === null || typeof node !== 'object') return node;
  const segment = segments[i]!;
  if (segment === '$') {
    if (!Array.isArray(node)) return node;
    return node.map((item) => walk(item, segments, i + 1, visit));
  }
  const record = node as Record<string, unknown>;
  if (!(segment in record)) return node;
  const next = walk(record[segment], segments, i + 1, visit);
  return next === record[segment] ? node : { ...record, [segment]: next };
}

/** Every string at `path` in `doc`. */
export function valuesAt(doc: unknown, path: FieldPath): string[] {
  const found: string[] = [];
  mapPath(doc, path, (v) => {
    found.push(v);
    return v;
  });
  return found;
}

/** Sets `<leaf><suffix>` beside every string at `path` to `derive(value)`, unless it answers undefined. */
export function setBeside<T>(
  doc: T,
  path: FieldPath,
  suffix: string,
  derive: (value: string) => string | undefined,
): T {
  const segments = path.split('.');
  const leaf = segments.pop()!;
  const parentPath = segments;
  const apply = (parent: unknown): unknown => {
    if (parent === null || typeof parent !== 'object' || Array.isArray(parent)) return parent;
    const record = parent as Record<string, unknown>;
    const value = record[leaf];
    const derived = typeof value === 'string' ? derive(value) : undefined;
    if (derived === undefined) return parent;
    return { ...record, [`${leaf}${suffix}`]: derived };
  };
  if (parentPath.length === 0) return apply(doc) as T;
  return walkParents(doc, parentPath, 0, apply) as T;
}

function walkParents(
  node: unknown,
  segments: string[],
  i: number,
  apply: (parent: unknown) => unknown,
): unknown {
  if (i === segments.length) return apply(node);
  if (node === null || typeof node !== 'object') return node;
  const segment = segments[i]!;
  if (segment === '$') {
    return Array.isArray(node)
      ? node.map((item) => walkParents(item, segments, i + 1, apply))
      : node;
  }
  const record = node as Record<string, unknown>;
  if (!(segment in record)) return node;
  const next = walkParents(record[segment], segments, i + 1, apply);
  return next === record[segment] ? node : { ...record, [segment]: next };
}
