import type { Admin } from 'kafkajs';
import type { KafkaHandle } from './client';
import { dlqTopicOf } from './dlq';

export interface LagRow {
  group: string;
  topic: string;
  partition: number;
  /** Messages not yet handled: high-water mark minus the committed offset. */
  lag: number;
}

export interface DlqRow {
  topic: string;
  /** Messages on `<topic>.dlq` (high-water minus low-water mark, over its partitions). */
  messages: number;
}

/**
 * What Prometheus reads of Kafka for one service (issue 17): each consumer group's lag per
 * partition and the depth of the dead-letter topic of every consumed topic. Offsets only, from
 * the broker's metadata; no message is read.
 */
export async function kafkaFigures(
  handle: KafkaHandle,
  admin: Admin,
): Promise<{ lag: LagRow[]; dlq: DlqRow[] }> {
  const lag: LagRow[] = [];
  const dlq: DlqRow[] = [];
  const existing = new Set(await admin.listTopics());
  const ends = new Map<string, Map<number, number>>();
  const endsOf = async (topic: string) => {
    let found = ends.get(topic);
    if (!found) {
      const offsets = await admin.fetchTopicOffsets(topic);
      found = new Map(offsets.map((o) => [o.partition, Number(o.high)]));
      ends.set(topic, found);
    }
    return found;
  };
  for (const { groupId, topics } of handle.consumers ?? []) {
    const committed = await admin.fetchOffsets({
      groupId,
      topics: topics.filter((t) => existing.has(t)),
    });
    for (const t of committed) {
      const high = await endsOf(t.topic);
      for (const p of t.partitions) {
        const end = high.get(p.partition) ?? 0;
        const at = Number(p.offset);
        // No commit yet (-1): the group starts from the beginning, so all of it is behind.
        lag.push({
          group: groupId,
          topic: t.topic,
          partition: p.partition,
          lag: Math.max(0, at < 0 ? end : end - at),
        });
      }
    }
  }
  const consumed = new Set((handle.consumers ?? []).flatMap((c) => c.topics));
  for (const topic of consumed) {
    const dlqTopic = dlqTopicOf(topic);
    if (!existing.has(dlqTopic)) {
      dlq.push({ topic, messages: 0 });
      continue;
    }
    const offsets = await admin.fetchTopicOffsets(dlqTopic);
    dlq.push({
      topic,
      messages: offsets.reduce((n, o) => n + Number(o.high) - Number(o.low), 0),
    });
  }
  return { lag, dlq };
}
