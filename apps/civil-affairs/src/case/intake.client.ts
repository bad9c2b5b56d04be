import { IntakeServiceClient, type ApplicationView } from '@jh/contracts';
import { issueToken, type AuthSettings } from '@jh/platform-auth';
import { callUnary, createGrpcClient } from '@jh/platform-grpc';

/** Reads applications from intake over gRPC, as the civil-affairs service account. */
export class IntakeClient {
  private readonly client: IntakeServiceClient;
  private token: { value: string; expiresAt: number } | undefined;

  constructor(
    address: string,
    private readonly auth: AuthSettings,
  ) {
    this.client = createGrpcClient(IntakeServiceClient, address);
  }

  private async serviceToken(): Promise<string> {
    if (!this.token || this.token.expiresAt < Date.now() + 60_000) {
      const value = await issueToken(
        this.auth,
        { userId: 'svc-civil-affairs', roles: ['service'] },
        '1h',
      );
      this.token = { value, expiresAt: Date.now() + 3600_000 };
    }
    return this.token.value;
  }

  async getApplication(applicationId: string): Promise<ApplicationView | undefined> {
    const res = await callUnary(
      this.client,
      this.client.getApplication,
      { applicationId },
      {
        token: await this.serviceToken(),
        deadlineMs: 3000,
      },
    );
    return res.application;
  }

  close(): void {
    this.client.close();
  }
}
