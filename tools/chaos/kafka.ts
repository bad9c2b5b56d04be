// What the chaos run asks of its own broker: each consumer group's lag (settling), every message
// of a topic (the checker's scan of dispatch events and dead letters), and the poison messages it
// injects on purpose.
import { randomUUID } from 'node:crypto';
import { AssignerProtocol, type Admin } from 'kafkajs';
import { createKafka, type KafkaHandle } from '@jh/platform-kafka';
import { createLogger } from '@jh/platform-logger';
import { rng } from './plan';

export function chaosKafka(brokers: string): KafkaHandle {
  return createKafka({
    brokers: [brokers],
    clientId: 'chaos',
    sasl: { mechanism: 'scram-sha-512', username: 'jh', password: 'jh-dev-kafka' },
    logger: createLogger({ name: 'chaos-kafka', level: 'silent' }),
  });
}

/** Groups of this run's readers: never counted as the platform's consumers. */
const OWN_GROUP = /^chaos-reader-/;

/** The topics each group consumes: from its members' subscriptions and its committed offsets. */
export async function groupTopics(admin: Admin): Promise<Map<string, Set<string>>> {
  const { groups } = await admin.listGroups();
  const ids = groups.map((g) => g.groupId).filter((g) => !OWN_GROUP.test(g));
  const out = new Map<string, Set<string>>();
  if (ids.length === 0) return out;
  const described = await admin.describeGroups(ids);
  for (const g of described.groups) {
    const topics = new Set<string>();
    for (const m of g.members) {
      try {
        const meta = AssignerProtocol.MemberMetadata.decode(m.memberMetadata);
        for (const t of meta?.topics ?? []) topics.add(t);
      } catch {
        // another protocol's metadata: the offsets below still name the topics
      }
    }
    for (const t of await admin.fetchOffsets({ groupId: g.groupId })) topics.add(t.topic);
    out.set(g.groupId, topics);
  }
  return out;
}

/** Messages not yet handled over every group and partition (a partition never committed: all). */
export async function totalLag(handle: KafkaHandle): Promise<{ lag: number; groups: number }> {
  const admin = handle.kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const byGroup = await groupTopics(admin);
    const ends = new Map<string, Map<number, number>>();
    let lag = 0;
    for (const [groupId, topics] of byGroup) {
      const list = [...topics].filter((t) => existing.has(t));
      if (list.length === 0) continue;
      for (const t of await admin.fetchOffsets({ groupId, topics: list })) {
        let high = ends.get(t.topic);
        if (!high) {
          high = new Map(
            (await admin.fetchTopicOffsets(t.topic)).map((o) => [o.partition, Number(o.high)]),
          );
          ends.set(t.topic, high);
        }
        for (const p of t.partitions) {
          const end = high.get(p.partition) ?? 0;
          const at = Number(p.offset);
          lag += Math.max(0, at < 0 ? end : end - at);
        }
      }
    }
    return { lag, groups: byGroup.size };
  } finally {
    await admin.disconnect();
  }
}

export interface TopicMessage {
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

/** Every message of `topic`, from its start to its end as of the call (empty when missing). */
export async function readTopic(
  handle: KafkaHandle,
  topic: string,
  timeoutMs = 600_000,
): Promise<TopicMessage[]> {
  const admin = handle.kafka.admin();
  await admin.connect();
  let ends: { partition: number; high: string; low: string }[];
  try {
    if (!(await admin.listTopics()).includes(topic)) return [];
    ends = await admin.fetchTopicOffsets(topic);
  } finally {
    await admin.disconnect();
  }
  const remaining = new Map(
    ends.filter((e) => e.high !== e.low).map((e) => [e.partition, BigInt(e.high)]),
  );
  if (remaining.size === 0) return [];
  const out: TopicMessage[] = [];
  const consumer = handle.kafka.consumer({ groupId: `chaos-reader-${randomUUID()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`reading ${topic} timed out`)), timeoutMs);
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            const end = remaining.get(partition);
            if (end === undefined || BigInt(message.offset) >= end) return;
            const headers: Record<string, string> = {};
            for (const [k, v] of Object.entries(message.headers ?? {})) {
              if (v !== undefined) headers[k] = String(v);
            }
            out.push({
              partition,
              offset: message.offset,
              key: message.key?.toString() ?? null,
              value: message.value,
              headers,
            });
            if (BigInt(message.offset) + 1n >= end) {
              remaining.delete(partition);
              if (remaining.size === 0) {
                clearTimeout(timer);
                resolve();
              }
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return out;
}

export interface Poison {
  topic: string;
  key: string;
}

/**
 * Random bytes that no consumer can decode (the first byte is an invalid protobuf tag), keyed
 * `chaos-poison-<seed>-<n>`, on the given topics: the dead-letter check's known expected set.
 */
export async function injectPoison(
  handle: KafkaHandle,
  seed: number,
  topics: string[],
  from: number,
): Promise<Poison[]> {
  const next = rng(seed ^ 0x0b0150);
  const producer = handle.kafka.producer();
  await producer.connect();
  const sent: Poison[] = [];
  try {
    for (const [i, topic] of topics.entries()) {
      const n = from + i;
      const bytes = Buffer.alloc(48);
      for (let b = 0; b < bytes.length; b++) bytes[b] = Math.floor(next() * 256);
      bytes[0] = 0xff;
      const key = `chaos-poison-${seed}-${n}`;
      await producer.send({ topic, messages: [{ key, value: bytes }] });
      sent.push({ topic, key });
    }
  } finally {
    await producer.disconnect();
  }
  return sent;
}
