import { blindPathOf, type DocumentCipher, type SealSpec } from '@jh/platform-crypto';

const recipientSpec: SealSpec = {
  sealed: ['recipient.idNumber', 'recipient.citizenCardNo'],
  blind: [
    { path: 'recipient.idNumber', kind: 'id-number' },
    { path: 'recipient.citizenCardNo', kind: 'card-no' },
  ],
};

const findingsSpec: SealSpec = {
  sealed: ['findings.$.orderCardNo', 'findings.$.statementCardNo'],
  blind: [
    { path: 'findings.$.orderCardNo', kind: 'card-no' },
    { path: 'findings.$.statementCardNo', kind: 'card-no' },
  ],
};

/**
 * Personal data payment keeps at rest, sealed per field (issue 14): the recipient's ID number and
 * the citizen card number money goes to (orders and the monthly register), and the card numbers a
 * CARD_MISMATCH finding quotes from the statement. Names and regions stay clear (out of scope);
 * batch runs, reserve entries, the platform status and the sender cursor hold none of these.
 */
export const sealedCollections = {
  payment_orders: recipientSpec,
  payment_recipients: recipientSpec,
  payment_reconciliations: findingsSpec,
  payment_reconciliation_findings: findingsSpec,
} satisfies Record<string, SealSpec>;

export type SealedCollection = keyof typeof sealedCollections;

/** One cipher per sealed collection of the payment database. */
export type PaymentCiphers = Record<SealedCollection, DocumentCipher>;

/** Each collection's cipher, opened once (each `open` also starts that collection's sealing pass). */
export async function paymentCiphers(
  open: (collection: SealedCollection, spec: SealSpec) => Promise<DocumentCipher>,
): Promise<PaymentCiphers> {
  const names = Object.keys(sealedCollections) as SealedCollection[];
  const ciphers = await Promise.all(names.map((n) => open(n, sealedCollections[n])));
  return Object.fromEntries(names.map((n, i) => [n, ciphers[i]])) as PaymentCiphers;
}

/**
 * A `$set` with its sealed paths sealed and their blind indexes beside them, so a partial update
 * stores nothing a full insert would not. Paths a spec does not name pass unchanged.
 */
export function sealSet(
  cipher: DocumentCipher,
  set: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...set };
  for (const [path, value] of Object.entries(set)) {
    if (typeof value !== 'string') continue;
    if (cipher.spec.sealed.includes(path)) out[path] = cipher.sealValue(path, value);
    const blind = cipher.spec.blind?.find((b) => b.path === path);
    if (blind && value !== '') out[blindPathOf(path)] = cipher.blind(blind.kind, value);
  }
  return out;
}

/** A stream of stored documents, each opened as it arrives (memory stays flat). */
export async function* openEach<T>(
  cipher: DocumentCipher,
  docs: AsyncIterable<T>,
): AsyncIterable<T> {
  for await (const doc of docs) yield await cipher.open(doc);
}
