import type { Express } from 'express';
import type { TokenVerifier } from '@jh/platform-auth';
import type { ServiceContext } from '@jh/platform-service';
import type { Connection } from 'mongoose';
import { mountCertificationRoutes } from './certification.http';
import { certificationModels } from './certification.model';
import { CertificationService } from './certification.service';
import { MongoCertificationStore } from './certification.store';

/** 免申即享 certifications (DOMAIN §7): own collection, own outbox relay, HTTP routes. */
export async function wireCertifications(deps: {
  mongo: Connection;
  relayOutbox: ServiceContext['relayOutbox'];
  verifier: TokenVerifier;
  clock: () => Date;
}): Promise<{ certifications: CertificationService; mountHttp(app: Express): void }> {
  const { Certification } = certificationModels(deps.mongo);
  await Certification.init();
  const certifications = new CertificationService(
    new MongoCertificationStore({ Certification }),
    deps.clock,
  );
  deps.relayOutbox(Certification);
  return {
    certifications,
    mountHttp: (app) => mountCertificationRoutes(app, { verifier: deps.verifier, certifications }),
  };
}
