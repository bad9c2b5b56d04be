import {
  ApprovalLevel,
  AssistanceItem,
  PaymentSchedule,
  Topics,
  type AssistanceApproved,
} from '@jh/contracts';

import { buildEvent, EventPublisher } from '@jh/platform-kafka';
import {
  mongoUrlFor,
  testKafka,
  testServiceEnv,
  uniquePrefix,
  waitFor,
  keycloakToken,
  withoutRelayBookkeeping,
  releaseTestDatabase,
} from '@jh/platform-testing';
import mongoose, { type Connection } from 'mongoose';
import { randomUUID } from 'node:crypto';
import { CardPlatformSimulator } from '@jh/platform-card-simulator';
import { createLogger } from '@jh/platform-logger';
import { keyMaterialFrom, Vault, type SuiteName } from '@jh/platform-crypto';
import { paymentCiphers } from './sealed-fields';
import { startPayment, type PaymentOptions, type PaymentService } from './app';
import { openMonthlyBatch, type MonthlyBatchOptions } from './batch/batch.feature';
import type { BatchRunDoc } from './batch/batch.model';
import { OPEN_ENDED, type MonthNumber } from './batch/month';
import type { RecipientDoc } from './batch/recipient.model';
import { loadPaymentConfig } from './env';
import { paymentModels, type PaymentOrderDoc } from './order/order.model';
import {
  MongoPaymentOrderStore,
  type BatchRecord,
  type RecordCounts,
  type Transition,
} from './order/order.store';

// Test helpers of the payment app: the whole service, or the monthly batch on its own.

/** Payment on the real engines, the card simulator in-process on a free port, a raw DB handle. */
/**
 * Fails the first `pushed` record once, single or in a batch: the platform accepted the push and
 * the process "dies" before recording it (R-PAY-5, ADR 0006/0016).
 */
export class CrashOnceStore extends MongoPaymentOrderStore {
  crashes = 0;
  armed = false;

  private crash(): never {
    this.armed = false;
    this.crashes += 1;
    throw new Error('injected crash between push and record');
  }

  override async transition(id: string, t: Transition): Promise<boolean> {
    if (this.armed && t.audit.action === 'pushed') this.crash();
    return super.transition(id, t);
  }

  override async recordMany(records: BatchRecord[]): Promise<RecordCounts> {
    const pushed = records.some((r) => 'transition' in r && r.transition.audit.action === 'pushed');
    if (this.armed && pushed) this.crash();
    return super.recordMany(records);
  }
}

export { withoutRelayBookkeeping };

