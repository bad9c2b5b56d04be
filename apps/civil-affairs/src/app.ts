import type { CalendarData } from '@jh/domain-calendar';
import type { OutboxRelay } from '@jh/platform-kafka';
import { startFeatures, type RunningService, type Scheduler } from '@jh/platform-service';
import { calendarAdminFeature, calendarFeature } from './calendar/calendar.feature';
import { caseFeature } from './case/case.feature';
import type { CaseService } from './case/case.service';
import type { SlaMonitor } from './case/sla-monitor';
import { certificationFeature } from './certification/certification.feature';
import { deliberationFeature } from './deliberation/deliberation.feature';
import type { CivilAffairsConfig } from './env';
import { firstAidFeature } from './first-aid/first-aid.feature';
import { oversightFeature } from './oversight/oversight.feature';
import { reviewFeature } from './review/review.feature';
import { timelineFeature } from './timeline/timeline.feature';
import { openApiDocument } from './openapi';
import { outreachFeature } from './outreach/outreach.feature';
import type { OutreachService } from './outreach/outreach.service';

export interface CivilAffairsService extends RunningService {
  cases: CaseService;
  monitor: SlaMonitor;
  relay: OutboxRelay;
  /** 主动发现 (issue 19): tests drive its response scan by hand. */
  outreach: OutreachService;
}

export interface CivilAffairsOptions {
  /** Injected "now" (tests control the SLA clocks with it). */
  clock?: () => Date;
  /** The bundled official holiday data (defaults to the library's); loaded years go on top. */
  calendarData?: CalendarData;
  /** Times the SLA scan and spot-check draw loops (tests drive them by hand). */
  scheduler?: Scheduler;
}

/** Civil affairs as its list of features (ADR 0012); later features get earlier ones' APIs. */
export async function startCivilAffairs(
  config: CivilAffairsConfig,
  options: CivilAffairsOptions = {},
): Promise<CivilAffairsService> {
  return startFeatures(
    config,
    async (add) => {
      const { calendar, years } = await add(calendarFeature, { bundled: options.calendarData });
      const { cases, monitor, relay, store, departmentName, householdOfCase } = await add(
        caseFeature,
        { calendar },
      );
      const { relativesCheck } = await add(oversightFeature);
      const { emergencyClaims } = await add(reviewFeature, { calendar, cases, relativesCheck });
      await add(firstAidFeature, { calendar, emergencyClaims, householdOfCase });
      await add(certificationFeature);
      await add(deliberationFeature, { calendar, cases });
      await add(timelineFeature, { cases, departmentName });
      await add(calendarAdminFeature, { calendar, years, cases: store });
      const { outreach } = await add(outreachFeature, {
        calendar,
        scanIntervalMs: config.SLA_SCAN_INTERVAL_MS,
      });
      return { cases, monitor, relay, outreach };
    },
    { clock: options.clock, scheduler: options.scheduler, openApi: openApiDocument },
  );
}
