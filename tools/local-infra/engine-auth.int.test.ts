// The local engines refuse clients without credentials (issue 14, "engines require credentials"):
// Kafka's SASL_PLAINTEXT listener (SCRAM) and FerretDB's SCRAM "new auth", each checked with no
// login, the right login and a wrong password. Connections come from the test helpers' endpoints.
import { Kafka, logLevel, type KafkaConfig, type SASLOptions } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { LOCAL_ENGINE_USERS } from '@jh/platform-config';
import {
  engineEndpoints,
  LOCAL_TEST_ENGINE_USERS,
  mongoUrlFor,
  uniquePrefix,
} from '@jh/platform-testing';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const prefix = uniquePrefix('engine-auth');

async function kafkaClusterId(sasl?: SASLOptions): Promise<string> {
  const config: KafkaConfig = {
    clientId: `${prefix}auth`,
    brokers: engineEndpoints().kafkaBrokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3000,
    requestTimeout: 5000,
    retry: { retries: 0 },
    ...(sasl ? { sasl } : {}),
  };
  const admin = new Kafka(config).admin({ retry: { retries: 0 } });
  try {
    await admin.connect();
    return (await admin.describeCluster()).clusterId;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** The engine's URL for a database, with the user part replaced (or removed when `auth` is ''). */
function mongoUrlWith(auth: string, database: string): string {
  return mongoUrlFor(database).replace(/^mongodb:\/\/[^@/]*@/, `mongodb://${auth}`);
}

async function mongoInsert(url: string): Promise<number> {
  const client = new MongoClient(url, {
    directConnection: true,
    serverSelectionTimeoutMS: 3000,
    maxPoolSize: 1,
  });
  try {
    await client.connect();
    const r = await client.db().collection('probe').insertOne({ at: 1 });
    return r.acknowledged ? 1 : 0;
  } finally {
    await client.close().catch(() => undefined);
  }
}

it('the engines, the services and the tests use the same development users', () => {
  // What the engines were started with, as `cli.mjs env` prints it for shells and npm test.
  const env = Object.fromEntries(
    execFileSync(process.execPath, [join(__dirname, 'cli.mjs'), 'env'], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  const mongo = new URL(env['MONGO_URL'] ?? '');
  expect({
    kafka: {
      mechanism: env['KAFKA_SASL_MECHANISM'],
      username: env['KAFKA_USERNAME'],
      password: env['KAFKA_PASSWORD'],
    },
    mongo: {
      username: mongo.username,
      password: mongo.password,
      authSource: mongo.searchParams.get('authSource'),
    },
  }).toEqual(LOCAL_ENGINE_USERS);
  expect(LOCAL_TEST_ENGINE_USERS).toEqual(LOCAL_ENGINE_USERS);
});

describe('local Kafka requires a SCRAM login', () => {
  // A fresh object per client: kafkajs caches its authenticator on the sasl object it is given.
  const sasl = (password?: string) => {
    const s = engineEndpoints().kafkaSasl;
    return { mechanism: s.mechanism, username: s.username, password: password ?? s.password };
  };

  it('the configured user is accepted', async () => {
    await expect(kafkaClusterId(sasl() as SASLOptions)).resolves.toMatch(/\S/);
  });

  it('a client without credentials is refused', async () => {
    await expect(kafkaClusterId()).rejects.toThrow();
  });

  it('a wrong password is refused', async () => {
    await expect(kafkaClusterId(sasl(`${sasl().password}-wrong`) as SASLOptions)).rejects.toThrow(
      /SASL|authentication|credentials/i,
    );
  });
});

describe('local FerretDB requires a SCRAM login', () => {
  const database = `${prefix}db`.replace(/-/g, '_');
  const url = mongoUrlFor(database);

  afterAll(async () => {
    const client = await new MongoClient(url, { directConnection: true }).connect();
    await client.db().dropDatabase();
    await client.close();
  });

  it('the configured user may write', async () => {
    expect(url).toMatch(/^mongodb:\/\/[^@/]+:[^@/]+@.*authSource=/);
    await expect(mongoInsert(url)).resolves.toBe(1);
  });

  it('a client without credentials is refused (requires authentication)', async () => {
    await expect(mongoInsert(mongoUrlWith('', database))).rejects.toThrow(
      /requires authentication|Unauthorized/i,
    );
  });

  it('a wrong password is refused', async () => {
    const user = decodeURIComponent(/^mongodb:\/\/([^:@/]+):/.exec(url)?.[1] ?? '');
    await expect(mongoInsert(mongoUrlWith(`${user}:wrong-password@`, database))).rejects.toThrow(
      /Authentication failed/i,
    );
  });
});
