import type { DepartmentFeatureApi } from '@jh/department-kit';
import { defineFeature } from '@jh/platform-service';
import { exemptionTopics, startExemptionsConsumer } from './exemption.consumer';
import { exemptionEnv, exemptionPolicyOf } from './exemption.env';
import { mountExemptionRoutes } from './exemption.http';
import { exemptionModel } from './exemption.model';
import { exemptionIdOf, ExemptionService } from './exemption.service';
import { sealedCollections } from '../sealed-fields';
import { MongoExemptionStore } from './exemption.store';

/**
 * Education's own feature on the department kit: 免申即享 grants from civil affairs'
 * certifications (R-EDU-1, R-EDU-2), listed apart from the worklist at GET /exemptions and
 * counted in the worklist's `summary`.
 */
export const exemptionFeature = defineFeature({
  name: 'exemption',
  env: exemptionEnv,
  topics: { consumes: exemptionTopics },
  async start({ config, mongo, kafka, logger, verifier, onStop, clock, vault, sealCollection }) {
    const Exemption = exemptionModel(mongo);
    await Exemption.init();
    // Seals stored personal data (issue 14); older clear-text grants in the background.
    const cipher = await sealCollection('exemptions', sealedCollections.exemptions);
    const store = new MongoExemptionStore(Exemption, cipher);
    const migrated = await store.migrateScope();
    if (migrated > 0) logger.info({ migrated }, 'scope keys added to older grants');
    const studentIndex = (idNumber: string) => vault.blindIndex('id-number', idNumber);
    // Before the consumer starts, so no event meets a grant still under its old key.
    const rekeyed = await store.migrateKeys((doc) =>
      exemptionIdOf(doc.category, studentIndex(doc.student.idNumber)),
    );
    if (rekeyed > 0) logger.info({ rekeyed }, 'grants moved to blind-index keys');
    const exemptions = new ExemptionService(
      store,
      exemptionPolicyOf(config),
      logger,
      clock,
      studentIndex,
      // Who, what, which decision; the HTTP log line has when and from where. No personal data.
      (denied) => logger.warn({ denied }, 'exemption access denied'),
    );
    const consumer = await startExemptionsConsumer(kafka, logger, exemptions);
    onStop(() => consumer.stop());
    const api: DepartmentFeatureApi = {
      worklistSummary: async (reader) => {
        const figures = await exemptions.summary(reader);
        return figures ? { exemptions: figures } : {};
      },
    };
    return { api, mountHttp: (app) => mountExemptionRoutes(app, { verifier, exemptions }) };
  },
});
