import { migrateScope } from '../access';
import { Topics } from '@jh/contracts';
import type { WorkingDayCalendar } from '@jh/domain-calendar';
import { createPolicyContext, defaultPolicyConfig } from '@jh/domain-policy';
import { defineFeature } from '@jh/platform-service';
import type { CaseService } from '../case/case.service';
import { EmergencyClaims } from './emergency-claims';
import { emergencyGuardModels } from './emergency-guard.model';
import { MongoEmergencyGuardStore } from './emergency-guard.store';
import { reviewEnv } from './review.env';
import { mountReviewRoutes } from './review.http';
import { reviewModels } from './review.model';
import type { RelativesCheck } from './review.opening';
import { ReviewService } from './review.service';
import { MongoReviewStore } from './review.store';

/**
 * Review and approval per item (ADR 0007): own collection, own outbox relay, and the R-AP-6
 * emergency guards (ADR 0011) that first aid shares, so both see each other's aid.
 */
export const reviewFeature = defineFeature({
  name: 'review',
  env: reviewEnv,
  topics: { publishes: [Topics.assistanceApproved, Topics.reviewProgressed] },
  async start(
    { config, mongo, verifier, relayOutbox, clock, logger },
    deps: { calendar: WorkingDayCalendar; cases: CaseService; relativesCheck: RelativesCheck },
  ) {
    const { Review } = reviewModels(mongo);
    const { EmergencyGuard } = emergencyGuardModels(mongo);
    await Promise.all([Review.init(), EmergencyGuard.init()]);
    await migrateScope(mongo, 'reviews', 'regionCode', logger);
    const emergencyClaims = new EmergencyClaims(new MongoEmergencyGuardStore({ EmergencyGuard }), {
      config: defaultPolicyConfig,
      windowDays: config.EMERGENCY_EVENT_WINDOW_DAYS,
      staleMs: config.EMERGENCY_GUARD_STALE_MS,
    });
    const reviews = new ReviewService(
      new MongoReviewStore({ Review }),
      deps.cases,
      createPolicyContext({ calendar: deps.calendar }),
      clock,
      {
        relativesCheck: deps.relativesCheck,
        emergencyClaims,
        fastAidCapFen: config.TEMPORARY_FAST_AID_CAP_FEN,
        fastAidPaperworkWorkingDays: config.TEMPORARY_FAST_AID_PAPERWORK_WORKING_DAYS,
      },
    );
    relayOutbox(Review);
    return {
      api: { reviews, emergencyClaims },
      mountHttp: (app) => mountReviewRoutes(app, { verifier, reviews, logger }),
    };
  },
});
