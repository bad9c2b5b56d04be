import type { ScopeQuery } from '../access';
import { fen, formatYuan } from '@jh/domain-money';
import type { PolicyContext } from '@jh/domain-policy';
import type { Actor } from '@jh/platform-auth';
import { conflict } from '@jh/platform-errors';
import { requestHash } from '@jh/platform-http';
import { sameApproval } from './approval-total';
import type { EmergencyClaims } from './emergency-claims';
import { emergencyFirstAids, withEmergencyGuard } from './emergency-approval';
import { requirePayee } from '../approval/payee';
import { approvedEntry, newApproval, primary } from './review.approval';
import { stagesOf, type ApproveInput } from './review.input';
import { guardFastAid, guardPaperwork } from './review.guards';
import type { ReviewDoc } from './review.model';
import type { ReviewRecorder } from './review.recorder';
import { requireRelativesReview, requireSeparation } from './review.rules';
import { requireTier } from './review.tier';

/**
 * 急难型 小金额先行救助 (R-AP-4): approved and paid before the check and the visit; the paperwork
 * is then outstanding until recorded.
 */
export class ReviewFastAid {
  constructor(
    private readonly reviews: ReviewRecorder,
    private readonly policy: PolicyContext,
    private readonly emergencyClaims: EmergencyClaims | undefined,
    private readonly capFen: number,
    private readonly paperworkWorkingDays: number,
  ) {}

  async fastAid(id: string, actor: Actor, input: ApproveInput): Promise<ReviewDoc> {
    const doc = await this.reviews.get(id);
    const hash = requestHash(actor.userId, input);
    const existing = (doc.approvals ?? []).find((a) => a.kind === 'fast');
    if (existing?.approverId === actor.userId) return sameApproval(doc, existing, hash);
    guardFastAid(doc);
    if (input.amountFen > this.capFen) {
      throw conflict(
        'FAST_AID_OVER_CAP',
        `小金额先行救助不超过${formatYuan(fen(this.capFen))}，请按审批程序办理（R-AP-4）`,
      );
    }
    requireSeparation(doc, 'confirmation', actor);
    requireRelativesReview(doc, actor);
    const stages = stagesOf(input);
    requirePayee(doc.citizenCardNo, 'citizenCardNo');
    const now = this.reviews.clock();
    const firstAids = await emergencyFirstAids(this.emergencyClaims, doc, now);
    const tier = await requireTier(
      { reviews: this.reviews, policy: this.policy },
      doc,
      actor,
      input,
      firstAids,
    );
    const due = this.policy.calendar.addWorkingDays(now, this.paperworkWorkingDays);
    const approval = newApproval(this.policy, doc, actor, 'fast', tier, input, stages, now);
    approval.requestHash = hash;
    approval.linkedFirstAids = firstAids;
    return withEmergencyGuard(this.emergencyClaims, doc, approval, now, () =>
      this.reviews.apply(
        doc,
        actor,
        'fast_aid',
        `急难型小金额先行救助，手续须于${due.dueDate}前补齐（${tier.ruleId}）`,
        {
          actors: { ...doc.actors, confirmation: actor.userId },
          approval: primary(approval),
          approvals: [...(doc.approvals ?? []), approval],
          paperwork: {
            status: 'outstanding',
            dueAt: due.dueAt,
            dueDate: due.dueDate,
            completedAt: null,
            completedBy: null,
            note: '',
          },
        },
        [approvedEntry(doc, approval)],
        approval.approvedAt,
      ),
    );
  }

  /** 事后补充说明情况: closes the paperwork of a 先行救助 once 初审, 核对 and 入户调查 are recorded. */
  async completePaperwork(id: string, actor: Actor, note: string): Promise<ReviewDoc> {
    const doc = await this.reviews.get(id);
    guardPaperwork(doc, actor);
    const now = this.reviews.clock();
    const stopped = this.policy.clocks.stop(doc.clock, now);
    return this.reviews.apply(doc, actor, 'paperwork_completed', note, {
      status: 'approved',
      actors: { ...doc.actors, confirmation: actor.userId },
      paperwork: {
        ...doc.paperwork,
        status: 'completed',
        completedAt: now,
        completedBy: actor.userId,
        note,
      },
      clock: stopped.ok ? stopped.clock : doc.clock,
    });
  }

  /** 先行救助 paperwork still outstanding, for coordinators. */
  outstandingPaperwork(overdueOnly: boolean, scope: ScopeQuery): Promise<ReviewDoc[]> {
    return this.reviews.outstandingPaperwork(overdueOnly, scope);
  }
}
