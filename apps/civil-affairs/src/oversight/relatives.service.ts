import { scopeKeysOf } from '../access';
import { checkIdNumber } from '@jh/domain-application';
import {
  flagStaffRelatives,
  type AssistanceItem,
  type PolicyConfig,
  type StaffRelativeEntry,
  type StaffRole,
} from '@jh/domain-policy';
import type { Actor } from '@jh/platform-auth';
import { conflict, invalidInput, notAllowed, notFound } from '@jh/platform-errors';
import {
  RELATION_ZH,
  type RegistrationDoc,
  type Relation,
  type RelativeAuditEntry,
  type RelativeDoc,
} from './relatives.model';
import type { RelativeFilter, RelativeStore } from './relatives.store';

/**
 * R-AP-8 lookup used when a review is opened: which of these ID numbers are registered close
 * relatives of assistance staff or village/community cadres (active filings only).
 * `relation` is the Chinese label, e.g. 配偶.
 */
export type RelativesCheck = (idNumbers: string[]) => Promise<{
  flagged: boolean;
  matches: { idNumber: string; staffName: string; relation: string }[];
}>;

export interface RelativeMatch {
  idNumber: string;
  staffName: string;
  relation: string;
  staffId: string;
  staffRole: StaffRole;
  post: string;
  registrationId: string;
}

export interface RelativesCheckResult {
  ruleId: 'R-AP-8';
  flagged: boolean;
  matches: RelativeMatch[];
  /** zh-CN, for reviewers; absent when nothing matched. */
  reason?: string;
}

export interface RegisterInput {
  staffId: string;
  staffName: string;
  staffRole: StaffRole;
  post: string;
  relativeName: string;
  /** Already validated and normalised (checkIdNumber). */
  relativeIdNumber: string;
  relation: Relation;
}

const normalize = (idNumber: string) => idNumber.trim().toUpperCase();

/** The blind index (keyed HMAC) of an ID number: the vault's, never an unkeyed hash (issue 14). */
export type BlindIdNumber = (idNumber: string) => string;

/** Document key of a relative: the blind index, so the ID number never appears in ids or URLs. */
export const relativeKeyOf = (blind: BlindIdNumber, idNumber: string): string =>
  blind(normalize(idNumber));

export const registrationIdOf = (relativeKey: string, staffId: string): string =>
  `${relativeKey}~${staffId}`;

const MAX_ATTEMPTS = 5;

export class RelativesRegistry {
  constructor(
    private readonly store: RelativeStore,
    private readonly policy: PolicyConfig,
    private readonly clock: () => Date,
    private readonly blind: BlindIdNumber,
  ) {}

  async get(id: string): Promise<RelativeDoc> {
    const doc = await this.store.findById(id);
    if (!doc) throw notFound('RELATIVE_NOT_FOUND', '未找到该近亲属备案');
    return doc;
  }

  /** The relative filed under this ID number, if any (a malformed number has none). */
  async existing(idNumber: string): Promise<RelativeDoc | undefined> {
    const check = checkIdNumber(idNumber);
    return check.ok ? this.store.findById(relativeKeyOf(this.blind, check.idNumber)) : undefined;
  }

  /** The relative a filing belongs to, else the 404 of a missing filing. */
  async ofRegistration(registrationId: string): Promise<RelativeDoc> {
    const doc = await this.store.findById(registrationId.split('~')[0] ?? '');
    if (!doc) throw notFound('RELATIVE_REGISTRATION_NOT_FOUND', '未找到该近亲属备案记录');
    return doc;
  }

  list(filter: RelativeFilter, page: number, pageSize: number) {
    return this.store.list(filter, (page - 1) * pageSize, pageSize);
  }

