import { migrateScope } from '../access';
import { cachedGauge } from '@jh/platform-telemetry';
import { sealedCollections } from '../sealed-fields';
import { Topics } from '@jh/contracts';
import { shanghaiDateOf, type WorkingDayCalendar } from '@jh/domain-calendar';
import { defineFeature } from '@jh/platform-service';
import { startCaseConsumer } from './case.consumer';
import { caseEnv } from './case.env';
import { mountCaseRoutes } from './case.http';
import { caseModels } from './case.model';
import { CaseService } from './case.service';
import { MongoCaseStore, type CaseStore } from './case.store';
import { Coordination } from './coordination';
import { IntakeClient } from './intake.client';
import { isOpen, PartDeadlines } from './part-deadlines';
import { RoutingTable } from './routing';
import { SlaMonitor } from './sla-monitor';

/**
 * Cases (R-JH-2…5): applications in from intake, one part per department out, both SLA clocks
 * watched by the scan loop, coordination views and the application read back over gRPC.
 */
export const caseFeature = defineFeature({
  name: 'case',
  env: caseEnv,
  topics: {
    consumes: [
      Topics.applicationSubmitted,
      Topics.partReported,
      Topics.partAccepted,
      Topics.partTransferRequested,
    ],
    publishes: [Topics.partDispatched, Topics.partCancelled, Topics.partOverdue],
  },
  async start(ctx, deps: { calendar: WorkingDayCalendar }) {
    const { config, mongo, kafka, logger, verifier, clock } = ctx;
    const { calendar } = deps;
    const { serviceToken } = ctx;
    if (!serviceToken)
      throw new Error('civil-affairs needs client credentials to read from intake');
    const intake = new IntakeClient(config.INTAKE_GRPC_URL, () => serviceToken.token());
    ctx.onStop(async () => intake.close());

    const models = caseModels(mongo);
    await models.Case.init();
    await migrateScope(mongo, 'cases', 'regionCode', logger);
    const cipher = await ctx.sealCollection('cases', sealedCollections.cases);
    const store = new MongoCaseStore(models, cipher);
    const routing = new RoutingTable(
      config.ROUTING_TABLE_JSON,
      config.DEPARTMENT_HANDLING_LIMITS_JSON,
      config.DEFAULT_HANDLING_WORKING_DAYS,
      config.DEPARTMENT_NAMES_JSON,
    );
    const deadlines = new PartDeadlines(calendar, routing, {
      chain: config.ESCALATION_CHAIN,
      noticeAfterWorkingDays: config.NOTICE_AFTER_WORKING_DAYS,
      atRiskPercent: config.SLA_AT_RISK_PERCENT,
    });
    const cases = new CaseService(store, routing, deadlines, calendar, logger, clock);
    const coordination = new Coordination(store, routing, calendar, clock);
    const monitor = new SlaMonitor(store, cases, logger);
    observeOnTime(coordination, routing.departments(), config.ON_TIME_TARGETS_JSON, clock);
    observeReportClocks(store, routing.departments(), clock);
    const relay = ctx.relayOutbox(models.Case);

    const consumer = await startCaseConsumer(kafka, logger, cases);
    ctx.onStop(() => consumer.stop());
    ctx.every(config.SLA_SCAN_INTERVAL_MS, 'SLA scan', () => monitor.scan());

    return {
      api: {
        cases,
        monitor,
        relay,
        store,
        /** A department code's display name (configuration, R-JH-2). */
        departmentName: (code: string) => routing.nameOf(code),
        /** ID numbers of a case's household (applicant and members); undefined without the case. */
        householdOfCase: async (caseId: string) => {
          const c = await store.findById(caseId);
          return (
            c && [c.applicantIdNumber, ...(c.householdIdNumbers ?? [])].filter((n) => n !== '')
          );
        },
      },
      mountHttp: (app) =>
        mountCaseRoutes(app, { verifier, cases, coordination, monitor, routing, intake, logger }),
    };
  },
});

/**
 * `jh_department_on_time_ratio` (parts due this month so far that were reported on time) and
 * `jh_department_on_time_target` per department, for the alert below target (R-JH-3, issue 17);
 * the month's parts are read at most every five minutes.
 */
function observeOnTime(
  coordination: Coordination,
  departments: string[],
  targets: Record<string, number>,
  clock: () => Date,
): void {
  const options = { everyMs: 300_000, clock };
  cachedGauge(
    'jh_department_on_time_ratio',
    '本月到期事项按时反馈率 / share of this month’s due parts reported on time',
    options,
    async () => {
      const today = shanghaiDateOf(clock());
      const rates = await coordination.onTimeRate(`${today.slice(0, 8)}01`, today, {});
      return rates.departments.flatMap((r) =>
        r.onTimeRate === null
          ? []
          : [{ value: r.onTimeRate, attributes: { department: r.department } }],
      );
    },
  );
  cachedGauge(
    'jh_department_on_time_target',
    '按时反馈率目标 / on-time target per department',
    options,
    async () =>
      departments.map((d) => ({
        value: targets[d] ?? targets['*'] ?? 0.95,
        attributes: { department: d },
      })),
  );
}

type ClockCounts = Map<string, { atRisk: number; overdue: number }>;

/**
 * `jh_parts_at_risk{department}` and `jh_parts_overdue{department}`: open parts whose report-back
 * clock (R-JH-3, 1 working day) is in its at-risk window (the SLA monitor's reminder level) or
 * past due and not reported (its coordinator level), for the overdue alert (issue 17). One read of
 * the coordinator's at-risk query (indexed equality on the open flag) serves both gauges, at most
 * once a minute; every configured department is exported, 0 included.
 */
function observeReportClocks(store: CaseStore, departments: string[], clock: () => Date): void {
  const everyMs = 60_000;
  let last: { at: number; counts: Promise<ClockCounts> } | undefined;
  const counts = (): Promise<ClockCounts> => {
    const now = clock();
    const at = now.getTime();
    if (!last || at - last.at >= everyMs || at < last.at) {
      const read = countReportClocks(store, departments, now);
      // A failed read is retried at the next scrape, not kept for a minute.
      read.catch(() => {
        if (last?.counts === read) last = undefined;
      });
      last = { at, counts: read };
    }
    return last.counts;
  };
  const rows = async (key: 'atRisk' | 'overdue') =>
    [...(await counts())].map(([department, n]) => ({ value: n[key], attributes: { department } }));
  const options = { everyMs, clock };
  cachedGauge(
    'jh_parts_at_risk',
    '反馈时限即将到期的未办结事项数 / open parts whose report-back deadline is near (at risk)',
    options,
    () => rows('atRisk'),
  );
  cachedGauge(
    'jh_parts_overdue',
    '超过反馈时限仍未反馈的事项数 / open parts past their report-back deadline, not reported',
    options,
    () => rows('overdue'),
  );
}

async function countReportClocks(
  store: CaseStore,
  departments: string[],
  now: Date,
): Promise<ClockCounts> {
  const counts: ClockCounts = new Map(departments.map((d) => [d, { atRisk: 0, overdue: 0 }]));
  // Every case with an open clock at risk: a superset of those whose report clock is.
  for (const doc of await store.withOpenPartsAtRisk(now, {})) {
    for (const part of doc.parts.filter(isOpen)) {
      if (part.report.atRiskAt > now) continue;
      const row = counts.get(part.department) ?? { atRisk: 0, overdue: 0 };
      counts.set(part.department, row);
      // Overdue strictly after the due instant, as the SLA monitor's coordinator level.
      if (part.report.dueAt < now) row.overdue += 1;
      else row.atRisk += 1;
    }
  }
  return counts;
}
