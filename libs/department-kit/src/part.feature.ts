import { Topics } from '@jh/contracts';
import type { Subject } from '@jh/domain-access';
import type { OutboxRelay } from '@jh/platform-kafka';
import { defineFeature } from '@jh/platform-service';
import type { DepartmentDefinition } from './department';
import { PartClocks } from './part.clocks';
import { startPartConsumer } from './part.consumer';
import { partEnv } from './part.env';
import { mountPartRoutes } from './part.http';
import { partModel } from './part.model';
import { PartReceiver } from './part.receiver';
import { PartService } from './part.service';
import { MongoPartStore } from './part.store';
import { sealedCollections } from './sealed-fields';

export interface PartFeatureDeps {
  department: DepartmentDefinition;
  /** The department's own figures for the worklist response; undefined adds none. */
  worklistSummary(reader: Subject): Promise<Record<string, unknown> | undefined>;
}

/**
 * The shared worklist of every department (R-JH-1, R-JH-3): parts in from civil affairs'
 * dispatches, accept / report back / 转办 request out through the outbox.
 */
export const partFeature = defineFeature({
  name: 'part',
  env: partEnv,
  topics: {
    consumes: [Topics.partDispatched, Topics.partCancelled],
    publishes: [Topics.partAccepted, Topics.partReported, Topics.partTransferRequested],
  },
  async start(
    { config, mongo, kafka, logger, verifier, onStop, relayOutbox, clock, sealCollection },
    deps: PartFeatureDeps,
  ) {
    const { department } = deps;
    const Part = partModel(mongo);
    await Part.init();
    const clocks = new PartClocks({
      departmentCode: department.code,
      handlingLimitWorkingDays: config.DEPT_HANDLING_LIMIT_DAYS,
      atRiskPercent: config.DEPT_AT_RISK_PERCENT,
    });
    // Seals the officers' notes (issue 14); older clear-text parts in the background.
    const store = new MongoPartStore(Part, await sealCollection('parts', sealedCollections.parts));
    const region = config.DEPT_REGION_CODE;
    const migrated = await store.migrateScope(region);
    if (migrated > 0) logger.info({ migrated }, 'region and scope keys added to older parts');
    // Who, what, which decision; the HTTP log line has when and from where. No personal data.
    const parts = new PartService(department, store, clocks, clock, (denied) =>
      logger.warn({ denied }, 'part access denied'),
    );
    const relay: OutboxRelay = relayOutbox(Part);
    const receiver = new PartReceiver(department, store, clocks, clock, region);
    const consumer = await startPartConsumer(kafka, logger, receiver);
    onStop(() => consumer.stop());
    return {
      api: { parts, relay },
      mountHttp: (app) => mountPartRoutes(app, parts, verifier, deps.worklistSummary),
    };
  },
});
