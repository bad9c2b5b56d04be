import { useQueries } from '@tanstack/react-query';
import { call } from '../../api/typed';
import { ApiError } from '../../api/errors';
import type { OpenLookup } from './model';

export interface OpenHit {
  idNumber: string;
  hits: OpenLookup['open'];
}

/**
 * The open applications of each valid ID number on the form (R-JH-1 duplicate warning, not a
 * block). The number goes in a POST body, never a URL; a service without the lookup says nothing.
 */
export function useOpenLookup(idNumbers: string[]): { found: OpenHit[]; unavailable: boolean } {
  const results = useQueries({
    queries: idNumbers.map((idNumber) => ({
      queryKey: ['intake', 'open-lookup', idNumber],
      staleTime: 60_000,
      retry: false,
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        call<OpenLookup, 'intake', 'post', '/applications/open-lookup'>(
          'intake',
          'post',
          '/applications/open-lookup',
          {
            body: { idNumber },
            signal,
          },
        ),
    })),
  });
  const found = results.flatMap((r, i) =>
    r.data && r.data.open.length > 0 ? [{ idNumber: idNumbers[i]!, hits: r.data.open }] : [],
  );
  const unavailable = results.some(
    (r) => r.error instanceof ApiError && (r.error.status === 404 || r.error.status >= 500),
  );
  return { found, unavailable };
}
