import { maskCardNo, maskIdNumber } from '@jh/domain-application';
import { hasRole, type Actor } from '@jh/platform-auth';
import type { StoredApplication } from './application.store';
import { PROGRESS_STAGE_ZH } from '../progress/progress.facts';
import { progressEventTypes } from '../progress/progress.events';

// Same-instant lines (a review's approval step and its AssistanceApproved) in case order.
const caseOrder = (eventType: string) =>
  (progressEventTypes as readonly string[]).indexOf(eventType);

/** Roles that work with the applicant in person and need the full identity data (R-OV-2). */
export const fullIdentityRoles = ['window_clerk', 'first_reviewer'] as const;

export const canSeeFullIdentity = (actor: Actor) => hasRole(actor, ...fullIdentityRoles);

/** 13800138000 → 138****8000 (R-OV-2). */
export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

/** Keeps the first six characters (province/city) of an address (R-OV-2). */
export function maskAddress(address: string): string {
  const chars = Array.from(address);
  return chars.length > 6 ? `${chars.slice(0, 6).join('')}****` : '****';
}

interface Masking {
  idNumber: (v: string) => string;
  phone: (v: string) => string;
  address: (v: string) => string;
  cardNo: (v: string) => string;
}

const masked: Masking = {
  idNumber: maskIdNumber,
  phone: maskPhone,
  address: maskAddress,
  cardNo: maskCardNo,
};
const same = (v: string) => v;
const unmasked: Masking = { idNumber: same, phone: same, address: same, cardNo: same };

function applicantView(doc: StoredApplication, m: Masking) {
  const { name, idNumber, phone, address, regionCode, citizenCardNo } = doc.applicant;
  return {
    name,
    idNumber: m.idNumber(idNumber),
    ...(phone ? { phone: m.phone(phone) } : {}),
    ...(address ? { address: m.address(address) } : {}),
    ...(citizenCardNo ? { citizenCardNo: m.cardNo(citizenCardNo) } : {}),
    regionCode,
  };
}

/** Where the application is: stage (code + Chinese label); with `withHistory`, the history by time. */
function progressView(doc: StoredApplication, withHistory: boolean) {
  const stage = doc.progress?.stage ?? 'submitted';
  const base = { stage, label: PROGRESS_STAGE_ZH[stage] };
  if (!withHistory) return base;
  const history = [...(doc.progress?.history ?? [])]
    .sort(
      (a, b) => a.at.getTime() - b.at.getTime() || caseOrder(a.eventType) - caseOrder(b.eventType),
    )
    .map((h) => ({
      at: h.at.toISOString(),
      text: h.text,
      eventType: h.eventType,
      eventId: h.eventId,
    }));
  return { ...base, history };
}

/**
 * Detail view. Identity data is in full only when `full` (single GET by a role that needs it);
 * idempotency and outbox internals never leave the service.
 */
export function applicationView(doc: StoredApplication, full = false) {
  const m = full ? unmasked : masked;
  return {
    id: doc._id,
    applicationNo: doc.applicationNo,
    status: doc.status,
    progress: progressView(doc, true),
    applicant: applicantView(doc, m),
    householdMembers: doc.householdMembers.map((member) => ({
      name: member.name,
      relation: member.relation,
      idNumber: m.idNumber(member.idNumber),
    })),
    items: doc.items,
    channel: doc.channel,
    hardshipDescription: doc.hardshipDescription,
    declarationSigned: doc.declarationSigned,
    owner: doc.owner,
    ownerHistory: doc.ownerHistory.map((h) => ({ ...h, at: h.at.toISOString() })),
    missingDocuments: doc.missingDocuments,
    outstandingDocuments: doc.outstandingDocuments,
    suppliedDocuments: doc.suppliedDocuments.map((s) => ({
      ...s,
      suppliedAt: s.suppliedAt.toISOString(),
    })),
    submittedAt: doc.submittedAt.toISOString(),
  };
}

/** Row of a list: always masked (R-OV-2), no household or history. */
export function applicationListItem(doc: StoredApplication) {
  return {
    id: doc._id,
    applicationNo: doc.applicationNo,
    status: doc.status,
    progress: progressView(doc, false),
    applicant: applicantView(doc, masked),
    householdSize: doc.householdMembers.length + 1,
    items: doc.items,
    channel: doc.channel,
    owner: doc.owner,
    outstandingDocuments: doc.outstandingDocuments,
    submittedAt: doc.submittedAt.toISOString(),
  };
}
