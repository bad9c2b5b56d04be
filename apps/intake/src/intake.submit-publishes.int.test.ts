import { Topics, AssistanceItem, IntakeServiceClient } from '@jh/contracts';
import { issueToken } from '@jh/platform-auth';
import { startConsumer, type ConsumedEvent } from '@jh/platform-kafka';
import { createLogger } from '@jh/platform-logger';
import { callUnary, createGrpcClient } from '@jh/platform-grpc';
import {
  engineEndpoints,
  mongoUrlFor,
  testAuth,
  testKafka,
  uniquePrefix,
  waitFor,
} from '@jh/platform-testing';
import mongoose from 'mongoose';
import request from 'supertest';
import { startIntake, type IntakeService } from './app';
import { loadIntakeConfig } from './env';

jest.setTimeout(60000);

const prefix = uniquePrefix('intake');
const database = `${prefix}intake`;
let intake: IntakeService;
let clerkToken: string;
const received: ConsumedEvent[] = [];
let stopConsumer: () => Promise<void>;

beforeAll(async () => {
  intake = await startIntake(
    loadIntakeConfig({
      NODE_ENV: 'test',
      SERVICE_NAME: 'intake',
      HTTP_PORT: '0',
      GRPC_PORT: '0',
      KAFKA_BROKERS: engineEndpoints().kafkaBrokers.join(','),
      MONGO_URL: mongoUrlFor(database),
      AUTH_JWT_SECRET: testAuth.secret,
      TOPIC_PREFIX: prefix,
      OUTBOX_INTERVAL_MS: '100',
      LOG_LEVEL: 'silent',
    }),
  );
  clerkToken = await issueToken(testAuth, {
    userId: 'clerk-1',
    roles: ['window_clerk'],
    regionCode: '330106',
  });
  const consumer = await startConsumer({
    handle: testKafka(prefix),
    logger: createLogger({ name: 'test' }),
    group: 'probe',
    types: [Topics.applicationSubmitted],
    handler: async (event) => {
      received.push(event);
    },
  });
  stopConsumer = consumer.stop;
});

afterAll(async () => {
  await stopConsumer?.();
  await intake?.stop();
  const conn = await mongoose.createConnection(mongoUrlFor(database)).asPromise();
  await conn.dropDatabase();
  await conn.close();
});

const validBody = {
  applicant: {
    name: '王小明',
    idNumber: '11010519491231002X',
    phone: '13800138000',
    regionCode: '330106',
  },
  items: ['dibao', 'education', 'housing'],
  channel: 'window',
  hardshipDescription: '家庭主要劳动力因病丧失劳动能力',
  declarationSigned: true,
};

describe('intake → MongoDB-wire engine → Kafka (real engines)', () => {
  it('stores the application and publishes ApplicationSubmitted with the same id as protobuf', async () => {
    const res = await request(`http://127.0.0.1:${intake.httpPort}`)
      .post('/applications')
      .set('authorization', `Bearer ${clerkToken}`)
      .send(validBody)
      .expect(201);
    const id: string = res.body.id;
    expect(res.body.applicationNo).toMatch(/^JH-\d{4}-\d{6}$/);
    expect(res.body.applicant.idNumber).toBe('110105********002X');
    expect(res.body.owner.userId).toBe('clerk-1');

    const conn = await mongoose.createConnection(mongoUrlFor(database)).asPromise();
    const stored = await conn.db!.collection('applications').findOne({ _id: id as never });
    await conn.close();
    expect(stored?.['applicant']['idNumber']).toBe('11010519491231002X');

    const event = await waitFor(async () => received.find((e) => e.envelope.correlationId === id), {
      what: 'ApplicationSubmitted on Kafka',
    });
    expect(event.key).toBe(id);
    expect(event.envelope.producer).toBe('intake');
    expect(event.event.type).toBe(Topics.applicationSubmitted);
    if (event.event.type !== Topics.applicationSubmitted) throw new Error('wrong type');
    expect(event.event.payload.applicationId).toBe(id);
    expect(event.event.payload.requestedItems).toEqual([
      AssistanceItem.ASSISTANCE_ITEM_DIBAO,
      AssistanceItem.ASSISTANCE_ITEM_EDUCATION,
      AssistanceItem.ASSISTANCE_ITEM_HOUSING,
    ]);
    await waitFor(
      async () => {
        const c = await mongoose.createConnection(mongoUrlFor(database)).asPromise();
        const doc = await c.db!.collection('applications').findOne({ _id: id as never });
        await c.close();
        return doc?.['outbox']?.[0]?.sentAt ? true : undefined;
      },
      { what: 'outbox entry marked sent' },
    );
  });

  it('answers 401 without a token and stores nothing', async () => {
    const res = await request(`http://127.0.0.1:${intake.httpPort}`)
      .post('/applications')
      .send(validBody)
      .expect(401);
    expect(res.body.error.code).toBe('AUTH_REQUIRED');
  });

  it('rejects a wrong ID check digit with a field error and stores nothing', async () => {
    const before = received.length;
    const res = await request(`http://127.0.0.1:${intake.httpPort}`)
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
    const res2 = await request(`http://127.0.0.1:${intake.httpPort}`)
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
    const conn = await mongoose.createConnection(mongoUrlFor(database)).asPromise();
    const count = await conn
      .db!.collection('applications')
      .countDocuments({ 'applicant.idNumber': '110105194912310021' });
    await conn.close();
    expect(count).toBe(0);
    expect(received.length).toBe(before);
  });

  it('serves GetApplication over gRPC to another service with the caller token', async () => {
    const res = await request(`http://127.0.0.1:${intake.httpPort}`)
      .post('/applications')
      .set('authorization', `Bearer ${clerkToken}`)
      .send({ ...validBody, items: ['medical'] })
      .expect(201);
    const client = createGrpcClient(IntakeServiceClient, `127.0.0.1:${intake.grpcPort}`);
    const serviceToken = await issueToken(testAuth, {
      userId: 'civil-affairs',
      roles: ['service'],
    });
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
