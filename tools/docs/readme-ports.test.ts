import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadDepartmentConfig, type DepartmentDefinition } from '@jh/department-kit';
import { loadCivilAffairsConfig } from '../../apps/civil-affairs/src/env';
import { department as education } from '../../apps/education/src/department';
import { department as employment } from '../../apps/employment/src/department';
import { department as housing } from '../../apps/housing/src/department';
import { loadIntakeConfig } from '../../apps/intake/src/env';
import { department as medical } from '../../apps/medical/src/department';
import { loadPaymentConfig } from '../../apps/payment/src/env';

// Keeps README "What runs where" from drifting: each port it lists must be one the service really
// opens (its env default, its composition root, docker-compose.yml, `npm start`), and vice versa.
const root = resolve(__dirname, '../..');
const read = (path: string) => readFileSync(resolve(root, path), 'utf8');

interface Ports {
  http?: number;
  grpc?: number;
}

/** README table rows by service name; "education / housing" rows with "3003–3006" are expanded. */
function readmeTable(): Map<string, Ports> {
  const section = read('README.md').split('## What runs where')[1]?.split('\n## ')[0] ?? '';
  const rows = new Map<string, Ports>();
  for (const line of section
    .split('\n')
    .filter((l) => l.startsWith('|'))
    .slice(2)) {
    const [name = '', http = '', grpc = ''] = line
      .split('|')
      .slice(1)
      .map((c) => c.trim());
    const names = name.split(' / ');
    const [from, to = from] = http ? http.split('–').map(Number) : [];
    names.forEach((n, i) =>
      rows.set(n, {
        http: from === undefined ? undefined : from + i,
        grpc: grpc ? Number(grpc) : undefined,
      }),
    );
    if (from !== undefined && names.length > 1) expect(to).toBe(from + names.length - 1);
  }
  return rows;
}

/** What each service opens, from its own configuration and composition root. */
function services(): Map<string, Ports> {
  const departmentRoot = read('libs/department-kit/src/app.ts');
  const servesGrpc = (source: string) =>
    /grpc:\s*\{\s*port:\s*config\.GRPC_PORT|grpcPort:\s*config\.GRPC_PORT/.test(source);
  const env = { NODE_ENV: 'development' };
  const out = new Map<string, Ports>();
  const intake = loadIntakeConfig(env);
  const civil = loadCivilAffairsConfig(env) as { HTTP_PORT: number; GRPC_PORT?: number };
  const payment = loadPaymentConfig(env) as { HTTP_PORT: number; GRPC_PORT?: number };
  for (const [name, config] of [
    ['intake', intake],
    ['civil-affairs', civil],
    ['payment', payment],
  ] as const) {
    const source = read(`apps/${name}/src/app.ts`);
    // A gRPC port in the config that no server uses is exactly the drift this test is for.
    expect({ name, declared: config.GRPC_PORT !== undefined }).toEqual({
      name,
      declared: servesGrpc(source),
    });
    out.set(name, { http: config.HTTP_PORT, grpc: config.GRPC_PORT });
  }
  for (const def of [education, housing, medical, employment] as DepartmentDefinition[]) {
    expect(servesGrpc(departmentRoot)).toBe(false);
    out.set(def.code, { http: loadDepartmentConfig(def, env).HTTP_PORT });
  }
  return out;
}

/** HTTP_PORT / GRPC_PORT and published ports of one docker-compose.yml service. */
function composeService(name: string): Ports & { published: number[] } {
  const block =
    read('docker-compose.yml')
      .split(`\n  ${name}:\n`)[1]
      ?.split(/\n {2}\S/)[0] ?? '';
  const port = (key: string) => {
    const m = new RegExp(`${key}: (\\d+)`).exec(block);
    return m ? Number(m[1]) : undefined;
  };
  const published = [...block.matchAll(/'127\.0\.0\.1:(\d+):(\d+)'/g)].map((m) => Number(m[1]));
  return { http: port('HTTP_PORT'), grpc: port('GRPC_PORT'), published };
}

describe('README "What runs where" agrees with what the services open', () => {
  it('docs: each service row lists exactly its HTTP and gRPC ports (no gRPC where nothing listens)', () => {
    const table = readmeTable();
    for (const [name, ports] of services())
      expect({ name, ...table.get(name) }).toEqual({ name, ...ports });
  });

  it('docs: docker-compose.yml and `npm start` publish the same ports as the README', () => {
    const table = readmeTable();
    const start = read('tools/run/start.mjs');
    for (const name of services().keys()) {
      const listed = table.get(name) as Ports;
      const compose = composeService(name);
      expect({ name, http: compose.http, grpc: compose.grpc }).toEqual({ name, ...listed });
      expect(compose.published).toEqual([listed.http, listed.grpc].filter((p) => p !== undefined));
      const started = new RegExp(`name: '${name}', http: (\\d+)(?:, grpc: (\\d+))?`).exec(start);
      expect({
        name,
        http: Number(started?.[1]),
        grpc: started?.[2] ? Number(started[2]) : undefined,
      }).toEqual({ name, ...listed });
    }
  });

  it("docs: the card-platform simulator row matches its default port and payment's default target", () => {
    const row = readmeTable().get('card-platform simulator (`npm start` only)');
    expect(read('apps/card-platform/src/main.ts')).toContain(`?? ${row?.grpc})`);
    expect(loadPaymentConfig({ NODE_ENV: 'development' }).CARD_PLATFORM_URL).toBe(
      `127.0.0.1:${row?.grpc}`,
    );
  });
});
