import { randomUUID } from 'node:crypto';
import {
  ApprovalLevel,
  AssistanceApproved,
  AssistanceItem,
  PaymentSchedule,
  Topics,
} from '@jh/contracts';

import { EventPublisher } from '@jh/platform-kafka';
import {
  engineEndpoints,
  mongoUrlFor,
  testKafka,
  uniquePrefix,
  waitFor,
  keycloakToken,
  identityEnv,
} from '@jh/platform-testing';
import mongoose from 'mongoose';
import { isSealed, keyMaterialFrom, Vault } from '@jh/platform-crypto';
import { buildApps, freePort, startApp, startCardSimulator, type AppProcess } from './processes';

// From the window to the citizen card, every service its own built process on the real engines:
// intake → civil-affairs (case, review, approval) → AssistanceApproved → payment → "一键达" simulator.
jest.setTimeout(120000);

const prefix = uniquePrefix('pay-flow');
type Service = 'intake' | 'civil-affairs' | 'payment';
const services: Service[] = ['intake', 'civil-affairs', 'payment'];
const ports = {} as Record<Service, number>;
const running = new Map<Service | 'card-simulator', AppProcess>();
const envs = {} as Record<Service, Record<string, string>>;
const base = (s: Service) => `http://127.0.0.1:${ports[s]}`;
const CALLBACK_TOKEN = 'e2e-callback-token-0123456789';
const paymentDb = `${prefix}payment`;

const APPLICANT_ID = '11010519491231002X';
const CARD = '3301069876543210';
const DIBAO_ID = '110105195001010039';
const DIBAO_CARD = '3301061111222233';

async function call<T>(url: string, token: string, init: { method?: string; body?: unknown } = {}) {
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

const users = {
  clerk: { userId: 'clerk-1', roles: ['window_clerk'], regionCode: '330106' },
  // Issue 13: every actor works in the applicant's district.
  reviewer: { userId: 'rev-1', roles: ['first_reviewer'], regionCode: '330106' },
  reviewerAsApprover: { userId: 'rev-1', roles: ['approver'], regionCode: '330106' },
  street: { userId: 'appr-1', roles: ['approver'], regionCode: '330106' },
  coordinator: { userId: 'coord-1', roles: ['coordinator'], regionCode: '330106' },
  payment: { userId: 'pay-1', roles: ['payment_staff'], regionCode: '330106' },
} as const;
const tokens = {} as Record<keyof typeof users, string>;

/** Today in Shanghai, YYYY-MM-DD (the review refuses check / visit dates after today). */
const shanghaiToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const shanghaiDayPlus = (days: number) =>
  new Date(Date.now() + 8 * 3600_000 + days * 86400_000).toISOString().slice(0, 10);

interface ErrorBody {
  error: { code: string };
}
interface ReviewBody {
  id: string;
  status: string;
  actors: { intake: string; firstReview: string | null; confirmation: string | null };
  citizenCardNo: string;
  approval: {
    approvalId: string;
    instalments: { number: number; amountFen: number; idempotencyKey: string }[];
  } | null;
}
interface OrderView {
  id: string;
  approvalId: string;
  instalmentNumber: number;
  amountFen: number;
  status: string;
  platformRef: string | null;
  platformKey: string;
  recipient: { name: string; idNumber: string; citizenCardNo: string; regionCode: string };
  audit: { to: string }[];
}

let db: mongoose.Connection;

beforeAll(async () => {
  buildApps(services);
  for (const s of services) ports[s] = await freePort();
  const common = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    KAFKA_BROKERS: engineEndpoints().kafkaBrokers.join(','),
    ...identityEnv(),
    TOPIC_PREFIX: prefix,
    OUTBOX_SWEEP_MS: '1000',
  };
  const intakeGrpc = await freePort();
  const simulatorPort = await freePort();
  running.set(
    'card-simulator',
    await startCardSimulator(
      simulatorPort,
      `${base('payment')}/card-platform/callbacks`,
      CALLBACK_TOKEN,
    ),
  );
  envs.intake = {
    ...common,
    SERVICE_NAME: 'intake',
    MONGO_URL: mongoUrlFor(`${prefix}intake`),
    GRPC_PORT: String(intakeGrpc),
  };
  envs['civil-affairs'] = {
    ...common,
    SERVICE_NAME: 'civil-affairs',
    ...identityEnv('svc-civil-affairs'),
    MONGO_URL: mongoUrlFor(`${prefix}civil`),
    INTAKE_GRPC_URL: `127.0.0.1:${intakeGrpc}`,
    SLA_SCAN_INTERVAL_MS: '0',
  };
  envs.payment = {
    ...common,
    SERVICE_NAME: 'payment',
    MONGO_URL: mongoUrlFor(paymentDb),
    CARD_PLATFORM_URL: `127.0.0.1:${simulatorPort}`,
    CARD_PLATFORM_CALLBACK_TOKEN: CALLBACK_TOKEN,
    SENDER_INTERVAL_MS: '200',
    // Temporary aid is due within days, 低保 by the 10th of next month: send at once.
    SEND_LEAD_HOURS: String(24 * 90),
    RETRY_INITIAL_MS: '200',
    RETRY_MAX_MS: '1000',
    CONFIRM_POLL_MS: '200',
  };
  await Promise.all(services.map(start));
  for (const [name, user] of Object.entries(users)) {
    tokens[name as keyof typeof users] = await keycloakToken({
      ...user,
      roles: [...user.roles],
    });
  }
  db = await mongoose.createConnection(mongoUrlFor(paymentDb)).asPromise();
});

