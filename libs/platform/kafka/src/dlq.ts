import type { KafkaHandle } from './client';
import { EventPublisher } from './publisher';

export const dlqTopicOf = (topic: string) => `${topic}.dlq`;

export interface DlqMessage {
  partition: number;
  offset: string;
  key: string | null;
  headers: Record<string, string>;
  value: Buffer | null;
}

/** Reads everything currently on a DLQ topic (from the start, up to the high-water marks). */
export async function readDlq(
  handle: KafkaHandle,
  topic: string,
  timeoutMs = 15000,
): Promise<DlqMessage[]> {
  const dlqTopic = dlqTopicOf(topic);
  const admin = handle.kafka.admin();
  await admin.connect();
  let ends: { partition: number; high: string; low: string }[];
  try {
    if (!(await admin.listTopics()).includes(dlqTopic)) return [];
    ends = await admin.fetchTopicOffsets(dlqTopic);
  } finally {
    await admin.disconnect();
  }
  const remaining = new Map(
    ends.filter((e) => e.high !== e.low).map((e) => [e.partition, BigInt(e.high)]),
  );
  if (remaining.size === 0) return [];
  const consumer = handle.kafka.consumer({ groupId: `dlq-reader-${process.pid}-${Date.now()}` });
  const out: DlqMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: dlqTopic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`读取死信队列超时 / DLQ read timed out: ${dlqTopic}`)),
        timeoutMs,
      );
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            const headers: Record<string, string> = {};
            for (const [k, v] of Object.entries(message.headers ?? {}))
              if (v !== undefined) headers[k] = String(v);
            out.push({
              partition,
              offset: message.offset,
              key: message.key?.toString() ?? null,
              headers,
              value: message.value,
            });
            const high = remaining.get(partition);
            if (high !== undefined && BigInt(message.offset) + 1n >= high)
              remaining.delete(partition);
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
  return out.sort(
    (a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)),
  );
}

/** Re-publishes DLQ messages onto their original topic (e.g. after a fix was deployed). */
export async function replayDlq(
  handle: KafkaHandle,
  topic: string,
  select: (m: DlqMessage) => boolean = () => true,
): Promise<number> {
  const messages = (await readDlq(handle, topic)).filter(select);
  const publisher = new EventPublisher(handle, 'dlq-replay');
  try {
    // Queued together, so they go in few requests, in DLQ order.
    await Promise.all(
      messages.map((m) =>
        publisher.sendRaw(m.headers['x-original-topic'] ?? topic, m.key, m.value, {
          ...m.headers,
          'x-replayed-from': `${dlqTopicOf(topic)}@${m.partition}:${m.offset}`,
        }),
      ),
    );
  } finally {
    await publisher.disconnect();
  }
  return messages.length;
}
