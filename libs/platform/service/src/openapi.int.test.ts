import { loadConfig, serviceEnvSchema } from '@jh/platform-config';
import { auditRouteDocs } from '@jh/platform-audit';
import { buildOpenApiDocument, describedRoutes, documentedRoutes } from '@jh/platform-http';
import { testServiceEnv, uniquePrefix } from '@jh/platform-testing';
import { defineFeature, startFeatures } from './feature';

jest.setTimeout(60000);

// Issue 15: every service publishes its API description; the shared wiring mounts it, no app does.
const pingFeature = defineFeature({
  name: 'ping',
  env: {},
  async start() {
    return { api: {}, mountHttp: (app) => app.get('/ping', (_req, res) => void res.json({})) };
  },
});
const document = () =>
  buildOpenApiDocument({ service: 'svc-openapi', title: '示例服务', version: '1' }, [
    { method: 'get', path: '/ping', summary: '探测', tags: ['示例'] },
  ]);

const prefix = uniquePrefix('svc-openapi');
let running: Awaited<ReturnType<typeof startFeatures>> | undefined;
let base = '';

beforeAll(async () => {
  running = await startFeatures(
    loadConfig(serviceEnvSchema, testServiceEnv('svc-openapi', prefix, `${prefix}o`)),
    async (add) => {
      await add(pingFeature);
      return {};
    },
    { openApi: document },
  );
  base = `http://127.0.0.1:${running.httpPort}`;
});
afterAll(async () => {
  await running?.stop();
});

describe('a started service', () => {
  it('serves GET /openapi.json without a token', async () => {
    const res = await fetch(`${base}/openapi.json`);
    expect(res.status).toBe(200);
    // The service's own routes and the audit routes the platform mounts in every service.
    expect(documentedRoutes((await res.json()) as object)).toEqual(
      ['GET /ping', ...describedRoutes(auditRouteDocs)].sort(),
    );
  });

  it('serves the browsable docs from the installed swagger-ui outside production', async () => {
    const page = await fetch(`${base}/docs/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('swagger-ui-bundle.js');
    expect((await fetch(`${base}/docs/swagger-ui.css`)).status).toBe(200);
  });
});
