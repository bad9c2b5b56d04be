import { migrateScope } from '../access';
import { sealedCollections } from '../sealed-fields';
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
import { backfillQueueFields } from './review.queue-backfill';
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
    ctx,
    deps: { calendar: WorkingDayCalendar; cases: CaseService; relativesCheck: RelativesCheck },
  ) {
    const { config, mongo, verifier, relayOutbox, clock, logger } = ctx;
    const { Review } = reviewModels(mongo);
    const { EmergencyGuard } = emergencyGuardModels(mongo);
    await Promise.all([Review.init(), EmergencyGuard.init()]);
    await migrateScope(mongo, 'reviews', 'regionCode', logger);
    const guardSpec = sealedCollections.emergency_aid_guards;
    // Guards keyed by the clear ID number move first, so the sealing pass never records such an id.
    const guards = new MongoEmergencyGuardStore(
      { EmergencyGuard },
      await ctx.vault.collection('emergency_aid_guards', guardSpec),
    );
    const moved = await guards.migrateKeys(mongo.collection('civil_affairs_migrations'));
    if (moved > 0) logger.info({ moved }, 'emergency guards moved to blind-index ids');
    await ctx.sealCollection('emergency_aid_guards', guardSpec);
    const reviewCipher = await ctx.sealCollection('reviews', sealedCollections.reviews);
    const emergencyClaims = new EmergencyClaims(guards, {
      config: defaultPolicyConfig,
      windowDays: config.EMERGENCY_EVENT_WINDOW_DAYS,
      staleMs: config.EMERGENCY_GUARD_STALE_MS,
    });
    const policy = createPolicyContext({ calendar: deps.calendar });
    await backfillQueueFields(mongo, policy, logger);
    const reviews = new ReviewService(
      new MongoReviewStore({ Review }, reviewCipher),
      deps.cases,
      policy,
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
