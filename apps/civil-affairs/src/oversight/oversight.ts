import type { Express } from 'express';
import type { Connection } from 'mongoose';
import { defaultPolicyConfig, type PolicyConfig } from '@jh/domain-policy';
import { requireAuth, type TokenVerifier } from '@jh/platform-auth';
import type { Logger } from '@jh/platform-logger';
import type { ServiceContext } from '@jh/platform-service';
import type { CivilAffairsConfig } from '../env';
import { RelativesRegistry, type RelativesCheck } from './relatives';
import { mountRelativesRoutes } from './relatives.http';
import { relativeModels } from './relatives.model';
import { MongoRelativeStore } from './relatives.store';
import { mountSpotCheckRoutes } from './spot-check.http';
import { spotCheckModels } from './spot-check.model';
import { SpotCheckJob, SpotCheckService } from './spot-check.service';
import { MongoSpotCheckStore } from './spot-check.store';

export type { RelativesCheck } from './relatives';

export interface Oversight {
  relatives: RelativesRegistry;
  /** R-AP-8 check for ReviewService (flag at review opening). */
  relativesCheck: RelativesCheck;
  spotChecks: SpotCheckService;
  spotCheckJob: SpotCheckJob;
  mountHttp(app: Express, verifier: TokenVerifier): void;
}

/** Policy configuration with the R-AP-7 rates from the environment. */
export function oversightPolicy(config: CivilAffairsConfig): PolicyConfig {
  return {
    ...defaultPolicyConfig,
    spotCheck: {
      ...defaultPolicyConfig.spotCheck,
      ratePercent: {
        subsistence: config.SPOT_CHECK_SUBSISTENCE_RATE_PERCENT,
        temporary: config.SPOT_CHECK_TEMPORARY_RATE_PERCENT,
      },
    },
  };
}

/** Spot checks (R-AP-7) and the relatives-of-staff registry (R-AP-8). */
export async function wireOversight(deps: {
  mongo: Connection;
  config: CivilAffairsConfig;
  logger: Logger;
  clock: () => Date;
  every: ServiceContext['every'];
}): Promise<Oversight> {
  const { mongo, config, logger, clock } = deps;
  const policy = oversightPolicy(config);
  const { Relative } = relativeModels(mongo);
  const { SpotCheck, ReviewRead } = spotCheckModels(mongo);
  await Promise.all([Relative.init(), SpotCheck.init()]);
  const relatives = new RelativesRegistry(new MongoRelativeStore({ Relative }), policy, clock);
  const spotChecks = new SpotCheckService(
    new MongoSpotCheckStore({ SpotCheck, ReviewRead }),
    policy,
    clock,
  );
  const spotCheckJob = new SpotCheckJob(spotChecks, config.SPOT_CHECK_CHECKER_IDS, clock, logger);
  deps.every(config.SPOT_CHECK_DRAW_INTERVAL_MS, 'spot-check draw', () => spotCheckJob.runOnce());
  return {
    relatives,
    relativesCheck: relatives.relativesCheck,
    spotChecks,
    spotCheckJob,
    mountHttp(app, verifier) {
      app.use('/oversight', requireAuth(verifier));
      mountRelativesRoutes(app, relatives);
      mountSpotCheckRoutes(app, spotChecks);
    },
  };
}
