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
import { MongoCaseStore } from './case.store';
import { Coordination } from './coordination';
import { IntakeClient } from './intake.client';
import { PartDeadlines } from './part-deadlines';
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
