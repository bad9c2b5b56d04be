// Kafka SCRAM settings of the local broker: pure helpers shared by kafka.mjs and kafka-scram-user.mjs.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { InfraError } from './util.mjs';

/** SCRAM-SHA-512 as Kafka spells it, from kafkajs' 'scram-sha-512'. */
export const scramName = (u) => u.mechanism.toUpperCase();

/** JAAS/SCRAM values are quoted; the local credentials must not need escaping. */
export function checkCredential(u) {
  for (const v of [u.username, u.password]) {
    if (!/^[\w.@-]+$/.test(v))
      throw new InfraError(
        `Kafka 本地用户名或密码只能含字母、数字、._@- / local Kafka credentials may only use [A-Za-z0-9._@-]`,
      );
  }
  if (!/^scram-sha-(256|512)$/.test(u.mechanism))
    throw new InfraError(`Kafka 本地认证机制须为 SCRAM / mechanism must be scram-sha-256|512`);
}

/** Which user (and password hash) the metadata log holds; compared on every start. */
export function scramStamp(k) {
  const { mechanism, username, password } = k.user;
  const hash = createHash('sha256').update(`${mechanism}\0${username}\0${password}`).digest('hex');
  return `${JSON.stringify({ mechanism, username, hash })}\n`;
}

/** True if the data directory was formatted without the configured user (or another password). */
export function scramUserMissing(k) {
  return !existsSync(k.scramStampFile) || readFileSync(k.scramStampFile, 'utf8') !== scramStamp(k);
}

/** What a running broker was started with; a change (e.g. a broker from before SCRAM) restarts it. */
export function kafkaSignature(k) {
  return scramStamp(k);
}
