import { scopeKeysOf } from '../access';
import type { PolicyContext } from '@jh/domain-policy';
import type { Actor } from '@jh/platform-auth';
import { conflict } from '@jh/platform-errors';
import type { CaseService } from '../case/case.service';
import { findReviewable, reviewIdOf } from './review.catalogue';
import { openInputFor, type OpenInput } from './review.input';
import type { ReviewDoc } from './review.model';
import { reviewProgressedEntry } from './review.progress-event';
import { audit, type ReviewRecorder } from './review.recorder';

/** R-AP-8 registry lookup, injected (apps/civil-affairs/src/oversight wires the real one). */
export type RelativesCheck = (idNumbers: string[]) => Promise<{
  flagged: boolean;
  matches: { idNumber: string; staffName: string; relation: string }[];
}>;

export const neverFlagged: RelativesCheck = async () => ({ flagged: false, matches: [] });

/** Opens the review of one item; the 受理 step is the case's intake owner. Idempotent. */
export async function openReview(
  deps: {
    reviews: ReviewRecorder;
    cases: CaseService;
    policy: PolicyContext;
    relativesCheck: RelativesCheck;
  },
  caseId: string,
  item: string,
  actor: Actor,
  input: OpenInput,
): Promise<{ doc: ReviewDoc; created: boolean }> {
  const { reviews, policy } = deps;
  const c = await deps.cases.get(caseId);
  const reviewable = findReviewable(item);
  if (!reviewable || !c.items.includes(item)) {
    throw conflict('ITEM_NOT_REVIEWABLE', '该案件没有可由民政审核的此救助事项');
  }
  const id = reviewIdOf(caseId, item);
  const existing = await reviews.find(id);
  if (existing) return { doc: existing, created: false };
  const { kind, emergency } = openInputFor(item, input);
  const now = reviews.clock();
  const started = policy.clocks.start({ kind: reviewable.clock, startedAt: c.openedAt });
  if (!started.ok) throw conflict(started.code, started.reason);
  const applicantIdNumber = c.applicantIdNumber ?? '';
  const householdIdNumbers = c.householdIdNumbers ?? [];
  // R-AP-8: only items the rule covers (低保 by default) are checked against the registry.
  const relatives = policy.config.staffRelatives.appliesToItems.includes(reviewable.policyItem)
    ? await deps.relativesCheck([
        ...new Set([applicantIdNumber, ...householdIdNumbers].filter((n) => n !== '')),
      ])
    : { flagged: false, matches: [] };
  const doc: ReviewDoc = {
    _id: id,
    caseId,
    applicationId: c.applicationId,
    applicationNumber: c.applicationNumber ?? '',
    item,
    applicantName: c.applicantName,
    applicantIdNumber,
    citizenCardNo: c.applicantCitizenCardNo ?? '',
    householdIdNumbers,
    regionCode: c.owner.regionCode || c.regionCode,
    scope: c.scope ?? scopeKeysOf(c.regionCode || c.owner.regionCode),
    status: 'accepted',
    temporaryKind: kind,
    emergency,
    actors: { intake: c.owner.userId, firstReview: null, confirmation: null },
    economicCheck: null,
    homeVisit: null,
    selfCare: null,
    democraticReview: null,
    paperwork: null,
    relatives: {
      flagged: relatives.flagged,
      matches: relatives.matches.map((m) => ({ ...m })),
      checkedAt: now,
    },
    relativesReview: null,
    clock: started.clock,
    routedTo: null,
    approval: null,
    approvals: [],
    decisionReason: '',
    audit: [
      audit(
        now,
        actor,
        'opened',
        null,
        'accepted',
        relatives.flagged
          ? '申请家庭成员与救助经办人员或村（社区）干部存在近亲属关系，须复核（R-AP-8）'
          : '',
      ),
    ],
    openedAt: now,
    updatedAt: now,
    version: 0,
    // The application's trace: what the reviewers' steps publish joins it (ADR 0024).
    traceparent: c.traceparent ?? '',
    outbox: [],
  };
  doc.outbox.push(reviewProgressedEntry(doc, 'opened', 'accepted', 0, now));
  const queued = reviews.withQueueFields(doc);
  if (await reviews.insert(queued)) return { doc: queued, created: true };
  return { doc: await reviews.get(id), created: false };
}
