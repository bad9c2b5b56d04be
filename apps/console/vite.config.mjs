// Vite config for the zh-CN back-office console.
// Works from the repo root (`npx vite build --config apps/console/vite.config.mjs`)
// and from apps/console (`npx vite build`, the Nx `build` target): `root` is pinned to this folder.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

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

export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  build: {
    outDir: resolve(here, '../../dist/apps/console'),
    emptyOutDir: true,
    // antd is one large vendor chunk by nature; keep the warning for real regressions only.
    chunkSizeWarningLimit: 1500,
  },
  server: { host, port, strictPort: true, proxy },
  preview: { host, port, strictPort: true, proxy },
});
