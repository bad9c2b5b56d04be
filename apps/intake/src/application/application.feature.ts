import { Topics } from '@jh/contracts';
import { defineFeature } from '@jh/platform-service';
import { applicationEnv } from './application.env';
import { applicationGrpcService } from './application.grpc';
import { mountApplicationRoutes } from './application.http';
import { applicationModels } from './application.model';
import { ApplicationService } from './application.service';
import { MongoApplicationStore } from './application.store';

/** 一门受理: registers applications (HTTP and gRPC) and publishes them through the outbox. */
export const applicationFeature = defineFeature({
  name: 'application',
  env: applicationEnv,
  topics: { publishes: [Topics.applicationSubmitted] },
  async start({ config, mongo, logger, verifier, relayOutbox, clock }) {
    const models = applicationModels(mongo);
    await models.Application.init();
    const store = new MongoApplicationStore(models);
    const applications = new ApplicationService(store, clock, config.APPLICATION_NUMBER_BLOCK);
    const relay = relayOutbox(models.Application);
    return {
      api: { store, relay },
      mountHttp: (app) => mountApplicationRoutes(app, applications, verifier),
      grpcServices: [applicationGrpcService(applications, verifier, logger)],
    };
  },
});
