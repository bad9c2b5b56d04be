// The SCRAM user of a Kafka data directory formatted before authentication was on (or with another
// password). The user is added without losing topics or offsets: KRaft stores SCRAM credentials in
// its metadata log, `kafka-storage format --add-scram` only writes them into an empty directory,
// and Kafka 3.9's controller listener refuses AlterUserScramCredentials ("not yet supported when
// communicating directly with the controller quorum", tried). So such a directory starts once with
// an extra PLAINTEXT listener on a free loopback port, kafka-configs adds the user through it, and
// the broker restarts without it (about 10 s, once).
import { rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { scramName, scramStamp, scramUserMissing } from './kafka-auth.mjs';
import { javaArgs, prepareKafka, serverProperties, startKafka } from './kafka.mjs';
import { info, runLogged, secs, sleep, stopPid, toolCommand } from './util.mjs';

function freePort(host) {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, host, () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** prepareKafka, plus the one-off setup listener when the directory lacks the user. */
export async function prepareKafkaWithUser(k) {
  const r = await prepareKafka(k);
  if (!r.formatted && scramUserMissing(k)) {
    k.setupPort = await freePort(k.host);
    writeFileSync(k.propsFile, serverProperties(k, k.setupPort));
  }
  return r;
}

/** After the start: adds the user through the setup listener and restarts; returns the pid. */
export async function ensureKafkaScramUser(k, pid) {
  if (!k.setupPort) return pid;
  const t0 = Date.now();
  info(`kafka: adding SCRAM user ${k.user.username} to the existing data (one-off restart)…`);
  // The password goes through a file (mode 600), not the command line or the log.
  const configFile = join(k.workDir, 'scram-user.properties');
  writeFileSync(configFile, `${scramName(k.user)}=password=${k.user.password}\n`, { mode: 0o600 });
  const args = javaArgs(k, 'kafka.admin.ConfigCommand', k.toolsLog4jFile, [
    '--bootstrap-server',
    `${k.host}:${k.setupPort}`,
    '--alter',
    '--entity-type',
    'users',
    '--entity-name',
    k.user.username,
    '--add-config-file',
    configFile,
  ]).filter((a) => !/^-Xm[sx]/.test(a));
  try {
    const deadline = Date.now() + k.startTimeoutMs;
    for (;;) {
      try {
        await runLogged(toolCommand('java'), args, {
          cwd: k.workDir,
          logFile: k.logFile,
          what: 'kafka-configs --add-config SCRAM',
        });
        break;
      } catch (e) {
        if (Date.now() > deadline) throw e; // the broker may not listen yet
        await sleep(1000);
      }
    }
  } finally {
    rmSync(configFile, { force: true });
  }
  writeFileSync(k.scramStampFile, scramStamp(k));
  await stopPid(pid, k.stopTimeoutMs);
  k.setupPort = null;
  writeFileSync(k.propsFile, serverProperties(k));
  const newPid = startKafka(k);
  writeFileSync(k.pidFile, `${newPid}\n`);
  info(`kafka: SCRAM user added, broker restarted without the setup listener (${secs(t0)})`);
  return newPid;
}
