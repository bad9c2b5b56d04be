import {
  decide,
  listAccess,
  regionContains,
  type AccessOp,
  type ResourceKind,
  type Subject,
} from '@jh/domain-access';

/** A record a matrix cell acts on, in a known region (and department, for parts). */
export interface MatrixTarget {
  id: string;
  regionCode: string;
  department?: string;
}

export interface MatrixSubject {
  /** e.g. the development user's name, `clerk.330106001`. */
  name: string;
  token: string;
  actor: Subject;
}

export interface MatrixRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
}

export interface MatrixEndpoint {
  /** e.g. `GET /cases/:id`. */
  name: string;
  kind: ResourceKind;
  op: AccessOp;
  /**
   * `record`: acts on one existing record (each target of `kind` is a cell);
   * `list`: reads a list (one cell per subject; rows must all be in scope);
   * `region`: acts on a region given in the request (each target's region is a cell).
   */
  shape: 'record' | 'list' | 'region';
  request(target: MatrixTarget): MatrixRequest;
  /** For lists: the region code of every row answered. */
  rowRegions?(body: unknown): string[];
}

export type Expected = 'allow' | 'forbidden' | 'not-found';

export interface MatrixCell {
  endpoint: string;
  subject: string;
  target?: string;
  expected: Expected;
  status: number;
}

const statusFits = (expected: Expected, status: number) =>
  expected === 'forbidden'
    ? status === 403
    : expected === 'not-found'
      ? status === 404
      : ![401, 403, 404].includes(status) && status < 500;

/**
 * Issue 13's role × region × endpoint matrix: each cell's expected answer comes from the one
 * policy (`decide`), each status from the running service. Answers every cell and the ones
 * that did not fit; the test asserts there are none.
 */
export async function runAccessMatrix(options: {
  baseUrl: string;
  endpoints: readonly MatrixEndpoint[];
  subjects: readonly MatrixSubject[];
  targets: Partial<Record<ResourceKind, readonly MatrixTarget[]>>;
}): Promise<{ cells: MatrixCell[]; mismatches: string[] }> {
  const cells: MatrixCell[] = [];
  const mismatches: string[] = [];
  const send = async (subject: MatrixSubject, req: MatrixRequest) => {
    const res = await fetch(`${options.baseUrl}${req.path}`, {
      method: req.method,
      headers: { authorization: `Bearer ${subject.token}`, 'content-type': 'application/json' },
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
    });
    const text = await res.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    return { status: res.status, body };
  };
  for (const endpoint of options.endpoints) {
    const targets = options.targets[endpoint.kind] ?? [];
    if (endpoint.shape !== 'list' && targets.length === 0)
      mismatches.push(`${endpoint.name}: no target record of kind ${endpoint.kind}`);
    for (const subject of options.subjects) {
      if (endpoint.shape === 'list') {
        const access = listAccess(subject.actor, endpoint.kind);
        const expected: Expected = access.decision === 'forbidden' ? 'forbidden' : 'allow';
        const { status, body } = await send(
          subject,
          endpoint.request(targets[0] ?? { id: '', regionCode: '' }),
        );
        cells.push({ endpoint: endpoint.name, subject: subject.name, expected, status });
        if (expected === 'forbidden' ? status !== 403 : status !== 200)
          mismatches.push(`${endpoint.name} as ${subject.name}: ${status}, expected ${expected}`);
        if (status === 200 && endpoint.rowRegions) {
          const outside = endpoint
            .rowRegions(body)
            .filter(
              (r) => !subject.actor.regionCode || !regionContains(subject.actor.regionCode, r),
            );
          if (subject.actor.roles.includes('service')) outside.length = 0;
          if (outside.length > 0)
            mismatches.push(
              `${endpoint.name} as ${subject.name}: ${outside.length} row(s) outside ${subject.actor.regionCode}`,
            );
        }
        continue;
      }
      for (const target of targets) {
        const expected = decide(subject.actor, {
          kind: endpoint.kind,
          op: endpoint.op,
          regionCode: target.regionCode,
          department: target.department,
        });
        const { status } = await send(subject, endpoint.request(target));
        cells.push({
          endpoint: endpoint.name,
          subject: subject.name,
          target: target.regionCode,
          expected,
          status,
        });
        if (!statusFits(expected, status))
          mismatches.push(
            `${endpoint.name} as ${subject.name} on ${target.regionCode}${target.department ? `/${target.department}` : ''}: ${status}, expected ${expected}`,
          );
      }
    }
  }
  return { cells, mismatches };
}
