import { ApprovalLevel } from '@jh/contracts';
import { waitFor } from '@jh/platform-testing';
import { startDeliberationKit, type DeliberationKit } from '../test-harness.deliberation';

jest.setTimeout(60000);

let t: DeliberationKit;
beforeAll(async () => {
  t = await startDeliberationKit('civil-deliberation-objection');
});
afterAll(async () => {
  await t?.stop();
});

/** Steps 1–6 then an objection during 公示. */
async function objected(): Promise<string> {
  const id = await t.openDirect();
  await t.investigateAndDeliberate(id);
  await t.reviewDecideAndPost(id);
  t.setNow('2026-11-09 10:00');
  const res = await t.post(`/deliberations/${id}/objection`, 'investigator', {
    content: '群众反映申请人家庭另有房产',
  });
  expect(res.status).toBe(200);
  expect(res.body.stage).toBe('reinvestigation');
  expect(res.body.deadlines.publicNotice.status).toBe('objection');
  return id;
}

const reinvestigate = (id: string) => {
  t.setNow('2026-11-10 11:00');
  return t.post(`/deliberations/${id}/investigation`, 'investigator', {
    economicCheck: { startedOn: '2026-11-09', completedOn: '2026-11-10', note: '复核房产信息' },
    homeVisit: { visitedOn: '2026-11-10', note: '再次入户' },
  });
};

