import { AssistanceItem } from '@jh/contracts';
import { waitFor } from '@jh/platform-testing';
import type { DepartmentDefinition } from './department';
import { startHarness, type Harness } from './testing/harness';

jest.setTimeout(60000);

/** A department that tracks a household target, the way employment does (DOMAIN §8). */
const withTarget: DepartmentDefinition = {
  code: 'employment',
  name: '人力资源和社会保障局',
  defaultHttpPort: 0,
  items: [AssistanceItem.ASSISTANCE_ITEM_EMPLOYMENT],
  handlingLimitWorkingDays: 10,
  grantAmount: 'forbidden',
  target: {
    code: 'ONE_EMPLOYED_MEMBER',
    labelZh: '至少一人就业',
    figures: { able: '有劳动能力人数', employed: '已就业人数' },
    met: (f) => f['able'] === 0 || (f['employed'] ?? 0) >= 1,
  },
};

let h: Harness;
let officer: string;

beforeAll(async () => {
  h = await startHarness('dept-target', new Date('2026-03-10T02:00:00Z'), withTarget);
  officer = await h.token({ userId: 'hr-1', department: 'employment' });
});
afterAll(() => h?.stop());

async function reportWith(figures: Record<string, number>): Promise<string> {
  const { part } = await h.dispatch({});
  const auth = `Bearer ${officer}`;
  await waitFor(
    async () =>
      (await h.http().post(`/parts/${part.partId}/accept`).set('authorization', auth)).status ===
      200,
    { what: 'part accepted' },
  );
  await h
    .http()
    .post(`/parts/${part.partId}/report`)
    .set('authorization', auth)
    .send({ outcome: 'granted', note: '推荐就业岗位', figures })
    .expect(200);
  return part.partId;
}

describe('department target tracked with each report (real engines)', () => {
  it('DOMAIN §8: households missing the target are listed with targetMet=false', async () => {
    const missed = await reportWith({ able: 2, employed: 0 });
    const met = await reportWith({ able: 2, employed: 1 });
    const res = await h
      .http()
      .get('/parts?targetMet=false')
      .set('authorization', `Bearer ${officer}`)
      .expect(200);
    expect(res.body.items.map((p: { id: string }) => p.id)).toEqual([missed]);
    expect(res.body.items[0].report).toMatchObject({
      figures: { able: 2, employed: 0 },
      targetMet: false,
    });
    const metList = await h
      .http()
      .get('/parts?targetMet=true')
      .set('authorization', `Bearer ${officer}`)
      .expect(200);
    expect(metList.body.items.map((p: { id: string }) => p.id)).toEqual([met]);
  });
});
