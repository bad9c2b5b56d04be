import { z } from '@jh/platform-config';
import { isoDay } from '@jh/platform-http';
import { totalsGroupings } from './totals.service';

export const totalsQuery = z.object({
  from: isoDay,
  to: isoDay,
  groupBy: z.enum(totalsGroupings).default('day'),
  format: z.enum(['json', 'csv']).default('json'),
});
