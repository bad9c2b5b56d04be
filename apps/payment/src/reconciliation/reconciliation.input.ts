import { z } from '@jh/platform-config';
import { isoDay } from '@jh/platform-http';

/** A small statement sent as JSON; large files go as `text/csv` to `/reconciliations/:date/file`. */
export const importBody = z.object({ date: z.string(), csv: z.string().min(1) });

/** Reports of statement days in [from, to], newest first (the console's import history). */
export const reportsQuery = z.object({ from: isoDay, to: isoDay });
