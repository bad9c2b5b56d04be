import { randomBytes } from 'node:crypto';
import { mongo } from 'mongoose';
import { mongoUrlFor, uniquePrefix } from '@jh/platform-testing';
import {
  blindPathOf,
  cipherSuite,
  isSealed,
  keyIdOf,
  keyMaterialFrom,
  reencrypt,
  SUITE_NAMES,
  TamperedError,
  Vault,
  type MasterKeyProvider,
  type ReencryptJobDoc,
  type SealSpec,
  type SuiteName,
} from '@jh/platform-crypto';

type Db = mongo.Db;
const { MongoClient } = mongo;
/** Raw documents keyed by string ids (the driver's default `Document` expects ObjectIds). */
type Document = { _id: string } & Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

jest.setTimeout(120_000);

const spec: SealSpec = {
  sealed: ['applicant.idNumber', 'applicant.phone', 'householdMembers.$.idNumber', 'note'],
  blind: [
    { path: 'applicant.idNumber', kind: 'id-number' },
    { path: 'householdMembers.$.idNumber', kind: 'id-number' },
  ],
};
const idOf = (n: number) => `33010619900101${String(1000 + n).slice(-4)}`;
const application = (n: number) => ({
  _id: `A-${String(n).padStart(5, '0')}`,
  applicant: {
    name: `申请人${n}`,
    idNumber: idOf(n),
    phone: `1380013${String(n).padStart(4, '0')}`,
  },
  householdMembers: [{ name: '家属', idNumber: idOf(n + 5000) }],
  note: `情况说明 ${n}`,
  version: 0,
});

let client: mongo.MongoClient;
let db: Db;
beforeAll(async () => {
  client = await MongoClient.connect(mongoUrlFor(`${uniquePrefix('vault')}db`));
  db = client.db();
});
afterAll(async () => {
  await db.dropDatabase();
  await client.close();
});

