import { Topics } from '@jh/contracts';
import { ensureTopics, type OutboxRelay } from '@jh/platform-kafka';
import { startService, type RunningService } from '@jh/platform-service';
import type { DepartmentDefinition } from './department';
import type { DepartmentConfig } from './env';
import { mountDepartmentRoutes } from './http';
import { PartClocks } from './part.clocks';
import { partModel } from './part.model';
import { PartService } from './part.service';
import { MongoPartStore } from './part.store';
import { startPartsConsumer } from './parts.consumer';

export interface DepartmentServiceOptions {
  /** Injected in tests so overdue / at-risk do not depend on today's date. */
  clock?: () => Date;
}

export interface DepartmentService extends RunningService {
  relay: OutboxRelay;
}

/** Starts a department service; the worklist and report-back endpoints are added here, once, for all four. */
export async function startDepartmentService(
  def: DepartmentDefinition,
  config: DepartmentConfig,
  options: DepartmentServiceOptions = {},
): Promise<DepartmentService> {
  let relay: OutboxRelay | undefined;
  const running = await startService(
    config,
    async ({ mongo, kafka, logger, verifier, onStop, relayOutbox }) => {
      const Part = partModel(mongo);
      await Part.init();
      const clocks = new PartClocks({
        departmentCode: def.code,
        handlingLimitWorkingDays: config.DEPT_HANDLING_LIMIT_DAYS,
        atRiskPercent: config.DEPT_AT_RISK_PERCENT,
      });
      const service = new PartService(def, new MongoPartStore(Part), clocks, options.clock);
      await ensureTopics(
        kafka,
        [
          Topics.partDispatched,
          Topics.partCancelled,
          Topics.partAccepted,
          Topics.partReported,
          Topics.partTransferRequested,
        ].map((t) => kafka.topic(t)),
      );
      relay = relayOutbox(Part);
      const consumer = await startPartsConsumer(kafka, logger, service);
      onStop(() => consumer.stop());
      const clock = options.clock ?? (() => new Date());
      const extension =
        (await def.extend?.({ config, mongo, kafka, logger, verifier, clock, onStop })) ?? {};
      return {
        mountHttp: (app) => {
          mountDepartmentRoutes(app, service, verifier, extension.worklistSummary);
          extension.mountHttp?.(app);
        },
      };
    },
  );
  if (!relay) throw new Error(`${def.code} relay not wired`);
  return { ...running, relay };
}
