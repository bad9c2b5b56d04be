import { applicationNumber as numberFor } from '@jh/domain-application';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { Topics, type ApplicationSubmitted } from '@jh/contracts';
import { hasRole, type Actor } from '@jh/platform-auth';
import { canHandOver, decide } from '@jh/domain-access';
import { conflict, invalidInput, notAllowed } from '@jh/platform-errors';
import { outboxEvent } from '@jh/platform-kafka';
import { currentTraceContext } from '@jh/platform-telemetry';
import { keyedRequestHash, requestHash } from '@jh/platform-http';
import {
  channelCodes,
  itemCodes,
  openStatuses,
  relationCodes,
  type CreateApplicationInput,
  type HandoverInput,
  type ListApplicationsQuery,
  type OpenLookupInput,
  type SupplyDocumentInput,
} from './application.input';
import type { ApplicationDoc } from './application.model';
import { applicationIdForKey, NumberBlocks } from './application.numbers';
import type { ApplicationFilter, ApplicationStore, StoredApplication } from './application.store';
import { initialProgress } from '../progress/progress.service';
import {
  applicationNotFound,
  applicationScope,
  assertInScope,
  assertRole,
  listRegionFilter,
  type DeniedListener,
} from './application.access';
import { emptyDirectory, type UserDirectory } from '@jh/platform-auth';

const producer = 'intake';
const shanghaiOffsetMs = 8 * 3600_000;
const dayMs = 24 * 3600_000;

/** Human application number, e.g. JH-2026-000123 (year in Asia/Shanghai). */
export function applicationNumber(now: Date, seq: number): string {
  return numberFor(new Date(now.getTime() + shanghaiOffsetMs).getUTCFullYear(), seq);
}

export function toSubmittedEvent(doc: StoredApplication): ApplicationSubmitted {
  return {
    applicationId: doc._id,
    applicationNumber: doc.applicationNo,
    applicant: {
      name: doc.applicant.name,
      idNumber: doc.applicant.idNumber,
      phone: doc.applicant.phone ?? '',
      address: doc.applicant.address ?? '',
      regionCode: doc.applicant.regionCode,
      citizenCardNo: doc.applicant.citizenCardNo ?? '',
    },
    householdMembers: doc.householdMembers.map((m) => ({
      name: m.name,
      relation: relationCodes[m.relation],
      idNumber: m.idNumber,
    })),
    hardshipDescription: doc.hardshipDescription,
    requestedItems: doc.items.map((i) => itemCodes[i]),
    channel: channelCodes[doc.channel],
    owner: { userId: doc.owner.userId, officeId: '', regionCode: doc.owner.regionCode },
    missingDocuments: [...doc.missingDocuments],
    declarationSigned: doc.declarationSigned,
    submittedAt: doc.submittedAt,
  };
}

