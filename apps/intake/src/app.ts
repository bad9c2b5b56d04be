import type { OutboxRelay } from '@jh/platform-kafka';
import { startFeatures, type RunningService } from '@jh/platform-service';
import { applicationFeature } from './application/application.feature';
import type { IntakeConfig } from './env';
import { hardshipReportFeature } from './hardship-report/hardship-report.feature';
import { openApiDocument } from './openapi';
import { progressFeature } from './progress/progress.feature';

export interface IntakeService extends RunningService {
  relay: OutboxRelay;
  /** People's hardship reports (R-PD-1). */
  reportRelay: OutboxRelay;
}

export function startIntake(
  config: IntakeConfig,
  /** Tests pass a clock they set (the hand-over list's cache). */
  options: { clock?: () => Date } = {},
): Promise<IntakeService> {
  return startFeatures(
    config,
    async (add) => {
      const application = await add(applicationFeature);
      await add(progressFeature, { applications: application.store });
      const reports = await add(hardshipReportFeature);
      return { relay: application.relay, reportRelay: reports.relay };
    },
    { grpcPort: config.GRPC_PORT, openApi: openApiDocument, clock: options.clock },
  );
}
