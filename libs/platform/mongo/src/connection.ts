import mongoose, { type Connection } from 'mongoose';
import type { Logger } from '@jh/platform-logger';

export interface MongoOptions {
  url: string;
  logger: Logger;
  /** Attempts before giving up at start-up (the engine may still be booting). */
  attempts?: number;
  initialDelayMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Opens a dedicated connection (database per service), retrying with exponential backoff. */
export async function connectMongo(options: MongoOptions): Promise<Connection> {
  const attempts = options.attempts ?? 8;
  let delay = options.initialDelayMs ?? 250;
  for (let attempt = 1; ; attempt++) {
    const connection = mongoose.createConnection(options.url, {
      serverSelectionTimeoutMS: 5000,
      // Single-document atomic updates only: works the same on MongoDB and FerretDB.
      autoIndex: true,
    });
    try {
      await connection.asPromise();
      await pingMongo(connection);
      return connection;
    } catch (e) {
      await connection.close().catch(() => undefined);
      if (attempt >= attempts) throw e;
      options.logger.warn(
        { attempt, delayMs: delay, err: (e as Error).message },
        'MongoDB not reachable, retrying',
      );
      await sleep(delay);
      delay = Math.min(delay * 2, 5000);
    }
  }
}

export async function pingMongo(connection: Connection): Promise<void> {
  const db = connection.db;
  if (!db) throw new Error('MongoDB connection not open');
  await db.admin().command({ ping: 1 });
}
