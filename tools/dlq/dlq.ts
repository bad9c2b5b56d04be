// DLQ tool: list parked messages with their reasons, and replay them onto the original topic.
//   npm run dlq -- list   --topic jh.part.reported.v1 [--prefix <TOPIC_PREFIX>]
//   npm run dlq -- replay --topic jh.part.reported.v1 [--offset 12 | --all]
import { parseArgs } from 'node:util';
import { LOCAL_ENGINE_USERS } from '@jh/platform-config';
import {
  createKafka,
  decodeEvent,
  kafkaAuth,
  readDlq,
  replayDlq,
  type DlqMessage,
  type KafkaSasl,
} from '@jh/platform-kafka';
import { createLogger } from '@jh/platform-logger';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    topic: { type: 'string' },
    prefix: { type: 'string', default: process.env['TOPIC_PREFIX'] ?? '' },
    brokers: {
      type: 'string',
      default:
        process.env['KAFKA_BROKERS'] ?? `127.0.0.1:${process.env['JH_KAFKA_PORT'] ?? '19092'}`,
    },
    offset: { type: 'string', multiple: true },
    all: { type: 'boolean', default: false },
  },
});

const [command] = positionals;
if ((command !== 'list' && command !== 'replay') || !values.topic) {
  console.error(
    '用法 / usage: npm run dlq -- list|replay --topic <event topic> [--prefix P] [--offset N … | --all]',
  );
  process.exit(2);
}

// The broker's login from the same variables as the services (development defaults locally).
const local = LOCAL_ENGINE_USERS.kafka;
const handle = createKafka({
  brokers: values.brokers.split(','),
  ...kafkaAuth({
    KAFKA_SASL_MECHANISM: (process.env['KAFKA_SASL_MECHANISM'] ??
      local.mechanism) as KafkaSasl['mechanism'],
    KAFKA_USERNAME: process.env['KAFKA_USERNAME'] ?? local.username,
    KAFKA_PASSWORD: process.env['KAFKA_PASSWORD'] ?? local.password,
    KAFKA_SSL: process.env['KAFKA_SSL'] === 'true',
    KAFKA_SSL_CA_FILE: process.env['KAFKA_SSL_CA_FILE'],
  }),
  clientId: 'dlq-cli',
  logger: createLogger({ name: 'dlq', level: 'error' }),
  topicPrefix: values.prefix,
});
const topic = handle.topic(values.topic);

function describe(m: DlqMessage): string {
  let event = '（无法解码 / undecodable）';
  try {
    if (m.value) {
      const { envelope } = decodeEvent(m.value);
      event = `${envelope.type} event=${envelope.eventId} correlation=${envelope.correlationId}`;
    }
  } catch {
    // keep the undecodable label
  }
  return [
    `#${m.partition}:${m.offset}`,
    `原偏移 original=${m.headers['x-original-topic'] ?? '?'}@${m.headers['x-original-partition'] ?? '?'}:${m.headers['x-original-offset'] ?? '?'}`,
    `时间 at=${m.headers['x-failed-at'] ?? '?'}`,
    `尝试 attempts=${m.headers['x-attempts'] ?? '?'}`,
    `消费组 group=${m.headers['x-consumer-group'] ?? '?'}`,
    event,
    `原因 reason=${m.headers['x-error-reason'] ?? '?'}`,
  ].join('  ');
}

async function main() {
  if (command === 'list') {
    const messages = await readDlq(handle, topic);
    if (messages.length === 0) console.log(`死信队列为空 / ${topic}.dlq is empty`);
    for (const m of messages) console.log(describe(m));
    console.log(`共 ${messages.length} 条 / ${messages.length} message(s)`);
    return;
  }
  const offsets = new Set(values.offset ?? []);
  if (!values.all && offsets.size === 0) {
    console.error('请指定 --offset N（可多次）或 --all / give --offset N (repeatable) or --all');
    process.exit(2);
  }
  const count = await replayDlq(handle, topic, (m) => values.all || offsets.has(m.offset));
  console.log(`已重放 ${count} 条到 ${topic} / replayed ${count} message(s) onto ${topic}`);
}

main().catch((e: unknown) => {
  console.error(`失败 / failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
