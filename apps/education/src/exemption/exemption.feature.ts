import type { DepartmentFeatureApi } from '@jh/department-kit';
import { defineFeature } from '@jh/platform-service';
import { exemptionTopics, startExemptionsConsumer } from './exemption.consumer';
import { exemptionEnv, exemptionPolicyOf } from './exemption.env';
import { mountExemptionRoutes } from './exemption.http';
import { exemptionModel } from './exemption.model';
import { ExemptionService } from './exemption.service';
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
  async start({ config, mongo, kafka, logger, verifier, onStop, clock }) {
    const Exemption = exemptionModel(mongo);
    await Exemption.init();
    const store = new MongoExemptionStore(Exemption);
    const migrated = await store.migrateScope();
    if (migrated > 0) logger.info({ migrated }, 'scope keys added to older grants');
    const exemptions = new ExemptionService(
      store,
      exemptionPolicyOf(config),
      logger,
      clock,
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
