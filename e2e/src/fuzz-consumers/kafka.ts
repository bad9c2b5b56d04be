import { randomBytes } from 'node:crypto';
import { AssignerProtocol, type Admin } from 'kafkajs';
import type { KafkaHandle } from '@jh/platform-kafka';
import type { RawMessage } from './poison';

// Reading topics to their ends, consumer groups and their lag, for the consumer fuzz test.

export interface ReadMessage extends RawMessage {
  topic: string;
  partition: number;
  offset: string;
}

const headersOf = (headers: Record<string, unknown> | undefined): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) if (v !== undefined) out[k] = String(v);
  return out;
};

/**
 * Everything on `topics` (full names) up to their current ends, by one throwaway consumer
 * (its group id does not carry the system's prefix, so group discovery ignores it).
 */
export async function readTopics(
  handle: KafkaHandle,
  topics: string[],
  timeoutMs = 30_000,
): Promise<Map<string, ReadMessage[]>> {
  const out = new Map<string, ReadMessage[]>(topics.map((t) => [t, []]));
  const admin = handle.kafka.admin();
  await admin.connect();
  const remaining = new Map<string, bigint>();
  try {
    const existing = new Set(await admin.listTopics());
    for (const topic of topics.filter((t) => existing.has(t))) {
      for (const p of await admin.fetchTopicOffsets(topic)) {
        if (p.high !== p.low) remaining.set(`${topic}/${p.partition}`, BigInt(p.high));
      }
    }
  } finally {
    await admin.disconnect();
  }
  if (remaining.size === 0) return out;
  const wanted = [...new Set([...remaining.keys()].map((k) => k.slice(0, k.lastIndexOf('/'))))];
  const consumer = handle.kafka.consumer({
    groupId: `fuzz-reader-${randomBytes(4).toString('hex')}`,
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: wanted, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`reading ${wanted.join(', ')} timed out`)),
        timeoutMs,
      );
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ topic, partition, message }) => {
            const at = `${topic}/${partition}`;
            const high = remaining.get(at);
            if (high === undefined || BigInt(message.offset) >= high) return;
            out.get(topic)!.push({
              topic,
              partition,
              offset: message.offset,
              key: message.key,
              value: message.value ?? Buffer.alloc(0),
              headers: headersOf(message.headers),
            });
            if (BigInt(message.offset) + 1n >= high) remaining.delete(at);
            if (remaining.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  for (const list of out.values()) {
    list.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
  }
  return out;
}

/** The system's consumer groups (ids starting with `prefix`) and the full topic names each reads. */
export async function discoverGroups(admin: Admin, prefix: string): Promise<Map<string, string[]>> {
  const { groups } = await admin.listGroups();
  const ids = groups.map((g) => g.groupId).filter((id) => id.startsWith(prefix));
  const found = new Map<string, string[]>();
  if (ids.length === 0) return found;
  const described = await admin.describeGroups(ids);
  for (const g of described.groups) {
    const topics = new Set<string>();
    for (const m of g.members) {
      const meta = AssignerProtocol.MemberMetadata.decode(m.memberMetadata);
      for (const t of meta?.topics ?? []) topics.add(t);
    }
    found.set(g.groupId, [...topics].sort());
  }
  return found;
}

/** Messages of `topic` the group has not committed past (the whole topic when it has none). */
export async function lagOf(admin: Admin, groupId: string, topic: string): Promise<bigint> {
  const ends = await admin.fetchTopicOffsets(topic);
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  let lag = 0n;
  for (const end of ends) {
    const at = committed?.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
    const from = at === '-1' ? BigInt(end.low) : BigInt(at);
    lag += BigInt(end.high) - from;
  }
  return lag;
}
