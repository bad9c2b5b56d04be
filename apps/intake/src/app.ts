import { Topics } from '@jh/contracts';
import { dlqTopicOf, ensureTopics, type OutboxRelay } from '@jh/platform-kafka';
import { startService, type RunningService } from '@jh/platform-service';
import { applicationModels } from './application/application.model';
import { ApplicationService } from './application/application.service';
import { MongoApplicationStore } from './application/application.store';
import type { IntakeConfig } from './env';
import { intakeGrpcService } from './grpc';
import { mountIntakeRoutes } from './http';
import { startProgressConsumer } from './progress/progress.consumer';
import { progressEventTypes } from './progress/progress.events';
import { ProgressService } from './progress/progress.service';

export interface IntakeService extends RunningService {
  relay: OutboxRelay;
}

export async function startIntake(config: IntakeConfig): Promise<IntakeService> {
  let relay: OutboxRelay | undefined;
  const running = await startService(
    config,
    async ({ mongo, kafka, logger, verifier, onStop, relayOutbox }) => {
      const models = applicationModels(mongo);
      await models.Application.init();
      const store = new MongoApplicationStore(models);
      const service = new ApplicationService(store);
      await ensureTopics(kafka, [
        kafka.topic(Topics.applicationSubmitted),
        ...progressEventTypes.map((t) => kafka.topic(t)),
        ...progressEventTypes.map((t) => dlqTopicOf(kafka.topic(t))),
      ]);
      relay = relayOutbox(models.Application);
      // Where the application is (R-JH-1, R-JH-5): follow the case from the other services' events.
      const names = config.DEPARTMENT_NAMES_JSON;
      const progress = new ProgressService(store, (code) => names[code] ?? code);
      const consumer = await startProgressConsumer(kafka, logger, progress);
      onStop(() => consumer.stop());
      return {
        mountHttp: (app) => mountIntakeRoutes(app, service, verifier),
        grpc: { port: config.GRPC_PORT, services: [intakeGrpcService(service, verifier, logger)] },
      };
    },
  );
  if (!relay) throw new Error('intake relay not wired');
  return { ...running, relay };
}
