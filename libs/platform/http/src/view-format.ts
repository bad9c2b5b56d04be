import { z } from 'zod';

/** A stored time as ISO-8601 UTC text for a JSON view; no time → null. */
export function iso(at: Date | string | null | undefined): string | null {
  return at ? new Date(at).toISOString() : null;
}

/** A calendar day in a request (query or body): YYYY-MM-DD. */
export const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
