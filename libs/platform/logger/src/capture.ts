import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino, { type DestinationStream, type Level } from 'pino';

/** The level every captured line reaches: debug and above, as the issue 14 log scan asks. */
export const CAPTURE_LEVEL: Level = 'debug';

/** The capture file of this process under `dir` (one file per process, jest worker or app). */
export function captureFile(dir: string): string {
  const worker = process.env['JEST_WORKER_ID'];
  return join(dir, `${process.pid}${worker === undefined ? '' : `-w${worker}`}.ndjson`);
}

/**
 * A destination that appends each line synchronously: no buffer to flush at exit, so no line is
 * lost, and no file descriptor held (jest loads this module once per test file).
 */
function captureDestination(file: string): DestinationStream {
  return {
    write(line: string) {
      appendFileSync(file, line);
    },
  };
}

/**
 * When JH_LOG_CAPTURE_DIR is set: the logger level (debug, or lower if asked) and a multistream
 * writing the requested level to the caller's destination (stdout by default; nothing when
 * 'silent') and debug+ to the capture file. Undefined when capture is off.
 */
export function captureStreams(
  requested: string,
  destination: DestinationStream | undefined,
): { level: string; stream: DestinationStream } | undefined {
  const dir = process.env['JH_LOG_CAPTURE_DIR'];
  if (!dir) return undefined;
  mkdirSync(dir, { recursive: true });
  const values = pino.levels.values;
  const requestedValue = values[requested] ?? Infinity;
  const streams: pino.StreamEntry[] = [
    { level: CAPTURE_LEVEL, stream: captureDestination(captureFile(dir)) },
  ];
  if (requested !== 'silent' && Number.isFinite(requestedValue))
    streams.push({
      level: requested as Level,
      stream: destination ?? pino.destination({ dest: 1, sync: true }),
    });
  const level = requestedValue < values[CAPTURE_LEVEL]! ? requested : CAPTURE_LEVEL;
  return { level, stream: pino.multistream(streams) };
}
