import { Topics } from '@jh/contracts';
import { officialCalendar, type WorkingDayCalendar } from '@jh/domain-calendar';
import { dlqTopicOf, ensureTopics, type OutboxRelay } from '@jh/platform-kafka';
import { createPolicyContext } from '@jh/domain-policy';
import { startService, type RunningService, type Scheduler } from '@jh/platform-service';
import { caseModels } from './case/case.model';
import { CaseService } from './case/case.service';
import { MongoCaseStore } from './case/case.store';
import { Coordination } from './case/coordination';
import { PartDeadlines } from './case/part-deadlines';
import { SlaMonitor } from './case/sla-monitor';
import { startCaseConsumer } from './consumers';
import type { CivilAffairsConfig } from './env';
import { mountCivilAffairsRoutes } from './http';
import { IntakeClient } from './intake-client';
import { RoutingTable } from './routing';
import { mountReviewRoutes } from './review/review.http';
import { reviewModels } from './review/review.model';
import { ReviewService } from './review/review.service';
import { MongoReviewStore } from './review/review.store';
import { mountFirstAidRoutes } from './review/first-aid.http';
import { reviewServiceOptions, startFirstAid } from './review/review.wiring';
import { wireOversight } from './oversight/oversight';
import { certificationFeature } from './certification/certification.feature';
import { wireDeliberations } from './deliberation/deliberation.wiring';

export interface CivilAffairsService extends RunningService {
  cases: CaseService;
  monitor: SlaMonitor;
  relay: OutboxRelay;
}

export interface CivilAffairsOptions {
  /** Injected "now" (tests control the SLA clocks with it). */
  clock?: () => Date;
  calendar?: WorkingDayCalendar;
  /** Times the SLA scan and spot-check draw loops (tests drive them by hand). */
  scheduler?: Scheduler;
}

export async function startCivilAffairs(
  config: CivilAffairsConfig,
  options: CivilAffairsOptions = {},
): Promise<CivilAffairsService> {
  let wired: Pick<CivilAffairsService, 'cases' | 'monitor' | 'relay'> | undefined;
  const running = await startService(
    config,
    async (ctx) => {
      const { mongo, kafka, logger, verifier, onStop, relayOutbox, every } = ctx;
      const calendar = options.calendar ?? officialCalendar;
      const clock = options.clock ?? (() => new Date());
      const intake = new IntakeClient(config.INTAKE_GRPC_URL, {
        secret: config.AUTH_JWT_SECRET,
        issuer: config.AUTH_ISSUER,
        audience: config.AUTH_AUDIENCE,
      });
      onStop(async () => intake.close());

      const models = caseModels(mongo);
      await models.Case.init();
      const store = new MongoCaseStore(models);
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

      const consumed = [
        Topics.applicationSubmitted,
        Topics.partReported,
        Topics.partAccepted,
        Topics.partTransferRequested,
      ];
      const published = [
        Topics.partDispatched,
        Topics.partCancelled,
        Topics.partOverdue,
        Topics.assistanceApproved,
        Topics.reviewProgressed,
        Topics.studentCertified,
        Topics.studentCertificationEnded,
      ];
      await ensureTopics(kafka, [
        ...[...consumed, ...published].map((t) => kafka.topic(t)),
        ...consumed.map((t) => dlqTopicOf(kafka.topic(t))),
      ]);
      const relay = relayOutbox(models.Case);

      // Spot checks (R-AP-7) and the relatives-of-staff registry (R-AP-8).
      const oversight = await wireOversight({ mongo, config, logger, clock, every });

      // Review and approval per item (ADR 0007): own collection, own outbox relay.
      const { Review } = reviewModels(mongo);
      await Review.init();
      const reviewOptions = await reviewServiceOptions(mongo, config);
      const reviews = new ReviewService(
        new MongoReviewStore({ Review }),
        cases,
        createPolicyContext({ calendar }),
        clock,
        { ...reviewOptions, relativesCheck: oversight.relativesCheck },
      );
      relayOutbox(Review);
      // R-AP-9 first aid (ADR 0007 addendum): own collection and outbox relay.
      const firstAid = await startFirstAid({
        mongo,
        config,
        calendar,
        clock,
        relayOutbox,
        emergencyClaims: reviewOptions.emergencyClaims,
        householdOfCase: async (caseId) => {
          const c = await store.findById(caseId);
          return (
            c && [c.applicantIdNumber, ...(c.householdIdNumbers ?? [])].filter((n) => n !== '')
          );
        },
      });
      // 免申即享 certifications (DOMAIN §7): own collection and outbox relay.
      const certification = await certificationFeature.start({ ...ctx, config: {}, clock }, undefined);

      // 一事一议 (DOMAIN §5, ADR 0008): own collections and outbox relay.
      const deliberation = await wireDeliberations({
        mongo,
        relayOutbox,
        verifier,
        cases,
        policy: createPolicyContext({ calendar }),
        clock,
      });
      const consumer = await startCaseConsumer(kafka, logger, cases);
      onStop(() => consumer.stop());
      every(config.SLA_SCAN_INTERVAL_MS, 'SLA scan', () => monitor.scan());

      wired = { cases, monitor, relay };
      return {
        mountHttp: (app) => {
          mountCivilAffairsRoutes(app, { verifier, cases, coordination, monitor, routing, intake });
          mountReviewRoutes(app, { verifier, reviews });
          mountFirstAidRoutes(app, { verifier, firstAid });
          oversight.mountHttp(app, verifier);
          certification.mountHttp?.(app);
          deliberation.mountHttp(app);
        },
      };
    },
    { scheduler: options.scheduler },
  );
  if (!wired) throw new Error('civil-affairs not wired');
  return { ...running, ...wired };
}