/** Start of a calendar day in Asia/Shanghai, as an instant. */
export function shanghaiDayStart(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00+08:00`));
}

/**
 * Maps the validated list query to a store filter (dates inclusive, Asia/Shanghai days); the
 * region part comes from the reader's scope and the `regionCode` narrowing (R-OV-2).
 */
export function toFilter(
  query: ListApplicationsQuery,
  region: { scope: ApplicationFilter['scope']; exact?: string } = { scope: {} },
): ApplicationFilter {
  return {
    status: query.status,
    item: query.item,
    channel: query.channel,
    scope: region.scope,
    regionCode: region.exact,
    ownerUserId: query.owner,
    submittedFrom: query.from ? shanghaiDayStart(query.from) : undefined,
    submittedBefore: query.to ? new Date(shanghaiDayStart(query.to).getTime() + dayMs) : undefined,
  };
}

export interface CreateOutcome {
  application: StoredApplication;
  /** True when an earlier request with the same idempotency key created it. */
  replayed: boolean;
}

/** One hit of the open-application lookup: the application and the person's place in it. */
export interface OpenApplication {
  doc: StoredApplication;
  as: 'applicant' | 'member';
}

export interface ApplicationList {
  items: StoredApplication[];
  total: number;
  page: number;
  pageSize: number;
}

const withoutOutbox = ({ outbox: _outbox, ...rest }: ApplicationDoc): StoredApplication => rest;

export interface ApplicationServiceOptions {
  /** Who a hand-over may go to (R-JH-5); without one, every hand-over is refused. */
  directory?: UserDirectory;
  /** Told of every refused attempt (who, what, decision), for the record. */
  onDenied?: DeniedListener;
  /**
   * Keyed digest (HMAC) of a request, which holds ID numbers (issue 14): the vault's
   * `keyedDigest`. Without one, a key of this process only (replays within it still match).
   */
  fingerprint?: (text: string) => string;
}

/** A request's fingerprint: keyed, and the unkeyed one applications stored before it still hold. */
interface Fingerprint {
  keyed: string;
  legacy: string;
}

/** Used when no fingerprint is given (unit tests): one random key per process, never unkeyed. */
const processKey = randomBytes(32);
const processKeyedDigest = (text: string) =>
  createHmac('sha256', processKey).update(text).digest('hex');

export class ApplicationService {
  private readonly numbers: NumberBlocks;
  private readonly directory: UserDirectory;
  private readonly onDenied: DeniedListener;
  private readonly fingerprint: (text: string) => string;

  constructor(
    private readonly store: ApplicationStore,
    private readonly clock: () => Date = () => new Date(),
    numberBlock = 1,
    options: ApplicationServiceOptions = {},
  ) {
    this.numbers = new NumberBlocks((name, by) => store.incrementSequence(name, by), numberBlock);
    this.directory = options.directory ?? emptyDirectory;
    this.onDenied = options.onDenied ?? (() => undefined);
    this.fingerprint = options.fingerprint ?? processKeyedDigest;
  }

  async create(
    input: CreateApplicationInput,
    actor: Actor,
    idempotencyKey?: string,
  ): Promise<CreateOutcome> {
    // A clerk registers only applicants of his own region (R-OV-2): 403 wrong role, else 404.
    assertInScope(actor, 'write', input.applicant.regionCode, this.onDenied);
    const hash: Fingerprint = {
      keyed: keyedRequestHash(this.fingerprint, actor.userId, input),
      // Computed for the comparison only; never stored.
      legacy: requestHash(actor.userId, input),
    };
    // Scoped to the caller: another user's identical key is another request, never a replay.
    const key = idempotencyKey ? `key:${actor.userId}:${idempotencyKey}` : undefined;
    // A replay is an `_id` point lookup; an application stored before keyed ids is met by the
    // key's unique index on insert below, and answered from there.
    if (key) {
      const earlier = await this.store.findById(applicationIdForKey(key));
      if (earlier?.idempotencyKey === key) return replay(earlier, hash);
    }
    const now = this.clock();
    const seq = await this.numbers.next(
      `application-${new Date(now.getTime() + shanghaiOffsetMs).getUTCFullYear()}`,
    );
    const id = key ? applicationIdForKey(key) : randomUUID();
    // 首问负责 (R-JH-5): whoever registers the application owns it until an explicit hand-over.
    const owner = {
      userId: actor.userId,
      regionCode: actor.regionCode ?? input.applicant.regionCode,
    };
    const doc: ApplicationDoc = {
      _id: id,
      applicationNo: applicationNumber(now, seq),
      status: 'submitted',
      applicant: input.applicant,
      householdMembers: input.householdMembers,
      items: input.items,
      channel: input.channel,
      hardshipDescription: input.hardshipDescription,
      declarationSigned: input.declarationSigned,
      scope: applicationScope(input.applicant.regionCode),
      owner,
      ownerHistory: [
        {
          fromUserId: '',
          toUserId: owner.userId,
          byUserId: actor.userId,
          reason: '首问受理',
          at: now,
        },
      ],
      missingDocuments: input.missingDocuments,
      outstandingDocuments: input.missingDocuments,
      suppliedDocuments: [],
      idempotencyKey: key ?? `auto:${id}`,
      requestHash: hash.keyed,
      submittedAt: now,
      outbox: [],
    };
    doc.outbox.push(
      outboxEvent(
        Topics.applicationSubmitted,
        toSubmittedEvent(doc),
        { key: doc._id, correlationId: doc._id, occurredAt: now, ...currentTraceContext() },
        producer,
      ),
    );
    doc.progress = initialProgress(now, doc.outbox[0]?.eventId ?? '');
    if ((await this.store.insert(doc)) === 'inserted') {
      return { application: withoutOutbox(doc), replayed: false };
    }
    // A concurrent request with the same key won the unique index: answer with its result.
    const winner = key ? await this.store.findByIdempotencyKey(key) : undefined;
    if (!winner) throw new Error(`duplicate key on insert of application ${id}`);
    return replay(winner, hash);
  }

  /** The role part alone (403), checked before a body is even parsed. */
  assertRole(actor: Actor, op: 'read' | 'write'): void {
    assertRole(actor, op, this.onDenied);
  }

  /** One application the actor may read (or, with `op: 'write'`, act on); else 403 / 404. */
  async get(id: string, actor: Actor, op: 'read' | 'write' = 'read'): Promise<StoredApplication> {
    assertRole(actor, op, this.onDenied);
    const doc = await this.store.findById(id);
    if (!doc) throw applicationNotFound();
    assertInScope(actor, op, doc.applicant.regionCode, this.onDenied, id);
    return doc;
  }

  /** Only rows in the actor's scope, filtered by the query itself (R-OV-2). */
  async list(query: ListApplicationsQuery, actor: Actor): Promise<ApplicationList> {
    const region = listRegionFilter(actor, query.regionCode, this.onDenied);
    const page = { page: query.page, pageSize: query.pageSize };
    if (!region) return { items: [], total: 0, ...page };
    const { items, total } = await this.store.list(
      toFilter(query, region),
      (query.page - 1) * query.pageSize,
      query.pageSize,
    );
    return { items, total, ...page };
  }

  /**
   * Open applications naming this person as applicant or household member, in the actor's scope
   * (R-OV-2): the intake form's duplicate warning. Found through the blind index, never a scan.
   */
  async openFor(input: OpenLookupInput, actor: Actor): Promise<OpenApplication[]> {
    assertRole(actor, 'write', this.onDenied);
    const found = await this.store.findByIdNumber(input.idNumber);
    return found
      .filter((doc) => openStatuses.includes(doc.status))
      .filter(
        (doc) =>
          decide(actor, {
            kind: 'application',
            op: 'read',
            regionCode: doc.applicant.regionCode,
          }) === 'allow',
      )
      .map((doc) => ({
        doc,
        as: doc.applicant.idNumber === input.idNumber ? 'applicant' : 'member',
      }));
  }

  /** Explicit hand-over of the 首问负责 ownership (R-JH-5), recorded with who, when and why. */
  async handover(id: string, input: HandoverInput, actor: Actor): Promise<StoredApplication> {
    const doc = await this.get(id, actor, 'write');
    const current = doc.owner.userId;
    if (current !== actor.userId && !hasRole(actor, 'first_reviewer', 'coordinator')) {
      throw notAllowed('NOT_OWNER', '只有当前负责人或初审、协调人员可以移交该申请');
    }
    if (input.toUserId === current) {
      throw invalidInput([
        { path: 'toUserId', code: 'SAME_OWNER', message: '移交对象与当前负责人相同' },
      ]);
    }
    const target = await this.handoverTarget(input, actor, doc.applicant.regionCode);
    const at = this.clock();
    const next = { userId: target.userId, regionCode: target.regionCode ?? '' };
    const changed = await this.store.changeOwner(id, current, next, {
      fromUserId: current,
      toUserId: input.toUserId,
      byUserId: actor.userId,
      reason: input.reason,
      at,
    });
    if (!changed) throw conflict('OWNER_CHANGED', '该申请的负责人已被他人变更，请刷新后重试');
    return this.get(id, actor);
  }

  /** R-JH-5: a real user of the identity provider, with an owning role, in the same region. */
  private async handoverTarget(input: HandoverInput, actor: Actor, applicantRegion: string) {
    const field = (code: string, message: string, path = 'toUserId') =>
      invalidInput([{ path, code, message }]);
    const target = await this.directory.find(input.toUserId);
    if (!target) throw field('USER_NOT_FOUND', '移交对象不是系统中的有效用户');
    const check = canHandOver(actor, target, { regionCode: applicantRegion });
    if (!check.ok) throw field(check.code, check.reason);
    if (input.toRegionCode !== undefined && input.toRegionCode !== target.regionCode) {
      throw field('TARGET_REGION_MISMATCH', '填写的所属地区与移交对象的地区不一致', 'toRegionCode');
    }
    return target;
  }

  /** A paper accepted as missing (容缺受理, R-JH-6) has been supplied. */
  async supplyDocument(
    id: string,
    input: SupplyDocumentInput,
    actor: Actor,
  ): Promise<StoredApplication> {
    const doc = await this.get(id, actor, 'write');
    if (!doc.missingDocuments.includes(input.document)) {
      throw invalidInput([
        { path: 'document', code: 'DOCUMENT_NOT_MISSING', message: '该材料不在容缺受理清单中' },
      ]);
    }
    const supplied = await this.store.markSupplied(id, {
      name: input.document,
      suppliedAt: this.clock(),
      suppliedBy: actor.userId,
      note: input.note ?? '',
    });
    if (!supplied) throw conflict('DOCUMENT_ALREADY_SUPPLIED', '该材料已补齐');
    return this.get(id, actor);
  }
}

function replay(earlier: StoredApplication, hash: Fingerprint): CreateOutcome {
  if (earlier.requestHash !== hash.keyed && earlier.requestHash !== hash.legacy) {
    throw conflict(
      'IDEMPOTENCY_KEY_REUSED',
      '该幂等键已用于内容不同的申请，请勿重复使用（Idempotency-Key 与请求内容不符）',
    );
  }
  return { application: earlier, replayed: true };
}