export async function startPaymentHarness(
  label: string,
  env: Record<string, string> = {},
  options: PaymentOptions = {},
  /** Writes to the database before the service starts (documents stored by an older version). */
  before?: (db: Connection) => Promise<void>,
) {
  const prefix = uniquePrefix(label);
  const database = `${prefix}payment`;
  if (before) {
    const early = await mongoose.createConnection(mongoUrlFor(database)).asPromise();
    await before(early).finally(() => early.close());
  }
  const simulator = new CardPlatformSimulator();
  const grpc = await simulator.start(0);
  const service: PaymentService = await startPayment(
    loadPaymentConfig(
      testServiceEnv('payment', prefix, database, {
        CARD_PLATFORM_URL: `127.0.0.1:${grpc.port}`,
        CARD_PLATFORM_DEADLINE_MS: '400',
        SENDER_INTERVAL_MS: '0',
        OVERDUE_ALARM_INTERVAL_MS: '0',
        SEND_LEASE_MS: '1000',
        RETRY_INITIAL_MS: '100',
        RETRY_MAX_MS: '400',
        CONFIRM_POLL_MS: '50',
        ...env,
      }),
    ),
    options,
  );
  const publisher = new EventPublisher(testKafka(prefix), 'test');
  await publisher.connect();
  const db: Connection = await mongoose.createConnection(mongoUrlFor(database)).asPromise();
  // City-level actors (issue 13): they see every county's orders and run the platform-wide
  // batch and statement imports; ids of their own so no other test file races on their claims.
  const staffToken = await keycloakToken({
    userId: 'pay-city',
    roles: ['payment_staff'],
    regionCode: '330100',
  });
  const auditorToken = await keycloakToken({
    userId: 'audit-city',
    roles: ['auditor'],
    regionCode: '330100',
  });
  const orders = () => db.db!.collection<PaymentOrderDoc>('payment_orders');
  // Stored orders, opened with the service's cipher: tests compare clear values (issue 14).
  const opened = (doc: PaymentOrderDoc) => service.ciphers.payment_orders.open(doc);
  const order = async (id: string) => {
    const doc = await orders().findOne({ _id: id });
    if (!doc) throw new Error(`order ${id} missing`);
    return opened(doc);
  };
  return {
    /** Topic prefix of this instance (for probes on the events it publishes). */
    prefix,
    simulator,
    /** host:port of the in-process card simulator (for a second, "fresh" sender). */
    platformUrl: `127.0.0.1:${grpc.port}`,
    service,
    db,
    staffToken,
    auditorToken,
    base: `http://127.0.0.1:${service.httpPort}`,
    orders,
    order,
    /** The order without its outbox and pending flag: relay bookkeeping that moves on its own (ADR 0014). */
    orderState: async (id: string) => withoutRelayBookkeeping(await order(id)),
    /** Publishes an approval as civil affairs would; pass eventId to simulate a redelivery. */
    async publish(payload: AssistanceApproved, eventId?: string): Promise<string> {
      const built = buildEvent(
        Topics.assistanceApproved,
        payload,
        { key: payload.applicationId, correlationId: payload.applicationId, eventId },
        'test',
      );
      await publisher.send(Topics.assistanceApproved, built.key, built.bytes);
      return built.eventId;
    },
    waitForOrders: (approvalId: string, count: number) =>
      waitFor(
        async () => ((await orders().countDocuments({ approvalId })) === count ? true : undefined),
        { what: `${count} orders of ${approvalId}` },
      ),
    /** Runs the sender until the order reaches `status` (backoff makes some runs no-ops). */
    async sendUntil(id: string, status: PaymentOrderDoc['status']): Promise<PaymentOrderDoc> {
      return waitFor(
        async () => {
          await service.orders.sendDue();
          const doc = await orders().findOne({ _id: id });
          return doc?.status === status ? opened(doc) : undefined;
        },
        { what: `order ${id} ${status}` },
      );
    },
    /** Polls a statement import until it has completed; returns the report as GET shows it. */
    waitForReport: (id: string, timeoutMs = 20000) =>
      waitFor(
        async () => {
          const res = await fetch(`http://127.0.0.1:${service.httpPort}/reconciliations/${id}`, {
            headers: { authorization: `Bearer ${staffToken}` },
          });
          const body = (await res.json()) as ReportBody & { error?: string };
          if (body.status === 'failed') throw new Error(`import ${id} failed: ${body.error}`);
          return body.status === 'completed' ? body : undefined;
        },
        { what: `statement import ${id}`, timeoutMs, intervalMs: 250 },
      ),
    async stop() {
      await publisher.disconnect();
      await service.stop();
      await grpc.close();
      await releaseTestDatabase(db);
      await db.close();
    },
  };
}
/** A statement import as `GET /reconciliations/:id` answers it. */
export interface ReportBody {
  id: string;
  status: 'running' | 'completed' | 'failed';
  totalRows: number;
  rows: number;
  processedRows: number;
  matched: number;
  percent: number;
  findingsTotal: number;
  findingCounts: Record<string, number>;
  findings: { code: string; idempotencyKey: string; line?: number }[];
  findingChunks: number;
  replayed?: boolean;
}

export type PaymentHarness = Awaited<ReturnType<typeof startPaymentHarness>>;

/**
 * An order store on a connection of its own that records the filter of every `find` it sends:
 * what a hot path asks the engine (the local one scans for anything but an indexed equality).
 */
export async function recordingOrderStore(h: PaymentHarness) {
  const conn = await mongoose
    .createConnection(mongoUrlFor(h.db.name), { monitorCommands: true })
    .asPromise();
  const finds: Record<string, unknown>[] = [];
  conn.getClient().on('commandStarted', (e) => {
    if (e.commandName === 'find') finds.push(e.command['filter'] as Record<string, unknown>);
  });
  const store = new MongoPaymentOrderStore({
    ...paymentModels(conn),
    cipher: h.service.ciphers.payment_orders,
  });
  return { store, finds, close: () => conn.close() };
}

