import request from 'supertest';
import { devSigningKeyPem, verifierFromPem, verifyChain } from '@jh/platform-audit';
import { blindPathOf, SEALED_PREFIX } from '@jh/platform-crypto';
import { waitFor } from '@jh/platform-testing';
import { startIntakeHarness, validApplication, type IntakeHarness } from './test-harness';

jest.setTimeout(90_000);

// Issue 14: the national suite (SM4-CTR + HMAC-SM3, SM3 blind index, SM3 chain with SM2
// checkpoints) runs the same flow as the default suite, chosen by configuration alone.
let h: IntakeHarness;
const auth = (token: string) => ({ authorization: `Bearer ${token}` });

beforeAll(async () => {
  h = await startIntakeHarness('national-suite', {
    env: { DATA_CIPHER_SUITE: 'sm4-ctr-hmac-sm3', AUDIT_HASH: 'sm3', AUDIT_CHECKPOINT_EVERY: '2' },
  });
});
afterAll(() => h.stop());

it('seals with SM4, finds by the SM3 blind index, carries the event sealed and chains the audit with SM3', async () => {
  const clerk = await h.token('ns-clerk', ['window_clerk'], '330106');
  const reviewer = await h.token('ns-reviewer', ['first_reviewer'], '330106');
  const created = await request(h.base)
    .post('/applications')
    .set(auth(clerk))
    .send(validApplication)
    .expect(201);
  const id = created.body.id as string;
  const full = await request(h.base).get(`/applications/${id}`).set(auth(reviewer)).expect(200);
  expect(full.body.applicant.idNumber).toBe(validApplication.applicant.idNumber);

  const raw = await h.db.db!.collection('applications').findOne({ _id: id as never });
  const sealedId = raw!['applicant'].idNumber as string;
  expect(sealedId.startsWith(`${SEALED_PREFIX}s:`)).toBe(true);
  expect(h.vault.suite).toBe('sm4-ctr-hmac-sm3');
  const byIndex = await h.db.db!.collection('applications').findOne({
    [blindPathOf('applicant.idNumber')]: h.vault.blindIndex(
      'id-number',
      validApplication.applicant.idNumber,
    ),
  });
  expect(byIndex?.['_id']).toBe(id);
  // The outbox bytes (what Kafka carries) hold the SM4-sealed value, not the ID number.
  const payload = Buffer.from(raw!['outbox'][0].payload.buffer).toString('latin1');
  expect(payload).toContain(`${SEALED_PREFIX}s:`);
  expect(payload).not.toContain(validApplication.applicant.idNumber);
  // The receiver opens it.
  const event = await h.eventFor(id);
  expect((event.event.payload as { applicant: { idNumber: string } }).applicant.idNumber).toBe(
    validApplication.applicant.idNumber,
  );

  const checked = await waitFor(
    async () => {
      const r = await verifyChain({
        db: h.db.db!,
        chain: 'intake',
        hash: 'sm3',
        verifier: verifierFromPem(devSigningKeyPem('sm3')),
      });
      return r.ok && r.checkpoints > 0 ? r : undefined;
    },
    { what: 'a verified SM3 chain with an SM2-signed checkpoint' },
  );
  expect(checked.checked).toBeGreaterThanOrEqual(2);
  // An SHA-256 walk of the same chain fails: the suite really is SM3.
  const wrongHash = await verifyChain({
    db: h.db.db!,
    chain: 'intake',
    hash: 'sha256',
    verifier: verifierFromPem(devSigningKeyPem('sm3')),
  });
  expect(wrongHash.ok).toBe(false);
});
