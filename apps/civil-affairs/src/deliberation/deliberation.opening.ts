import { scopeKeysOf, type ScopeKeys } from '../access';
import { randomUUID } from 'node:crypto';
import { isValidCitizenCardNo } from '@jh/domain-application';
import { startOfShanghaiDay } from '@jh/domain-calendar';
import { checkCaseByCaseApplication } from '@jh/domain-policy';
import type { Actor } from '@jh/platform-auth';
import { originOf } from '@jh/platform-telemetry';
import { AppError, invalidInput } from '@jh/platform-errors';
import type { CaseService } from '../case/case.service';
import type { DeliberationDoc } from './deliberation.model';
import type { DeliberationRecorder } from './deliberation.recorder';
import { deliberationIdOfCase } from './deliberation.rules';

export interface ApplicantInput {
  name: string;
  idNumber: string;
  citizenCardNo: string;
  regionCode: string;
}

export interface OpenInput {
  caseId?: string;
  applicant?: ApplicantInput;
  /** With a caseId, only for cases opened before the case carried them. */
  recipient?: { idNumber: string; citizenCardNo: string };
  item: string;
  hardship: string;
  declaration: { signed: boolean; signedOn: string; text: string };
}

/** §5.1 acceptance with the signed declaration; from a case (idempotent) or directly. */
export async function openDeliberation(
  d: DeliberationRecorder,
  cases: CaseService,
  input: OpenInput,
  actor: Actor,
): Promise<{ doc: DeliberationDoc; created: boolean }> {
  const declared = checkCaseByCaseApplication({ declarationSigned: input.declaration.signed });
  if (!declared.ok) {
    throw new AppError('invalid_input', declared.code, declared.reason, [
      { path: 'declaration.signed', code: declared.code, message: declared.reason },
    ]);
  }
  const now = d.clock();
  const signedOn = startOfShanghaiDay(input.declaration.signedOn);
  if (signedOn > now) {
    throw invalidInput([
      { path: 'declaration.signedOn', code: 'INVALID_DATE', message: '承诺签署日期不能晚于今天' },
    ]);
  }
  let id: string;
  let caseRef: { caseId: string; applicationId: string } | null = null;
  let applicant: ApplicantInput;
  let caseScope: ScopeKeys | undefined;
  let caseTrace = '';
  if (input.caseId !== undefined) {
    const c = await cases.get(input.caseId);
    caseScope = c.scope;
    caseTrace = c.traceparent ?? '';
    const recipient = {
      idNumber: c.applicantIdNumber || input.recipient?.idNumber || '',
      // ADR 0010: a card the case carries in a malformed shape is no payee.
      citizenCardNo: isValidCitizenCardNo(c.applicantCitizenCardNo)
        ? c.applicantCitizenCardNo
        : (input.recipient?.citizenCardNo ?? ''),
    };
    if (!recipient.idNumber || !isValidCitizenCardNo(recipient.citizenCardNo)) {
      throw invalidInput([
        {
          path: 'recipient',
          code: 'RECIPIENT_REQUIRED',
          message: '请填写申请人身份证号码和市民卡号（用于发放救助资金）',
        },
      ]);
    }
    id = deliberationIdOfCase(c._id);
    const existing = await d.store.findById(id);
    if (existing) return { doc: existing, created: false };
    caseRef = { caseId: c._id, applicationId: c.applicationId };
    applicant = {
      name: c.applicantName,
      regionCode: c.owner.regionCode || c.regionCode,
      ...recipient,
    };
  } else if (input.applicant) {
    id = randomUUID();
    applicant = input.applicant;
  } else {
    throw invalidInput([
      { path: 'applicant', code: 'APPLICANT_REQUIRED', message: '未关联案件时须填写申请人信息' },
    ]);
  }
  const doc: DeliberationDoc = {
    _id: id,
    caseId: caseRef?.caseId ?? null,
    applicationId: caseRef?.applicationId ?? null,
    item: input.item,
    applicant,
    // The household's region: the case's, else the applicant's as entered (R-OV-2).
    scope: caseScope ?? scopeKeysOf(applicant.regionCode),
    hardship: input.hardship,
    declaration: { signedOn, text: input.declaration.text },
    stage: 'investigation',
    actors: { acceptor: actor.userId, officeReviewer: null, decisionMaker: null },
    acceptedAt: now,
    democraticReviewDueAt: d.due('case_by_case_review', now),
    investigations: [],
    democraticReview: null,
    officeReview: null,
    collectiveDecision: null,
    publicNotice: null,
    approval: null,
    filing: null,
    conclusion: '',
    audit: [
      {
        at: now,
        byUserId: actor.userId,
        action: 'accepted',
        fromStage: null,
        toStage: 'investigation',
        reason: '受理“一事一议”申请，申请人已签署承诺',
      },
    ],
    openedAt: now,
    traceparent: caseTrace || originOf(''),
    updatedAt: now,
    version: 0,
    outbox: [],
  };
  if (await d.store.insert(doc)) return { doc, created: true };
  return { doc: await d.get(id), created: false };
}
