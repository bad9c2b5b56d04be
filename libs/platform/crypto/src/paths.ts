/**
 * Field paths of a sealed document: dotted, with `$` for "every element of this array"
 * (`householdMembers.$.idNumber`).
 */
export type FieldPath = string;

type Visit = (value: string, at: string) => string;

/**
 * Copies `node` with `apply` run on whatever sits at `segments` (every element where a segment is
 * `$`); branches it does not change are shared, and a missing branch leaves the node as it is.
 */
function walkTo(
  node: unknown,
  segments: string[],
  i: number,
  apply: (found: unknown) => unknown,
): unknown {
  if (i === segments.length) return apply(node);
  if (node === null || typeof node !== 'object') return node;
  const segment = segments[i]!;
  if (segment === '$') {
    return Array.isArray(node) ? node.map((item) => walkTo(item, segments, i + 1, apply)) : node;
  }
  const record = node as Record<string, unknown>;
  if (!(segment in record)) return node;
  const next = walkTo(record[segment], segments, i + 1, apply);
  return next === record[segment] ? node : { ...record, [segment]: next };
}

/** Copies `doc` with `visit` applied to every string found at `path`; other branches are shared. */
export function mapPath<T>(doc: T, path: FieldPath, visit: Visit): T {
  return walkTo(doc, path.split('.'), 0, (leaf) =>
    typeof leaf === 'string' ? visit(leaf, '') : leaf,
  ) as T;
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
  return walkTo(doc, segments, 0, (parent) => {
    if (parent === null || typeof parent !== 'object' || Array.isArray(parent)) return parent;
    const record = parent as Record<string, unknown>;
    const value = record[leaf];
    const derived = typeof value === 'string' ? derive(value) : undefined;
    if (derived === undefined) return parent;
    return { ...record, [`${leaf}${suffix}`]: derived };
  }) as T;
}
