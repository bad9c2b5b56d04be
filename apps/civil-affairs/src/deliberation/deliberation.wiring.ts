import type { Express } from 'express';
import type { PolicyContext } from '@jh/domain-policy';
import type { TokenVerifier } from '@jh/platform-auth';
import type { ServiceContext } from '@jh/platform-service';
import type { Connection } from 'mongoose';
import type { CaseService } from '../case/case.service';
import { mountDeliberationRoutes } from './deliberation.http';
import { deliberationModels } from './deliberation.model';
import { DeliberationService } from './deliberation.service';
import { MongoDeliberationStore } from './deliberation.store';

/** 一事一议 (DOMAIN §5, ADR 0008): own collections, own outbox relay, HTTP routes. */
export async function wireDeliberations(deps: {
  mongo: Connection;
  relayOutbox: ServiceContext['relayOutbox'];
  verifier: TokenVerifier;
  cases: CaseService;
  policy: PolicyContext;
  clock: () => Date;
}): Promise<{ deliberations: DeliberationService; mountHttp(app: Express): void }> {
  const models = deliberationModels(deps.mongo);
  await Promise.all([models.Deliberation.init(), models.PeriodicReview.init()]);
  const deliberations = new DeliberationService(
    new MongoDeliberationStore(models),
    deps.cases,
    deps.policy,
    deps.clock,
  );
  deps.relayOutbox(models.Deliberation);
  return {
    deliberations,
    mountHttp: (app) => mountDeliberationRoutes(app, { verifier: deps.verifier, deliberations }),
  };
}
