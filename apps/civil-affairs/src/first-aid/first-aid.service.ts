import { scopeKeysOf, type ScopeQuery } from '../access';
import { randomUUID } from 'node:crypto';
import { PaymentSchedule } from '@jh/contracts';
import { checkIdNumber } from '@jh/domain-application';
import { shanghaiDateOf, startOfShanghaiDay } from '@jh/domain-calendar';
import { fen } from '@jh/domain-money';
import {
  checkFirstAid,
  firstAidDeadlines,
  instalmentKey,
  type PolicyContext,
} from '@jh/domain-policy';
import type { Actor } from '@jh/platform-auth';
import { AppError, conflict, invalidInput, notAllowed, notFound } from '@jh/platform-errors';
import { assistanceApprovedEntry } from '../approval/assistance-approved';
import type {
  FirstAidAction,
  FirstAidAuditEntry,
  FirstAidDoc,
  FirstAidStatus,
} from './first-aid.model';
import type { EmergencyClaims } from '../review/emergency-claims';
import type { FirstAidChanges, FirstAidStore } from './first-aid.store';
import { requirePayee } from '../approval/payee';
import { isSameRequest, keyedRequestHash, requestHash } from '@jh/platform-http';
import type { EmergencyCategory } from '../review/review.model';

export interface GrantFirstAidInput {
  /** Client-chosen UUID: a retried request returns the aid already granted. */
  requestId?: string;
  caseId?: string;
  /** No card (absent) is refused with PAYEE_REQUIRED (ADR 0010). */
  recipient: { name: string; idNumber: string; citizenCardNo?: string; regionCode?: string };
  amountFen: number;
  situation: { category: EmergencyCategory; occurredOn: string; description: string };
  /** Other household members' ID numbers known at the street (R-AP-6: any member counts). */
  householdIdNumbers?: string[];
}

/** The answer of `precheck`: the cap, a refusal of the amount, the R-AP-6 guard. */
export interface FirstAidPrecheck {
  capFen: number;
  /** zh-CN refusal of the amount (over the cap), absent when it is within it or not given. */
  amount?: string;
  /** R-AP-6: not checked when the ID number is invalid (the reason says why). */
  repeat: { checked: boolean; applies?: boolean; reason?: string };
}

interface RequestHashes {
  keyed: string;
  legacy: string;
}

/** ID numbers of a case's household (applicant and members); undefined when there is no such case. */
export type HouseholdOfCase = (caseId: string) => Promise<string[] | undefined>;

/** County list filters; overdue = paperwork due date passed without the paperwork. */
export type FirstAidListStatus =
  'ongoing' | 'paperwork_due' | 'overdue' | 'outstanding' | 'completed' | 'all';

const STATUS_ZH: Record<FirstAidStatus, string> = {
  aided: '已先行救助，紧急情况未解除',
  emergency_ended: '紧急情况已解除，待补齐手续',
  paperwork_completed: '手续已补齐',
};

/** R-AP-9 street emergency first aid: own documents, own outbox (ADR 0007 addendum). */
export class FirstAidService {
  constructor(
    private readonly store: FirstAidStore,
    private readonly policy: PolicyContext,
    private readonly clock: () => Date,
    private readonly emergencies: EmergencyClaims,
    private readonly householdOfCase: HouseholdOfCase = async () => undefined,
    /** Keyed digest (the vault's): the request holds an ID number, so never an unkeyed hash. */
    private readonly fingerprint: (text: string) => string,
  ) {
    emergencies.recognise('first_aid', async (id) => (await this.store.findById(id)) !== undefined);
  }

  now(): Date {
    return this.clock();
  }

  async get(id: string): Promise<FirstAidDoc> {
    const doc = await this.store.findById(id);
    if (!doc) throw notFound('FIRST_AID_NOT_FOUND', '未找到该先行救助记录');
    return doc;
  }

