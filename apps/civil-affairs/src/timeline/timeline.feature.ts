import type { Express } from 'express';
import { Topics } from '@jh/contracts';
import { startConsumer } from '@jh/platform-kafka';
import { notFound } from '@jh/platform-errors';
import { createOnce } from '@jh/platform-mongo';
import { defineFeature } from '@jh/platform-service';
import type { CaseService } from '../case/case.service';
import { civilGuard } from '../access';
import { timelineEventTypes, timelineLineOf, type SupervisionRef } from './timeline.entries';
import { mountTimelineRoutes } from './timeline.http';
import { timelineModel } from './timeline.model';

const caseNotFound = () => notFound('CASE_NOT_FOUND', '未找到该案件');

/**
 * The case timeline: every event of one application across the services, from intake to payment
 * (who, when, what, its trace). Its own consumer group reads the same topics the other features
 * read or publish, plus payment's InstalmentPaid; one line per event id.
 */
export const timelineFeature = defineFeature({
  name: 'timeline',
  env: {},
  topics: { consumes: timelineEventTypes },
  async start(ctx, deps: { cases: CaseService; departmentName: (code: string) => string }) {
    const { mongo, kafka, logger, verifier, clock } = ctx;
    const { cases, departmentName } = deps;
    const Timeline = timelineModel(mongo);
    await Timeline.init();

    /** The 督办 behind a PartOverdue this service published for a coordinator (point lookup). */
    const supervisionOf = async (
      caseId: string,
      partId: string,
      eventId: string,
    ): Promise<SupervisionRef | undefined> => {
      const doc = await cases.get(caseId).catch(() => undefined);
      const part = doc?.parts.find((p) => p.partId === partId);
      return part?.supervisions?.find((s) => s.eventId === eventId);
    };

    const consumer = await startConsumer({
      handle: kafka,
      logger,
      group: 'civil-affairs.timeline',
      types: [...timelineEventTypes],
      handler: async ({ envelope, event }) => {
        const supervision =
          event.type === Topics.partOverdue
            ? await supervisionOf(event.payload.caseId, event.payload.partId, envelope.eventId)
            : undefined;
        const line = timelineLineOf(envelope, event, departmentName, supervision);
        if (!line) return;
        await createOnce(Timeline, { ...line, recordedAt: clock() });
      },
    });
    ctx.onStop(() => consumer.stop());

    const guard = civilGuard('case', caseNotFound, logger);
    return {
      api: {},
      mountHttp: (app: Express) =>
        mountTimelineRoutes(app, { verifier, cases, timeline: Timeline, guard }),
    };
  },
});
