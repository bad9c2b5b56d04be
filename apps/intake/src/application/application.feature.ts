import { Topics } from '@jh/contracts';
import { defineFeature } from '@jh/platform-service';
import { applicationEnv } from './application.env';
import { applicationGrpcService } from './application.grpc';
import { mountApplicationRoutes } from './application.http';
import { applicationModels } from './application.model';
import { ApplicationService } from './application.service';
import { MongoApplicationStore } from './application.store';
import {
  emptyDirectory,
  KeycloakUserDirectory,
  type UserDirectory,
  type UserSearch,
} from '@jh/platform-auth';
import { HandoverTargets } from './handover-targets';
import { sealedCollections } from '../sealed-fields';
import { mountStaffRoutes } from '../staff/staff.http';
import { StaffNames } from '../staff/staff-names';

/** Staff names are kept 10 minutes: a rename shows within that, a busy screen costs nothing. */
const STAFF_NAMES_TTL_MS = 10 * 60_000;

export interface ApplicationFeatureDeps {
  /** The identity provider's users (R-JH-5); by default the one `USER_DIRECTORY_URL` names. */
  directory?: UserDirectory & UserSearch;
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
    const directory = deps?.directory ?? directoryOf(config.USER_DIRECTORY_URL, serviceToken);
    const targets = new HandoverTargets(directory, clock, config.HANDOVER_TARGETS_CACHE_S * 1000);
    const names = new StaffNames(directory, clock, STAFF_NAMES_TTL_MS);
    const applications = new ApplicationService(store, clock, config.APPLICATION_NUMBER_BLOCK, {
      directory,
      // Who, what, which decision; the HTTP log line has when and from where. No personal data.
      onDenied: (denied) => logger.warn({ denied }, 'application access denied'),
      fingerprint: (text) => vault.keyedDigest('intake-request', text),
    });
    const relay = relayOutbox(models.Application);
    return {
      api: { store, relay },
      mountHttp: (app) => {
        mountApplicationRoutes(
          app,
          applications,
          verifier,
          (id) => vault.blindIndex('id-number', id),
          targets,
        );
        mountStaffRoutes(app, verifier, names);
      },
      grpcServices: [applicationGrpcService(applications, verifier, logger)],
    };
  },
});

function directoryOf(
  url: string | undefined,
  serviceToken: { token(): Promise<string> } | undefined,
): UserDirectory & UserSearch {
  if (!url) return emptyDirectory;
  if (!serviceToken)
    throw new Error('USER_DIRECTORY_URL needs intake client credentials (AUTH_CLIENT_*)');
  return new KeycloakUserDirectory(url, () => serviceToken.token());
}