describe('一事一议 DOMAIN §5.7 objection during 公示 (real Kafka + MongoDB-wire engine)', () => {
  it('DOMAIN §5.7 an objection sends the case back to investigation; continuing needs the re-investigation first, then approves with level CASE_BY_CASE', async () => {
    const id = await objected();
    const before = (await t.get(`/deliberations/${id}`)).body;
    // No approval while re-investigating, and no continuing without the re-investigation.
    t.setNow('2026-11-10 11:00');
    const early = await t.post(`/deliberations/${id}/approve`, 'leader');
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('STEP_OUT_OF_ORDER');
    const skipped = await t.post(`/deliberations/${id}/continue`, 'leader', { reason: '继续' });
    expect(skipped.status).toBe(409);
    expect(skipped.body.error.code).toBe('REINVESTIGATION_REQUIRED');
    expect((await t.get(`/deliberations/${id}`)).body).toEqual(before);

    const again = await reinvestigate(id);
    expect(again.status).toBe(200);
    expect(again.body.stage).toBe('reinvestigation');
    expect(again.body.investigations.map((i: { round: number }) => i.round)).toEqual([1, 2]);

    // The office head may not take the final decision (R-AP-1).
    const sod = await t.post(`/deliberations/${id}/continue`, 'headAsLeader', { reason: '继续' });
    expect(sod.status).toBe(403);
    expect(sod.body.error.code).toBe('SOD_SAME_PERSON');

    const approved = await t.post(`/deliberations/${id}/continue`, 'leader', {
      reason: '经重新核查，异议不成立',
    });
    expect(approved.status).toBe(200);
    expect(approved.body.stage).toBe('approved');
    const approvalId = approved.body.approval.approvalId as string;
    const [event] = await waitFor(
      async () => {
        const found = t.approvedEvents(approvalId);
        return found.length > 0 ? found : undefined;
      },
      { what: 'AssistanceApproved after re-investigation' },
    );
    expect(event?.level).toBe(ApprovalLevel.APPROVAL_LEVEL_CASE_BY_CASE);
    expect(event?.caseId).toBe(id);
    expect(approved.body.audit.map((a: { action: string }) => a.action)).toEqual([
      'accepted',
      'investigated',
      'democratic_review',
      'office_review',
      'collective_decision',
      'public_notice',
      'objection',
      'reinvestigated',
      'approved',
    ]);
    expect(approved.body.audit[6]).toMatchObject({
      byUserId: 'inv-1',
      fromStage: 'public_notice',
      toStage: 'reinvestigation',
      reason: '群众反映申请人家庭另有房产',
    });
  });

  it('R-PAY-5 DOMAIN §5.7: continuing to approval replayed with another reason is a 409 REQUEST_REPLAY_MISMATCH; the same replay returns the stored approval, one event', async () => {
    const id = await objected();
    expect((await reinvestigate(id)).status).toBe(200);
    const body = { reason: '经重新核查，异议不成立' };
    const approved = await t.post(`/deliberations/${id}/continue`, 'leader', body);
    expect(approved.status).toBe(200);
    const approvalId = approved.body.approval.approvalId as string;

    const changed = await t.post(`/deliberations/${id}/continue`, 'leader', { reason: '另一理由' });
    expect(changed.status).toBe(409);
    expect(changed.body.error.code).toBe('REQUEST_REPLAY_MISMATCH');
    const same = await t.post(`/deliberations/${id}/continue`, 'leader', body);
    expect(same.status).toBe(200);
    expect(same.body.approval.approvalId).toBe(approvalId);
    await waitFor(async () => (t.approvedEvents(approvalId).length > 0 ? true : undefined), {
      what: 'AssistanceApproved',
    });
    await t.settled(id);
    expect(t.approvedEvents(approvalId)).toHaveLength(1);
  });

  it('DOMAIN §5.7 after re-investigation the case can be concluded (不予救助): closed, no event, no further step', async () => {
    const id = await objected();
    expect((await reinvestigate(id)).status).toBe(200);
    const closed = await t.post(`/deliberations/${id}/conclude`, 'leader', {
      reason: '经核查申请人家庭另有房产，不符合救助条件',
    });
    expect(closed.status).toBe(200);
    expect(closed.body.stage).toBe('closed');
    expect(closed.body.conclusion).toContain('不符合救助条件');
    expect(closed.body.approval).toBeNull();
    const after = await t.post(`/deliberations/${id}/continue`, 'leader', { reason: '继续' });
    expect(after.status).toBe(409);
    expect(after.body.error.code).toBe('STEP_OUT_OF_ORDER');
    await t.settled(id);
    expect(t.approvedEvents().filter((e) => e.caseId === id)).toHaveLength(0);
  });

  it('DOMAIN §5.4 / §5.5 the office head or the leadership meeting may refuse: closed with the reason, no event', async () => {
    const refusedByHead = await t.openDirect();
    await t.investigateAndDeliberate(refusedByHead);
    t.setNow('2026-11-06 09:00');
    const head = await t.post(`/deliberations/${refusedByHead}/office-review`, 'head', {
      passed: false,
      opinion: '困难情形已有政策覆盖，应按临时救助办理',
    });
    expect(head.status).toBe(200);
    expect(head.body.stage).toBe('closed');
    expect(head.body.conclusion).toContain('已有政策覆盖');

    const refusedByMeeting = await t.openDirect();
    await t.investigateAndDeliberate(refusedByMeeting);
    t.setNow('2026-11-06 09:00');
    expect(
      (await t.post(`/deliberations/${refusedByMeeting}/office-review`, 'head', { passed: true }))
        .status,
    ).toBe(200);
    const meeting = await t.post(
      `/deliberations/${refusedByMeeting}/collective-decision`,
      'leader',
      {
        approved: false,
        meetingOn: '2026-11-06',
        minutes: '班子会议研究不予救助',
      },
    );
    expect(meeting.status).toBe(200);
    expect(meeting.body.stage).toBe('closed');
    const notice = await t.post(
      `/deliberations/${refusedByMeeting}/public-notice`,
      'investigator',
      {
        postedOn: '2026-11-06',
        place: '社区公示栏',
      },
    );
    expect(notice.status).toBe(409);
    expect(notice.body.error.code).toBe('STEP_OUT_OF_ORDER');
    expect(
      t.approvedEvents().filter((e) => [refusedByHead, refusedByMeeting].includes(e.caseId)),
    ).toHaveLength(0);
  });
});
