import { createHash, randomUUID } from 'node:crypto';
import { AccessGuard, scopeKeysOf, type DeniedListener } from '@jh/access-guard';
import { Topics } from '@jh/contracts';
import type { AccessOp, Subject } from '@jh/domain-access';
import {
  PERSON_SOURCES,
  defaultOutreachRules,
  sizeBand,
  validateSignal,
  type FieldError,
  type HardshipSignal,
  type ReporterRole,
  type SizeBand,
} from '@jh/domain-outreach';
import type { Actor } from '@jh/platform-auth';
import type { DocumentCipher } from '@jh/platform-crypto';
import { conflict, invalidInput, notAllowed, notFound } from '@jh/platform-errors';
import { keyedRequestHash } from '@jh/platform-http';
import { outboxEvent } from '@jh/platform-kafka';
import { currentTraceContext } from '@jh/platform-telemetry';
import { createOnce } from '@jh/platform-mongo';
import type { Model } from 'mongoose';
import type { HardshipReportInput, HardshipReportListQuery } from './hardship-report.input';
import type { HardshipReportDoc } from './hardship-report.model';

const producer = 'intake';
const withoutOutbox = { outbox: 0 } as const;

export type StoredHardshipReport = Omit<HardshipReportDoc, 'outbox'>;

export interface ReportOutcome {
  report: StoredHardshipReport;
  /** True when an earlier request with the same report id or key stored it. */
  replayed: boolean;
}

/** The body field a signal field came from: a refusal names what the reporter typed. */
const BODY_FIELD: Record<string, string> = {
  'reporter.role': 'reporterRole',
  'reporter.observation': 'observation',
  'reporter.contact': 'contact',
  householdRef: 'subject.idNumber',
  source: 'reporterRole',
};

/** The person source of a reporter's role (cadre, volunteer, hotline), from configuration. */
const sourceOf = (role: ReporterRole) =>
  PERSON_SOURCES.find((s) => defaultOutreachRules.config.reporterRolesBySource[s].includes(role));

/**
 * People's reports of households (主动发现, R-PD-1): the reporter from the verified token, the
 * report checked by the domain's `validateSignal`, stored with its HardshipSignal in one write.
 */
export class HardshipReportService {
  private readonly guard: AccessGuard;

  constructor(
    private readonly model: Model<HardshipReportDoc>,
    private readonly cipher: DocumentCipher,
    private readonly clock: () => Date,
    /** Keyed digest (the vault's): a report holds an ID number. */
    private readonly fingerprint: (text: string) => string,
    onDenied?: DeniedListener,
  ) {
    this.guard = new AccessGuard({
      kind: 'signal',
      notFound: () => notFound('HARDSHIP_REPORT_NOT_FOUND', '未找到该线索报告'),
      wrongRole: (op) =>
        notAllowed(
          'ROLE_REQUIRED',
          op === 'read'
            ? '您的角色无权查看线索报告'
            : '需要村（社区）干部、志愿者、热线或窗口人员角色',
        ),
      onDenied,
    });
  }

  assertRole(actor: Subject, op: AccessOp): void {
    this.guard.assertRole(actor, op);
  }

