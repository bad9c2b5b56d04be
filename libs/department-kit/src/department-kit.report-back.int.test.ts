import { PartAccepted, PartOutcome, Topics } from '@jh/contracts';
import { EventPublisher } from '@jh/platform-kafka';
import { testKafka, waitFor } from '@jh/platform-testing';
import { startHarness, type Harness } from './testing/harness';

jest.setTimeout(60000);

const now = new Date('2026-03-10T02:00:00Z');
let h: Harness;
let officer: string;

beforeAll(async () => {
  h = await startHarness('dept-report', now);
  officer = await h.token({ userId: 'edu-1', name: '李老师', department: 'education' });
});
afterAll(() => h?.stop());

async function dispatched() {
  const { part, eventId } = await h.dispatch({
    handlingDueAt: new Date('2026-03-17T15:59:59.999Z'),
    reportDueAt: new Date('2026-03-18T15:59:59.999Z'),
  });
  await waitFor(
    async () => {
      const res = await h
        .http()
        .get(`/parts/${part.partId}`)
        .set('authorization', `Bearer ${officer}`);
      return res.status === 200;
    },
    { what: 'dispatched part in the worklist' },
  );
  return { part, eventId };
}

const post = (path: string, token: string, body: object = {}) =>
  h.http().post(path).set('authorization', `Bearer ${token}`).send(body);

const publishedFor = (type: string, partId: string) =>
  waitFor(
    async () =>
      h.published.find(
        (e) => e.event.type === type && (e.event.payload as { partId: string }).partId === partId,
      ),
    { what: `${type} for ${partId}` },
  );

