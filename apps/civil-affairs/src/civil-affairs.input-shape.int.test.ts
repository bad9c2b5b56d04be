import { keycloakToken } from '@jh/platform-testing';
import request from 'supertest';
import { startHarness, type Harness } from './test-harness';

jest.setTimeout(60000);

let h: Harness;
let approver: string;

beforeAll(async () => {
  h = await startHarness('ca-shape');
  approver = await keycloakToken({
    userId: 'appr-1',
    roles: ['approver'],
    regionCode: '330106',
  });
});

afterAll(async () => {
  await h?.stop();
});

const deep = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const firstAid = () =>
  request(h.base).post('/first-aid').set('authorization', `Bearer ${approver}`);

describe('civil-affairs input shape (shared HTTP plumbing)', () => {
  it('input: ?status[$ne]=x on /first-aid and /cases answers 400 instead of being ignored', async () => {
    const res = await request(h.base)
      .get('/first-aid?status[$ne]=x')
      .set('authorization', `Bearer ${approver}`)
      .expect(400);
    expect(res.body.error.details).toEqual([
      { path: 'status[$ne]', code: 'FORBIDDEN_KEY', message: '查询参数名不能包含 $、点号或方括号' },
    ]);
    const cases = await request(h.base)
      .get('/cases?status[$ne]=x')
      .set('authorization', `Bearer ${h.coordinatorToken}`)
      .expect(400);
    expect(cases.body.error.details[0]).toMatchObject({ code: 'FORBIDDEN_KEY' });
  });

  it('input: JSON nested 10,000 deep answers 400 INPUT_TOO_DEEP and a non-JSON body 415, nothing stored', async () => {
    const tooDeep = await firstAid()
      .set('content-type', 'application/json')
      .send(`{"situation":${deep(10_000)}}`)
      .expect(400);
    expect(tooDeep.body.error.code).toBe('INPUT_TOO_DEEP');
    const form = await firstAid()
      .set('content-type', 'application/x-www-form-urlencoded')
      .send('amountFen=100')
      .expect(415);
    expect(form.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const list = await request(h.base)
      .get('/first-aid?status=all')
      .set('authorization', `Bearer ${approver}`)
      .expect(200);
    expect(list.body.items).toEqual([]);
  });
});
