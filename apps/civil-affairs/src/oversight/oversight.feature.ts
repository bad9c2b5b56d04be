import { migrateScope } from '../access';
import { defaultPolicyConfig } from '@jh/domain-policy';
import { requireAuth } from '@jh/platform-auth';
import { defineFeature } from '@jh/platform-service';
import { oversightEnv } from './oversight.env';
import { RelativesRegistry } from './relatives.service';
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
  async start({ config, mongo, logger, verifier, clock, every }) {
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
    const relatives = new RelativesRegistry(new MongoRelativeStore({ Relative }), policy, clock);
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