afterAll(async () => {
  await db?.close();
  await Promise.all([...running.values()].map((p) => p.stop()));
});

const start = async (s: Service) => running.set(s, await startApp(s, envs[s], ports[s]));
async function kill(s: Service): Promise<void> {
  const app = running.get(s);
  running.delete(s);
  if (!app || app.child.exitCode !== null) return;
  app.child.kill('SIGKILL');
  await new Promise((r) => app.child.once('exit', r));
}

/** 受理 at the window, with the applicant's citizen card; resolves once civil affairs has the case. */
async function submit(item: string, applicant: { name: string; idNumber: string; card: string }) {
  const submitted = await call<{ id: string }>(`${base('intake')}/applications`, tokens.clerk, {
    method: 'POST',
    body: {
      applicant: {
        name: applicant.name,
        idNumber: applicant.idNumber,
        phone: '13800138000',
        regionCode: '330106',
        citizenCardNo: applicant.card,
      },
      items: [item],
      channel: 'window',
      hardshipDescription: '家庭遭遇变故，生活陷入困境',
      declarationSigned: true,
    },
  });
  expect(submitted.status).toBe(201);
  const caseId = submitted.body.id;
  await waitFor(
    async () =>
      (await call(`${base('civil-affairs')}/cases/${caseId}`, tokens.coordinator)).status === 200,
    { what: `case ${caseId} in civil affairs`, timeoutMs: 30000 },
  );
  return caseId;
}

const review = (path: string, who: keyof typeof users, body: object = {}) =>
  call<ReviewBody & ErrorBody>(`${base('civil-affairs')}/reviews${path}`, tokens[who], {
    method: 'POST',
    body,
  });
const reviewView = async (id: string) =>
  (await call<ReviewBody>(`${base('civil-affairs')}/reviews/${id}`, tokens.coordinator)).body;

/** Opens the review and takes it through 初审, 核对 and 入户调查 (all by the first reviewer). */
async function throughChecks(open: object): Promise<string> {
  const opened = await review('', 'reviewer', open);
  expect(opened.status).toBe(201);
  expect(opened.body.actors.intake).toBe('clerk-1');
  const id = opened.body.id;
  expect((await review(`/${id}/first-review`, 'reviewer', { opinion: '材料齐全' })).status).toBe(
    200,
  );
  const checked = await review(`/${id}/economic-check`, 'reviewer', {
    startedOn: shanghaiToday(),
    completedOn: shanghaiToday(),
  });
  expect(checked.status).toBe(200);
  const visited = await review(`/${id}/home-visit`, 'reviewer', { visitedOn: shanghaiToday() });
  expect(visited.body.status).toBe('awaiting_confirmation');
  return id;
}

const listOrders = async (approvalId: string) =>
  (
    await call<{ items: OrderView[]; total: number }>(
      `${base('payment')}/orders?approvalId=${approvalId}`,
      tokens.payment,
    )
  ).body.items;

/** Waits until the approval has `count` orders, all confirmed; returns them by instalment. */
async function confirmedOrders(approvalId: string, count: number): Promise<OrderView[]> {
  const items = await waitFor(
    async () => {
      const got = await listOrders(approvalId);
      return got.length === count && got.every((o) => o.status === 'confirmed') ? got : undefined;
    },
    { what: `${count} confirmed orders of ${approvalId}`, timeoutMs: 40000 },
  );
  return [...items].sort((a, b) => a.instalmentNumber - b.instalmentNumber);
}

