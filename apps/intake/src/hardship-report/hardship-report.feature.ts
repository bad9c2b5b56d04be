import { Topics } from '@jh/contracts';
import { defineFeature } from '@jh/platform-service';
import { sealedCollections } from '../sealed-fields';
import { mountHardshipReportRoutes } from './hardship-report.http';
import { hardshipReportModel } from './hardship-report.model';
import { HardshipReportService } from './hardship-report.service';

/** 主动发现 (R-PD-1): people's reports of households, published as HardshipSignal. */
export const hardshipReportFeature = defineFeature({
  name: 'hardship-report',
  env: {},
  topics: { publishes: [Topics.hardshipSignal] },
  async start({ mongo, logger, verifier, relayOutbox, clock, vault, sealCollection }) {
    const HardshipReport = hardshipReportModel(mongo);
    await HardshipReport.init();
    const service = new HardshipReportService(
      HardshipReport,
      await sealCollection('hardship_reports', sealedCollections.hardship_reports),
      clock,
      (text) => vault.keyedDigest('intake-hardship-report', text),
      // Who, what, which decision; never personal data.
      (denied) => logger.warn({ denied }, 'hardship report access denied'),
    );
    return {
      api: { relay: relayOutbox(HardshipReport) },
      mountHttp: (app) => mountHardshipReportRoutes(app, service, verifier),
    };
  },
});
