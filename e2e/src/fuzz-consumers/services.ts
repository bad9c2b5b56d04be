import mongoose from 'mongoose';
import {
  engineEndpoints,
  identityEndpoints,
  identityEnv,
  mongoUrlFor,
  releaseTestDatabase,
} from '@jh/platform-testing';
import { buildApps, freePort, startApp, startCardSimulator, type AppProcess } from '../processes';

// Every service with a consumer, as built processes on their own topic prefix and databases.

export const SERVICES = [
  'intake',
  'civil-affairs',
  'education',
  'housing',
  'medical',
  'employment',
  'payment',
] as const;
export type ServiceName = (typeof SERVICES)[number];

// Exported for the HTTP fuzz (tools/fuzz), which calls the callback route as the platform does.
export const CALLBACK_TOKEN = 'fuzz-consumers-callback-token-0123';

export interface Services {
  url(name: ServiceName): string;
  database(name: ServiceName): string;
  /** Built services and the card simulator, for exit checks and failure output. */
  processes(): AppProcess[];
  output(): string;
  stop(): Promise<void>;
}

export async function startServices(prefix: string): Promise<Services> {
  buildApps([...SERVICES]);
  const running: AppProcess[] = [];
  const database = (s: ServiceName) => `${prefix}${s}`;
  const stop = async () => {
    // Services first (no push meets a stopped platform), then the simulator.
    await Promise.all(running.filter((p) => p.name !== 'card-simulator').map((p) => p.stop()));
    await Promise.all(running.map((p) => p.stop()));
    if (process.env['JH_KEEP_TEST_DATABASES'] === '1') return;
    for (const s of SERVICES) {
      const conn = await mongoose.createConnection(mongoUrlFor(database(s))).asPromise();
      try {
        await releaseTestDatabase(conn);
      } finally {
        await conn.close();
      }
    }
  };
  try {
    const ports = {} as Record<ServiceName, number>;
    for (const s of SERVICES) ports[s] = await freePort();
    const intakeGrpc = await freePort();
    const simulatorPort = await freePort();
    running.push(
      await startCardSimulator(
        simulatorPort,
        `http://127.0.0.1:${ports.payment}/card-platform/callbacks`,
        CALLBACK_TOKEN,
      ),
    );
    const specific: Record<ServiceName, Record<string, string>> = {
      intake: {
        GRPC_PORT: String(intakeGrpc),
        USER_DIRECTORY_URL: `${identityEndpoints().base}/admin/realms/jh`,
      },
      // No SLA timer: the 督办 of the flow publishes the PartOverdue.
      'civil-affairs': { INTAKE_GRPC_URL: `127.0.0.1:${intakeGrpc}`, SLA_SCAN_INTERVAL_MS: '0' },
      education: {},
      housing: {},
      medical: {},
      employment: {},
      payment: {
        CARD_PLATFORM_URL: `127.0.0.1:${simulatorPort}`,
        CARD_PLATFORM_CALLBACK_TOKEN: CALLBACK_TOKEN,
        SENDER_INTERVAL_MS: '200',
        // Temporary aid is due within days: send at once.
        SEND_LEAD_HOURS: String(24 * 90),
        RETRY_INITIAL_MS: '200',
        RETRY_MAX_MS: '1000',
        CONFIRM_POLL_MS: '200',
      },
    };
    const started = await Promise.allSettled(
      SERVICES.map(async (s) => {
        const app = await startApp(
          s,
          {
            NODE_ENV: 'test',
            LOG_LEVEL: 'warn',
            KAFKA_BROKERS: engineEndpoints().kafkaBrokers.join(','),
            ...identityEnv(`svc-${s}`),
            TOPIC_PREFIX: prefix,
            OUTBOX_SWEEP_MS: '1000',
            SERVICE_NAME: s,
            MONGO_URL: mongoUrlFor(database(s)),
            ...specific[s],
          },
          ports[s],
          // Seven services start at once on a shared two-core machine.
          150_000,
        );
        running.push(app);
      }),
    );
    const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    return {
      url: (s) => `http://127.0.0.1:${ports[s]}`,
      database,
      processes: () => [...running],
      output: () =>
        running.map((p) => `---- ${p.name} ----\n${p.output().slice(-6000)}`).join('\n'),
      stop,
    };
  } catch (e) {
    await stop().catch(() => undefined);
    throw e;
  }
}
