import { migrateScope } from '../access';
import { defaultPolicyConfig } from '@jh/domain-policy';
import { requireAuth } from '@jh/platform-auth';
import { defineFeature } from '@jh/platform-service';
import { oversightEnv } from './oversight.env';
import { RelativesRegistry, relativeKeyOf } from './relatives.service';
import { sealedCollections } from '../sealed-fields';
import { mountRelativesRoutes } from './relatives.http';
import { relativeModels } from './relatives.model';
import { MongoRelativeStore } from './relatives.store';
import { mountSpotCheckRoutes } from './spot-check.http';
import { spotCheckModels } from './spot-check.model';
import { SpotCheckJob, SpotCheckService } from './spot-check.service';
import { MongoSpotCheckStore } from './spot-check.store';

/** Spot checks (R-AP-7, monthly draw loop) and the relatives-of-staff registry (R-AP-8). */
export const oversightFeature = defineFeature({
  name: 'oversight',
  env: oversightEnv,
  async start({ config, mongo, logger, verifier, clock, every, sealCollection, vault }) {
    const policy = {
      ...defaultPolicyConfig,
      spotCheck: {
        ...defaultPolicyConfig.spotCheck,
        ratePercent: {
          subsistence: config.SPOT_CHECK_SUBSISTENCE_RATE_PERCENT,
          temporary: config.SPOT_CHECK_TEMPORARY_RATE_PERCENT,
        },
      },
    };
    const { Relative } = relativeModels(mongo);
    const { SpotCheck, ReviewRead } = spotCheckModels(mongo);
    await Promise.all([Relative.init(), SpotCheck.init()]);
    await migrateScope(mongo, 'staff_relatives', 'regionCode', logger);
    const relativeSpec = sealedCollections.staff_relatives;
    // Re-keyed before the sealing pass starts, so the pass never records an old hashed id.
    const relativeStore = new MongoRelativeStore(
      { Relative },
      await vault.collection('staff_relatives', relativeSpec),
    );
    const blind = (idNumber: string) => vault.blindIndex('id-number', idNumber);
    const moved = await relativeStore.migrateKeys(
      mongo.collection('civil_affairs_migrations') as never,
      (idNumber) => relativeKeyOf(blind, idNumber),
    );
    if (moved > 0) logger.info({ moved }, 'staff relatives moved to blind-index ids');
    await sealCollection('staff_relatives', relativeSpec);
    const relatives = new RelativesRegistry(relativeStore, policy, clock, blind);
    const spotChecks = new SpotCheckService(
      new MongoSpotCheckStore({ SpotCheck, ReviewRead }),
      policy,
      clock,
    );
    const spotCheckJob = new SpotCheckJob(spotChecks, config.SPOT_CHECK_CHECKER_IDS, clock, logger);
    every(config.SPOT_CHECK_DRAW_INTERVAL_MS, 'spot-check draw', () => spotCheckJob.runOnce());
    return {
      // R-AP-8 check for reviews (flag at review opening).
      api: { relativesCheck: relatives.relativesCheck },
      mountHttp(app) {
        app.use('/oversight', requireAuth(verifier));
        mountRelativesRoutes(app, relatives, logger);
        mountSpotCheckRoutes(app, spotChecks, logger);
      },
    };
  },
});
