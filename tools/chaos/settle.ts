// When the run is over: nothing in flight (consumer lag, unsent outbox entries, open payment
// orders) twice in a row, read from the engines themselves.
import { mongo } from 'mongoose';
import { databaseOf } from './cluster';
import type { ChaosEngines } from './engines';
import { totalLag, type chaosKafka } from './kafka';
import { SERVICES } from './plan';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Counts what is still in flight: consumer lag, unsent outbox entries, open payment orders. */
async function inFlight(engines: ChaosEngines, kafka: ReturnType<typeof chaosKafka>) {
  const client = new mongo.MongoClient(engines.mongoUrlFor(''), {
    serverSelectionTimeoutMS: 10_000,
  });
  await client.connect();
  try {
    let outbox = 0;
    for (const s of SERVICES) {
      const db = client.db(databaseOf(s));
      for (const c of await db.listCollections({}, { nameOnly: true }).toArray()) {
        // Outbox collections carry the pending flag's index: only those are counted (through it).
        const indexes = await db.collection(c.name).indexes();
        if (!indexes.some((i) => 'outboxPending' in i.key)) continue;
        outbox += await db.collection(c.name).countDocuments({ outboxPending: true });
      }
    }
    const orders = await client
      .db(databaseOf('payment'))
      .collection('payment_orders')
      .countDocuments({ status: { $in: ['awaiting_payee', 'pending', 'sending', 'sent'] } });
    const { lag } = await totalLag(kafka);
    return { lag, outbox, openOrders: orders };
  } finally {
    await client.close();
  }
}

/** Waits until nothing is in flight twice in a row; false when the deadline came first. */
export async function settle(
  engines: ChaosEngines,
  kafka: ReturnType<typeof chaosKafka>,
  deadline: number,
  log: (line: string) => void,
): Promise<{ settled: boolean; last: Record<string, number> | null }> {
  let quiet = 0;
  let last: Record<string, number> | null = null;
  while (Date.now() < deadline) {
    try {
      last = await inFlight(engines, kafka);
      quiet = last['lag'] === 0 && last['outbox'] === 0 && last['openOrders'] === 0 ? quiet + 1 : 0;
      if (quiet >= 2) return { settled: true, last };
    } catch (e) {
      quiet = 0;
      log(`settle probe failed: ${(e as Error).message}`);
    }
    await sleep(3000);
  }
  return { settled: false, last };
}
