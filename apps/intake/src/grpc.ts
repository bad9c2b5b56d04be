import { ApplicationStatus, IntakeServiceService } from '@jh/contracts';
import type { TokenVerifier } from '@jh/platform-auth';
import { invalidInput } from '@jh/platform-errors';
import { unaryService } from '@jh/platform-grpc';
import type { Logger } from '@jh/platform-logger';
import type { ApplicationService } from './application/application.service';
import { toSubmittedEvent } from './application/application.service';

export function intakeGrpcService(
  service: ApplicationService,
  verifier: TokenVerifier,
  logger: Logger,
) {
  return {
    definition: IntakeServiceService,
    implementation: unaryService(
      IntakeServiceService,
      {
        getApplication: async (request) => {
          if (!request.applicationId) {
            throw invalidInput([
              { path: 'applicationId', code: 'REQUIRED', message: '缺少申请编号' },
            ]);
          }
          const doc = await service.get(request.applicationId);
          const event = toSubmittedEvent(doc);
          return {
            application: {
              applicationId: doc._id,
              applicationNumber: doc.applicationNo,
              status: ApplicationStatus.APPLICATION_STATUS_SUBMITTED,
              applicantName: doc.applicant.name,
              requestedItems: event.requestedItems,
              channel: event.channel,
              owner: event.owner,
              submittedAt: doc.submittedAt,
            },
          };
        },
      },
      { verifier, logger },
    ),
  };
}
