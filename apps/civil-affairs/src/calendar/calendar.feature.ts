import { officialCalendarData, type CalendarData } from '@jh/domain-calendar';
import { z } from '@jh/platform-config';
import { defineFeature } from '@jh/platform-service';
import type { CaseStore } from '../case/case.store';
import { mountCalendarRoutes } from './calendar.http';
import { calendarYearModel, loadedYears } from './calendar.model';
import { CalendarAdmin } from './calendar.service';
import { LiveCalendar } from './live-calendar';

export const calendarEnv = {
  /** How often each instance reads the loaded years again (another may have loaded one); 0 = off. */
  CALENDAR_REFRESH_INTERVAL_MS: z.coerce.number().int().nonnegative().default(60_000),
};

/**
 * The working-day calendar every later feature counts with: bundled official data plus the years
 * an administrator loaded (read before anything counts a deadline).
 */
export const calendarFeature = defineFeature({
  name: 'calendar',
  env: calendarEnv,
  async start(ctx, deps: { bundled?: CalendarData }) {
    const years = calendarYearModel(ctx.mongo);
    await years.init();
    const calendar = new LiveCalendar(deps.bundled ?? officialCalendarData);
    calendar.use(await loadedYears(years));
    return { api: { calendar, years } };
  },
});

/** Its administration: status banner, preview, load, and "why this date" (needs the cases). */
export const calendarAdminFeature = defineFeature({
  name: 'calendar-admin',
  env: calendarEnv,
  async start(
    ctx,
    deps: {
      calendar: LiveCalendar;
      years: ReturnType<typeof calendarYearModel>;
      cases: CaseStore;
    },
  ) {
    const admin = new CalendarAdmin(deps.calendar, deps.years, deps.cases, ctx.mongo, ctx.clock);
    ctx.every(ctx.config.CALENDAR_REFRESH_INTERVAL_MS, 'calendar refresh', () => admin.refresh());
    return {
      api: { admin },
      mountHttp: (app) =>
        mountCalendarRoutes(app, { verifier: ctx.verifier, admin, logger: ctx.logger }),
    };
  },
});
