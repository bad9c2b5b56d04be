import { migrateScope } from '../access';
import { Topics } from '@jh/contracts';
import { sealedCollections } from '../sealed-fields';
import type { WorkingDayCalendar } from '@jh/domain-calendar';
import { createPolicyContext } from '@jh/domain-policy';
import { defineFeature } from '@jh/platform-service';
import type { CaseService } from '../case/case.service';
import { mountDeliberationRoutes } from './deliberation.http';
import { deliberationModels } from './deliberation.model';
import { DeliberationService } from './deliberation.service';
import { MongoDeliberationStore } from './deliberation.store';

/** 一事一议 (DOMAIN §5, ADR 0008): own collections, own outbox relay, HTTP routes. */
export const deliberationFeature = defineFeature({
  name: 'deliberation',
  env: {},
  topics: { publishes: [Topics.assistanceApproved] },
  async start(
    { mongo, verifier, relayOutbox, clock, logger, sealCollection },
    deps: { calendar: WorkingDayCalendar; cases: CaseService },
  ) {
    const models = deliberationModels(mongo);
    await Promise.all([models.Deliberation.init(), models.PeriodicReview.init()]);
    await migrateScope(mongo, 'deliberations', 'applicant.regionCode', logger);
    await migrateScope(mongo, 'deliberation_reviews', 'regionCode', logger);
    const deliberations = new DeliberationService(
      new MongoDeliberationStore(models, {
        deliberations: await sealCollection('deliberations', sealedCollections.deliberations),
        reviews: await sealCollection(
          'deliberation_reviews',
          sealedCollections.deliberation_reviews,
        ),
      }),
      deps.cases,
      createPolicyContext({ calendar: deps.calendar }),
      clock,
    );
    relayOutbox(models.Deliberation);
    return {
      api: deliberations,
      mountHttp: (app) => mountDeliberationRoutes(app, { verifier, deliberations, logger }),
    };
  },
});