  /** 近亲属备案. A second filing of the same relative for the same staff member is refused. */
  async register(
    input: RegisterInput,
    actor: Actor,
  ): Promise<{ doc: RelativeDoc; registrationId: string }> {
    const check = checkIdNumber(input.relativeIdNumber);
    if (!check.ok) {
      throw invalidInput([
        {
          path: 'relativeIdNumber',
          code: `ID_NUMBER_${check.problem.toUpperCase()}`,
          message: check.reason,
        },
      ]);
    }
    const idNumber = check.idNumber;
    const key = relativeKeyOf(this.blind, idNumber);
    const registrationId = registrationIdOf(key, input.staffId);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const now = this.clock();
      const registration: RegistrationDoc = {
        registrationId,
        staffId: input.staffId,
        staffName: input.staffName,
        staffRole: input.staffRole,
        post: input.post,
        relation: input.relation,
        active: true,
        registeredAt: now,
        registeredBy: actor.userId,
        deactivatedAt: null,
        deactivatedBy: null,
        deactivationReason: '',
      };
      const before = await this.store.findById(key);
      if (!before) {
        const doc: RelativeDoc = {
          _id: key,
          idNumber,
          relativeName: input.relativeName,
          regionCode: actor.regionCode ?? '',
          scope: scopeKeysOf(actor.regionCode),
          registrations: [registration],
          staffIds: [input.staffId],
          staffRoles: [input.staffRole],
          activeCount: 1,
          audit: [audit(now, actor, 'registered', registrationId, '')],
          createdAt: now,
          updatedAt: now,
          version: 0,
        };
        if (await this.store.insert(doc)) return { doc, registrationId };
        continue;
      }
      const index = before.registrations.findIndex((r) => r.staffId === input.staffId);
      const existing = before.registrations[index];
      if (existing?.active) {
        throw conflict('RELATIVE_ALREADY_REGISTERED', '该工作人员的此近亲属已备案，无需重复登记');
      }
      // A filing deactivated earlier (e.g. the staff member had left the post) is filed again.
      const entry = existing
        ? audit(now, actor, 'reregistered', registrationId, '重新备案')
        : audit(now, actor, 'registered', registrationId, '');
      const at = existing ? index : before.registrations.length;
      if (await this.store.putRegistration(before, at, registration, input.relativeName, entry)) {
        return { doc: await this.get(key), registrationId };
      }
    }
    throw conflict('REGISTRY_CHANGED', '该备案已被他人更新，请刷新后重试');
  }

  /** Ends a filing (e.g. the staff member left the post); the history stays. */
  async deactivate(registrationId: string, reason: string, actor: Actor): Promise<RelativeDoc> {
    const [key = '', staffId = ''] = registrationId.split('~');
    const doc = await this.store.findById(key);
    const index = doc?.registrations.findIndex((r) => r.registrationId === registrationId) ?? -1;
    const registration = doc?.registrations[index];
    if (!doc || !registration) {
      throw notFound('RELATIVE_REGISTRATION_NOT_FOUND', '未找到该近亲属备案记录');
    }
    if (!registration.active) {
      throw conflict('RELATIVE_REGISTRATION_INACTIVE', '该备案已注销');
    }
    if (staffId === actor.userId) {
      throw notAllowed('SELF_DEACTIVATION', '不能注销本人近亲属的备案');
    }
    const now = this.clock();
    const ended: RegistrationDoc = {
      ...registration,
      active: false,
      deactivatedAt: now,
      deactivatedBy: actor.userId,
      deactivationReason: reason,
    };
    const entry = audit(now, actor, 'deactivated', registrationId, reason);
    if (!(await this.store.putRegistration(doc, index, ended, doc.relativeName, entry))) {
      throw conflict('REGISTRY_CHANGED', '该备案已被他人更新，请刷新后重试');
    }
    return this.get(key);
  }

  /**
   * R-AP-8 via the domain rule: flags when a household member is a registered relative. The item
   * defaults to 低保, the item the rule names; other items are flagged only when configured.
   */
  async check(
    idNumbers: readonly string[],
    item: AssistanceItem = 'minimum_living',
  ): Promise<RelativesCheckResult> {
    const wanted = [...new Set(idNumbers.map(normalize))].filter((n) => n !== '');
    const docs = await this.store.findByIds([
      ...new Set(wanted.map((n) => relativeKeyOf(this.blind, n))),
    ]);
    const byEntry = new Map<string, RegistrationDoc>();
    const registry: StaffRelativeEntry[] = docs.flatMap((d) =>
      d.registrations
        .filter((r) => r.active)
        .map((r) => {
          byEntry.set(r.registrationId, r);
          return {
            entryId: r.registrationId,
            relativeIdNumber: d.idNumber,
            staffRole: r.staffRole,
            relation: r.relation,
          };
        }),
    );
    const flag = flagStaffRelatives(
      { item, members: wanted.map((n) => ({ memberId: n, idNumber: n })) },
      registry,
      this.policy,
    );
    const matches = flag.matches.flatMap((m): RelativeMatch[] => {
      const r = byEntry.get(m.entryId);
      return r
        ? [
            {
              idNumber: m.memberId,
              staffName: r.staffName,
              relation: RELATION_ZH[r.relation],
              staffId: r.staffId,
              staffRole: r.staffRole,
              post: r.post,
              registrationId: r.registrationId,
            },
          ]
        : [];
    });
    return {
      ruleId: 'R-AP-8',
      flagged: flag.flagged,
      matches,
      ...(flag.reason ? { reason: flag.reason } : {}),
    };
  }

  /** The function ReviewService takes to flag cases at review opening. */
  readonly relativesCheck: RelativesCheck = (idNumbers) => this.check(idNumbers);
}

function audit(
  at: Date,
  actor: Actor,
  action: RelativeAuditEntry['action'],
  registrationId: string,
  reason: string,
): RelativeAuditEntry {
  return { at, byUserId: actor.userId, action, registrationId, reason };
}
