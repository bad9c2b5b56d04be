// After the suite (issue 14): reads every document of every database left on the engine with the
// raw driver, and every Kafka log segment, and reports any clear-text resident ID number (GB 11643
// check digit valid). Exit 0 clean, 1 on any finding, 2 on bad usage.
//   npm run privacy:scan -- --mongo-url <url> [--kafka-dir <dir>]
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import mongoose from 'mongoose';
import { detectPersonalData } from '../log-scan/detect';

interface Tally {
  databases: number;
  collections: number;
  documents: number;
  segments: number;
  segmentBytes: number;
  findings: string[];
}

const idNumbersIn = (text: string) =>
  detectPersonalData(text).filter((f) => f.kind === 'id_number');

async function scanMongo(url: string, tally: Tally): Promise<void> {
  const connection = await mongoose.createConnection(url).asPromise();
  try {
    const admin = connection.db!.admin();
    const { databases } = await admin.listDatabases({ nameOnly: true });
    for (const { name } of databases) {
      if (name === 'admin' || name === 'local' || name === 'config') continue;
      tally.databases += 1;
      const db = connection.getClient().db(name);
      for (const { name: collection } of await db
        .listCollections({}, { nameOnly: true })
        .toArray()) {
        tally.collections += 1;
        for await (const doc of db.collection(collection).find({})) {
          tally.documents += 1;
          for (const f of idNumbersIn(JSON.stringify(doc))) {
            tally.findings.push(`${name}.${collection} _id=${String(doc['_id'])}: ${f.masked}`);
          }
        }
      }
    }
  } finally {
    await connection.close();
  }
}

function scanKafka(dir: string, tally: Tally): void {
  const walk = (d: string) => {
    for (const entry of readdirSync(d)) {
      const path = join(d, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith('.log')) {
        const bytes = readFileSync(path);
        tally.segments += 1;
        tally.segmentBytes += bytes.length;
        // Protobuf strings are raw UTF-8 inside the record batches (no compression is configured).
        for (const f of idNumbersIn(bytes.toString('latin1'))) {
          tally.findings.push(`kafka ${path.slice(dir.length + 1)}: ${f.masked}`);
        }
      }
    }
  };
  walk(dir);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { 'mongo-url': { type: 'string' }, 'kafka-dir': { type: 'string' } },
  });
  const url = values['mongo-url'] ?? process.env['MONGO_URL'];
  if (!url) {
    console.error('用法 / usage: npm run privacy:scan -- --mongo-url <url> [--kafka-dir <dir>]');
    return 2;
  }
  const tally: Tally = {
    databases: 0,
    collections: 0,
    documents: 0,
    segments: 0,
    segmentBytes: 0,
    findings: [],
  };
  await scanMongo(url, tally);
  const kafkaDir = values['kafka-dir'];
  if (kafkaDir && existsSync(kafkaDir)) scanKafka(kafkaDir, tally);
  console.log(
    `静态数据扫描 / at-rest scan: ${tally.documents} documents in ${tally.collections} collections of ${tally.databases} databases, ` +
      `${tally.segments} Kafka segments (${(tally.segmentBytes / 1e6).toFixed(1)} MB), ${tally.findings.length} clear ID numbers`,
  );
  for (const f of tally.findings.slice(0, 50)) console.log(`  ${f}`);
  return tally.findings.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`扫描失败 / scan failed: ${(e as Error).message}`);
    process.exit(1);
  },
);
