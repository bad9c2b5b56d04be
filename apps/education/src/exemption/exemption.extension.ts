import type { DepartmentExtension, DepartmentExtensionContext } from '@jh/department-kit';
import type { PolicyConfig } from '@jh/domain-policy';
import { dlqTopicOf, ensureTopics } from '@jh/platform-kafka';
import { exemptionTopics, startExemptionsConsumer } from './exemption.consumer';
import { loadExemptionPolicy } from './exemption.env';
import { mountExemptionRoutes } from './exemption.http';
import { exemptionModel } from './exemption.model';
import { ExemptionService } from './exemption.service';
import { MongoExemptionStore } from './exemption.store';

/**
 * Education's own module on the department kit: 免申即享 grants from civil affairs'
 * certifications (R-EDU-1, R-EDU-2), listed apart from the worklist at GET /exemptions.
 */
export function educationExemptions(given?: PolicyConfig) {
  return async (ctx: DepartmentExtensionContext): Promise<DepartmentExtension> => {
    // Read at start-up (EDU_SEMESTER_STARTS_JSON), so a bad calendar stops the service at once.
    const policy = given ?? loadExemptionPolicy();
    const Exemption = exemptionModel(ctx.mongo);
    await Exemption.init();
    const exemptions = new ExemptionService(
      new MongoExemptionStore(Exemption),
      policy,
      ctx.logger,
      ctx.clock,
    );
    await ensureTopics(ctx.kafka, [
      ...exemptionTopics.map((t) => ctx.kafka.topic(t)),
      ...exemptionTopics.map((t) => dlqTopicOf(ctx.kafka.topic(t))),
    ]);
    const consumer = await startExemptionsConsumer(ctx.kafka, ctx.logger, exemptions);
    ctx.onStop(() => consumer.stop());
    return {
      mountHttp: (app) => mountExemptionRoutes(app, { verifier: ctx.verifier, exemptions }),
      worklistSummary: async () => ({ exemptions: await exemptions.summary() }),
    };
  };
}
