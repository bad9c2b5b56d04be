// Small helpers: progress output, external tools, processes, pid files, logs, lock.
import { spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export { sleep };

/** Error whose message is meant for humans; the CLI prints only the message. */
export class InfraError extends Error {
  constructor(message, { logFile, logTail } = {}) {
    super(message);
    this.name = 'InfraError';
    this.logFile = logFile;
    this.logTail = logTail;
  }
}

// ---------------------------------------------------------------- progress
let quiet = false;
export function setQuiet(q) {
  quiet = !!q;
}
export function info(msg) {
  if (!quiet) process.stderr.write(`[infra] ${msg}\n`);
}
export function secs(startMs) {
  return `${((Date.now() - startMs) / 1000).toFixed(1)}s`;
}

// ---------------------------------------------------------------- tools
const TOOL_HELP = {
  java: {
    zh: '未找到 Java (java)。请安装 JDK 17（例如 `apt-get install openjdk-17-jdk-headless`），或设置 JAVA_HOME。',
    en: 'Java not found (java): install JDK 17 (e.g. `apt-get install openjdk-17-jdk-headless`) or set JAVA_HOME.',
  },
  mvn: {
    zh: '未找到 Maven (mvn)。首次下载 Kafka 依赖需要 Maven 3.8+（例如 `apt-get install maven`）。',
    en: 'Maven not found (mvn): Maven 3.8+ is needed once to download the Kafka jars (e.g. `apt-get install maven`).',
  },
  go: {
    zh: '未找到 Go (go)。首次构建 FerretDB 需要 Go 1.24+（例如从 Go 官方安装包或 `apt-get install golang`）。',
    en: 'Go not found (go): Go 1.24+ is needed once to build FerretDB (install the Go toolchain, e.g. `apt-get install golang`).',
  },
};

/** Command to run a tool, honouring JAVA_HOME for java. */
export function toolCommand(tool) {
  if (tool === 'java' && process.env.JAVA_HOME) {
    const p = join(process.env.JAVA_HOME, 'bin', 'java');
    if (existsSync(p)) return p;
  }
  return tool;
}

const VERSION_ARGS = { java: ['-version'], mvn: ['-v', '-B'], go: ['version'] };
const checked = new Map();

/** Throws a bilingual InfraError if the tool is missing. Returns its version text. */
export function requireTool(tool) {
  if (checked.has(tool)) return checked.get(tool);
  const r = spawnSync(toolCommand(tool), VERSION_ARGS[tool], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    const h = TOOL_HELP[tool];
    const why = r.error ? r.error.code || r.error.message : `exit ${r.status}`;
    throw new InfraError(`${h.zh}\n${h.en}\n(${toolCommand(tool)}: ${why})`);
  }
  const text = `${r.stdout || ''}${r.stderr || ''}`;
  if (tool === 'java') {
    const m = text.match(/version "(\d+)(?:\.(\d+))?/);
    const major = m ? (m[1] === '1' ? Number(m[2]) : Number(m[1])) : 0;
    if (major && major < 11) {
      throw new InfraError(
        `Java 版本过低 (${major})：Kafka 3.9 需要 Java 11+，推荐 JDK 17。\nJava ${major} is too old: Kafka 3.9 needs Java 11+, JDK 17 recommended.`,
      );
    }
  }
  checked.set(tool, text);
  return text;
}

/**
 * Runs a command to completion, output appended to logFile. Rejects with the
 * log tail on failure.
 */
export function runLogged(cmd, args, { cwd, env, logFile, what, shownArgs = args }) {
  mkdirSync(dirname(logFile), { recursive: true });
  const fd = openSync(logFile, 'a');
  // shownArgs: the command line as logged, without secrets (e.g. a SCRAM password).
  writeFileSync(fd, `\n==== ${new Date().toISOString()} $ ${cmd} ${shownArgs.join(' ')}\n`);
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', fd, fd],
    });
    child.on('error', (err) => {
      closeSync(fd);
      reject(new InfraError(`${what}: ${err.message}`, { logFile }));
    });
    child.on('exit', (code, signal) => {
      closeSync(fd);
      if (code === 0) resolvePromise();
      else
        reject(
          new InfraError(
            `${what} 失败 / failed (${signal || `exit ${code}`}). 日志 / log: ${logFile}`,
            {
              logFile,
              logTail: tailFile(logFile),
            },
          ),
        );
    });
  });
}

// ---------------------------------------------------------------- processes
export function isAlive(pid) {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    return e.code === 'EPERM';
  }
  // A zombie is not alive for our purposes.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    if (state === 'Z') return false;
  } catch {
    /* no /proc (macOS): trust kill(0) */
  }
  return true;
}

/** Command line of a process, or '' if unknown. */
export function commandLine(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    const r = spawnSync('ps', ['-p', String(pid), '-o', 'command='], { encoding: 'utf8' });
    return r.status === 0 ? r.stdout.trim() : '';
  }
}

export function readPid(pidFile) {
  try {
    const n = Number(readFileSync(pidFile, 'utf8').trim());
    return Number.isInteger(n) && n > 0 ? n : null;
  } catch {
    return null;
  }
}

/** pid from the pid file if that process is alive and looks like ours. */
export function livePid(engine) {
  const pid = readPid(engine.pidFile);
  if (!pid || !isAlive(pid)) return null;
  const cmd = commandLine(pid);
  if (cmd && !cmd.includes(engine.processMarker)) return null; // pid reused by something else
  return pid;
}

