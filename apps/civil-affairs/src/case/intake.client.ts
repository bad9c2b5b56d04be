import { IntakeServiceClient, type ApplicationView } from '@jh/contracts';
import { callUnary, createGrpcClient } from '@jh/platform-grpc';

/** Reads applications from intake over gRPC, with civil affairs' client-credentials token. */
export class IntakeClient {
  private readonly client: IntakeServiceClient;

  constructor(
    address: string,
    private readonly serviceToken: () => Promise<string>,
  ) {
    this.client = createGrpcClient(IntakeServiceClient, address);
  }

  async getApplication(applicationId: string): Promise<ApplicationView | undefined> {
    const res = await callUnary(
      this.client,
      this.client.getApplication,
      { applicationId },
      { token: await this.serviceToken(), deadlineMs: 3000 },
    );
    return res.application;
  }

  close(): void {
    this.client.close();
  }
}
