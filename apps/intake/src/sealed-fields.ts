import type { SealSpec } from '@jh/platform-crypto';

/**
 * Personal fields intake keeps sealed at rest (issue 14). ID numbers and the citizen card number
 * also get a blind index for equality search. `requestHash` is sealed too: applications stored
 * before it was keyed hold an unkeyed SHA-256 of a request with ID numbers in it.
 */
export const sealedCollections = {
  applications: {
    sealed: [
      'applicant.idNumber',
      'applicant.phone',
      'applicant.address',
      'applicant.citizenCardNo',
      'householdMembers.$.idNumber',
      'hardshipDescription',
      'requestHash',
    ],
    blind: [
      { path: 'applicant.idNumber', kind: 'id-number' },
      { path: 'householdMembers.$.idNumber', kind: 'id-number' },
      { path: 'applicant.citizenCardNo', kind: 'card-no' },
    ],
  },
  // A reporter's account and contact, and the person reported (R-PD-1).
  hardship_reports: {
    sealed: [
      'reporter.observation',
      'reporter.contact',
      'subject.idNumber',
      'subject.phone',
      'subject.address',
    ],
    blind: [{ path: 'subject.idNumber', kind: 'id-number' }],
  },
} satisfies Record<string, SealSpec>;
