// Errors of the drivers that mean "the database or the broker cannot be reached right now": a
// consumer waits and retries (never parks the message), an HTTP request answers 503.

const INFRASTRUCTURE_DOWN = new Set([
  'MongoServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoPoolClearedError',
  'MongoTopologyClosedError',
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSRequestTimeoutError',
]);

/**
 * Node's own socket errors, which the drivers sometimes pass on unwrapped: "This socket has been
 * ended by the other party" (EPIPE) answered 500 while FerretDB restarted in a chaos run.
 */
const SOCKET_DOWN = new Set(['EPIPE', 'ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EHOSTUNREACH']);

/** A database or broker that cannot be reached (a restart, a network cut): retried, never parked. */
export function isInfrastructureDown(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const labelled = e as Error & { hasErrorLabel?: (label: string) => boolean; code?: unknown };
  return (
    INFRASTRUCTURE_DOWN.has(e.name) ||
    SOCKET_DOWN.has(String(labelled.code)) ||
    (typeof labelled.hasErrorLabel === 'function' && labelled.hasErrorLabel('RetryableWriteError'))
  );
}