/**
 * The stored orders (full ID number, not the masked view), opened with the payment service's keys
 * (development keys here): at rest they are sealed (issue 14).
 */
async function storedOrders(approvalId: string) {
  const raw = await db
    .collection<{ _id: string; recipient: { idNumber: string; citizenCardNo: string } }>(
      'payment_orders',
    )
    .find({ approvalId })
    .toArray();
  for (const o of raw) expect(isSealed(o.recipient.idNumber)).toBe(true);
  const cipher = await new Vault(
    db.db!,
    keyMaterialFrom({ NODE_ENV: 'test', DATA_CIPHER_SUITE: 'aes-256-gcm' }),
  ).collection('payment_orders', {
    sealed: ['recipient.idNumber', 'recipient.citizenCardNo'],
  });
  return cipher.openMany(raw);
}

/**
 * A barrier instead of a sleep: a control approval published after the case's own on the same
 * key (one partition, in order) is paid, so payment has handled every earlier approval of the
 * case and its sender has run since this call.
 */
async function controlApprovalPaid(caseId: string): Promise<void> {
  const approvalId = randomUUID();
  const control = AssistanceApproved.fromPartial({
    approvalId,
    caseId,
    applicationId: caseId,
    item: AssistanceItem.ASSISTANCE_ITEM_TEMPORARY,
    schedule: PaymentSchedule.PAYMENT_SCHEDULE_TEMPORARY,
    recipient: {
      name: '王小明',
      idNumber: APPLICANT_ID,
      citizenCardNo: CARD,
      regionCode: '330106',
    },
    streetCode: '330106001',
    level: ApprovalLevel.APPROVAL_LEVEL_STREET,
    approverId: 'barrier',
    approvedAt: new Date(),
    instalments: [
      {
        number: 1,
        amountFen: 100,
        dueAt: new Date(Date.now() + 86400_000),
        idempotencyKey: `${approvalId}:1`,
      },
    ],
  });
  const publisher = new EventPublisher(testKafka(prefix), 'barrier');
  try {
    await publisher.publish(Topics.assistanceApproved, control, {
      key: caseId,
      correlationId: caseId,
    });
  } finally {
    await publisher.disconnect();
  }
  await confirmedOrders(approvalId, 1);
}

const masked = (idNumber: string) => `${idNumber.slice(0, 6)}********${idNumber.slice(-4)}`;

