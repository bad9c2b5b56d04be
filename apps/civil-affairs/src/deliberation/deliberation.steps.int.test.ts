import { ApprovalLevel, AssistanceItem, PaymentSchedule } from '@jh/contracts';
import { waitFor } from '@jh/platform-testing';
import {
  directApplication,
  participants,
  startDeliberationKit,
  type DeliberationKit,
} from '../test-harness.deliberation';

jest.setTimeout(60000);

let t: DeliberationKit;
beforeAll(async () => {
  t = await startDeliberationKit('civil-deliberation');
});
afterAll(async () => {
  await t?.stop();
});

/** A refusal: status and code as expected, the stored deliberation unchanged. */
async function expectRefused<R extends { status: number; body: { error?: { code: string } } }>(
  id: string,
  attempt: () => Promise<R>,
  status: number,
  code: string,
): Promise<R> {
  const before = (await t.get(`/deliberations/${id}`)).body;
  const res = await attempt();
  expect(res.status).toBe(status);
  expect(res.body.error?.code).toBe(code);
  expect((await t.get(`/deliberations/${id}`)).body).toEqual(before);
  return res;
}

describe('一事一议 DOMAIN §5 through the HTTP API (real Kafka + MongoDB-wire engine)', () => {
  it('DOMAIN §5.1 refuses an application without the signed declaration (承诺); nothing is stored', async () => {
    const caseId = await t.newCase();
    t.setNow('2026-11-02 10:00');
    const refused = await t.post('/deliberations', 'clerk', {
      caseId,
      hardship: '突发重病',
      declaration: { signed: false, signedOn: '2026-11-02', text: '' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('DECLARATION_MISSING');
    expect(refused.body.error.message).toContain('签署承诺');
    expect((await t.get(`/deliberations/case:${caseId}`)).status).toBe(404);

    // Only a window clerk accepts; the actor comes from the token, not the body.
    expect((await t.post('/deliberations', 'head', directApplication())).status).toBe(403);
    expect(
      (await t.post('/deliberations', 'clerk', directApplication({ acceptor: 'x' }))).status,
    ).toBe(400);
    // Recipient identity is validated (GB 11643 check digit) when given in the body.
    const badId = await t.post(
      '/deliberations',
      'clerk',
      directApplication({
        applicant: {
          name: '李大山',
          idNumber: '110105194912310021',
          citizenCardNo: '3301061234567890',
          regionCode: '330106',
        },
      }),
    );
    expect(badId.status).toBe(400);
    expect(badId.body.error.details[0].path).toBe('applicant.idNumber');
  });

  it('DOMAIN §5 steps 1–8 from a case: AssistanceApproved published once with level CASE_BY_CASE, instalments per R-PAY-2, filing tracked', async () => {
    const caseId = await t.newCase();
    // §5.1 accepted, opened from the case; recipient identity comes from the case.
    t.setNow('2026-11-02 10:00');
    const opened = await t.post('/deliberations', 'clerk', {
      caseId,
      hardship: '突发重病，现行政策难以覆盖',
      declaration: { signed: true, signedOn: '2026-11-02', text: '本人承诺所填信息真实' },
    });
    expect(opened.status).toBe(201);
    const id = opened.body.id as string;
    expect(id).toBe(`case:${caseId}`);
    expect(opened.body.stage).toBe('investigation');
    expect(opened.body.actors.acceptor).toBe('clerk-1');
    // R-OV-2: identity shown masked.
    expect(opened.body.applicant).toMatchObject({
      name: '王小明',
      idNumber: '110105********002X',
      citizenCardNo: '************7890',
    });
    // §5.3 deadline shown from acceptance: Mon 11-02 + 5 working days = Mon 11-09.
    expect(opened.body.deadlines.democraticReview).toMatchObject({
      ruleId: 'DOMAIN §5.3',
      dueAt: '2026-11-09T15:59:59.999Z',
      status: 'pending',
    });
    // Opening again returns the same deliberation.
    const again = await t.post('/deliberations', 'clerk', {
      caseId,
      hardship: 'x',
      declaration: { signed: true, signedOn: '2026-11-02', text: '' },
    });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(id);

    // §5.2 and §5.3
    await t.investigateAndDeliberate(id);
    const deliberated = (await t.get(`/deliberations/${id}`)).body;
    expect(deliberated.stage).toBe('office_review');
    expect(deliberated.democraticReview.participantCount).toBe(12);
    expect(deliberated.deadlines.democraticReview.status).toBe('done');

    // §5.4–§5.6
    const posted = await t.reviewDecideAndPost(id);
    expect(posted.body.stage).toBe('public_notice');
    expect(posted.body.deadlines.publicNotice).toMatchObject({
      ruleId: 'DOMAIN §5.6',
      postedAt: '2026-11-05T16:00:00.000Z',
      endsAt: '2026-11-13T15:59:59.999Z',
      status: 'running',
    });

    // §5.6 approval before the 7 days are over is refused; nothing published.
    t.setNow('2026-11-13 17:00');
    await expectRefused(
      id,
      () => t.post(`/deliberations/${id}/approve`, 'leader'),
      409,
      'PUBLIC_NOTICE_TOO_SHORT',
    );

    // §5.7 no objection → approve.
    t.setNow('2026-11-16 10:00');
    const approved = await t.post(`/deliberations/${id}/approve`, 'leader');
    expect(approved.status).toBe(200);
    expect(approved.body.stage).toBe('approved');
    const approvalId = approved.body.approval.approvalId as string;
    // §5.8 filing due 3 working days after approval.
    expect(approved.body.deadlines.filing).toMatchObject({
      dueAt: '2026-11-19T15:59:59.999Z',
      status: 'pending',
    });
    // A retried approval by the same leader returns the same approval, no second event.
    const retried = await t.post(`/deliberations/${id}/approve`, 'leader');
    expect(retried.status).toBe(200);
    expect(retried.body.approval.approvalId).toBe(approvalId);

    const [event] = await waitFor(
      async () => {
        const found = t.approvedEvents(approvalId);
        return found.length > 0 ? found : undefined;
      },
      { what: 'AssistanceApproved' },
    );
    expect(event).toMatchObject({
      approvalId,
      caseId,
      applicationId: caseId,
      item: AssistanceItem.ASSISTANCE_ITEM_TEMPORARY,
      schedule: PaymentSchedule.PAYMENT_SCHEDULE_TEMPORARY,
      level: ApprovalLevel.APPROVAL_LEVEL_CASE_BY_CASE,
      approverId: 'lead-1',
      recipient: {
        name: '王小明',
        idNumber: '11010519491231002X',
        citizenCardNo: '3301061234567890',
        regionCode: '330106',
      },
    });
    // ADR 0024: the approval continues the application's trace, kept on the case and the record.
    expect(t.approvedTrace(approvalId)).toBe(t.traceOfCase(caseId));
    // R-PAY-2: temporary aid within 3 working days of approval (or of the stage's payFrom).
    expect(
      event?.instalments.map((i) => ({
        n: i.number,
        fen: Number(i.amountFen),
        due: i.dueAt?.toISOString(),
        key: i.idempotencyKey,
      })),
    ).toEqual([
      { n: 1, fen: 500_000, due: '2026-11-19T15:59:59.999Z', key: `${approvalId}:1` },
      { n: 2, fen: 300_000, due: '2026-12-04T15:59:59.999Z', key: `${approvalId}:2` },
    ]);

    // §5.8 overdue is visible, then the late filing is recorded.
    t.setNow('2026-11-20 09:00');
    const overdue = await t.get('/deliberations/filing-overdue', 'coordinator');
    expect(overdue.body.items.map((d: { id: string }) => d.id)).toContain(id);
    expect((await t.get(`/deliberations/${id}`)).body.deadlines.filing.status).toBe('overdue');
    await expectRefused(
      id,
      () =>
        t.post(`/deliberations/${id}/filing`, 'investigator', {
          recipients: ['discipline_committee'],
        }),
      409,
      'FILING_RECIPIENT_MISSING',
    );
    const filed = await t.post(`/deliberations/${id}/filing`, 'investigator', {
      recipients: ['discipline_committee', 'business_department'],
    });
    expect(filed.status).toBe(200);
    expect(filed.body.stage).toBe('filed');
    expect(filed.body.filing.late).toBe(true);
    expect(filed.body.deadlines.filing.status).toBe('done_late');
    const stillOverdue = await t.get('/deliberations/filing-overdue', 'coordinator');
    expect(stillOverdue.body.items.map((d: { id: string }) => d.id)).not.toContain(id);

    // Every step audited: who, when, what, why.
    const audit = filed.body.audit as { action: string; byUserId: string; at: string }[];
    expect(audit.map((a) => [a.action, a.byUserId])).toEqual([
      ['accepted', 'clerk-1'],
      ['investigated', 'inv-1'],
      ['democratic_review', 'inv-1'],
      ['office_review', 'head-1'],
      ['collective_decision', 'lead-1'],
      ['public_notice', 'inv-1'],
      ['approved', 'lead-1'],
      ['filed', 'inv-1'],
    ]);
    expect(filed.body.audit[7].reason).toContain('逾期');

    // Published exactly once, even after the retry.
    await t.settled(caseId);
    expect(t.approvedEvents(approvalId)).toHaveLength(1);
  });

  it('DOMAIN §5 out-of-order steps are refused with STEP_OUT_OF_ORDER; state unchanged, no event', async () => {
    const id = await t.openDirect();
    t.setNow('2026-11-03 10:00');
    const steps: [string, object][] = [
      [
        'democratic-review',
        { heldAt: '2026-11-03T09:00:00+08:00', participants: participants(12) },
      ],
      ['public-notice', { postedOn: '2026-11-03', place: '社区公示栏' }],
      ['filing', { recipients: ['discipline_committee', 'business_department'] }],
    ];
    for (const [step, body] of steps) {
      await expectRefused(
        id,
        () => t.post(`/deliberations/${id}/${step}`, 'investigator', body),
        409,
        'STEP_OUT_OF_ORDER',
      );
    }
    await expectRefused(
      id,
      () => t.post(`/deliberations/${id}/office-review`, 'head', { passed: true }),
      409,
      'STEP_OUT_OF_ORDER',
    );
    await expectRefused(
      id,
      () =>
        t.post(`/deliberations/${id}/collective-decision`, 'leader', {
          approved: true,
          meetingOn: '2026-11-03',
          amountFen: 100_000,
        }),
      409,
      'STEP_OUT_OF_ORDER',
    );
    const early = await expectRefused(
      id,
      () => t.post(`/deliberations/${id}/approve`, 'leader'),
      409,
      'STEP_OUT_OF_ORDER',
    );
    expect(early.body.error).toMatchObject({ message: expect.stringContaining('当前环节为') });
    expect(t.approvedEvents().filter((e) => e.caseId === id)).toHaveLength(0);
  });

  it('DOMAIN §5.3 democratic review: < 12 participants, no 纪工委 observer, wrong kinds or after 5 working days are refused; state unchanged', async () => {
    const id = await t.openDirect();
    t.setNow('2026-11-04 10:00');
    expect(
      (
        await t.post(`/deliberations/${id}/investigation`, 'investigator', {
          economicCheck: { startedOn: '2026-11-02', completedOn: '2026-11-03', note: '' },
          homeVisit: { visitedOn: '2026-11-03', note: '' },
        })
      ).status,
    ).toBe(200);
    const review = (body: object) => () =>
      t.post(`/deliberations/${id}/democratic-review`, 'investigator', {
        heldAt: '2026-11-04T09:00:00+08:00',
        participants: participants(12),
        ...body,
      });

    const few = await expectRefused(
      id,
      review({ participants: participants(11) }),
      409,
      'PARTICIPANTS_TOO_FEW',
    );
    expect(few.body.error.message).toContain('不得少于12人');
    // The observer supervises and does not count; 11 members + observer is still too few.
    const noObserver = await expectRefused(
      id,
      review({ participants: participants(12, false) }),
      409,
      'DISCIPLINE_OBSERVER_ABSENT',
    );
    expect(noObserver.body.error.message).toContain('纪（工）委');
    // Both problems are reported together.
    const both = await expectRefused(
      id,
      review({ participants: participants(3, false) }),
      409,
      'PARTICIPANTS_TOO_FEW',
    );
    expect(both.body.error.details.map((d: { code: string }) => d.code)).toEqual(
      expect.arrayContaining(['PARTICIPANTS_TOO_FEW', 'DISCIPLINE_OBSERVER_ABSENT']),
    );
    // Village/community committee members and street staff must be among them.
    const onlyResidents = Array.from({ length: 12 }, (_, i) => ({
      personId: `r${i}`,
      role: 'resident_representative',
    }));
    await expectRefused(
      id,
      review({
        participants: [...onlyResidents, { personId: 'jw-1', role: 'discipline_observer' }],
      }),
      409,
      'REQUIRED_ROLE_ABSENT',
    );
    await expectRefused(
      id,
      review({ participants: [...participants(12), { personId: 'x', role: 'relative' }] }),
      400,
      'INVALID_INPUT',
    );

    // After the 5th working day (Mon 11-09) the review is too late.
    t.setNow('2026-11-10 16:00');
    const late = await expectRefused(
      id,
      review({ heldAt: '2026-11-10T09:00:00+08:00' }),
      409,
      'REVIEW_TOO_LATE',
    );
    expect(late.body.error.message).toContain('2026-11-09');
    const shown = (await t.get(`/deliberations/${id}`)).body;
    expect(shown.stage).toBe('democratic_review');
    expect(shown.deadlines.democraticReview).toMatchObject({
      dueAt: '2026-11-09T15:59:59.999Z',
      status: 'overdue',
    });
  });

  it('R-AP-1 / DOMAIN §5.4–5.5: the acceptor may not be the office head reviewer, nor the office head the leadership decision-maker; state unchanged', async () => {
    const id = await t.openDirect();
    await t.investigateAndDeliberate(id);
    t.setNow('2026-11-06 09:00');
    const same = await expectRefused(
      id,
      () => t.post(`/deliberations/${id}/office-review`, 'clerkAsHead', { passed: true }),
      403,
      'SOD_SAME_PERSON',
    );
    expect(same.body.error.message).toContain('不能为同一人');
    expect(
      (await t.post(`/deliberations/${id}/office-review`, 'head', { passed: true })).status,
    ).toBe(200);
    await expectRefused(
      id,
      () =>
        t.post(`/deliberations/${id}/collective-decision`, 'headAsLeader', {
          approved: true,
          meetingOn: '2026-11-06',
          amountFen: 100_000,
        }),
      403,
      'SOD_SAME_PERSON',
    );
    // Instalments must add up to the decided amount.
    await expectRefused(
      id,
      () =>
        t.post(`/deliberations/${id}/collective-decision`, 'leader', {
          approved: true,
          meetingOn: '2026-11-06',
          amountFen: 100_000,
          instalments: [{ amountFen: 60_000 }],
        }),
      400,
      'INVALID_INPUT',
    );
  });
});
