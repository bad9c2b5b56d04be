import {
  checkMayPerformStep,
  type PolicyViolation,
  type ReviewActors,
  type ReviewStep,
} from '@jh/domain-policy';
import type { Actor } from '@jh/platform-auth';
import { AppError, conflict, notAllowed } from '@jh/platform-errors';
import type { DeliberationDoc, DeliberationStage } from './deliberation.model';

export const STAGE_ZH: Record<DeliberationStage, string> = {
  investigation: '调查核实（经济状况核对、入户调查）',
  democratic_review: '民主评议',
  office_review: '社会事务办负责人审核',
  collective_decision: '街道领导班子集体研究',
  public_notice: '公示',
  reinvestigation: '有异议，重新调查核实',
  approved: '已审批待备案',
  filed: '已备案',
  closed: '已办结（不予救助）',
};

export const deliberationIdOfCase = (caseId: string) => `case:${caseId}`;
export const reviewTaskIdOf = (deliberationId: string, year: number, period: number) =>
  `${deliberationId}:${year}:${period}`;

export function requireStage(
  doc: DeliberationDoc,
  allowed: readonly DeliberationStage[],
  stepZh: string,
): void {
  if (!allowed.includes(doc.stage)) {
    throw conflict(
      'STEP_OUT_OF_ORDER',
      `当前环节为“${STAGE_ZH[doc.stage]}”，不能办理“${stepZh}”（DOMAIN §5 须按程序依次办理）`,
    );
  }
}

export function requireNotice(doc: DeliberationDoc): NonNullable<DeliberationDoc['publicNotice']> {
  if (!doc.publicNotice) throw conflict('PUBLIC_NOTICE_NOT_POSTED', '尚未张贴公示');
  return doc.publicNotice;
}

/**
 * Separation of duties (R-AP-1 applied to §5): 受理 / 社会事务办负责人审核 / 集体研究 are three
 * people. `approval` checks the final approver against the first two only (the meeting may approve).
 */
export function requireSeparation(
  doc: DeliberationDoc,
  step: ReviewStep,
  actor: Actor,
  approval = false,
): void {
  const done: ReviewActors = {
    intake: doc.actors.acceptor,
    ...(doc.actors.officeReviewer ? { first_review: doc.actors.officeReviewer } : {}),
    ...(doc.actors.decisionMaker && !approval ? { confirmation: doc.actors.decisionMaker } : {}),
  };
  const result = checkMayPerformStep(step, actor.userId, done);
  if (!result.ok) {
    throw notAllowed(
      result.code === 'SAME_PERSON_FOR_TWO_STEPS' ? 'SOD_SAME_PERSON' : result.code,
      result.reason,
    );
  }
}

export function refusal(
  code: string,
  reason: string,
  violations: readonly PolicyViolation[],
): AppError {
  return new AppError(
    'conflict',
    code,
    reason,
    violations.map((v) => ({ path: '', code: v.code, message: v.reason })),
  );
}