  async grant(
    actor: Actor,
    input: GrantFirstAidInput,
  ): Promise<{ doc: FirstAidDoc; created: boolean }> {
    const id = input.requestId ?? randomUUID();
    const hash: RequestHashes = {
      keyed: keyedRequestHash(this.fingerprint, actor.userId, input),
      // Aids stored before issue 14 hold the unkeyed hash: computed to compare, never stored.
      legacy: requestHash(actor.userId, input),
    };
    const existing = await this.store.findById(id);
    if (existing) return { doc: this.sameRequest(existing, actor, hash), created: false };
    const idCheck = checkIdNumber(input.recipient.idNumber);
    if (!idCheck.ok) {
      throw invalidInput([
        { path: 'recipient.idNumber', code: 'ID_NUMBER_INVALID', message: idCheck.reason },
      ]);
    }
    const citizenCardNo = input.recipient.citizenCardNo ?? '';
    requirePayee(citizenCardNo, 'recipient.citizenCardNo');
    const checked = checkFirstAid({ amountFen: fen(input.amountFen) }, this.policy);
    if (!checked.ok) throw notAllowed(checked.code, `${checked.reason}（${checked.ruleId}）`);
    const now = this.clock();
    if (startOfShanghaiDay(input.situation.occurredOn) > now) {
      throw invalidInput([
        { path: 'situation.occurredOn', code: 'INVALID_DATE', message: '急难发生日期不能晚于今天' },
      ]);
    }
    const { inPlaceDueAt } = firstAidDeadlines({ reportedAt: now }, this.policy);
    const instalments = [
      {
        number: 1,
        amountFen: input.amountFen,
        dueAt: inPlaceDueAt,
        idempotencyKey: instalmentKey(id, 1),
      },
    ];
    const recipient = {
      name: input.recipient.name,
      idNumber: idCheck.idNumber,
      citizenCardNo,
      regionCode: input.recipient.regionCode ?? actor.regionCode ?? '',
    };
    const streetCode = actor.regionCode || recipient.regionCode;
    const doc: FirstAidDoc = {
      _id: id,
      caseId: input.caseId ?? '',
      requestHash: hash.keyed,
      recipient,
      scope: scopeKeysOf(recipient.regionCode),
      situation: { ...input.situation },
      streetCode,
      amountFen: input.amountFen,
      approverId: actor.userId,
      approvedAt: now,
      instalments,
      inPlaceDueAt,
      status: 'aided',
      emergencyEndedAt: null,
      paperworkDueAt: null,
      paperwork: null,
      reportedToCountyAt: now,
      countyAcknowledged: null,
      audit: [
        entry(
          now,
          actor,
          'granted',
          null,
          'aided',
          `街道先行救助，24小时内到位，已报县（区）民政局备案（R-AP-9）`,
        ),
      ],
      updatedAt: now,
      version: 0,
      outbox: [
        // No application behind street first aid: keyed and correlated by the aid itself.
        assistanceApprovedEntry(
          {
            approvalId: id,
            caseId: input.caseId ?? '',
            applicationId: '',
            item: 'temporary',
            schedule: PaymentSchedule.PAYMENT_SCHEDULE_FIRST_AID,
            recipient,
            streetCode,
            level: 'street',
            approverId: actor.userId,
            approvedAt: now,
            instalments,
          },
          id,
        ),
      ],
    };
    // R-AP-6/R-AP-9 (ADR 0011): one aid per household and emergency, first aid included.
    const guardIds = await this.emergencies.claim(
      {
        household: [
          recipient.idNumber,
          ...(input.householdIdNumbers ?? []),
          ...((input.caseId && (await this.householdOfCase(input.caseId))) || []),
        ],
        occurredOn: input.situation.occurredOn,
        source: 'first_aid',
        ownerId: id,
        approvalId: id,
        amountFen: input.amountFen,
      },
      now,
    );
    let inserted = false;
    try {
      inserted = await this.store.insert(doc);
    } finally {
      if (!inserted) await this.emergencies.release(guardIds, id);
    }
    if (inserted) return { doc: await this.get(id), created: true };
    return { doc: this.sameRequest(await this.get(id), actor, hash), created: false };
  }

  /**
   * What the grant would refuse, asked before the form is sent: the cap (R-AP-9) and the
   * once-a-year guard (R-AP-6), by the same checks `grant` runs; reads only (point lookups).
   */
  async precheck(input: {
    idNumber?: string;
    householdIdNumbers: string[];
    caseId?: string;
    occurredOn?: string;
    amountFen?: number;
  }): Promise<FirstAidPrecheck> {
    const capFen = this.policy.config.firstAid.capFen as number;
    const checked =
      input.amountFen === undefined
        ? undefined
        : checkFirstAid({ amountFen: fen(input.amountFen) }, this.policy);
    const amount = checked && !checked.ok ? `${checked.reason}（${checked.ruleId}）` : undefined;
    if (!input.idNumber || !input.occurredOn) return { capFen, amount, repeat: { checked: false } };
    const id = checkIdNumber(input.idNumber);
    if (!id.ok) return { capFen, amount, repeat: { checked: false, reason: id.reason } };
    const household = [
      id.idNumber,
      ...input.householdIdNumbers,
      ...((input.caseId && (await this.householdOfCase(input.caseId))) || []),
    ];
    try {
      await this.emergencies.check(
        { household, occurredOn: input.occurredOn, source: 'first_aid', ownerId: '' },
        this.clock(),
      );
    } catch (e) {
      if (e instanceof AppError && e.code === 'EMERGENCY_ALREADY_AIDED') {
        return { capFen, amount, repeat: { checked: true, applies: true, reason: e.message } };
      }
      throw e;
    }
    return { capFen, amount, repeat: { checked: true, applies: false } };
  }