/** A valid approval with `count` instalments due `dueInMs` from now. */
export function approval(
  overrides: Partial<AssistanceApproved> = {},
  count = 1,
  dueInMs = 24 * 3600_000,
): AssistanceApproved {
  const approvalId = overrides.approvalId ?? randomUUID();
  return {
    approvalId,
    caseId: `case-${approvalId}`,
    applicationId: `app-${approvalId}`,
    item: AssistanceItem.ASSISTANCE_ITEM_TEMPORARY,
    schedule: PaymentSchedule.PAYMENT_SCHEDULE_TEMPORARY,
    recipient: {
      name: '李秀英',
      idNumber: '330106195001011234',
      // 6 + 10 digits from the id: a valid 市民卡 number (R-PAY-1), distinct per approval.
      citizenCardNo: `6${String(parseInt(approvalId.slice(0, 8), 16)).padStart(10, '0')}`,
      regionCode: '330106',
    },
    streetCode: '330106001',
    level: ApprovalLevel.APPROVAL_LEVEL_STREET,
    approverId: 'approver-1',
    approvedAt: new Date(),
    instalments: Array.from({ length: count }, (_, i) => ({
      number: i + 1,
      amountFen: 150000 + i,
      dueAt: new Date(Date.now() + dueInMs),
      idempotencyKey: `${approvalId}:${i + 1}`,
    })),
    ...overrides,
  };
}

/** A registered recipient as the approval consumer writes it. */
export function recipientDoc(
  i: number,
  startMonth: MonthNumber,
  stopMonth: MonthNumber = OPEN_ENDED,
): RecipientDoc {
  const approvalId = `appr-${String(i).padStart(7, '0')}`;
  const at = new Date('2026-10-15T02:00:00Z');
  return {
    _id: approvalId,
    approvalId,
    caseId: `case-${i}`,
    applicationId: `app-${i}`,
    item: i % 5 === 0 ? 'tekun' : 'dibao',
    recipient: {
      name: `对象${i}`,
      idNumber: `33010619500101${String(i % 10000).padStart(4, '0')}`,
      citizenCardNo: `6${String(i).padStart(9, '0')}`,
      regionCode: '330106',
    },
    streetCode: `3301060${String(i % 12).padStart(2, '0')}`,
    monthlyAmountFen: 103000 + (i % 7) * 100,
    startMonth,
    stopMonth,
    sourceEventIds: [`evt-${i}`],
    audit: [{ at, actor: 'system:payment-intake', action: 'registered', reason: '测试' }],
    createdAt: at,
    updatedAt: at,
  };
}

/** The monthly batch on its own database of the real FerretDB, with a raw handle for assertions. */
export async function startBatchHarness(label: string, options: MonthlyBatchOptions = {}) {
  const db: Connection = await mongoose
    .createConnection(mongoUrlFor(`${uniquePrefix(label)}batch`))
    .asPromise();
  const logger = createLogger({ name: 'batch-test', level: 'silent' });
  // The keys a service started with the test environment uses.
  const suite = (process.env['DATA_CIPHER_SUITE'] ?? 'aes-256-gcm') as SuiteName;
  const vault = new Vault(db.db!, keyMaterialFrom({ NODE_ENV: 'test', DATA_CIPHER_SUITE: suite }));
  const ciphers = await paymentCiphers((name, spec) => vault.collection(name, spec));
  const monthly = await openMonthlyBatch(db, logger, ciphers, options);
  const orders = () => db.db!.collection<PaymentOrderDoc>('payment_orders');
  const recipients = () => db.db!.collection<RecipientDoc>('payment_recipients');
  const runs = () => db.db!.collection<BatchRunDoc>('payment_batches');
  return {
    db,
    vault,
    ciphers,
    ...monthly,
    /** The register's service (`recipients` is its raw collection). */
    register: monthly.recipients,
    orders,
    recipients,
    runs,
    /** Stores recipients as the service does: sealed (issue 14). */
    async seed(docs: RecipientDoc[]) {
      for (let i = 0; i < docs.length; i += 1000) {
        const chunk = docs.slice(i, i + 1000).map((d) => ciphers.payment_recipients.seal(d));
        await recipients().insertMany(chunk, { ordered: false });
      }
    },
    async stop() {
      await monthly.batch.stop();
      await releaseTestDatabase(db);
      await db.close();
    },
  };
}
export type BatchHarness = Awaited<ReturnType<typeof startBatchHarness>>;
