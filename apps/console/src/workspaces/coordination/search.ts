import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/** Filters and page kept in the URL, so back/forward and bookmarks keep them. */
export function useUrlState() {
  const [params, setParams] = useSearchParams();
  const get = useCallback((key: string) => params.get(key) ?? undefined, [params]);
  const num = useCallback(
    (key: string, fallback: number) => {
      const n = Number(params.get(key));
      return Number.isInteger(n) && n > 0 ? n : fallback;
    },
    [params],
  );
  /** Sets (or clears) keys; any filter change goes back to page 1 unless `page` is given. */
  const set = useCallback(
    (changes: Record<string, string | number | undefined>) =>
      setParams((prev) => {
        const next = new URLSearchParams(prev);
        if (!('page' in changes)) next.delete('page');
        for (const [k, v] of Object.entries(changes)) {
          if (v === undefined || v === '') next.delete(k);
          else next.set(k, String(v));
        }
        return next;
      }),
    [setParams],
  );
  return { get, num, set };
}
