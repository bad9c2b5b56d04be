import request from 'supertest';
import { startIntakeHarness, validApplication, type IntakeHarness } from './test-harness';

jest.setTimeout(60000);

let h: IntakeHarness;
let clerk: string;

beforeAll(async () => {
  h = await startIntakeHarness('intake-shape');
  clerk = await h.token('clerk-1', ['window_clerk'], '330106');
});

afterAll(async () => {
  await h?.stop();
});

const deep = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

describe('intake input shape (shared HTTP plumbing)', () => {
  it('input: JSON nested 10,000 deep answers 400 INPUT_TOO_DEEP, nothing stored', async () => {
    const before = await h.countApplications();
    const body = JSON.stringify(validApplication).replace(
      '"hardshipDescription":',
      `"extra":${deep(10_000)},"hardshipDescription":`,
    );
    const res = await request(h.base)
      .post('/applications')
      .set('authorization', `Bearer ${clerk}`)
      .set('content-type', 'application/json')
      .send(body)
      .expect(400);
    expect(res.body.error.code).toBe('INPUT_TOO_DEEP');
    expect(await h.countApplications()).toBe(before);
    expect(h.received).toHaveLength(0);
  });

  it('input: a body that is not JSON answers 415, nothing stored', async () => {
    const res = await request(h.base)
      .post('/applications')
      .set('authorization', `Bearer ${clerk}`)
      .set('content-type', 'text/plain')
      .send(JSON.stringify(validApplication))
      .expect(415);
    expect(res.body.error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    expect(await h.countApplications()).toBe(0);
  });

  it('input: ?status[$ne]=x and a repeated parameter answer 400 naming the parameter', async () => {
    const op = await request(h.base)
      .get('/applications?status[$ne]=x')
      .set('authorization', `Bearer ${clerk}`)
      .expect(400);
    expect(op.body.error.details).toEqual([
      { path: 'status[$ne]', code: 'FORBIDDEN_KEY', message: '查询参数名不能包含 $、点号或方括号' },
    ]);
    const repeated = await request(h.base)
      .get('/applications?status=submitted&status=submitted')
      .set('authorization', `Bearer ${clerk}`)
      .expect(400);
    expect(repeated.body.error.details[0]).toMatchObject({
      path: 'status',
      code: 'REPEATED_PARAMETER',
    });
  });
});
