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

/** A database or broker that cannot be reached (a restart, a network cut): retried, never parked. */
export function isInfrastructureDown(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const labelled = e as Error & { hasErrorLabel?: (label: string) => boolean };
  return (
    INFRASTRUCTURE_DOWN.has(e.name) ||
    (typeof labelled.hasErrorLabel === 'function' && labelled.hasErrorLabel('RetryableWriteError'))
  );
}
