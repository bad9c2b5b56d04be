import { z } from 'zod';
import officialJson from './data/cn-official-holidays.json';
import { isoDateToEpochDay } from './shanghai-time';

function isIsoDate(text: string): boolean {
  try {
    isoDateToEpochDay(text);
    return true;
  } catch {
    return false;
  }
}

const isoDate = z.string().refine(isIsoDate, { message: 'expected a real date YYYY-MM-DD' });
const name = z.string().trim().min(1);

const noticeSourceSchema = z.strictObject({
  title: name,
  /** e.g. 国办发明电〔2024〕12号; omit rather than guess. */
  documentNumber: name.optional(),
  issuedOn: isoDate.optional(),
  url: z.url().optional(),
  note: z.string().optional(),
});

const holidayPeriodSchema = z
  .strictObject({ name, from: isoDate, to: isoDate })
  .refine((p) => p.from <= p.to, { message: 'holiday period ends before it starts' });

const namedDateSchema = z.strictObject({ date: isoDate, name });

// Reads the year textually: refinements also run when a date failed its own check.
const yearOf = (date: string): number => Number(date.slice(0, 4));

const calendarYearSchema = z
  .strictObject({
    year: z.number().int().min(1991).max(9999),
    source: noticeSourceSchema,
    holidays: z.array(holidayPeriodSchema),
    makeUpWorkingDays: z.array(namedDateSchema),
  })
  .superRefine((y, ctx) => {
    const outside = [
      ...y.holidays.flatMap((h) => [h.from, h.to]),
      ...y.makeUpWorkingDays.map((d) => d.date),
    ].filter((d) => yearOf(d) !== y.year);
    for (const d of outside)
      ctx.addIssue({ code: 'custom', message: `${d} is not in year ${y.year}` });
    for (const m of y.makeUpWorkingDays) {
      if (y.holidays.some((h) => h.from <= m.date && m.date <= h.to)) {
        ctx.addIssue({
          code: 'custom',
          message: `${m.date} is both a holiday and a make-up working day`,
        });
      }
    }
  });

function uniqueYears(years: readonly { year: number }[], ctx: z.RefinementCtx): void {
  const seen = new Set<number>();
  for (const { year } of years) {
    if (seen.has(year)) ctx.addIssue({ code: 'custom', message: `year ${year} appears twice` });
    seen.add(year);
  }
}

export const calendarDataSchema = z
  .strictObject({ description: z.string().optional(), years: z.array(calendarYearSchema) })
  .superRefine((d, ctx) => uniqueYears(d.years, ctx));

/** Local changes on top of the official data; whole `years` replace the official year of the same number. */
export const calendarOverridesSchema = z
  .strictObject({
    description: z.string().optional(),
    years: z.array(calendarYearSchema).optional(),
    extraClosures: z.array(namedDateSchema).optional(),
    extraWorkingDays: z.array(namedDateSchema).optional(),
  })
  .superRefine((o, ctx) => {
    uniqueYears(o.years ?? [], ctx);
    const closures = new Set((o.extraClosures ?? []).map((c) => c.date));
    for (const w of o.extraWorkingDays ?? []) {
      if (closures.has(w.date))
        ctx.addIssue({ code: 'custom', message: `${w.date} is both a closure and a working day` });
    }
  });

export type NoticeSource = Readonly<z.infer<typeof noticeSourceSchema>>;
export type HolidayPeriod = Readonly<z.infer<typeof holidayPeriodSchema>>;
export type NamedDate = Readonly<z.infer<typeof namedDateSchema>>;
export type CalendarYear = Readonly<z.infer<typeof calendarYearSchema>>;
export type CalendarData = Readonly<z.infer<typeof calendarDataSchema>>;
export type CalendarOverrides = Readonly<z.infer<typeof calendarOverridesSchema>>;

export class CalendarDataError extends Error {
  override readonly name = 'CalendarDataError';
}

function parseWith<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const result = schema.safeParse(input);
  if (!result.success)
    throw new CalendarDataError(`Invalid ${what}:\n${z.prettifyError(result.error)}`);
  return result.data;
}

/** Validates calendar data (e.g. a JSON file the app has read); throws CalendarDataError with every problem. */
export function parseCalendarData(input: unknown): CalendarData {
  return parseWith(calendarDataSchema, input, 'calendar data');
}

/** Validates a local override document; throws CalendarDataError with every problem. */
export function parseCalendarOverrides(input: unknown): CalendarOverrides {
  return parseWith(calendarOverridesSchema, input, 'calendar overrides');
}

/** The bundled official data (State Council notices), validated at load. */
export const officialCalendarData: CalendarData = parseCalendarData(officialJson);
