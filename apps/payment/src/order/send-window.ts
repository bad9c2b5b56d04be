import type { ScheduleCode } from './order.model';

/**
 * When the sender may first push an instalment (R-PAY-2). First aid and temporary aid must reach
 * the card within days of approval, so they go out at once; monthly 低保/特困 items follow their
 * schedule and are pushed `leadMs` before they are due.
 */
export function sendableFrom(schedule: ScheduleCode, dueAt: Date, now: Date, leadMs: number): Date {
  if (schedule !== 'monthly') return now;
  const from = new Date(dueAt.getTime() - leadMs);
  return from > now ? from : now;
}
