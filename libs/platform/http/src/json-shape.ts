/**
 * Walks parsed JSON without recursion, so no input, however deeply nested, can overflow the stack.
 * `maxDepth` counts object/array levels: `{}` is depth 1, `{"a":[]}` depth 2.
 */
export interface JsonShape {
  /** True when some value nests deeper than `maxDepth`; the walk stops there. */
  tooDeep: boolean;
  /** Paths of keys that look like MongoDB operators (`$…`) or dotted paths, in document order. */
  operatorPaths: string[];
}

/** Default nesting limit for request bodies; no form of this platform nests deeper than a few levels. */
export const DEFAULT_MAX_JSON_DEPTH = 32;

const operatorKey = /^\$|\./;

interface Frame {
  value: unknown;
  parent?: Frame;
  /** Object key or array index under `parent`. */
  key?: string | number;
  depth: number;
  operator: boolean;
}

/** Paths are built only for the keys reported, from the parent chain (no string per level). */
function pathOf(frame: Frame): string {
  const parts: (string | number)[] = [];
  for (let f: Frame | undefined = frame; f?.parent; f = f.parent) parts.push(f.key as string);
  return parts
    .reverse()
    .reduce<string>(
      (path, k) => (typeof k === 'number' ? `${path}[${k}]` : path ? `${path}.${k}` : k),
      '',
    );
}

export function inspectJson(value: unknown, maxDepth = Number.POSITIVE_INFINITY): JsonShape {
  const operatorPaths: string[] = [];
  const stack: Frame[] = [{ value, depth: 0, operator: false }];
  while (stack.length > 0) {
    const here = stack.pop() as Frame;
    if (here.operator) {
      operatorPaths.push(pathOf(here));
      continue;
    }
    if (!here.value || typeof here.value !== 'object') continue;
    const depth = here.depth + 1;
    if (depth > maxDepth) return { tooDeep: true, operatorPaths };
    const children: Frame[] = Array.isArray(here.value)
      ? here.value.map((v, i) => ({ value: v, parent: here, key: i, depth, operator: false }))
      : Object.entries(here.value).map(([k, v]) => ({
          value: v,
          parent: here,
          key: k,
          depth,
          // An operator key is reported; what lies under it is not walked.
          operator: operatorKey.test(k),
        }));
    // Pushed last-first so they are visited in document order.
    for (let i = children.length - 1; i >= 0; i -= 1) stack.push(children[i] as Frame);
  }
  return { tooDeep: false, operatorPaths };
}
