import { Topics } from '@jh/contracts';
import { defineFeature } from '@jh/platform-service';
import { mountCertificationRoutes } from './certification.http';
import { certificationModels } from './certification.model';
import { CertificationService, requestHashOf, studentKeyOf } from './certification.service';
import { sealedCollections } from '../sealed-fields';
import { MongoCertificationStore } from './certification.store';

/** 免申即享 certifications (DOMAIN §7): own collection, own outbox relay, HTTP routes. */
export const certificationFeature = defineFeature({
  name: 'certification',
  env: {},
  topics: { publishes: [Topics.studentCertified, Topics.studentCertificationEnded] },
  async start({ mongo, relayOutbox, verifier, clock, logger, sealCollection, vault }) {
    const { Certification } = certificationModels(mongo);
    await Certification.init();
    const store = new MongoCertificationStore(
      { Certification },
      await sealCollection('certifications', sealedCollections.certifications),
    );
    const keys = vault.keys.indexer;
    const rekeyed = await store.rekeyOnce(
      mongo.collection('civil_affairs_migrations') as never,
      (doc) => ({
        studentKey: studentKeyOf(keys, doc.student.idNumber),
        requestHash: requestHashOf(keys, doc),
      }),
      clock(),
    );
    if (rekeyed > 0) logger.info({ rekeyed }, 'certifications moved to keyed student keys');
    const certifications = new CertificationService(store, clock, keys);
    relayOutbox(Certification);
    return {
      api: certifications,
      mountHttp: (app) => mountCertificationRoutes(app, { verifier, certifications, logger }),
    };
  },
});
