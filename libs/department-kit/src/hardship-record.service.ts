import { AccessGuard, scopeKeysOf, scopeQueryOf, type DeniedListener } from '@jh/access-guard';
import { Topics } from '@jh/contracts';
import type { AccessOp, Subject } from '@jh/domain-access';
import {
  SIGNAL_SOURCES,
  sizeBand,
  validateSignal,
  type HardshipSignal,
  type SignalSource,
  type SizeBand,
} from '@jh/domain-outreach';
import type { Actor } from '@jh/platform-auth';
import { conflict, invalidInput, notAllowed, notFound } from '@jh/platform-errors';
import { keyedRequestHash } from '@jh/platform-http';
import { outboxEvent } from '@jh/platform-kafka';
import { createOnce } from '@jh/platform-mongo';
import type { DocumentCipher } from '@jh/platform-crypto';
import type { Model } from 'mongoose';
import type { DepartmentDefinition, DepartmentSignalKind } from './department';
import {
  bandFigures,
  type HardshipRecordInput,
  type HardshipRecordListQuery,
} from './hardship-record.input';
import type { HardshipRecordDoc } from './hardship-record.model';

/** What `POST /hardship-records` answers: a signal (new or re-sent), or why the record is none. */
export type HardshipRecordOutcome =
  | { signal: false; code: string; reason: string; ruleId: string }
  | { signal: true; signalId: string; band: SizeBand; replayed: boolean };

export type StoredHardshipRecord = Omit<HardshipRecordDoc, 'outbox'>;

const withoutOutbox = { outbox: 0 } as const;

const recordNotFound = () => notFound('HARDSHIP_RECORD_NOT_FOUND', '未找到该线索记录');

/**
 * A department's signal feed (R-PD-1): its own records in, HardshipSignal out through the
 * outbox. Access is kind `signal` of the one table, narrowed to the department's own officers
 * (the table also lets civil-affairs staff and reporters write signals, through intake).
 */
export class HardshipRecordService {
  private readonly guard: AccessGuard;
  private readonly source: SignalSource;
  readonly kind: DepartmentSignalKind;

  constructor(
    readonly department: DepartmentDefinition,
    private readonly model: Model<HardshipRecordDoc>,
    private readonly cipher: DocumentCipher,
    private readonly clock: () => Date,
    /** Keyed digest (the vault's): a record holds an ID number, its hash must not be guessable. */
    private readonly fingerprint: (text: string) => string,
    onDenied?: DeniedListener,
  ) {
    const source = SIGNAL_SOURCES.find((s) => s === department.code);
    if (!source || !department.signalKind)
      throw new Error(`department ${department.code} has no signal feed (signalKind, source)`);
    this.source = source;
    this.kind = department.signalKind;
    this.guard = new AccessGuard({
      kind: 'signal',
      notFound: recordNotFound,
      wrongRole: () => notAllowed('ROLE_REQUIRED', '需要本部门经办人员角色'),
      onDenied,
    });
  }

  /** 403 unless a department officer (read: or a service); before any body is parsed. */
  assertRole(actor: Subject, op: AccessOp): void {
    this.guard.assertRole(actor, op);
    const service = op === 'read' && actor.roles.includes('service');
    if (!service && !actor.roles.includes('department_officer'))
      throw notAllowed('ROLE_REQUIRED', '需要本部门经办人员角色');
  }

  /**
   * R-PD-1: the band from the department's figures; below threshold nothing is kept or sent.
   * Otherwise the record and its HardshipSignal are stored in one write (the outbox sends it).
   */
  async receive(input: HardshipRecordInput, actor: Actor): Promise<HardshipRecordOutcome> {
    this.assertRole(actor, 'write');
    // Another department's officer, or another region: the 404 of a record that is not there.
    const scope = { regionCode: input.streetCode, department: this.department.code };
    this.guard.assertInScope(actor, 'write', scope);
    // The table also lets clerks write signals: a clerk's role must not open another department's feed.
    if (actor.department !== this.department.code) throw recordNotFound();
    const band = sizeBand(bandFigures(this.kind, input.figures));
    if (!band.ok) {
      if (band.code === 'INVALID_FIGURES')
        throw invalidInput([{ path: 'figures', code: band.code, message: band.reason }]);
      return { signal: false, code: band.code, reason: band.reason, ruleId: band.ruleId };
    }
    const now = this.clock();
    const signal: HardshipSignal = {
      signalId: `${this.department.code}:${input.recordId}`,
      source: this.source,
      kind: this.kind,
      band: band.band,
      flags: input.flags,
      householdRef: this.cipher.blind('id-number', input.subject.idNumber),
      streetCode: input.streetCode,
      observedAt: input.observedAt,
    };
    const valid = validateSignal(signal, now);
    if (!valid.ok)
      throw invalidInput(
        (valid.errors ?? []).map((e) => ({ path: e.field, code: e.code, message: e.reason })),
      );
    const requestHash = keyedRequestHash(this.fingerprint, this.department.code, input);
    const doc: HardshipRecordDoc = {
      _id: signal.signalId,
      department: this.department.code,
      recordId: input.recordId,
      kind: signal.kind,
      band: signal.band,
      subject: input.subject,
      householdRef: signal.householdRef,
      streetCode: signal.streetCode,
      regionCode: signal.streetCode,
      scope: scopeKeysOf(signal.streetCode),
      observedAt: signal.observedAt,
      flags: [...signal.flags],
      figures: { ...input.figures },
      officerId: actor.userId,
      receivedAt: now,
      requestHash,
      outbox: [
        outboxEvent(
          Topics.hardshipSignal,
          {
            ...signal,
            flags: [...signal.flags],
            reporter: undefined,
            subject: { phone: '', address: '', ...input.subject },
          },
          // One household's signals in order, whichever department sent them.
          { key: signal.householdRef, correlationId: signal.signalId, occurredAt: now },
          this.department.code,
        ),
      ],
    };
    if (await createOnce(this.model, this.cipher.seal(doc)))
      return { signal: true, signalId: doc._id, band: doc.band, replayed: false };
    // A re-sent record: answered from the first, which alone was published.
    const first = await this.model.findById(doc._id, { requestHash: 1, band: 1 }).lean().exec();
    if (!first) throw new Error(`duplicate key on insert of hardship record ${doc._id}`);
    if (first.requestHash !== requestHash)
      throw conflict(
        'RECORD_ID_REUSED',
        '该记录编号已报送过内容不同的记录，请勿重复使用（recordId 与记录内容不符）',
      );
    return { signal: true, signalId: doc._id, band: first.band, replayed: true };
  }

  /** The department's records in the reader's region, newest first (R-OV-2). */
  async list(
    query: HardshipRecordListQuery,
    actor: Actor,
  ): Promise<{ items: StoredHardshipRecord[]; total: number }> {
    this.assertRole(actor, 'read');
    const filter = this.guard.listFilter(actor);
    // Every stored record is this department's: another department's officer sees none.
    if (!filter || (filter.department !== undefined && filter.department !== this.department.code))
      return { items: [], total: 0 };
    const where = scopeQueryOf(filter.scope);
    const [items, total] = await Promise.all([
      this.model
        .find(where, withoutOutbox)
        .sort({ receivedAt: -1, _id: -1 })
        .skip((query.page - 1) * query.pageSize)
        .limit(query.pageSize)
        .lean<StoredHardshipRecord[]>()
        .exec(),
      this.model.countDocuments(where).exec(),
    ]);
    return { items: await this.cipher.openMany(items), total };
  }
}
