import { Topics, AssistanceItem, IntakeServiceClient } from '@jh/contracts';

import { callUnary, createGrpcClient } from '@jh/platform-grpc';
import { serviceAccountToken, waitFor } from '@jh/platform-testing';
import request from 'supertest';
import { startIntakeHarness, type IntakeHarness } from './test-harness';

jest.setTimeout(60000);

let h: IntakeHarness;
let clerkToken: string;

beforeAll(async () => {
  h = await startIntakeHarness('intake');
  clerkToken = await h.token('clerk-1', ['window_clerk'], '330106');
});

afterAll(async () => {
  await h?.stop();
});

const validBody = {
  applicant: {
    name: '王小明',
    idNumber: '11010519491231002X',
    phone: '13800138000',
    regionCode: '330106',
    citizenCardNo: '3301061234567890',
  },
  items: ['dibao', 'education', 'housing'],
  channel: 'window',
  hardshipDescription: '家庭主要劳动力因病丧失劳动能力',
  declarationSigned: true,
};

describe('intake → MongoDB-wire engine → Kafka (real engines)', () => {
  it('stores the application and publishes ApplicationSubmitted with the same id as protobuf', async () => {
    const res = await request(h.base)
      .post('/applications')
      .set('authorization', `Bearer ${clerkToken}`)
      .send(validBody)
      .expect(201);
    const id: string = res.body.id;
    expect(res.body.applicationNo).toMatch(/^JH-\d{4}-\d{6}$/);
    expect(res.body.applicant.idNumber).toBe('110105********002X');
    expect(res.body.owner.userId).toBe('clerk-1');

    const stored = await h.db.db!.collection('applications').findOne({ _id: id as never });
    // Sealed at rest (issue 14): the stored value opens to the full number.
    expect(stored?.['applicant']['idNumber']).not.toBe('11010519491231002X');
    const opened = await (await h.cipher()).open(stored);
    expect(opened?.['applicant']['idNumber']).toBe('11010519491231002X');

    const event = await h.eventFor(id);
    expect(event.key).toBe(id);
    expect(event.envelope.producer).toBe('intake');
    expect(event.event.type).toBe(Topics.applicationSubmitted);
    if (event.event.type !== Topics.applicationSubmitted) throw new Error('wrong type');
    expect(event.event.payload.applicationId).toBe(id);
    expect(event.event.payload.applicant?.citizenCardNo).toBe('3301061234567890');
    expect(event.event.payload.requestedItems).toEqual([
      AssistanceItem.ASSISTANCE_ITEM_DIBAO,
      AssistanceItem.ASSISTANCE_ITEM_EDUCATION,
      AssistanceItem.ASSISTANCE_ITEM_HOUSING,
    ]);
    await waitFor(
      async () => {
        const doc = await h.db.db!.collection('applications').findOne({ _id: id as never });
        return doc?.['outbox']?.[0]?.sentAt ? true : undefined;
      },
      { what: 'outbox entry marked sent' },
    );
  });

  it('answers 401 without a token and stores nothing', async () => {
    const res = await request(h.base).post('/applications').send(validBody).expect(401);
    expect(res.body.error.code).toBe('AUTH_REQUIRED');
  });

  it('rejects a wrong ID check digit with a field error and stores nothing', async () => {
    const before = h.received.length;
    const res = await request(h.base)
      .post('/applications')
      .set('authorization', `Bearer ${clerkToken}`)
      .send({
        ...validBody,
        applicant: { ...validBody.applicant, idNumber: '110105194912310021' },
        extra: { $gt: 1 },
      })
      .expect(400);
    expect(res.body.error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'extra.$gt', code: 'FORBIDDEN_KEY' }),
      ]),
    );
    const res2 = await request(h.base)
      .post('/applications')
      .set('authorization', `Bearer ${clerkToken}`)
      .send({ ...validBody, applicant: { ...validBody.applicant, idNumber: '110105194912310021' } })
      .expect(400);
    expect(res2.body.error.details).toEqual([
      {
        path: 'applicant.idNumber',
        code: 'ID_NUMBER_CHECKSUM',
        message: '身份证号码校验位不正确，请核对',
      },
    ]);
    const count = await h.db.db!.collection('applications').countDocuments({
      'applicant.idNumberBidx': h.vault.blindIndex('id-number', '110105194912310021'),
    });
    expect(count).toBe(0);
    expect(h.received.length).toBe(before);
  });

  it('serves GetApplication over gRPC to another service with the caller token', async () => {
    const res = await request(h.base)
      .post('/applications')
      .set('authorization', `Bearer ${clerkToken}`)
      .send({ ...validBody, items: ['medical'] })
      .expect(201);
    const client = createGrpcClient(IntakeServiceClient, `127.0.0.1:${h.intake.grpcPort}`);
    const serviceToken = await serviceAccountToken('svc-civil-affairs');
    const answer = await callUnary(
      client,
      client.getApplication,
      { applicationId: res.body.id },
      { token: serviceToken },
    );
    expect(answer.application?.applicationNumber).toBe(res.body.applicationNo);
    await expect(
      callUnary(
        client,
        client.getApplication,
        { applicationId: 'missing' },
        { token: serviceToken },
      ),
    ).rejects.toMatchObject({ kind: 'not_found', code: 'APPLICATION_NOT_FOUND' });
    await expect(
      callUnary(
        client,
        client.getApplication,
        { applicationId: res.body.id },
        { token: 'garbage' },
      ),
    ).rejects.toMatchObject({ kind: 'unauthenticated' });
    client.close();
  });
});
