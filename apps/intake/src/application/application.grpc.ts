import { ApplicationStatus, IntakeServiceService } from '@jh/contracts';
import type { TokenVerifier } from '@jh/platform-auth';
import { invalidInput } from '@jh/platform-errors';
import { unaryService } from '@jh/platform-grpc';
import type { Logger } from '@jh/platform-logger';
import type { ApplicationStatusCode } from './application.input';
import { toSubmittedEvent, type ApplicationService } from './application.service';

const statusCodes: Record<ApplicationStatusCode, ApplicationStatus> = {
  submitted: ApplicationStatus.APPLICATION_STATUS_SUBMITTED,
  dispatched: ApplicationStatus.APPLICATION_STATUS_DISPATCHED,
  under_review: ApplicationStatus.APPLICATION_STATUS_UNDER_REVIEW,
  approved: ApplicationStatus.APPLICATION_STATUS_APPROVED,
  rejected: ApplicationStatus.APPLICATION_STATUS_REJECTED,
  referred: ApplicationStatus.APPLICATION_STATUS_REFERRED,
  withdrawn: ApplicationStatus.APPLICATION_STATUS_WITHDRAWN,
};

/** IntakeService over gRPC (civil affairs reads an application through it). */
export function applicationGrpcService(
  service: ApplicationService,
  verifier: TokenVerifier,
  logger: Logger,
) {
  return {
    definition: IntakeServiceService,
    implementation: unaryService(
      IntakeServiceService,
      {
        getApplication: async (request, { actor }) => {
          // Callers are service accounts (unaryService's default roles); scope is checked anyway.
          if (!request.applicationId) {
            throw invalidInput([
              { path: 'applicationId', code: 'REQUIRED', message: '缺少申请编号' },
            ]);
          }
          const doc = await service.get(request.applicationId, actor);
          const event = toSubmittedEvent(doc);
          return {
            application: {
              applicationId: doc._id,
              applicationNumber: doc.applicationNo,
              status: statusCodes[doc.status],
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