describe('approval to payment end to end (built services, card simulator, real Kafka + FerretDB)', () => {
  it('R-AP-1/R-PAY-1/R-PAY-5: a 临时救助 application with a citizen card is reviewed by three people, approved in two instalments and paid once per instalment to that card', async () => {
    const caseId = await submit('temporary', {
      name: '王小明',
      idNumber: APPLICANT_ID,
      card: CARD,
    });
    const id = await throughChecks({
      caseId,
      item: 'temporary',
      kind: 'emergency',
      emergency: {
        category: 'accident_or_fire',
        occurredOn: shanghaiToday(),
        description: '住房失火',
      },
    });
    expect((await reviewView(id)).citizenCardNo).toBe(`************${CARD.slice(-4)}`);

    // R-AP-1: the first reviewer may not also approve; nothing changes.
    const sameReviewer = await review(`/${id}/approve`, 'reviewerAsApprover', { amountFen: 40000 });
    expect(sameReviewer.status).toBe(403);
    expect(sameReviewer.body.error.code).toBe('SOD_SAME_PERSON');
    expect(await reviewView(id)).toMatchObject({
      status: 'awaiting_confirmation',
      approval: null,
      actors: { intake: 'clerk-1', firstReview: 'rev-1', confirmation: null },
    });

    const approveBody = {
      amountFen: 40000,
      instalments: [{ amountFen: 25000 }, { amountFen: 15000, payFrom: shanghaiDayPlus(7) }],
    };
    const approved = await review(`/${id}/approve`, 'street', approveBody);
    expect(approved.status).toBe(200);
    expect(approved.body.actors).toEqual({
      intake: 'clerk-1',
      firstReview: 'rev-1',
      confirmation: 'appr-1',
    });
    const approvalId = approved.body.approval!.approvalId;
    expect(approved.body.approval!.instalments.map((i) => i.idempotencyKey)).toEqual([
      `${approvalId}:1`,
      `${approvalId}:2`,
    ]);
    // A retried approval returns the same approval.
    const retried = await review(`/${id}/approve`, 'street', approveBody);
    expect(retried.body.approval!.approvalId).toBe(approvalId);

    // Payment: each instalment reaches the card platform and is confirmed.
    const orders = await confirmedOrders(approvalId, 2);
    expect(orders.map((o) => [o.id, o.instalmentNumber, o.amountFen])).toEqual([
      [`${approvalId}:1`, 1, 25000],
      [`${approvalId}:2`, 2, 15000],
    ]);
    for (const o of orders) {
      expect(o.recipient).toEqual({
        name: '王小明',
        idNumber: masked(APPLICANT_ID),
        citizenCardNo: CARD,
        regionCode: '330106',
      });
      expect(o.platformKey).toBe(o.id);
      expect(o.platformRef).toMatch(/^YJD\d{10}$/);
      expect(o.audit.map((a) => a.to)).toContain('confirmed');
    }
    expect(new Set(orders.map((o) => o.platformRef)).size).toBe(2);
    // The stored orders carry the applicant's full ID number and card from the application.
    expect(
      (await storedOrders(approvalId))
        .map((o) => [o._id, o.recipient.idNumber, o.recipient.citizenCardNo])
        .sort(),
    ).toEqual([
      [`${approvalId}:1`, APPLICANT_ID, CARD],
      [`${approvalId}:2`, APPLICANT_ID, CARD],
    ]);

    // R-PAY-5: after further sender runs, still exactly one order per instalment key.
    await controlApprovalPaid(caseId);
    const settled = await listOrders(approvalId);
    expect(settled.map((o) => [o.id, o.status]).sort()).toEqual([
      [`${approvalId}:1`, 'confirmed'],
      [`${approvalId}:2`, 'confirmed'],
    ]);
  });

  it('R-PAY-1/R-PAY-5: a 低保 approval made while payment is down is paid once to the card after payment restarts', async () => {
    const caseId = await submit('dibao', { name: '李秀英', idNumber: DIBAO_ID, card: DIBAO_CARD });
    const id = await throughChecks({ caseId, item: 'dibao' });
    await kill('payment');
    const approved = await review(`/${id}/approve`, 'street', { amountFen: 80000 });
    expect(approved.status).toBe(200);
    const approvalId = approved.body.approval!.approvalId;
    await start('payment');

    const [order, ...more] = await confirmedOrders(approvalId, 1);
    expect(more).toEqual([]);
    expect(order).toMatchObject({
      id: `${approvalId}:1`,
      instalmentNumber: 1,
      amountFen: 80000,
      recipient: {
        name: '李秀英',
        idNumber: masked(DIBAO_ID),
        citizenCardNo: DIBAO_CARD,
        regionCode: '330106',
      },
    });
    expect(order!.platformRef).toMatch(/^YJD\d{10}$/);
    expect((await storedOrders(approvalId)).map((o) => [o._id, o.recipient.idNumber])).toEqual([
      [`${approvalId}:1`, DIBAO_ID],
    ]);
  });

  it('R-JH-1/R-JH-5: the window follows the application through review, approval and payment to 已发放', async () => {
    const caseId = await submit('dibao', {
      name: '王小红',
      idNumber: '330106199001011221',
      card: '3301062222333344',
    });
    const id = await throughChecks({ caseId, item: 'dibao' });
    const approved = await review(`/${id}/approve`, 'street', { amountFen: 60000 });
    expect(approved.status).toBe(200);
    await confirmedOrders(approved.body.approval!.approvalId, 1);

    const atWindow = await waitFor(
      async () => {
        const res = await call<{
          status: string;
          progress: { stage: string; label: string; history: { text: string }[] };
        }>(`${base('intake')}/applications/${caseId}`, tokens.coordinator);
        return res.body.progress?.stage === 'paid' ? res.body : undefined;
      },
      { what: `application ${caseId} shown as paid at the window`, timeoutMs: 30000 },
    );
    expect(atWindow.status).toBe('approved');
    expect(atWindow.progress.label).toBe('已发放');
    expect(atWindow.progress.history.map((h) => h.text)).toEqual([
      '窗口已受理申请',
      '最低生活保障：已受理，等待初审',
      '最低生活保障：初审完成',
      '最低生活保障：家庭经济状况核对完成',
      '最低生活保障：入户调查完成',
      '最低生活保障：审核审批同意',
      '最低生活保障已批准，共 1 期，合计 600.00 元',
      '最低生活保障第 1 期 600.00 元已发放至市民卡',
    ]);
  });
});
