import type { Express } from 'express';
import type { TokenVerifier } from '@jh/platform-auth';
import { OutboxRelay, type EventPublisher } from '@jh/platform-kafka';
import type { Logger } from '@jh/platform-logger';
import { mongoOutboxSource } from '@jh/platform-mongo';
import type { Connection } from 'mongoose';
import { mountCertificationRoutes } from './certification.http';
import { certificationModels } from './certification.model';
import { CertificationService } from './certification.service';
import { MongoCertificationStore } from './certification.store';

/** 免申即享 certifications (DOMAIN §7): own collection, own outbox relay, HTTP routes. */
export async function wireCertifications(deps: {
  mongo: Connection;
  publisher: EventPublisher;
  logger: Logger;
  verifier: TokenVerifier;
  outboxIntervalMs: number;
  clock: () => Date;
  onStop(fn: () => Promise<void>): void;
}): Promise<{ certifications: CertificationService; mountHttp(app: Express): void }> {
  const { Certification } = certificationModels(deps.mongo);
  await Certification.init();
  const certifications = new CertificationService(
    new MongoCertificationStore({ Certification }),
    deps.clock,
  );
  const relay = new OutboxRelay({
    source: mongoOutboxSource(Certification),
    publisher: deps.publisher,
    logger: deps.logger,
    intervalMs: deps.outboxIntervalMs,
  });
  relay.start();
  deps.onStop(() => relay.stop());
  return {
    certifications,
    mountHttp: (app) => mountCertificationRoutes(app, { verifier: deps.verifier, certifications }),
  };
}
