import { trace } from '@opentelemetry/api';
import pino, { type Logger, type DestinationStream } from 'pino';
import { captureStreams } from './capture';

export type { Logger };

const personalKeys = [
  'idNumber',
  'id_number',
  'phone',
  'mobile',
  'address',
  'bankAccount',
  'cardNo',
];
const secretKeys = ['authorization', 'cookie', 'password', 'token'];

/** pino paths down to three levels plus common arrays; deeper personal data is caught by `scrub`. */
function redactPaths(): string[] {
  const keys = [...personalKeys, ...secretKeys];
  const paths: string[] = [];
  for (const k of keys) {
    paths.push(k, `*.${k}`, `*.*.${k}`, `*.*.*.${k}`, `*[*].${k}`, `*.*[*].${k}`);
  }
  paths.push('req.headers.authorization', 'req.headers.cookie', 'headers.authorization');
  return paths;
}

// 18-digit resident ID (last may be X) and mainland mobile numbers inside free text.
const idNumberPattern = /\b\d{17}[\dXx]\b/g;
const phonePattern = /(?<!\d)1[3-9]\d{9}(?!\d)/g;

/** Masks ID numbers and phone numbers that appear inside message strings. */
export function scrub(text: string): string {
  return text.replace(idNumberPattern, '[ID已脱敏]').replace(phonePattern, '[手机号已脱敏]');
}

/** `trace_id`/`span_id` of the active span; nothing outside one or with telemetry off. */
export function traceFields(): Record<string, string> {
  const ctx = trace.getActiveSpan()?.spanContext();
  if (!ctx || !trace.isSpanContextValid(ctx)) return {};
  return { trace_id: ctx.traceId, span_id: ctx.spanId };
}

export interface LoggerOptions {
  name: string;
  level?: string;
  destination?: DestinationStream;
}

/**
 * The one logger factory: named, personal data and auth headers redacted.
 * Silent under jest unless LOG_LEVEL asks otherwise.
 */
export function createLogger(options: LoggerOptions): Logger {
  const level =
    options.level ??
    process.env['LOG_LEVEL'] ??
    (process.env['JEST_WORKER_ID'] !== undefined ? 'silent' : 'info');
  // With JH_LOG_CAPTURE_DIR set, every line from debug up also goes to a capture file for the
  // log scan (tools/log-scan), whatever level was asked for; redaction applies before either.
  const capture = captureStreams(level, options.destination);
  return pino(
    {
      name: options.name,
      level: capture?.level ?? level,
      redact: { paths: redactPaths(), censor: '[已脱敏]' },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((a) => (typeof a === 'string' ? scrub(a) : a)) as typeof args;
          method.apply(this, scrubbed);
        },
      },
      formatters: { level: (label) => ({ level: label }) },
      // A line written inside a span names it, so a log line leads to its trace (ADR 0024).
      mixin: traceFields,
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    capture?.stream ?? options.destination,
  );
}
