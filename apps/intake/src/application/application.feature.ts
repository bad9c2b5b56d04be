import { Topics } from '@jh/contracts';
import { defineFeature } from '@jh/platform-service';
import { applicationEnv } from './application.env';
import { applicationGrpcService } from './application.grpc';
import { mountApplicationRoutes } from './application.http';
import { applicationModels } from './application.model';
import { ApplicationService } from './application.service';
import { MongoApplicationStore } from './application.store';
import { emptyDirectory, KeycloakUserDirectory, type UserDirectory } from '@jh/platform-auth';
import { sealedCollections } from '../sealed-fields';

export interface ApplicationFeatureDeps {
  /** The identity provider's users (R-JH-5); by default the one `USER_DIRECTORY_URL` names. */
  directory?: UserDirectory;
}

/** 一门受理: registers applications (HTTP and gRPC) and publishes them through the outbox. */
export const applicationFeature = defineFeature({
  name: 'application',
  env: applicationEnv,
  topics: { publishes: [Topics.applicationSubmitted] },
  async start(
    { config, mongo, logger, verifier, relayOutbox, clock, serviceToken, vault, sealCollection },
    deps: ApplicationFeatureDeps | void,
  ) {
    const models = applicationModels(mongo);
    await models.Application.init();
    // Seals stored personal data (issue 14); older clear-text applications in the background.
    const cipher = await sealCollection('applications', sealedCollections.applications);
    const store = new MongoApplicationStore(models, cipher);
    const migrated = await store.migrateScope();
    if (migrated > 0) logger.info({ migrated }, 'scope keys added to older applications');
    const applications = new ApplicationService(store, clock, config.APPLICATION_NUMBER_BLOCK, {
      directory: deps?.directory ?? directoryOf(config.USER_DIRECTORY_URL, serviceToken),
      // Who, what, which decision; the HTTP log line has when and from where. No personal data.
      onDenied: (denied) => logger.warn({ denied }, 'application access denied'),
      fingerprint: (text) => vault.keyedDigest('intake-request', text),
    });
    const relay = relayOutbox(models.Application);
    return {
      api: { store, relay },
      mountHttp: (app) =>
        mountApplicationRoutes(app, applications, verifier, (id) =>
          vault.blindIndex('id-number', id),
        ),
      grpcServices: [applicationGrpcService(applications, verifier, logger)],
    };
  },
});

function directoryOf(
  url: string | undefined,
  serviceToken: { token(): Promise<string> } | undefined,
): UserDirectory {
  if (!url) return emptyDirectory;
  if (!serviceToken)
    throw new Error('USER_DIRECTORY_URL needs intake client credentials (AUTH_CLIENT_*)');
  return new KeycloakUserDirectory(url, () => serviceToken.token());
}
