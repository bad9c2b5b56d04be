// Data keys of one service (ADR 0019): rotate a collection's key and re-seal what it holds, or seal
// documents still stored in clear text. Runs beside the live service: every rewrite is a
// compare-and-set, progress is recorded, an interrupted run resumes where it stopped.
//   npm run keys -- rotate  --service intake [--collection applications] [--mongo-url URL]
//   npm run keys -- migrate --service intake
import { parseArgs } from 'node:util';
import mongoose from 'mongoose';
import { developmentDefaults, loadConfig, z } from '@jh/platform-config';
import {
  cryptoEnv,
  keyMaterialFrom,
  reencrypt,
  Vault,
  type ReencryptJobDoc,
  type ReencryptProgress,
} from '@jh/platform-crypto';
import { DATA_KEY_JOBS } from '@jh/platform-service';
import { sealedByService } from './services';

const usage =
  '用法 / usage: npm run keys -- <rotate|migrate> --service <name> [--collection <name>] [--mongo-url <url>]';

function bar(p: ReencryptProgress): string {
  const total = Math.max(p.total, p.scanned);
  const share = total === 0 ? 1 : Math.min(1, p.scanned / total);
  const filled = Math.round(share * 30);
  return `[${'#'.repeat(filled)}${'.'.repeat(30 - filled)}] ${(share * 100).toFixed(0).padStart(3)}% ${p.purpose} 已处理 ${p.scanned}/${total}，重新加密 ${p.changed}`;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      service: { type: 'string' },
      collection: { type: 'string' },
      'mongo-url': { type: 'string' },
    },
  });
  const command = positionals[0];
  const service = values.service;
  if ((command !== 'rotate' && command !== 'migrate') || !service || !/^[a-z-]+$/.test(service)) {
    console.error(usage);
    return 2;
  }
  const settings = loadConfig(
    z.object({ NODE_ENV: z.string().default('development'), ...cryptoEnv }),
  );
  const url =
    values['mongo-url'] ??
    process.env['MONGO_URL'] ??
    developmentDefaults(service, 0)['MONGO_URL']!;
  const specs = sealedByService[service];
  if (!specs) {
    console.error(
      `未知服务 / unknown service: ${service} (${Object.keys(sealedByService).join(', ')})`,
    );
    return 2;
  }
  const names = values.collection ? [values.collection] : Object.keys(specs);
  const unknown = names.filter((n) => !specs[n]);
  if (unknown.length > 0) {
    console.error(`未知集合 / unknown collection: ${unknown.join(', ')}`);
    return 2;
  }
  const connection = await mongoose.createConnection(url).asPromise();
  try {
    const db = connection.db!;
    const vault = new Vault(db, keyMaterialFrom(settings));
    for (const name of names) {
      const cipher = await vault.collection(name, specs[name]!);
      if (command === 'rotate') {
        const keyId = await vault.keyring.rotate(name);
        console.log(`${name}: 新数据密钥 / new data key ${keyId}`);
        // Running services pick the new key up on their next refresh (DATA_KEY_REFRESH_MS); values
        // they seal meanwhile under the old key are re-sealed by their own start-up pass or a rerun.
      }
      const result = await reencrypt({
        collection: db.collection(name),
        cipher,
        jobs: db.collection<ReencryptJobDoc>(DATA_KEY_JOBS),
        onProgress: (p) => process.stderr.write(`\r${bar(p)}`),
      });
      process.stderr.write('\n');
      console.log(
        `${name}: 完成 / done — 检查 ${result.scanned} 条，重新加密 ${result.changed} 条，并发写入重试 ${result.raced} 次`,
      );
    }
    return 0;
  } finally {
    await connection.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`失败 / failed: ${(e as Error).message}`);
    process.exit(1);
  },
);