  /** Staff record the day the emergency ended; the one-week paperwork clock starts (R-AP-9). */
  async emergencyEnded(id: string, actor: Actor, endedOn: string): Promise<FirstAidDoc> {
    const doc = await this.get(id);
    requireStatus(doc, 'aided');
    const endedAt = startOfShanghaiDay(endedOn);
    const now = this.clock();
    if (endedAt > now || endedOn < doc.situation.occurredOn) {
      throw invalidInput([
        {
          path: 'endedOn',
          code: 'INVALID_DATE',
          message: '紧急情况解除日期须在发生之后且不晚于今天',
        },
      ]);
    }
    const { paperworkDueAt } = firstAidDeadlines(
      { reportedAt: doc.approvedAt, emergencyEndedAt: endedAt },
      this.policy,
    );
    const due = paperworkDueAt ?? null;
    return this.apply(
      doc,
      actor,
      'emergency_ended',
      `紧急情况于${endedOn}解除，手续须于${due ? shanghaiDateOf(due) : ''}前补齐（R-AP-9）`,
      { status: 'emergency_ended', emergencyEndedAt: endedAt, paperworkDueAt: due },
    );
  }

  async completePaperwork(id: string, actor: Actor, note: string): Promise<FirstAidDoc> {
    const doc = await this.get(id);
    requireStatus(doc, 'emergency_ended');
    const now = this.clock();
    return this.apply(doc, actor, 'paperwork_completed', note, {
      status: 'paperwork_completed',
      paperwork: { note, byUserId: actor.userId, completedAt: now },
    });
  }

  /** The county bureau confirms it has seen the report (备案). */
  async acknowledge(id: string, actor: Actor, note: string): Promise<FirstAidDoc> {
    const doc = await this.get(id);
    if (doc.countyAcknowledged) throw conflict('ALREADY_RECORDED', '县（区）民政局已确认备案');
    return this.apply(doc, actor, 'county_acknowledged', note, {
      countyAcknowledged: { byUserId: actor.userId, at: this.clock(), note },
    });
  }

  /** The list of `status` in `scope` (the reader's region, R-OV-2). */
  async list(status: FirstAidListStatus, scope: ScopeQuery): Promise<FirstAidDoc[]> {
    const limit = 500;
    switch (status) {
      case 'ongoing':
        return this.store.list({ scope, statuses: ['aided'] }, limit);
      case 'paperwork_due':
        return this.store.list({ scope, statuses: ['emergency_ended'] }, limit);
      case 'overdue':
        return this.store.list(
          { scope, statuses: ['emergency_ended'], paperworkDueBefore: this.clock() },
          limit,
        );
      case 'outstanding':
        return this.store.list({ scope, statuses: ['aided', 'emergency_ended'] }, limit);
      case 'completed':
        return this.store.list({ scope, statuses: ['paperwork_completed'] }, limit);
      case 'all':
        return this.store.list(
          { scope, statuses: ['aided', 'emergency_ended', 'paperwork_completed'] },
          limit,
        );
    }
  }

  private sameRequest(doc: FirstAidDoc, actor: Actor, hash: RequestHashes): FirstAidDoc {
    if (doc.approverId !== actor.userId) {
      throw conflict('REQUEST_ID_IN_USE', '该请求编号已被其他先行救助使用');
    }
    if (!isSameRequest(doc.requestHash, hash.keyed) && doc.requestHash !== hash.legacy) {
      throw conflict(
        'REQUEST_REPLAY_MISMATCH',
        '该请求编号已用于内容不同的先行救助，请勿重复使用（请求编号与请求内容不符）',
      );
    }
    return doc;
  }

  private async apply(
    doc: FirstAidDoc,
    actor: Actor,
    action: FirstAidAction,
    reason: string,
    changes: FirstAidChanges,
  ): Promise<FirstAidDoc> {
    const audit = entry(
      this.clock(),
      actor,
      action,
      doc.status,
      changes.status ?? doc.status,
      reason,
    );
    if (!(await this.store.transition(doc, changes, audit))) {
      throw conflict('FIRST_AID_CHANGED', '该先行救助记录已被他人更新，请刷新后重试');
    }
    return this.get(doc._id);
  }
}

function entry(
  at: Date,
  actor: Actor,
  action: FirstAidAction,
  fromStatus: FirstAidStatus | null,
  toStatus: FirstAidStatus,
  reason: string,
): FirstAidAuditEntry {
  return { at, byUserId: actor.userId, action, fromStatus, toStatus, reason };
}

function requireStatus(doc: FirstAidDoc, status: FirstAidStatus): void {
  if (doc.status !== status) {
    throw conflict(
      'FIRST_AID_WRONG_STATUS',
      `当前状态为“${STATUS_ZH[doc.status]}”，不能办理此步骤`,
    );
  }
}
