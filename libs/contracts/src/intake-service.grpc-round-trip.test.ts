import { Server, ServerCredentials, credentials, status } from '@grpc/grpc-js';
import {
  ApplicationStatus,
  ApplicationView,
  AssistanceItem,
  Channel,
  GetApplicationResponse,
  IntakeServiceClient,
  IntakeServiceServer,
  IntakeServiceService,
} from './index';

const view = ApplicationView.fromPartial({
  applicationId: 'app-1',
  applicationNumber: 'JH-2026-000123',
  status: ApplicationStatus.APPLICATION_STATUS_SUBMITTED,
  applicantName: '张三',
  requestedItems: [AssistanceItem.ASSISTANCE_ITEM_DIBAO],
  channel: Channel.CHANNEL_HOTLINE,
  owner: { userId: 'clerk-7', officeId: 'street-01', regionCode: '330106' },
  submittedAt: new Date('2026-03-02T01:30:00.250Z'),
});

const implementation: IntakeServiceServer = {
  getApplication: (call, callback) => {
    if (call.request.applicationId === view.applicationId) callback(null, { application: view });
    else callback({ code: status.NOT_FOUND, details: 'no such application' });
  },
};

let server: Server;
let client: IntakeServiceClient;

beforeAll(async () => {
  server = new Server();
  server.addService(IntakeServiceService, implementation);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  client = new IntakeServiceClient(`127.0.0.1:${port}`, credentials.createInsecure());
});

afterAll(() => {
  client.close();
  server.forceShutdown();
});

const getApplication = (applicationId: string) =>
  new Promise<GetApplicationResponse>((resolve, reject) =>
    client.getApplication({ applicationId }, (error, response) =>
      error ? reject(error) : resolve(response),
    ),
  );

it('serves GetApplication over grpc-js with the generated definition and client', async () => {
  await expect(getApplication('app-1')).resolves.toEqual({ application: view });
});

it('passes the server status through to the client', async () => {
  await expect(getApplication('missing')).rejects.toMatchObject({ code: status.NOT_FOUND });
});
