import { type IsoDate, addCalendarDays, parseIsoDate } from '@jh/domain-calendar';
import { PolicyInputError } from './policy-result';

/**
 * R-AP-6 同一急难事项: the days an emergency reported on `occurredOn` claims — `occurredOn` and
 * the `windowDays` days before it. Two reports of one household share a day exactly when their
 * dates are at most `windowDays` apart, so they are the same emergency whatever category or
 * wording they were given: moving the date by a day does not make a second emergency, and
 * guards keyed by these days collide (unique `_id`) for two concurrent reports as well.
 */
export function sameEmergencyDays(occurredOn: string, windowDays: number): IsoDate[] {
  if (!Number.isInteger(windowDays) || windowDays < 0) {
    throw new PolicyInputError(`windowDays must be a non-negative integer, got ${windowDays}`);
  }
  const day = parseIsoDate(occurredOn);
  const days: IsoDate[] = [];
  for (let back = windowDays; back >= 0; back--) days.push(addCalendarDays(day, -back));
  return days;
}

/** True when two reported dates are the same emergency under `windowDays` (see above). */
export function isSameEmergencyDate(a: string, b: string, windowDays: number): boolean {
  const days = new Set(sameEmergencyDays(a, windowDays));
  return sameEmergencyDays(b, windowDays).some((d) => days.has(d));
}
