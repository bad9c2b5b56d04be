import { actorOf, requireAuth } from '@jh/platform-auth';
import { handle } from '@jh/platform-http';
import { notFound } from '@jh/platform-errors';
import { startService, type RunningService } from '@jh/platform-service';
import type { CivilAffairsConfig } from './env';
import { IntakeClient } from './intake-client';

export async function startCivilAffairs(config: CivilAffairsConfig): Promise<RunningService> {
  return startService(config, async ({ verifier, onStop }) => {
    const intake = new IntakeClient(config.INTAKE_GRPC_URL, {
      secret: config.AUTH_JWT_SECRET,
      issuer: config.AUTH_ISSUER,
      audience: config.AUTH_AUDIENCE,
    });
    onStop(async () => intake.close());
    return {
      mountHttp: (app) => {
        app.use('/cases', requireAuth(verifier));
        // Case view backed by intake over gRPC until civil affairs keeps its own case store.
        app.get(
          '/cases/:applicationId/application',
          handle(async (req, res) => {
            actorOf(res);
            const application = await intake.getApplication(String(req.params['applicationId']));
            if (!application) throw notFound('APPLICATION_NOT_FOUND', '未找到该申请');
            res.json(application);
          }),
        );
      },
    };
  });
}