describe.each(SUITE_NAMES)(
  'field encryption at rest with %s (real FerretDB)',
  (suite: SuiteName) => {
    const keys = keyMaterialFrom({ NODE_ENV: 'test', DATA_CIPHER_SUITE: suite });
    const purpose = (name: string) => `${name}_${suite.replace(/-/g, '_')}`;

    it('stores no clear personal value, opens it again, and finds it by blind index only', async () => {
      const vault = new Vault(db, keys);
      const name = purpose('apps');
      const cipher = await vault.collection(name, spec);
      const collection = db.collection<Document>(name);
      await collection.createIndex({ [blindPathOf('applicant.idNumber')]: 1 });
      await collection.insertMany([1, 2, 3].map((n) => cipher.seal(application(n))));

      const raw = await collection.find({}).toArray();
      const json = JSON.stringify(raw);
      for (const n of [1, 2, 3]) {
        expect(json).not.toContain(idOf(n));
        expect(json).not.toContain(idOf(n + 5000));
        expect(json).not.toContain(`情况说明 ${n}`);
      }
      expect(raw.every((d) => isSealed(d['applicant'].idNumber))).toBe(true);

      const found = await collection.findOne({
        [blindPathOf('applicant.idNumber')]: vault.blindIndex('id-number', idOf(2)),
      });
      const opened = await cipher.open(found);
      expect(opened).toMatchObject(application(2));
    });

    it('a vault with another master key cannot open the data keys; a changed value is detected', async () => {
      const vault = new Vault(db, keys);
      const name = purpose('wrongkey');
      const cipher = await vault.collection(name, spec);
      const sealed = cipher.seal(application(7));
      const stranger = new Vault(
        db,
        keyMaterialFrom({
          NODE_ENV: 'test',
          DATA_CIPHER_SUITE: suite,
          DATA_MASTER_KEYS: `dev1:${randomBytes(32).toString('base64')}`,
        }),
      );
      await expect(stranger.collection(name, spec)).rejects.toThrow(TamperedError);

      const value = sealed.applicant.idNumber;
      const flipped = value.slice(0, -3) + (value.at(-3) === 'A' ? 'B' : 'A') + value.slice(-2);
      await expect(
        cipher.open({ ...sealed, applicant: { ...sealed.applicant, idNumber: flipped } }),
      ).rejects.toThrow(TamperedError);
      // A sealed value copied into another field does not open there either.
      await expect(
        cipher.open({ ...sealed, applicant: { ...sealed.applicant, phone: value } }),
      ).rejects.toThrow(TamperedError);
    });

    it("wraps the data keys with a deployment's KMS through MasterKeyProvider", async () => {
      const name = purpose('kms');
      const kmsKey = randomBytes(32);
      const calls: string[] = [];
      const aad = Buffer.from('kms');
      const kms: MasterKeyProvider = {
        currentId: 'kms-1',
        wrap: async (dataKey) => {
          calls.push('wrap');
          return { masterKeyId: 'kms-1', wrapped: cipherSuite(suite).seal(kmsKey, dataKey, aad) };
        },
        unwrap: async (_id, wrapped) => {
          calls.push('unwrap');
          return cipherSuite(suite).open(kmsKey, wrapped, aad);
        },
      };
      const settings = { NODE_ENV: 'test', DATA_CIPHER_SUITE: suite };
      const first = await new Vault(db, keyMaterialFrom(settings, kms)).collection(name, spec);
      const sealed = first.seal(application(3));
      const stored = await db.collection('data_keys').findOne({ _id: `${name}@1` as never });
      expect(stored?.['masterKeyId']).toBe('kms-1');
      const second = await new Vault(db, keyMaterialFrom(settings, kms)).collection(name, spec);
      expect(await second.open(sealed)).toMatchObject(application(3));
      // One wrap; each process unwraps once (the first reads back the key that won the creation).
      expect(calls).toEqual(['wrap', 'unwrap', 'unwrap']);
      // Without the KMS the configured master keys cannot unwrap them.
      await expect(new Vault(db, keys).collection(name, spec)).rejects.toThrow('unknown key');
    });

    it('rotates: new values use the new key, old ones still open, and a second process follows on refresh', async () => {
      const name = purpose('rotate');
      const a = new Vault(db, keys);
      const b = new Vault(db, keys);
      const cipherA = await a.collection(name, spec);
      const cipherB = await b.collection(name, spec);
      const before = cipherA.seal(application(1));
      const next = await a.keyring.rotate(name);
      expect(next).toBe(`${name}@2`);
      const after = cipherA.seal(application(1));
      expect(keyIdOf(after.applicant.idNumber)).toBe(next);
      expect(keyIdOf(cipherB.seal(application(1)).applicant.idNumber)).toBe(`${name}@1`);
      await b.refresh();
      expect(keyIdOf(cipherB.seal(application(1)).applicant.idNumber)).toBe(next);
      expect(await cipherB.open(before)).toMatchObject(application(1));
      expect(await cipherB.open(after)).toMatchObject(application(1));
    });

    it('migrates clear-text documents and re-seals old keys, resumable, without losing concurrent writes', async () => {
      const name = purpose('migrate');
      const collection = db.collection<Document>(name);
      const jobs = db.collection<ReencryptJobDoc>(`data_key_jobs`);
      const count = 300;
      // Documents stored before sealing existed: clear text.
      await collection.insertMany(Array.from({ length: count }, (_, i) => application(i)));
      const vault = new Vault(db, keys);
      const cipher = await vault.collection(name, spec);

      // A crash after 120 documents: the next run resumes where the first stopped.
      const first = await reencrypt({ collection, cipher, jobs, limit: 120, checkpointEvery: 50 });
      expect(first).toMatchObject({ completed: false, scanned: 120, changed: 120 });

      // Writers keep changing documents (sealed, as the service writes them) during the second run.
      let writes = 0;
      let writing = true;
      const writer = (async () => {
        while (writing) {
          const n = writes % count;
          const current = await collection.findOne({ _id: application(n)._id });
          const opened = await cipher.open(current);
          await collection.updateOne(
            { _id: opened!['_id'] },
            {
              $set: {
                version: (opened!['version'] as number) + 1,
                note: cipher.sealValue('note', `已更新 ${n}`),
              },
            },
          );
          writes += 1;
        }
      })();
      const progress: number[] = [];
      const second = await reencrypt({
        collection,
        cipher,
        jobs,
        checkpointEvery: 50,
        onProgress: (p) => progress.push(p.scanned),
      });
      writing = false;
      await writer;
      expect(second.completed).toBe(true);
      expect(second.scanned).toBe(count);
      expect(progress.at(-1)).toBe(count);
      expect(writes).toBeGreaterThan(0);

      const raw = await collection.find({}).toArray();
      expect(raw).toHaveLength(count);
      const rawJson = JSON.stringify(raw);
      expect(rawJson).not.toMatch(/330106199001\d{6}/);
      for (const doc of raw) {
        const opened = (await cipher.open(doc)) as Document;
        const n = Number(String(opened['_id']).slice(2));
        // Every concurrent write survived: a written document shows its note and its version.
        if (opened['version'] > 0) expect(opened['note']).toBe(`已更新 ${n}`);
        else expect(opened['note']).toBe(`情况说明 ${n}`);
        expect(opened['applicant'].idNumber).toBe(idOf(n));
        expect(doc['applicant'][`idNumberBidx`]).toBe(vault.blindIndex('id-number', idOf(n)));
      }
      expect(raw.filter((d) => d['version'] > 0).length).toBe(Math.min(writes, count));

      // Rotation: the same job re-seals everything under the new key; a finished pass is remembered.
      const next = await vault.keyring.rotate(name);
      const third = await reencrypt({ collection, cipher, jobs });
      expect(third).toMatchObject({ completed: true, changed: count });
      const rotated = await collection.find({}).toArray();
      expect(rotated.every((d) => keyIdOf(d['applicant'].idNumber) === next)).toBe(true);
      expect(await reencrypt({ collection, cipher, jobs })).toMatchObject({ scanned: 0 });
    });
  },
);
