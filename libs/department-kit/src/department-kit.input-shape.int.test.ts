import { startHarness, type Harness } from './testing/harness';

jest.setTimeout(60000);

let h: Harness;
let officer: string;

beforeAll(async () => {
  h = await startHarness('dept-shape', new Date('2026-11-02T02:00:00Z'));
  officer = await h.token({ userId: 'edu-1', department: 'education' });
});

afterAll(async () => {
  await h?.stop();
});

const deep = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

describe('department service input shape (shared HTTP plumbing)', () => {
  it('input: JSON nested 10,000 deep answers 400 INPUT_TOO_DEEP and a non-JSON body 415, nothing stored', async () => {
    const { part } = await h.dispatch({});
    const tooDeep = await h
      .http()
      .post(`/parts/${part.partId}/report`)
      .set('authorization', `Bearer ${officer}`)
      .set('content-type', 'application/json')
      .send(`{"outcome":${deep(10_000)}}`)
      .expect(400);
    expect(tooDeep.body.error.code).toBe('INPUT_TOO_DEEP');
    const text = await h
      .http()
      .post(`/parts/${part.partId}/report`)
      .set('authorization', `Bearer ${officer}`)
      .set('content-type', 'text/plain')
      .send('{"outcome":"granted"}')
      .expect(415);
    expect(text.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(h.published.filter((e) => e.key === part.applicationId)).toHaveLength(0);
  });

  it('input: ?status[$ne]=x on the worklist answers 400 naming the parameter', async () => {
    const res = await h
      .http()
      .get('/parts?status[$ne]=x')
      .set('authorization', `Bearer ${officer}`)
      .expect(400);
    expect(res.body.error.details).toEqual([
      { path: 'status[$ne]', code: 'FORBIDDEN_KEY', message: '查询参数名不能包含 $、点号或方括号' },
    ]);
  });
});
