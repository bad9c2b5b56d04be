// The HTTP fuzzer's system: the seven built services on their own topic prefix and databases
// (started by the consumer fuzz's starter, e2e/src/fuzz-consumers/services.ts, on
// e2e/src/processes.ts), Keycloak tokens per role, and the "nothing in flight" probe.
import { decodeJwt } from 'jose';
import { MongoClient, type Db } from 'mongodb';
import type { Admin } from 'kafkajs';
import type { Role } from '@jh/platform-auth';
import {
  engineEndpoints,
  identityEndpoints,
  keycloakToken,
  mongoUrlFor,
  testKafka,
} from '@jh/platform-testing';
import {
  CALLBACK_TOKEN,
  SERVICES,
  startServices,
  type ServiceName,
} from '../../e2e/src/fuzz-consumers/services';
import type { FuzzTarget } from './engine';

export { SERVICES, type ServiceName };

export interface FuzzSystem {
  targets: Record<string, FuzzTarget>;
  token(service: string, role: string | undefined): Promise<string | undefined>;
  quiet(): Promise<boolean>;
  output(): string;
  /** Services that exited by themselves (a crash the fuzz caused). */
  exited(): string[];
  stop(): Promise<void>;
}

const DEPARTMENTS = new Set(['education', 'housing', 'medical', 'employment']);

/** Region of each role's fuzz user, as the development realm places them (streets, county, city). */
const REGION_OF: Record<string, string> = {
  window_clerk: '330106001',
  first_reviewer: '330106001',
  approver: '330106001',
  county_bureau: '330106',
  coordinator: '330106',
  payment_staff: '330106',
  auditor: '330106',
  department_officer: '330106',
  city_bureau: '330100',
};

const SHORT: Record<string, string> = {
  window_clerk: 'clerk',
  first_reviewer: 'reviewer',
  county_bureau: 'county',
  city_bureau: 'city',
  coordinator: 'coord',
  payment_staff: 'pay',
  auditor: 'audit',
  department_officer: 'officer',
};

/** Refuses early, in both languages, when the shared engines are not running. */
export async function assertEnginesUp(): Promise<void> {
  const hint =
    '引擎未启动：请先运行 `npm run infra:up`（Kafka、FerretDB、Keycloak）/ ' +
    'engines are not running: run `npm run infra:up` first (Kafka, FerretDB, Keycloak)';
  const client = new MongoClient(engineEndpoints().mongoBaseUrl, {
    serverSelectionTimeoutMS: 3000,
  });
  try {
    await client.connect();
    await client.db('admin').command({ ping: 1 });
  } catch (e) {
    throw new Error(`${hint}\n  FerretDB: ${(e as Error).message}`);
  } finally {
    await client.close().catch(() => undefined);
  }
  try {
    const res = await fetch(`${identityEndpoints().issuer}/.well-known/openid-configuration`, {
      signal: AbortSignal.timeout(3000),
    });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
  } catch (e) {
    throw new Error(`${hint}\n  Keycloak: ${(e as Error).message}`);
  }
  const admin = testKafka('fuzz-probe-').kafka.admin();
  try {
    await Promise.race([
      admin.connect(),
      new Promise((_r, rej) => setTimeout(() => rej(new Error('no answer in 10 s')), 10_000)),
    ]);
  } catch (e) {
    throw new Error(`${hint}\n  Kafka: ${(e as Error).message}`);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** Messages not yet committed by this system's groups (ids starting with `prefix`). */
async function lagOfSystem(admin: Admin, prefix: string): Promise<number> {
  const { groups } = await admin.listGroups();
  const ids = groups.map((g) => g.groupId).filter((id) => id.startsWith(prefix));
  const ends = new Map<string, Map<number, bigint>>();
  let lag = 0n;
  for (const groupId of ids) {
    for (const t of await admin.fetchOffsets({ groupId })) {
      let high = ends.get(t.topic);
      if (!high) {
        high = new Map(
          (await admin.fetchTopicOffsets(t.topic)).map((o) => [o.partition, BigInt(o.high)]),
        );
        ends.set(t.topic, high);
      }
      for (const p of t.partitions) {
        const end = high.get(p.partition) ?? 0n;
        // Never committed: the group starts from the earliest message, all of them in flight.
        const at = p.offset === '-1' ? 0n : BigInt(p.offset);
        if (end > at) lag += end - at;
      }
    }
  }
  return Number(lag);
}

/** Starts the services (prefix `prefix`), connects to their databases and the broker. */
export async function startFuzzSystem(prefix: string): Promise<FuzzSystem> {
  const services = await startServices(prefix);
  const clients: MongoClient[] = [];
  const dbs = {} as Record<ServiceName, Db>;
  const kafka = testKafka(prefix);
  const admin = kafka.kafka.admin();
  try {
    for (const s of SERVICES) {
      const client = new MongoClient(mongoUrlFor(services.database(s)));
      await client.connect();
      clients.push(client);
      dbs[s] = client.db();
    }
    await admin.connect();
  } catch (e) {
    await Promise.all(clients.map((c) => c.close()));
    await services.stop();
    throw e;
  }

  const tokens = new Map<string, Promise<string>>();
  const token = async (service: string, role: string | undefined) => {
    if (role === undefined) return CALLBACK_TOKEN;
    const department =
      role === 'department_officer' && DEPARTMENTS.has(service) ? service : undefined;
    // Keycloak user ids are at most 36 characters.
    const id = `fuzz-${SHORT[role] ?? role}${department ? `-${department}` : ''}`;
    const cached = tokens.get(id);
    // Refreshed a minute before it expires (a long run outlives the realm's 15 minutes).
    if (cached) {
      const exp = decodeJwt(await cached).exp ?? 0;
      if (exp * 1000 - Date.now() > 60_000) return cached;
    }
    const fresh = keycloakToken({
      userId: id,
      roles: [role as Role],
      regionCode: REGION_OF[role] ?? '330106',
      ...(department ? { department } : {}),
    });
    tokens.set(id, fresh);
    fresh.catch(() => tokens.delete(id));
    return fresh;
  };

  // Collections with the outbox's pending flag, per database (looked up again now and then).
  let outboxCollections: { db: Db; name: string }[] = [];
  let lookedUp = 0;
  const quiet = async (): Promise<boolean> => {
    if (Date.now() - lookedUp > 15_000) {
      const found: { db: Db; name: string }[] = [];
      for (const db of Object.values(dbs)) {
        for (const c of await db.listCollections({}, { nameOnly: true }).toArray()) {
          if (c.name.startsWith('system.')) continue;
          const indexes = await db.collection(c.name).indexes();
          if (indexes.some((i) => 'outboxPending' in i.key)) found.push({ db, name: c.name });
        }
      }
      outboxCollections = found;
      lookedUp = Date.now();
    }
    for (const { db, name } of outboxCollections)
      if ((await db.collection(name).countDocuments({ outboxPending: true }, { limit: 1 })) > 0)
        return false;
    return (await lagOfSystem(admin, prefix)) === 0;
  };

  const targets: Record<string, FuzzTarget> = {};
  for (const s of SERVICES) targets[s] = { url: services.url(s), db: dbs[s] };
  return {
    targets,
    token,
    quiet,
    output: services.output,
    exited: () =>
      services
        .processes()
        .filter((p) => p.child.exitCode !== null || p.child.signalCode !== null)
        .map((p) => p.name),
    async stop() {
      await admin.disconnect().catch(() => undefined);
      await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
      await services.stop();
    },
  };
}
