import { randomBytes } from 'node:crypto';
import type { Consumer } from 'kafkajs';
import mongoose from 'mongoose';
import { AssistanceItem, EventEnvelope, HardshipSignal, Topics } from '@jh/contracts';
import { idNumbersIn, sampleIdNumber } from '@jh/domain-application';
import { isSealed, keyMaterialFrom } from '@jh/platform-crypto';
import type { ConsumedEvent } from '@jh/platform-kafka';
import { mongoUrlFor, probeEvents, testKafka, waitFor } from '@jh/platform-testing';
import type { DepartmentDefinition } from './department';
import { startHarness, testDepartment, type Harness } from './testing/harness';

// 主动发现 (R-PD-1): a department's own records become HardshipSignal through its outbox, on the
// real engines. Three departments with a signal feed, built like the apps' definitions.
jest.setTimeout(90000);

// Tuesday 2026-03-10 10:00 Asia/Shanghai.
const now = new Date('2026-03-10T02:00:00Z');
const observedAt = '2026-03-09T08:00:00+08:00';
const street = '330106001';
const blindIndex = (idNumber: string) =>
  keyMaterialFrom({ NODE_ENV: 'test', DATA_CIPHER_SUITE: 'aes-256-gcm' }).indexer.of(
    'id-number',
    idNumber,
  );

const definitions: Record<'medical' | 'employment' | 'education', DepartmentDefinition> = {
  medical: {
    ...testDepartment,
    code: 'medical',
    name: '医疗保障局',
    items: [AssistanceItem.ASSISTANCE_ITEM_MEDICAL],
    signalKind: 'medical_expense',
  },
  employment: {
    ...testDepartment,
    code: 'employment',
    name: '人力资源和社会保障局',
    items: [AssistanceItem.ASSISTANCE_ITEM_EMPLOYMENT],
    grantAmount: 'forbidden',
    signalKind: 'job_loss',
  },
  education: { ...testDepartment, signalKind: 'school_leaving' },
};
type Code = keyof typeof definitions;

interface Running {
  h: Harness;
  /** The department's officer at the city (杭州市): every street of the tests is his. */
  token: string;
  signals: ConsumedEvent[];
  stopProbe(): Promise<void>;
}
const running = {} as Record<Code, Running>;
let serial = 100;

beforeAll(async () => {
  for (const code of Object.keys(definitions) as Code[]) {
    const h = await startHarness(`sig-${code}`, now, definitions[code]);
    const probe = await probeEvents(h.prefix, [Topics.hardshipSignal]);
    const token = await h.token({ userId: `${code}-officer`, department: code });
    running[code] = { h, token, signals: probe.events, stopProbe: probe.stop };
  }
});
afterAll(async () => {
  for (const r of Object.values(running)) {
    await r.stopProbe();
    await r.h.stop();
  }
});

const officer = (code: Code, extra: Record<string, unknown> = {}) =>
  running[code].h.token({ userId: `${code}-officer`, department: code, ...extra });

function record(figures: object, idNumber = sampleIdNumber(serial++)) {
  return {
    recordId: `R-${randomBytes(6).toString('hex')}`,
    subject: {
      name: '李四',
      idNumber,
      phone: '13800138000',
      address: '浙江省杭州市西湖区文三路1号',
      regionCode: '330106',
    },
    streetCode: street,
    observedAt,
    flags: ['no_income'],
    figures,
  };
}

function send(code: Code, body: object, token = running[code].token) {
  return running[code].h
    .http()
    .post('/hardship-records')
    .set('authorization', `Bearer ${token}`)
    .send(body);
}

const signalOf = (code: Code, signalId: string) =>
  waitFor(
    async () =>
      running[code].signals.find(
        (e) => e.event.type === Topics.hardshipSignal && e.event.payload.signalId === signalId,
      ),
    { what: `HardshipSignal ${signalId}` },
  );