describe('department report-back (real engines)', () => {
  it('R-JH-3/R-JH-5: accept then report publishes PartAccepted and PartReported through the outbox', async () => {
    const { part, eventId } = await dispatched();
    const accepted = await post(`/parts/${part.partId}/accept`, officer).expect(200);
    expect(accepted.body).toMatchObject({
      status: 'accepted',
      owner: { userId: 'edu-1', name: '李老师' },
    });
    const reported = await post(`/parts/${part.partId}/report`, officer, {
      outcome: 'granted',
      amountFen: 120050,
      note: '发放助学金',
    }).expect(200);
    expect(reported.body.status).toBe('reported');
    expect(reported.body.sla).toEqual({ report: 'met', handling: 'met' });
    expect(reported.body.audit.map((a: { action: string }) => a.action)).toEqual([
      'dispatched',
      'accepted',
      'reported',
    ]);

    const acceptedEvent = await publishedFor(Topics.partAccepted, part.partId);
    expect(acceptedEvent.event.payload).toMatchObject({
      officerId: 'edu-1',
      department: 'education',
    });
    const event = await publishedFor(Topics.partReported, part.partId);
    expect(event.key).toBe(part.applicationId);
    expect(event.envelope).toMatchObject({
      producer: 'education',
      correlationId: part.applicationId,
      causationId: eventId,
    });
    expect(event.event.payload).toEqual({
      partId: part.partId,
      caseId: part.caseId,
      applicationId: part.applicationId,
      department: 'education',
      outcome: PartOutcome.PART_OUTCOME_GRANTED,
      amountFen: 120050,
      note: '发放助学金',
      officerId: 'edu-1',
      reportedAt: now,
    });

    const again = await post(`/parts/${part.partId}/report`, officer, {
      outcome: 'rejected',
      note: '重复提交',
    }).expect(409);
    expect(again.body.error.code).toBe('PART_ALREADY_REPORTED');
  });

  it('two simultaneous accepts: exactly one wins, the other gets 409', async () => {
    const { part } = await dispatched();
    const other = await h.token({ userId: 'edu-2', department: 'education' });
    const answers = await Promise.all([
      post(`/parts/${part.partId}/accept`, officer),
      post(`/parts/${part.partId}/accept`, other),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    await publishedFor(Topics.partAccepted, part.partId);
    // Barrier instead of a sleep: the part's outbox is all sent, then a control PartAccepted
    // published after it on the same key (one partition, in order) has arrived.
    const parts = await h.collection();
    await waitFor(
      async () => {
        const [doc] = await parts.find({ _id: part.partId });
        return (doc?.['outbox'] as { sentAt: Date | null }[]).every((e) => e.sentAt);
      },
      { what: 'outbox sent' },
    );
    const control = new EventPublisher(testKafka(h.prefix), 'barrier');
    const controlId = await control.publish(
      Topics.partAccepted,
      PartAccepted.fromPartial({ partId: `barrier-${part.partId}` }),
      { key: part.applicationId, correlationId: part.applicationId },
    );
    await control.disconnect();
    await waitFor(async () => h.published.some((e) => e.envelope.eventId === controlId), {
      what: 'control PartAccepted',
    });
    const count = h.published.filter(
      (e) => e.event.type === Topics.partAccepted && e.event.payload.partId === part.partId,
    ).length;
    expect(count).toBe(1);
  });

  it('R-OV-2: an officer of another department gets 404 and an empty list; a coordinator may read but not act', async () => {
    const { part } = await dispatched();
    const housing = await h.token({ userId: 'hs-1', department: 'housing' });
    // Its existence is not revealed: the same answer as an id that does not exist.
    const denied = await h
      .http()
      .get(`/parts/${part.partId}`)
      .set('authorization', `Bearer ${housing}`)
      .expect(404);
    expect(denied.body.error).toMatchObject({ code: 'PART_NOT_FOUND' });
    const list = await h.http().get('/parts').set('authorization', `Bearer ${housing}`).expect(200);
    expect(list.body).toMatchObject({ items: [], total: 0 });
    await post(`/parts/${part.partId}/accept`, housing).expect(404);
    const coordinator = await h.token({ userId: 'co-1', roles: ['coordinator'] });
    await h
      .http()
      .get(`/parts/${part.partId}`)
      .set('authorization', `Bearer ${coordinator}`)
      .expect(200);
    await post(`/parts/${part.partId}/accept`, coordinator).expect(403);
    await h.http().get('/parts').expect(401);
  });

  it('reporting needs an accepted part and valid input; nothing is published on error', async () => {
    const { part } = await dispatched();
    const early = await post(`/parts/${part.partId}/report`, officer, {
      outcome: 'not_applicable',
    }).expect(409);
    expect(early.body.error.code).toBe('PART_NOT_ACCEPTED');
    await post(`/parts/${part.partId}/accept`, officer).expect(200);
    const bad = await post(`/parts/${part.partId}/report`, officer, {
      outcome: 'granted',
      amountFen: 12.5,
    }).expect(400);
    expect(bad.body.error.details[0]).toMatchObject({ path: 'amountFen' });
    const noAmount = await post(`/parts/${part.partId}/report`, officer, {
      outcome: 'granted',
    }).expect(400);
    expect(noAmount.body.error.details).toEqual([
      expect.objectContaining({ path: 'amountFen', code: 'AMOUNT_REQUIRED' }),
    ]);
    await post('/parts/nope/accept', officer).expect(404);
    expect(
      h.published.some(
        (e) => e.event.type === Topics.partReported && e.event.payload.partId === part.partId,
      ),
    ).toBe(false);
  });

  it('R-JH-1 转办: a transfer request publishes PartTransferRequested with the reason', async () => {
    const { part } = await dispatched();
    const missing = await post(`/parts/${part.partId}/transfer-request`, officer, {}).expect(400);
    expect(missing.body.error.details[0]).toMatchObject({ path: 'reason' });
    const res = await post(`/parts/${part.partId}/transfer-request`, officer, {
      suggestedDepartment: 'housing',
      reason: '申请人需要的是住房救助',
    }).expect(200);
    expect(res.body.status).toBe('transfer_requested');
    const event = await publishedFor(Topics.partTransferRequested, part.partId);
    expect(event.event.payload).toMatchObject({
      department: 'education',
      suggestedDepartment: 'housing',
      reason: '申请人需要的是住房救助',
      officerId: 'edu-1',
    });
    await post(`/parts/${part.partId}/transfer-request`, officer, { reason: '再次' }).expect(409);
  });
});
