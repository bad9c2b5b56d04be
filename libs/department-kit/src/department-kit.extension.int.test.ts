import { z } from '@jh/platform-config';
import { defineFeature, type FeatureContext } from '@jh/platform-service';
import { startHarness, testDepartment, type Harness } from './testing/harness';

jest.setTimeout(60000);

const now = new Date('2026-03-10T02:00:00Z');
let h: Harness;
let seen: FeatureContext<{ SERVICE_NAME: string }> | undefined;
let stopped = false;

const ownModule = defineFeature({
  name: 'own-module',
  env: { SERVICE_NAME: z.string() },
  async start(ctx) {
    seen = ctx;
    ctx.onStop(async () => {
      stopped = true;
    });
    return {
      api: { worklistSummary: async () => ({ ownModule: { count: 3 } }) },
      mountHttp: (app) =>
        app.get('/own-module', (_req, res) => {
          res.json({ department: ctx.config.SERVICE_NAME, now: ctx.clock().toISOString() });
        }),
    };
  },
});

beforeAll(async () => {
  h = await startHarness('dept-extension', now, { ...testDepartment, features: [ownModule] });
});
afterAll(() => h?.stop());

describe('department extension point (a department module beyond the shared worklist)', () => {
  it('R-JH-2: a department adds its own routes and worklist figures without changing the kit', async () => {
    expect(seen?.mongo.readyState).toBe(1);
    const own = await h.http().get('/own-module').expect(200);
    expect(own.body).toEqual({ department: 'education', now: now.toISOString() });

    const officer = await h.token({ userId: 'edu-1', department: 'education' });
    const list = await h.http().get('/parts').set('authorization', `Bearer ${officer}`).expect(200);
    expect(list.body).toMatchObject({ items: [], total: 0, summary: { ownModule: { count: 3 } } });
  });

  it('runs the module cleanup when the service stops', async () => {
    await h.service.stop();
    expect(stopped).toBe(true);
  });
});