/** The stored records of a department, raw (sealed as they are at rest). */
async function stored(code: Code, filter: Record<string, unknown>) {
  const url = mongoUrlFor(`${running[code].h.prefix}dept`);
  const conn = await mongoose.createConnection(url).asPromise();
  try {
    return await conn.db!.collection('hardship_records').find(filter).toArray();
  } finally {
    await conn.close();
  }
}

/**
 * A barrier instead of a sleep before asserting that something was NOT published: a record of
 * the same household (same key, so the same partition) sent after it has arrived.
 */
async function barrier(code: Code, idNumber: string, figures: object) {
  const res = await send(code, record(figures, idNumber)).expect(201);
  await signalOf(code, res.body.signalId);
}

const published = (code: Code, signalId: string) =>
  running[code].signals.filter(
    (e) => e.event.type === Topics.hardshipSignal && e.event.payload.signalId === signalId,
  );

describe('department signal feed (主动发现, R-PD-1, real engines)', () => {
  it('R-PD-1: a medical expense above a threshold is stored and published with its band, the household by blind index', async () => {
    const idNumber = sampleIdNumber(serial++);
    // 30 % of the income → low; 50 % → medium; ≥ ¥100,000 whatever the income → high.
    const cases = [
      { personalExpenseFen: 3_000_000, householdAnnualIncomeFen: 10_000_000, band: 'low' },
      { personalExpenseFen: 5_000_000, householdAnnualIncomeFen: 10_000_000, band: 'medium' },
      { personalExpenseFen: 10_000_000, householdAnnualIncomeFen: 100_000_000, band: 'high' },
    ];
    for (const { band, ...figures } of cases) {
      const body = record(figures, idNumber);
      const res = await send('medical', body).expect(201);
      expect(res.body).toEqual({ signal: true, signalId: `medical:${body.recordId}`, band });
      const event = await signalOf('medical', res.body.signalId);
      expect(event.key).toBe(blindIndex(idNumber));
      expect(event.envelope.producer).toBe('medical');
      if (event.event.type !== Topics.hardshipSignal) throw new Error('wrong type');
      expect(event.event.payload).toMatchObject({
        source: 'medical',
        kind: 'medical_expense',
        band,
        flags: ['no_income'],
        householdRef: blindIndex(idNumber),
        streetCode: street,
        observedAt: new Date(observedAt),
        reporter: undefined,
        subject: { name: '李四', idNumber, regionCode: '330106' },
      });
    }
    // Stored sealed (issue 14): the ID number only as its blind index, which is the household ref.
    const [doc] = await stored('medical', { householdRef: blindIndex(idNumber), band: 'high' });
    expect(doc?.['subject']['idNumberBidx']).toBe(blindIndex(idNumber));
    expect(JSON.stringify(doc)).not.toContain(idNumber);
    expect(JSON.stringify(doc)).not.toContain('13800138000');
  });

  it('R-PD-1: a medical expense below every threshold is no signal: 200, nothing stored, nothing published', async () => {
    const idNumber = sampleIdNumber(serial++);
    const body = record(
      { personalExpenseFen: 100_000, householdAnnualIncomeFen: 10_000_000 },
      idNumber,
    );
    const res = await send('medical', body).expect(200);
    expect(res.body).toMatchObject({ signal: false, code: 'BELOW_SIGNAL_THRESHOLD' });
    expect(res.body.reason).toBe('个人负担医疗费用未达到主动发现的标准');
    await barrier('medical', idNumber, {
      personalExpenseFen: 20_000_000,
      householdAnnualIncomeFen: 0,
    });
    expect(published('medical', `medical:${body.recordId}`)).toEqual([]);
    expect(await stored('medical', { _id: `medical:${body.recordId}` })).toEqual([]);
  });

  it('R-PD-1: a job loss is a signal by the household’s dependants: none → no signal, 1 → low, 2 → medium, 3 → high', async () => {
    const idNumber = sampleIdNumber(serial++);
    const none = await send('employment', record({ dependants: 0 }, idNumber)).expect(200);
    expect(none.body).toMatchObject({ signal: false, code: 'BELOW_SIGNAL_THRESHOLD' });
    for (const [dependants, band] of [
      [1, 'low'],
      [2, 'medium'],
      [3, 'high'],
      [7, 'high'],
    ] as const) {
      const res = await send('employment', record({ dependants }, idNumber)).expect(201);
      expect(res.body.band).toBe(band);
      const event = await signalOf('employment', res.body.signalId);
      expect(event.event.payload).toMatchObject({ source: 'employment', kind: 'job_loss', band });
    }
    expect(await stored('employment', { householdRef: blindIndex(idNumber) })).toHaveLength(4);
  });

  it('R-PD-1: a student of a certified family leaving school is a signal with no figures', async () => {
    const res = await send('education', record({})).expect(201);
    expect(res.body.band).toBe('medium');
    const event = await signalOf('education', res.body.signalId);
    expect(event.event.payload).toMatchObject({ source: 'education', kind: 'school_leaving' });
    // The figures of another kind are not this department's (never more than its sign needs).
    const other = await send('education', record({ dependants: 2 })).expect(400);
    expect(other.body.error.details[0].path).toBe('figures.dependants');
  });

  it('R-PD-1: a re-sent record is one signal (201, then 200 from the first); other content under its id is refused', async () => {
    const idNumber = sampleIdNumber(serial++);
    const body = record(
      { personalExpenseFen: 6_000_000, householdAnnualIncomeFen: 10_000_000 },
      idNumber,
    );
    const first = await send('medical', body).expect(201);
    const again = await send('medical', body).expect(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    const changed = await send('medical', {
      ...body,
      figures: { ...body.figures, personalExpenseFen: 9_000_000 },
    }).expect(409);
    expect(changed.body.error.code).toBe('RECORD_ID_REUSED');
    await barrier('medical', idNumber, {
      personalExpenseFen: 20_000_000,
      householdAnnualIncomeFen: 0,
    });
    expect(published('medical', first.body.signalId)).toHaveLength(1);
    expect(await stored('medical', { _id: first.body.signalId })).toHaveLength(1);
  });

  it('R-PD-1 privacy: the bytes on Kafka hold the blind index and no clear ID number, phone or address', async () => {
    const idNumber = sampleIdNumber(serial++);
    const body = record({ personalExpenseFen: 5_000_000, householdAnnualIncomeFen: 0 }, idNumber);
    const res = await send('medical', body).expect(201);
    await signalOf('medical', res.body.signalId);
    const raw = await rawMessages('medical', (bytes) => {
      const payload = HardshipSignal.decode(EventEnvelope.decode(bytes).payload);
      return payload.signalId === res.body.signalId;
    });
    const text = raw.toString('latin1');
    expect(idNumbersIn(text)).toEqual([]);
    expect(text).not.toContain(idNumber);
    expect(text).not.toContain('13800138000');
    expect(raw.includes(Buffer.from('文三路'))).toBe(false);
    // Decoded without opening: the household is its blind index; the ID number is sealed.
    const sealed = HardshipSignal.decode(EventEnvelope.decode(raw).payload);
    expect(sealed.householdRef).toBe(blindIndex(idNumber));
    expect(sealed.householdRef).toMatch(/^[0-9a-f]{32,128}$/);
    expect(sealed.subject?.idNumber).not.toBe(idNumber);
    expect(isSealed(sealed.subject?.idNumber ?? '')).toBe(true);
  });

  it('R-PD-1 privacy: a record never carries a diagnosis or anything beyond its figures (400, nothing stored)', async () => {
    const body = record({ personalExpenseFen: 5_000_000, householdAnnualIncomeFen: 0 });
    const withDiagnosis = await send('medical', { ...body, diagnosis: '恶性肿瘤' }).expect(400);
    expect(withDiagnosis.body.error.details[0]).toMatchObject({ code: 'UNKNOWN_FIELD' });
    await send('medical', {
      ...body,
      figures: { ...body.figures, diagnosis: '恶性肿瘤' },
    }).expect(400);
    const badId = await send('medical', {
      ...body,
      subject: { ...body.subject, idNumber: '110105194912310021' },
    }).expect(400);
    expect(badId.body.error.details).toEqual([
      expect.objectContaining({ path: 'subject.idNumber', code: 'ID_NUMBER_CHECKSUM' }),
    ]);
    const future = await send('medical', {
      ...body,
      observedAt: '2026-03-11T08:00:00+08:00',
    }).expect(400);
    expect(future.body.error.details).toEqual([
      expect.objectContaining({ path: 'observedAt', code: 'IN_FUTURE' }),
    ]);
    expect(await stored('medical', { _id: `medical:${body.recordId}` })).toEqual([]);
  });

  it('R-PD-1, R-OV-2: only this department’s officers of the street’s region send records; others are refused and nothing is stored', async () => {
    const body = record({ personalExpenseFen: 5_000_000, householdAnnualIncomeFen: 0 });
    // An employment officer at the medical service: the 404 of a record that is not there.
    const otherDept = await send('medical', body, await officer('employment')).expect(404);
    expect(otherDept.body.error.code).toBe('HARDSHIP_RECORD_NOT_FOUND');
    // A medical officer of 拱墅区 for a street of 西湖区.
    await send('medical', body, await officer('medical', { regionCode: '330105' })).expect(404);
    // A clerk may write signals (through intake), not a department's records.
    const clerk = await running.medical.h.token({
      userId: 'clerk-330106001',
      roles: ['window_clerk'],
      regionCode: street,
    });
    expect((await send('medical', body, clerk).expect(403)).body.error.code).toBe('ROLE_REQUIRED');
    expect(await stored('medical', { _id: `medical:${body.recordId}` })).toEqual([]);
    // Then the department's own officer of 西湖区 may.
    await send('medical', body, await officer('medical', { regionCode: '330106' })).expect(201);
  });

  it('R-PD-1, R-OV-2: the officer’s history lists the department’s records of his region, masked, newest first', async () => {
    const older = await send('employment', record({ dependants: 1 })).expect(201);
    // A minute later by the service's clock: listed first.
    running.employment.h.setNow(new Date(now.getTime() + 60_000));
    const body = record({ dependants: 2 });
    const res = await send('employment', body).expect(201);
    running.employment.h.setNow(now);
    const list = (token: string) =>
      running.employment.h
        .http()
        .get('/hardship-records?pageSize=100')
        .set('authorization', `Bearer ${token}`);
    const page = (await list(await officer('employment', { regionCode: '330106' })).expect(200))
      .body;
    expect(page.items[0]).toMatchObject({
      signalId: res.body.signalId,
      recordId: body.recordId,
      kind: 'job_loss',
      band: 'medium',
      figures: { dependants: 2 },
      subject: {
        name: '李四',
        idNumber: `${body.subject.idNumber.slice(0, 6)}********${body.subject.idNumber.slice(14)}`,
      },
    });
    const ids = page.items.map((i: { signalId: string }) => i.signalId);
    expect(ids.indexOf(older.body.signalId)).toBeGreaterThan(0);
    expect(JSON.stringify(page)).not.toContain(body.subject.idNumber);
    expect(page.total).toBe(page.items.length);
    const gongshu = (await list(await officer('employment', { regionCode: '330105' })).expect(200))
      .body;
    expect(gongshu.total).toBe(0);
    const medicalOfficer = await officer('medical');
    expect((await list(medicalOfficer).expect(200)).body.total).toBe(0);
  });
});

/** The raw value of the first message on the signal topic that `match` picks (never opened). */
async function rawMessages(code: Code, match: (bytes: Buffer) => boolean): Promise<Buffer> {
  const handle = testKafka(running[code].h.prefix);
  const consumer: Consumer = handle.kafka.consumer({
    groupId: `raw-${randomBytes(4).toString('hex')}`,
  });
  const seen: Buffer[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: handle.topic(Topics.hardshipSignal), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (message.value) seen.push(message.value);
      },
    });
    return await waitFor(async () => seen.find(match), { what: 'the raw signal message' });
  } finally {
    await consumer.disconnect();
  }
}
