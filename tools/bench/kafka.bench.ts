// Benchmark (not a test): our Kafka producer/consumer path vs raw kafkajs, same broker, same run.
//   npm run bench:kafka -- [--messages 20000]
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger } from '@jh/platform-logger';
import { engineEndpoints } from '@jh/platform-testing';
import { kafkaPhase } from './kafka-path';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '20000' } } });
const root = resolve(__dirname, '../..');
const { kafkaBrokers: brokers, kafkaSasl: sasl } = engineEndpoints();

async function main() {
  execFileSync(process.execPath, [resolve(root, 'tools/local-infra/cli.mjs'), 'up'], {
    stdio: 'inherit',
  });
  const kafka = await kafkaPhase({
    brokers,
    sasl,
    prefix: `benchk${Date.now().toString(36)}-`,
    messages: Number(values.messages),
    logger: createLogger({ name: 'bench', level: 'error' }),
  });
  console.table(kafka);
  console.log(JSON.stringify({ benchmark: 'kafka', node: process.version, ...kafka }));
  process.exit(0);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
