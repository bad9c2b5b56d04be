import type { Express } from 'express';
import type { PolicyContext } from '@jh/domain-policy';
import type { TokenVerifier } from '@jh/platform-auth';
import { OutboxRelay, type EventPublisher } from '@jh/platform-kafka';
import type { Logger } from '@jh/platform-logger';
import { mongoOutboxSource } from '@jh/platform-mongo';
import type { Connection } from 'mongoose';
import type { CaseService } from '../case/case.service';
import type { ReviewService } from '../review/review.service';
import { mountDeliberationRoutes } from './deliberation.http';
import { reviewInstalmentPlanner } from './deliberation.instalments';
import { deliberationModels } from './deliberation.model';
import { DeliberationService } from './deliberation.service';
import { MongoDeliberationStore } from './deliberation.store';

/** 一事一议 (DOMAIN §5, ADR 0008): own collections, own outbox relay, HTTP routes. */
export async function wireDeliberations(deps: {
  mongo: Connection;
  publisher: EventPublisher;
  logger: Logger;
  verifier: TokenVerifier;
  outboxIntervalMs: number;
  cases: CaseService;
  reviews: ReviewService;
  policy: PolicyContext;
  clock: () => Date;
  onStop(fn: () => Promise<void>): void;
}): Promise<{ deliberations: DeliberationService; mountHttp(app: Express): void }> {
  const models = deliberationModels(deps.mongo);
  await Promise.all([models.Deliberation.init(), models.PeriodicReview.init()]);
  const deliberations = new DeliberationService(
    new MongoDeliberationStore(models),
    deps.cases,
    deps.policy,
    reviewInstalmentPlanner(deps.reviews),
    deps.clock,
  );
  const relay = new OutboxRelay({
    source: mongoOutboxSource(models.Deliberation),
    publisher: deps.publisher,
    logger: deps.logger,
    intervalMs: deps.outboxIntervalMs,
  });
  relay.start();
  deps.onStop(() => relay.stop());
  return {
    deliberations,
    mountHttp: (app) => mountDeliberationRoutes(app, { verifier: deps.verifier, deliberations }),
  };
}
