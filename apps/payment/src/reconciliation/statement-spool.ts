import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface SpooledStatement {
  path: string;
  sha256: string;
  bytes: number;
  remove(): Promise<void>;
}

/**
 * Copies an uploaded statement to a temporary file while hashing it, chunk by chunk: memory stays
 * flat, the hash gives the import its idempotent id, and the file can be read twice (a validation
 * pass that refuses a bad file before anything changes, then the matching pass).
 */
export async function spoolStatement(body: Readable, dir = tmpdir()): Promise<SpooledStatement> {
  const path = join(dir, `jh-statement-${randomUUID()}.csv`);
  const hash = createHash('sha256');
  let bytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  const remove = () => rm(path, { force: true });
  try {
    await pipeline(body, tap, createWriteStream(path));
  } catch (e) {
    await remove();
    throw e;
  }
  return { path, sha256: hash.digest('hex'), bytes, remove };
}
