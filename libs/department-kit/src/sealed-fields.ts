import type { SealSpec } from '@jh/platform-crypto';

/**
 * What the worklist keeps sealed at rest (issue 14). Parts carry no ID number, phone or address
 * (PartDispatched has none); the officers' free text does describe the household's situation
 * (why aid was refused, why the part belongs elsewhere, why it was withdrawn).
 */
export const sealedCollections = {
  parts: {
    sealed: ['report.note', 'transferRequest.reason', 'cancellation.note', 'audit.$.reason'],
  },
  // The person a signal is about (R-PD-1); the ID number's blind index is the household ref.
  hardship_records: {
    sealed: ['subject.idNumber', 'subject.phone', 'subject.address'],
    blind: [{ path: 'subject.idNumber', kind: 'id-number' }],
  },
} satisfies Record<string, SealSpec>;
