// The operations the HTTP fuzzer drives (issue 18), read from the services' OpenAPI documents, and
// the pools of ids learnt from answers that aim requests at records that exist. Pure: no I/O.
import type { Schema } from './schema-check';

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: Schema;
}

export interface Operation {
  service: string;
  method: string;
  /** The document's path template, e.g. `/reviews/{id}/approve`. */
  path: string;
  /** Roles the access table allows (`x-roles`); undefined: not a user route (shared token). */
  roles?: string[];
  parameters: Parameter[];
  body?: { schema: Schema; contentType: string; required: boolean };
}

interface Document {
  paths: Record<string, Record<string, Record<string, unknown>>>;
}

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

/** Every operation of the documents, in a fixed order: creates first, then lists, then by id. */
export function operationsOf(
  documents: Record<string, () => object>,
  services?: string[],
): Operation[] {
  const ops: Operation[] = [];
  for (const [service, document] of Object.entries(documents)) {
    if (services && !services.includes(service)) continue;
    const doc = document() as Document;
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        if (!METHODS.has(method)) continue;
        const content = op['requestBody'] as
          { required?: boolean; content?: Record<string, { schema?: Schema }> } | undefined;
        const [contentType, media] = Object.entries(content?.content ?? {})[0] ?? [];
        ops.push({
          service,
          method: method.toUpperCase(),
          path,
          roles: op['x-roles'] as string[] | undefined,
          parameters: ((op['parameters'] as Parameter[] | undefined) ?? []).map((p) => ({
            ...p,
            required: p.required ?? p.in === 'path',
          })),
          ...(contentType
            ? {
                body: {
                  schema: media?.schema ?? {},
                  contentType,
                  required: content?.required ?? false,
                },
              }
            : {}),
        });
      }
    }
  }
  const rank = (o: Operation) =>
    o.method === 'POST' && !o.path.includes('{') ? 0 : o.path.includes('{') ? 2 : 1;
  return ops.sort((a, b) => rank(a) - rank(b) || key(a).localeCompare(key(b)));
}

export const key = (o: Operation) => `${o.service} ${o.method} ${o.path}`;

/** Where ids seen in answers are kept: `service:/collection` for `{id}`, the name otherwise. */
export function poolKey(service: string, template: string, param: string): string {
  if (param !== 'id') return param;
  const at = template.indexOf(`/{${param}}`);
  return `${service}:${at >= 0 ? template.slice(0, at) : template}`;
}

/** Ids (and other values) learnt from answers, to aim requests at records that exist. */
export class Pools {
  private readonly pools = new Map<string, string[]>();
  add(pool: string, value: string): void {
    if (!value || value.length > 200) return;
    const list = this.pools.get(pool) ?? [];
    if (list.includes(value)) return;
    list.push(value);
    // Bounded: the newest replace the oldest.
    if (list.length > 64) list.shift();
    this.pools.set(pool, list);
  }
  get(pool: string): readonly string[] {
    return this.pools.get(pool) ?? [];
  }
  size(): number {
    return [...this.pools.values()].reduce((n, l) => n + l.length, 0);
  }

  /** Learns `id`s (as the operation's collection) and `…Id` fields (by name) from an answer. */
  learn(op: Operation, body: unknown): void {
    const collection = poolKey(op.service, op.path, 'id');
    const walk = (v: unknown, depth: number) => {
      if (depth > 4 || v === null || typeof v !== 'object') return;
      if (Array.isArray(v)) {
        for (const x of v.slice(0, 50)) walk(x, depth + 1);
        return;
      }
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        if (typeof x === 'string') {
          if (k === 'id' && depth <= 2) {
            this.add(collection, x);
            // `/cases` → `caseId`: how other bodies and routes name the same record.
            const last = /\/([a-z-]+?)s?$/.exec(collection)?.[1];
            if (last)
              this.add(`${last.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase())}Id`, x);
          } else if (/.Id$/.test(k) || k === 'streetCode' || k === 'month' || k === 'taskNo')
            this.add(k, x);
        } else if (typeof x === 'number' && k === 'taskNo') this.add(k, String(x));
        else walk(x, depth + 1);
      }
    };
    walk(body, 0);
  }
}
