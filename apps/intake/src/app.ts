import type { OutboxRelay } from '@jh/platform-kafka';
import { startFeatures, type RunningService } from '@jh/platform-service';
import { applicationFeature } from './application/application.feature';
import type { IntakeConfig } from './env';
import { openApiDocument } from './openapi';
import { progressFeature } from './progress/progress.feature';

export interface IntakeService extends RunningService {
  relay: OutboxRelay;
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
      return { relay: application.relay };
    },
    { grpcPort: config.GRPC_PORT, openApi: openApiDocument, clock: options.clock },
  );
}
