import { documents } from '../openapi/documents';
import { Pools, operationsOf, poolKey } from './operations';
import { BAD_PATH_VALUES, buildRequest } from './requests';

// Issue 18, fuzzing: the HTTP fuzzer's requests are a function of seed, index and what the run
// has learnt; every endpoint gets requests. Pure: nothing is sent.

const ops = operationsOf(documents);
const run = (seed: number, n: number) => {
  const pools = new Pools();
  return Array.from({ length: n }, (_, i) => buildRequest(ops[i % ops.length]!, i, seed, pools));
};

describe('issue 18 fuzz requests', () => {
  it('the same seed gives the same requests; another seed other ones', () => {
    const a = JSON.stringify(run(18, 300).map(({ op: _op, ...r }) => r));
    expect(JSON.stringify(run(18, 300).map(({ op: _op, ...r }) => r))).toBe(a);
    expect(JSON.stringify(run(19, 300).map(({ op: _op, ...r }) => r))).not.toBe(a);
  });

  it('round robin reaches every operation of every service; every user route names a role it allows', () => {
    const requests = run(18, ops.length * 2);
    const hit = new Set(requests.map((r) => `${r.op.service} ${r.op.method} ${r.op.path}`));
    expect(hit.size).toBe(ops.length);
    expect(new Set(ops.map((o) => o.service))).toEqual(new Set(Object.keys(documents)));
    for (const r of requests) if (r.op.roles) expect(r.op.roles).toContain(r.role);
    // Creates come first in a round, so later requests can aim at what they created.
    expect(ops[0]!.method).toBe('POST');
    expect(ops[0]!.path.includes('{')).toBe(false);
  });

  it('draws every kind: valid, schema-breaking, domain-breaking, bad path, bad query, raw bodies', () => {
    const requests = run(18, 2000);
    const kinds = new Set(requests.map((r) => r.kind));
    expect([...kinds].sort()).toEqual(['invalid', 'mutant', 'path', 'query', 'raw', 'valid']);
    expect(requests.some((r) => r.url.includes('%E0%A4%A'))).toBe(true);
    expect(BAD_PATH_VALUES).toContain('%E0%A4%A');
    expect(requests.some((r) => r.body?.includes('"__proto__"'))).toBe(true);
    expect(requests.some((r) => r.body?.includes('"$where"') || r.body?.includes('"$gt"'))).toBe(
      true,
    );
    expect(requests.every((r) => r.headers['x-request-id'] === `fuzz-18-${r.index}`)).toBe(true);
  });

  it('learnt ids aim path parameters and …Id fields at known records', () => {
    const pools = new Pools();
    const list = ops.find(
      (o) => o.service === 'civil-affairs' && o.method === 'GET' && o.path === '/cases',
    )!;
    pools.learn(list, { items: [{ id: 'case-1', applicationId: 'app-1' }] });
    expect(pools.get(poolKey('civil-affairs', '/cases/{id}', 'id'))).toEqual(['case-1']);
    expect(pools.get('caseId')).toEqual(['case-1']);
    expect(pools.get('applicationId')).toEqual(['app-1']);
    const read = ops.find(
      (o) => o.service === 'civil-affairs' && o.method === 'GET' && o.path === '/cases/{id}',
    )!;
    const urls = Array.from({ length: 40 }, (_, i) => buildRequest(read, i, 18, pools).url);
    expect(urls.filter((u) => u === '/cases/case-1').length).toBeGreaterThan(12);
  });
});
