import { Topics } from '@jh/contracts';
import type { OutboxRelay } from '@jh/platform-kafka';
import { defineFeature } from '@jh/platform-service';
import type { DepartmentDefinition } from './department';
import { mountHardshipRecordRoutes } from './hardship-record.http';
import { hardshipRecordModel } from './hardship-record.model';
import { HardshipRecordService } from './hardship-record.service';
import { sealedCollections } from './sealed-fields';

/**
 * 主动发现 (R-PD-1): the department's own data that shows a household in hardship (a large
 * medical bill, a job loss, a student leaving school) becomes a HardshipSignal for civil affairs.
 * Only departments with a `signalKind` start it.
 */
export const hardshipRecordFeature = defineFeature({
  name: 'hardship-record',
  env: {},
  topics: { publishes: [Topics.hardshipSignal] },
  async start(
    { mongo, verifier, relayOutbox, clock, vault, sealCollection, logger },
    deps: { department: DepartmentDefinition },
  ) {
    const HardshipRecord = hardshipRecordModel(mongo);
    await HardshipRecord.init();
    const service = new HardshipRecordService(
      deps.department,
      HardshipRecord,
      await sealCollection('hardship_records', sealedCollections.hardship_records),
      clock,
      (text) => vault.keyedDigest('hardship-record', text),
      // Who, what, which decision; never personal data.
      (denied) => logger.warn({ denied }, 'hardship record access denied'),
    );
    const relay: OutboxRelay = relayOutbox(HardshipRecord);
    return {
      api: { relay },
      mountHttp: (app) => mountHardshipRecordRoutes(app, service, verifier),
    };
  },
});