  async report(
    input: HardshipReportInput,
    actor: Actor,
    idempotencyKey?: string,
  ): Promise<ReportOutcome> {
    this.guard.assertRole(actor, 'write');
    const now = this.clock();
    const source = sourceOf(input.reporterRole);
    const band = sizeBand({ kind: 'reported_by_person', assessed: input.assessedBand });
    // Always a band for a person's report; the fallback only satisfies the type.
    const bandOf: SizeBand = band.ok
      ? band.band
      : defaultOutreachRules.config.bands.reportedByPerson;
    const reportKey = input.reportId
      ? `report:${actor.userId}:${input.reportId}`
      : idempotencyKey
        ? `key:${actor.userId}:${idempotencyKey}`
        : `auto:${randomUUID()}`;
    const signal = {
      signalId: `intake:${createHash('sha256').update(reportKey).digest('hex').slice(0, 32)}`,
      source: source ?? input.reporterRole,
      kind: 'reported_by_person',
      band: bandOf,
      flags: input.flags,
      householdRef: this.cipher.blind('id-number', input.subject.idNumber),
      streetCode: input.streetCode,
      observedAt: now,
      reporter: {
        role: input.reporterRole,
        id: actor.userId,
        observation: input.observation,
        contact: input.contact,
      },
    } as HardshipSignal;
    // Nothing is stored or sent unless the domain accepts the signal as it would be published.
    const valid = validateSignal(signal, now);
    if (!valid.ok) throw invalidInput((valid.errors ?? []).map(bodyError));
    // The reporter registers households of his own region (R-OV-2): else the 404 of no record.
    this.guard.assertInScope(actor, 'write', { regionCode: signal.streetCode });
    const requestHash = keyedRequestHash(this.fingerprint, actor.userId, input);
    const earlier = await this.find(signal.signalId);
    if (earlier) return replay(earlier, requestHash);
    const doc: HardshipReportDoc = {
      _id: signal.signalId,
      reportKey,
      source: signal.source as HardshipReportDoc['source'],
      kind: signal.kind,
      band: signal.band,
      reporter: { ...signal.reporter! },
      subject: input.subject,
      householdRef: signal.householdRef,
      streetCode: signal.streetCode,
      scope: scopeKeysOf(signal.streetCode),
      flags: [...signal.flags],
      observedAt: now,
      receivedAt: now,
      requestHash,
      outbox: [
        outboxEvent(
          Topics.hardshipSignal,
          {
            ...signal,
            flags: [...signal.flags],
            reporter: { ...signal.reporter! },
            subject: { phone: '', address: '', ...input.subject },
          },
          // One household's signals in order, whoever sent them.
          {
            key: signal.householdRef,
            correlationId: signal.signalId,
            occurredAt: now,
            ...currentTraceContext(),
          },
          producer,
        ),
      ],
    };
    if (await createOnce(this.model, this.cipher.seal(doc))) {
      const { outbox: _outbox, ...report } = doc;
      return { report, replayed: false };
    }
    // A concurrent request with the same report id won the unique `_id`.
    const winner = await this.find(doc._id);
    if (!winner) throw new Error(`duplicate key on insert of hardship report ${doc._id}`);
    return replay(winner, requestHash);
  }

  /** The caller's own reports, newest first. */
  async listOwn(
    query: HardshipReportListQuery,
    actor: Actor,
  ): Promise<{ items: StoredHardshipReport[]; total: number }> {
    this.guard.assertRole(actor, 'read');
    const where = { 'reporter.id': actor.userId };
    const [items, total] = await Promise.all([
      this.model
        .find(where, withoutOutbox)
        .sort({ receivedAt: -1, _id: -1 })
        .skip((query.page - 1) * query.pageSize)
        .limit(query.pageSize)
        .lean<StoredHardshipReport[]>()
        .exec(),
      this.model.countDocuments(where).exec(),
    ]);
    return { items: await this.cipher.openMany(items), total };
  }

  private async find(id: string): Promise<StoredHardshipReport | undefined> {
    const doc = await this.model.findById(id, withoutOutbox).lean<StoredHardshipReport>().exec();
    return doc ? this.cipher.open(doc) : undefined;
  }
}

function bodyError(e: FieldError) {
  return { path: BODY_FIELD[e.field] ?? e.field, code: e.code, message: e.reason };
}

function replay(earlier: StoredHardshipReport, requestHash: string): ReportOutcome {
  if (earlier.requestHash !== requestHash)
    throw conflict(
      'IDEMPOTENCY_KEY_REUSED',
      '该报告编号或幂等键已用于内容不同的报告，请勿重复使用',
    );
  return { report: earlier, replayed: true };
}
