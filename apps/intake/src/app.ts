import { Topics } from '@jh/contracts';
import { ensureTopics, EventPublisher, OutboxRelay } from '@jh/platform-kafka';
import { mongoOutboxSource } from '@jh/platform-mongo';
import { startService, type RunningService } from '@jh/platform-service';
import { applicationModels } from './application/application.model';
import { ApplicationService } from './application/application.service';
import { MongoApplicationStore } from './application/application.store';
import type { IntakeConfig } from './env';
import { intakeGrpcService } from './grpc';
import { mountIntakeRoutes } from './http';

export interface IntakeService extends RunningService {
  relay: OutboxRelay;
}

export async function startIntake(config: IntakeConfig): Promise<IntakeService> {
  let relay: OutboxRelay | undefined;
  const running = await startService(config, async ({ mongo, kafka, logger, verifier, onStop }) => {
    const models = applicationModels(mongo);
    await models.Application.init();
    const service = new ApplicationService(new MongoApplicationStore(models));
    await ensureTopics(kafka, [kafka.topic(Topics.applicationSubmitted)]);
    const publisher = new EventPublisher(kafka, 'intake');
    await publisher.connect();
    onStop(() => publisher.disconnect());
    relay = new OutboxRelay({
      source: mongoOutboxSource(models.Application),
      publisher,
      logger,
      intervalMs: config.OUTBOX_INTERVAL_MS,
    });
    relay.start();
    const started = relay;
    onStop(() => started.stop());
    return {
      mountHttp: (app) => mountIntakeRoutes(app, service, verifier),
      grpc: { port: config.GRPC_PORT, services: [intakeGrpcService(service, verifier, logger)] },
    };
  });
  if (!relay) throw new Error('intake relay not wired');
  return { ...running, relay };
}
