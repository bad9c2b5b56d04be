import type { SealSpec } from '@jh/platform-crypto';

/**
 * Personal fields education keeps sealed at rest (issue 14): the student's ID number (with a blind
 * index, which also keys the grant), and why the certification ended, which describes the
 * household's situation (the `ending` audit entry quotes it). The kit's `parts` are sealed by the kit.
 */
export const sealedCollections = {
  exemptions: {
    sealed: ['student.idNumber', 'endReason', 'audit.$.reason'],
    blind: [{ path: 'student.idNumber', kind: 'id-number' }],
  },
} satisfies Record<string, SealSpec>;
