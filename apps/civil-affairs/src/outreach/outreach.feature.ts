import { Topics } from '@jh/contracts';
import type { WorkingDayCalendar } from '@jh/domain-calendar';
import { createOutreachRules } from '@jh/domain-outreach';
import { defineFeature } from '@jh/platform-service';
import { ConsultationService } from './consultation.service';
import { startOutreachConsumer } from './outreach.consumer';
import { mountOutreachRoutes } from './outreach.http';
import { outreachModels, outreachSealed } from './outreach.model';
import { OutreachService } from './outreach.service';
import { OutreachStore } from './outreach.store';

/**
 * 主动发现 / 分级响应 (issue 19, R-PD-1…4): hardship signals become one outreach task per
 * household at its street, graded with a response clock on the working-day calendar, watched by
 * the scan, ended one of four ways; 研判会商 records with tracked follow-ups.
 */
export const outreachFeature = defineFeature({
  name: 'outreach',
  env: {},
  topics: {
    consumes: [
      Topics.hardshipSignal,
      Topics.applicationSubmitted,
      Topics.assistanceApproved,
      Topics.reviewProgressed,
    ],
  },
  async start(ctx, deps: { calendar: WorkingDayCalendar; scanIntervalMs: number }) {
    const { mongo, kafka, logger, verifier, clock, vault } = ctx;
    const models = outreachModels(mongo);
    await Promise.all(Object.values(models).map((m) => m.init()));
    const store = new OutreachStore(models, {
      tasks: await ctx.sealCollection('outreach_tasks', outreachSealed.outreach_tasks),
      consultations: await ctx.sealCollection(
        'outreach_consultations',
        outreachSealed.outreach_consultations,
      ),
    });
    const rules = createOutreachRules({ calendar: deps.calendar });
    const consultations = new ConsultationService(store, rules, clock);
    const outreach = new OutreachService(
      store,
      rules,
      clock,
      (idNumber) => vault.blindIndex('id-number', idNumber),
      logger,
    );
    const consumer = await startOutreachConsumer(kafka, logger, outreach);
    ctx.onStop(() => consumer.stop());
    // Same cadence as the case SLA scan (0 = off: tests drive it by hand).
    ctx.every(deps.scanIntervalMs, 'outreach scan', () => outreach.scan());
    return {
      api: { outreach },
      mountHttp: (app) => mountOutreachRoutes(app, { verifier, outreach, consultations, logger }),
    };
  },
});
