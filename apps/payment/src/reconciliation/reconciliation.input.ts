import { z } from '@jh/platform-config';

/** A small statement sent as JSON; large files go as `text/csv` to `/reconciliations/:date/file`. */
export const importBody = z.object({ date: z.string(), csv: z.string().min(1) });
