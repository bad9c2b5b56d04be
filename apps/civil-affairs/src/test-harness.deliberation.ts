import { randomBytes, randomUUID } from 'node:crypto';
import { AssistanceApproved, AssistanceItem, Topics } from '@jh/contracts';
import { waitFor } from '@jh/platform-testing';
import { application, clientFor, isBarrier, startHarness } from './test-harness';

export const at = (shanghai: string) => new Date(`${shanghai.replace(' ', 'T')}:00+08:00`);

/** Democratic review participants: `members` of the allowed kinds, plus a 纪工委 observer. */
export function participants(members: number, observer = true) {
  const roles = [
    'street_staff',
    'village_committee',
    'resident_official',
    'resident_representative',
  ] as const;
  const list: { personId: string; role: string }[] = Array.from({ length: members }, (_, i) => ({
    personId: `p${i + 1}`,
    role: roles[i % roles.length] as string,
  }));
  return observer ? [...list, { personId: 'jw-1', role: 'discipline_observer' }] : list;
}

export const directApplication = (overrides: object = {}) => ({
  applicant: {
    name: '李大山',
    idNumber: '11010519491231002X',
    citizenCardNo: '3301061234567890',
    regionCode: '330106',
  },
  hardship: '突发重病，现行政策难以覆盖的特殊困难',
  declaration: { signed: true, signedOn: '2026-11-02', text: '本人承诺所填信息真实' },
  ...overrides,
});

/** The one harness seen from 一事一议: a client per user and the AssistanceApproved events. */
export async function startDeliberationKit(label: string) {
  const h = await startHarness(label);
  const { post, get } = await clientFor(h);
  const setNow = (shanghai: string) => {
    h.clock.now = at(shanghai);
  };
  const approvedEvents = (approvalId?: string): AssistanceApproved[] =>
    h.received
      .filter((e) => e.event.type === Topics.assistanceApproved && !isBarrier(e))
      .map((e) => e.event.payload as AssistanceApproved)
      .filter((p) => approvalId === undefined || p.approvalId === approvalId);

  /** Opens directly at the window (no case) at `shanghai`; returns the id. */
  async function openDirect(shanghai = '2026-11-02 10:00'): Promise<string> {
    setNow(shanghai);
    const res = await post('/deliberations', 'clerk', directApplication());
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  /** The W3C context each case's application was submitted in (`newCase`). */
  const traceOfCase = new Map<string, string>();

  /** A case from intake (ApplicationSubmitted) as the review tests do. */
  async function newCase(shanghai = '2026-11-02 09:00'): Promise<string> {
    setNow(shanghai);
    const id = randomUUID();
    const traceparent = `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;
    traceOfCase.set(id, traceparent);
    await h.publish(
      Topics.applicationSubmitted,
      application(id, [AssistanceItem.ASSISTANCE_ITEM_TEMPORARY], h.clock.now),
      id,
      undefined,
      traceparent,
    );
    await waitFor(
      async () => ((await get(`/cases/${id}`, 'clerk')).status === 200 ? true : undefined),
      { what: `case ${id}` },
    );
    return id;
  }

  /** Steps 2–3 on the happy path (accepted Mon 2026-11-02). */
  async function investigateAndDeliberate(id: string) {
    setNow('2026-11-04 10:00');
    const inv = await post(`/deliberations/${id}/investigation`, 'investigator', {
      economicCheck: { startedOn: '2026-11-02', completedOn: '2026-11-03', note: '核对无异常' },
      homeVisit: { visitedOn: '2026-11-03', note: '家中确有重病患者' },
    });
    expect(inv.status).toBe(200);
    setNow('2026-11-05 15:00');
    const review = await post(`/deliberations/${id}/democratic-review`, 'investigator', {
      heldAt: '2026-11-05T14:00:00+08:00',
      participants: participants(12),
      minutes: '参会人员一致同意',
    });
    expect(review.status).toBe(200);
  }

  /** Steps 4–6: office review, collective decision (amount, instalments), 公示 posted 11-06. */
  async function reviewDecideAndPost(id: string, decision: object = {}) {
    setNow('2026-11-06 09:00');
    expect(
      (await post(`/deliberations/${id}/office-review`, 'head', { passed: true })).status,
    ).toBe(200);
    const decided = await post(`/deliberations/${id}/collective-decision`, 'leader', {
      approved: true,
      meetingOn: '2026-11-06',
      amountFen: 800_000,
      instalments: [{ amountFen: 500_000 }, { amountFen: 300_000, payFrom: '2026-12-01' }],
      minutes: '班子会议研究同意',
      ...decision,
    });
    expect(decided.status).toBe(200);
    setNow('2026-11-06 11:00');
    const posted = await post(`/deliberations/${id}/public-notice`, 'investigator', {
      postedOn: '2026-11-06',
      place: '翠苑一区社区公示栏',
    });
    expect(posted.status).toBe(200);
    return posted;
  }

  /**
   * Every event published on `key` (the application id, or the deliberation id when opened at
   * the window) has arrived: a barrier, not a sleep.
   */
  const settled = (key: string) =>
    h.barrier(
      Topics.assistanceApproved,
      AssistanceApproved.fromPartial({ approvalId: `barrier-${randomUUID()}` }),
      key,
      () => h.received,
    );

  return {
    h,
    post,
    get,
    setNow,
    approvedEvents,
    /** The envelope's trace context of the AssistanceApproved event of `approvalId`. */
    approvedTrace: (approvalId: string) =>
      h.received.find(
        (e) =>
          e.event.type === Topics.assistanceApproved &&
          (e.event.payload as AssistanceApproved).approvalId === approvalId,
      )?.envelope.traceparent,
    traceOfCase: (caseId: string) => traceOfCase.get(caseId),
    settled,
    openDirect,
    newCase,
    investigateAndDeliberate,
    reviewDecideAndPost,
    stop: () => h.stop(),
  };
}
export type DeliberationKit = Awaited<ReturnType<typeof startDeliberationKit>>;
