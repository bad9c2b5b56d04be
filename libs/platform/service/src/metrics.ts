import type { Admin } from 'kafkajs';
import { kafkaFigures, type KafkaHandle, type OutboxSource } from '@jh/platform-kafka';
import type { Logger } from '@jh/platform-logger';
import { platformMeter } from '@jh/platform-telemetry';

/** Most pending entries one scrape reads per outbox (through the pending index, ADR 0014). */
const OUTBOX_SAMPLE = 1000;

export interface ServiceMetricsSources {
  service: string;
  kafka: KafkaHandle;
  outboxes: { collection: string; source: OutboxSource }[];
  clock: () => Date;
  logger: Logger;
}

/**
 * The gauges every service exposes on GET /metrics (issue 17; the names the alert rules in
 * tools/observability/prometheus/alerts.yml use): consumer lag per group and partition, dead
 * letters per consumed topic, outbox backlog and its oldest entry's age. Read at scrape time from
 * offsets and the outbox's pending index; nothing while telemetry is off.
 */
export function registerServiceMetrics(sources: ServiceMetricsSources): {
  stop(): Promise<void>;
} {
  const meter = platformMeter();
  const lag = meter.createObservableGauge('jh_kafka_consumer_lag', {
    description: '消费组积压消息数 / messages behind, per consumer group and partition',
  });
  const dlq = meter.createObservableGauge('jh_dlq_messages', {
    description: '死信队列中的消息数 / messages on the dead-letter topic of a consumed topic',
  });
  const pending = meter.createObservableGauge('jh_outbox_pending', {
    description: `待发出的事件数（最多计 ${OUTBOX_SAMPLE}）/ unsent outbox entries (counted up to ${OUTBOX_SAMPLE})`,
  });
  const oldest = meter.createObservableGauge('jh_outbox_oldest_pending_age_seconds', {
    description: '最早一条待发事件的时长 / age of the oldest unsent outbox entry',
    unit: 's',
  });
  let admin: Admin | undefined;
  const service = sources.service;
  meter.addBatchObservableCallback(
    async (result) => {
      try {
        if (!admin) {
          admin = sources.kafka.kafka.admin();
          await admin.connect();
        }
        const figures = await kafkaFigures(sources.kafka, admin);
        for (const r of figures.lag) {
          result.observe(lag, r.lag, {
            service,
            group: r.group,
            topic: r.topic,
            partition: String(r.partition),
          });
        }
        for (const r of figures.dlq) result.observe(dlq, r.messages, { service, topic: r.topic });
      } catch (e) {
        sources.logger.warn({ err: (e as Error).message }, 'kafka metrics not read');
      }
      const now = sources.clock().getTime();
      for (const { collection, source } of sources.outboxes) {
        try {
          const entries = await source.pending(OUTBOX_SAMPLE);
          const first = Math.min(...entries.map((p) => p.entry.occurredAt.getTime()), now);
          result.observe(pending, entries.length, { service, collection });
          result.observe(oldest, Math.max(0, (now - first) / 1000), { service, collection });
        } catch (e) {
          sources.logger.warn({ err: (e as Error).message, collection }, 'outbox metrics not read');
        }
      }
    },
    [lag, dlq, pending, oldest],
  );
  return {
    async stop() {
      await admin?.disconnect();
    },
  };
}
