import type { Subject } from '@jh/domain-access';
import type { OutboxRelay } from '@jh/platform-kafka';
import { startFeatures, type RunningService } from '@jh/platform-service';
import type { DepartmentDefinition, DepartmentFeatureApi } from './department';
import type { DepartmentConfig } from './env';
import { hardshipRecordFeature } from './hardship-record.feature';
import { departmentOpenApi } from './openapi';
import { partFeature } from './part.feature';

export interface DepartmentServiceOptions {
  /** Injected in tests so overdue / at-risk do not depend on today's date. */
  clock?: () => Date;
}

export interface DepartmentService extends RunningService {
  relay: OutboxRelay;
  /** The signal feed's relay (R-PD-1); only departments with a `signalKind` have one. */
  signalRelay?: OutboxRelay;
}

/**
 * Starts a department service: the shared worklist (added here, once, for all four), then the
 * department's own features. Their worklist figures are read per request, so the worklist can
 * start first and its routes come before theirs.
 */
export function startDepartmentService(
  def: DepartmentDefinition,
  config: DepartmentConfig,
  options: DepartmentServiceOptions = {},
): Promise<DepartmentService> {
  return startFeatures(
    config,
    async (add) => {
      const own: DepartmentFeatureApi[] = [];
      const worklistSummary = async (reader: Subject) => {
        const summaries = own.flatMap((f) =>
          f.worklistSummary ? [f.worklistSummary(reader)] : [],
        );
        if (summaries.length === 0) return undefined;
        return Object.assign({}, ...(await Promise.all(summaries))) as Record<string, unknown>;
      };
      const { relay } = await add(partFeature, { department: def, worklistSummary });
      const signalRelay = def.signalKind
        ? (await add(hardshipRecordFeature, { department: def })).relay
        : undefined;
      for (const feature of def.features ?? []) own.push(await add(feature));
      return { relay, ...(signalRelay ? { signalRelay } : {}) };
    },
    { clock: options.clock, openApi: () => departmentOpenApi(def) },
  );
}
