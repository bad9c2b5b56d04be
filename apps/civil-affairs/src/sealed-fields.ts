import type { SealSpec } from '@jh/platform-crypto';

/**
 * Personal data civil affairs keeps at rest, sealed per field (issue 14). ID numbers and card
 * numbers also get a blind index for equality search and for keys built from them. Names and
 * regions stay clear (out of scope); spot checks and SLA cursors hold none of these.
 */
export const sealedCollections = {
  cases: {
    sealed: ['applicantIdNumber', 'applicantCitizenCardNo', 'householdIdNumbers.$'],
    blind: [
      { path: 'applicantIdNumber', kind: 'id-number' },
      { path: 'applicantCitizenCardNo', kind: 'card-no' },
    ],
  },
  reviews: {
    sealed: [
      'applicantIdNumber',
      'citizenCardNo',
      'householdIdNumbers.$',
      'relatives.matches.$.idNumber',
      'emergency.description',
      'economicCheck.note',
      'homeVisit.note',
      'selfCare.note',
      'democraticReview.note',
      'decisionReason',
      // A rejection's or withdrawal's reason is also the audit entry's.
      'audit.$.reason',
    ],
    blind: [
      { path: 'applicantIdNumber', kind: 'id-number' },
      { path: 'citizenCardNo', kind: 'card-no' },
    ],
  },
  // The `_id` carries the member's blind index (`idNumberBidx`), never the number.
  emergency_aid_guards: {
    sealed: ['idNumber'],
    blind: [{ path: 'idNumber', kind: 'id-number' }],
  },
  first_aid: {
    sealed: ['recipient.idNumber', 'recipient.citizenCardNo', 'situation.description'],
    blind: [
      { path: 'recipient.idNumber', kind: 'id-number' },
      { path: 'recipient.citizenCardNo', kind: 'card-no' },
    ],
  },
  certifications: {
    sealed: ['student.idNumber'],
    blind: [{ path: 'student.idNumber', kind: 'id-number' }],
  },
  deliberations: {
    sealed: [
      'applicant.idNumber',
      'applicant.citizenCardNo',
      'hardship',
      'investigations.$.economicCheck.note',
      'investigations.$.homeVisit.note',
    ],
    blind: [
      { path: 'applicant.idNumber', kind: 'id-number' },
      { path: 'applicant.citizenCardNo', kind: 'card-no' },
    ],
  },
  deliberation_reviews: { sealed: ['result.note'] },
  // `_id` = blind index of the relative's ID number (the R-AP-8 check is point reads by it).
  staff_relatives: {
    sealed: ['idNumber'],
    blind: [{ path: 'idNumber', kind: 'id-number' }],
  },
} satisfies Record<string, SealSpec>;

export type SealedCollection = keyof typeof sealedCollections;
