import { useQuery } from '@tanstack/react-query';

/** `tracing.traceUrl` of /console-config.json, e.g. `http://127.0.0.1:16686/trace/{traceId}`. */
async function loadTraceTemplate(): Promise<string | null> {
  const res = await fetch('/console-config.json', { cache: 'no-store' });
  if (!res.ok) return null;
  const config = (await res.json()) as { tracing?: { traceUrl?: unknown } };
  const template = config.tracing?.traceUrl;
  // Only http(s) templates with the placeholder: anything else gives no link.
  return typeof template === 'string' &&
    /^https?:\/\//.test(template) &&
    template.includes('{traceId}')
    ? template
    : null;
}

/** A function from trace id to its link, or null when no trace viewer is configured. */
export function useTraceUrl(): ((traceId: string) => string) | null {
  const { data } = useQuery({
    queryKey: ['console-config', 'trace-url'],
    queryFn: loadTraceTemplate,
    staleTime: Infinity,
    retry: false,
  });
  if (!data) return null;
  return (traceId) => data.replace('{traceId}', encodeURIComponent(traceId));
}
