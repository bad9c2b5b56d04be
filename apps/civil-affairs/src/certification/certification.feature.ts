import { Topics } from '@jh/contracts';
import { defineFeature } from '@jh/platform-service';
import { mountCertificationRoutes } from './certification.http';
import { certificationModels } from './certification.model';
import { CertificationService } from './certification.service';
import { MongoCertificationStore } from './certification.store';

/** 免申即享 certifications (DOMAIN §7): own collection, own outbox relay, HTTP routes. */
export const certificationFeature = defineFeature({
  name: 'certification',
  env: {},
  topics: { publishes: [Topics.studentCertified, Topics.studentCertificationEnded] },
  async start({ mongo, relayOutbox, verifier, clock, logger }) {
    const { Certification } = certificationModels(mongo);
    await Certification.init();
    const certifications = new CertificationService(
      new MongoCertificationStore({ Certification }),
      clock,
    );
    relayOutbox(Certification);
    return {
      api: certifications,
      mountHttp: (app) => mountCertificationRoutes(app, { verifier, certifications, logger }),
    };
  },
});