/** Starts a detached process whose stdout/stderr go to logFile; returns its pid. */
export function spawnDetached(cmd, args, { cwd, env, logFile }) {
  mkdirSync(dirname(logFile), { recursive: true });
  rotateLog(logFile);
  const fd = openSync(logFile, 'a');
  writeFileSync(fd, `\n==== ${new Date().toISOString()} starting: ${cmd} ${args.join(' ')}\n`);
  const child = spawn(cmd, args, {
    cwd,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  let spawnError = null;
  child.on('error', (e) => {
    spawnError = e;
  });
  child.unref();
  if (!child.pid)
    throw new InfraError(
      `无法启动 / cannot start ${cmd}: ${spawnError?.message || 'spawn failed'}`,
    );
  return child.pid;
}

/** SIGTERM, wait, SIGKILL. Resolves true if something was stopped. */
export async function stopPid(pid, timeoutMs) {
  if (!isAlive(pid)) return false;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return false;
  }
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await sleep(200);
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    /* gone */
  }
  for (let i = 0; i < 50 && isAlive(pid); i++) await sleep(100);
  return true;
}

// ---------------------------------------------------------------- files
export function rotateLog(logFile, maxBytes = 20 * 1024 * 1024) {
  try {
    if (statSync(logFile).size > maxBytes) renameSync(logFile, `${logFile}.1`);
  } catch {
    /* missing */
  }
}

export function tailFile(file, lines = 30) {
  try {
    const buf = readFileSync(file);
    const text = buf.subarray(Math.max(0, buf.length - 64 * 1024)).toString('utf8');
    return text
      .split('\n')
      .slice(-lines - 1)
      .join('\n');
  } catch {
    return `(无日志 / no log at ${file})`;
  }
}

export function ensureDir(d) {
  mkdirSync(d, { recursive: true });
  return d;
}

export function removeFile(f) {
  rmSync(f, { force: true });
}

// ---------------------------------------------------------------- lock
/**
 * Cross-process lock (a file holding the owner's pid) so that concurrent
 * `up`/`down` calls (e.g. parallel test workers) do not double-start engines.
 */
let inProcess = Promise.resolve();
export function withLock(lockFile, fn, opts) {
  // Serialise callers inside this process first, then across processes.
  const run = inProcess.then(() => withFileLock(lockFile, fn, opts));
  inProcess = run.catch(() => {});
  return run;
}

/** The cross-process half of `withLock`; alone where callers in this process cannot overlap. */
export async function withFileLock(
  lockFile,
  fn,
  { timeoutMs = 15 * 60_000, holder = 'another local-infra command' } = {},
) {
  ensureDir(dirname(lockFile));
  const deadline = Date.now() + timeoutMs;
  let announced = false;
  for (;;) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      const owner = readPid(lockFile);
      if (!owner || owner === process.pid || !isAlive(owner)) {
        // Stale (owner died) or unreadable: take it over.
        let age = Infinity;
        try {
          age = Date.now() - statSync(lockFile).mtimeMs;
        } catch {
          continue;
        }
        if (owner || age > 2000) removeFile(lockFile);
        else await sleep(100);
        continue;
      }
      if (Date.now() > deadline) {
        throw new InfraError(
          `等待锁超时 / timed out waiting for lock ${lockFile} (held by pid ${owner})`,
        );
      }
      if (!announced) {
        info(`${holder} (pid ${owner}) is running; waiting for it…`);
        announced = true;
      }
      await sleep(300);
    }
  }
  try {
    return await fn();
  } finally {
    if (readPid(lockFile) === process.pid) removeFile(lockFile);
  }
}

// ---------------------------------------------------------------- port ownership
function listenInodes(port) {
  const hex = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  const inodes = new Set();
  for (const f of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text;
    try {
      text = readFileSync(f, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length > 9 && cols[3] === '0A' && cols[1].endsWith(hex)) inodes.add(cols[9]);
    }
  }
  return inodes;
}

/** pid and its descendants (a wrapper script such as kc.sh runs the JVM as its child). */
function processTree(pid) {
  const children = new Map();
  try {
    for (const d of readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        if (!children.has(ppid)) children.set(ppid, []);
        children.get(ppid).push(Number(d));
      } catch {
        /* exited meanwhile */
      }
    }
  } catch {
    return [pid];
  }
  const out = [];
  const queue = [pid];
  while (queue.length) {
    const p = queue.shift();
    out.push(p);
    queue.push(...(children.get(p) || []));
  }
  return out;
}

/**
 * Whether process `pid` (or a child of it) holds the listening socket of `port`:
 * true / false, or null where this cannot be told (no /proc, e.g. macOS).
 */
export function pidOwnsPort(pid, port) {
  if (!existsSync('/proc/net/tcp')) return null;
  const inodes = listenInodes(port);
  if (inodes.size === 0) return false;
  let readable = false;
  for (const p of processTree(pid)) {
    let fds;
    try {
      fds = readdirSync(`/proc/${p}/fd`);
      readable = true;
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${p}/fd/${fd}`));
        if (m && inodes.has(m[1])) return true;
      } catch {
        /* fd closed meanwhile */
      }
    }
  }
  return readable ? false : null;
}
