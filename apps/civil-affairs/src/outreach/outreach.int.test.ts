import { randomUUID } from 'node:crypto';
import {
  ApprovalLevel,
  AssistanceItem,
  ReviewStatus,
  ReviewStep,
  PaymentSchedule,
  Topics,
  type HardshipSignal,
} from '@jh/contracts';
import { endOfShanghaiDay } from '@jh/domain-calendar';
import { RECORDS, type AuditRecord } from '@jh/platform-audit';
import { readDlq } from '@jh/platform-kafka';
import { keycloakToken, testKafka, waitFor } from '@jh/platform-testing';
import request from 'supertest';
import { application, startHarness, users, validIdNumber, type Harness } from '../test-harness';
import type { OutreachSignalDoc, OutreachTaskDoc } from './outreach.model';

jest.setTimeout(120_000);

// Issue 19 (主动发现 / 分级响应), service side: signals in over Kafka, tasks over HTTP, real
// Kafka + FerretDB + Keycloak; the clock is the harness's, the scan is driven by hand.
const STREET_A = '330106001';
const STREET_B = '330105001';
/** An instant given as Asia/Shanghai wall time, `2026-09-30 10:00`. */
const at = (shanghai: string) => new Date(`${shanghai.replace(' ', 'T')}:00+08:00`);

let h: Harness;
const tokens: Record<string, string> = {};
let serial = 900;

beforeAll(async () => {
  h = await startHarness('outreach');
  const token = (userId: string, roles: string[], regionCode: string) =>
    keycloakToken({ userId, roles: roles as never, regionCode });
  tokens['clerkA'] = await token('or-clerk-a', ['window_clerk'], STREET_A);
  tokens['reviewerA'] = await token('or-rev-a', ['first_reviewer'], STREET_A);
  tokens['clerkB'] = await token('or-clerk-b', ['window_clerk'], STREET_B);
  tokens['auditor'] = await token('or-auditor', ['auditor'], '330106');
  tokens['coordinator'] = await keycloakToken(users.coordinator);
});
afterAll(() => h?.stop());

const as = (who: string) => ({
  get: (path: string) => request(h.base).get(path).set('authorization', `Bearer ${tokens[who]}`),
  post: (path: string, body: object) =>
    request(h.base).post(path).set('authorization', `Bearer ${tokens[who]}`).send(body),
});

const householdRefOf = (idNumber: string) => h.keys.indexer.of('id-number', idNumber);

/** A household: its head's ID number and the blind index the senders key it by. */
function household() {
  const idNumber = validIdNumber(serial++);
  return { idNumber, ref: householdRefOf(idNumber) };
}

const REPORTER_ROLE = {
  cadre: 'village_cadre',
  volunteer: 'volunteer',
  hotline: 'hotline_operator',
};
const KIND = {
  medical: 'medical_expense',
  employment: 'job_loss',
  education: 'school_leaving',
  cadre: 'reported_by_person',
  volunteer: 'reported_by_person',
  hotline: 'reported_by_person',
} as const;

function signal(
  hh: { idNumber: string; ref: string },
  source: keyof typeof KIND = 'medical',
  overrides: Partial<HardshipSignal> = {},
): HardshipSignal {
  const person = source in REPORTER_ROLE;
  return {
    signalId: `sig-${randomUUID()}`,
    source,
    kind: KIND[source],
    band: 'high',
    flags: [],
    householdRef: hh.ref,
    streetCode: STREET_A,
    observedAt: new Date(h.clock.now.getTime() - 3_600_000),
    reporter: person
      ? {
          role: REPORTER_ROLE[source as keyof typeof REPORTER_ROLE],
          id: 'cadre-007',
          observation: '家中老人独居，近期未见家属探望',
          contact: '13800000000',
        }
      : undefined,
    subject: {
      name: '张桂兰',
      idNumber: hh.idNumber,
      phone: '13912345678',
      address: '杭州市上城区清波街道河坊街1号',
      regionCode: overrides.streetCode ?? STREET_A,
    },
    ...overrides,
  };
}

const ledger = (signalId: string) =>
  h.db.collection<OutreachSignalDoc>('outreach_signals').findOne({ _id: signalId });
const rawTasks = (ref: string) =>
  h.db.collection<OutreachTaskDoc>('outreach_tasks').find({ householdRef: ref }).toArray();

/** Publishes a signal and waits until civil affairs handled it (its ledger row). */
async function send(s: HardshipSignal, eventId?: string): Promise<OutreachSignalDoc> {
  await h.publish(Topics.hardshipSignal, s, s.householdRef, eventId);
  return waitFor(async () => (await ledger(s.signalId)) ?? undefined, {
    what: `signal ${s.signalId} handled`,
  });
}

async function openTask(s: HardshipSignal): Promise<string> {
  const handled = await send(s);
  expect(handled.action).toBe('opened');
  return handled.taskId as string;
}

const task = async (id: string, who = 'clerkA') =>
  (await as(who).get(`/outreach/tasks/${id}`).expect(200)).body;

describe('R-PD-2 graded response across the National Day holiday (injected clock, official calendar data)', () => {
  it('R-PD-2: 较急 is due two working days later skipping 10-01…07, 一般 five; an escalation scan reminds then escalates, each exactly once with two scans', async () => {
    h.clock.now = at('2026-09-30 10:00');
    const pressingId = await openTask(signal(household(), 'medical', { band: 'high' }));
    const normalId = await openTask(signal(household(), 'volunteer', { band: 'low' }));
    const pressing = await task(pressingId);
    expect(pressing).toMatchObject({
      grade: 'pressing',
      gradeZh: '较急',
      needs: [{ code: 'medical' }],
    });
    expect(pressing.clock.dueAt).toBe(endOfShanghaiDay('2026-10-09').toISOString());
    expect(pressing.gradeHistory[0]).toMatchObject({ to: 'pressing', ruleId: 'high_band' });
    const normal = await task(normalId);
    expect(normal.grade).toBe('normal');
    expect(normal.clock.dueAt).toBe(endOfShanghaiDay('2026-10-13').toISOString());

    const escalated = async () => (await task(pressingId)).escalations as string[];
    // At risk: two replicas scanning at once apply the reminder once.
    h.clock.now = new Date(Date.parse(pressing.clock.atRiskFrom) + 60_000);
    await Promise.all([h.service.outreach.scan(), h.service.outreach.scan()]);
    expect(await escalated()).toEqual(['reminder']);
    await h.service.outreach.scan();
    expect(await escalated()).toEqual(['reminder']);
    // Past due: the coordinator level, once.
    h.clock.now = new Date(Date.parse(pressing.clock.dueAt) + 60_000);
    await Promise.all([h.service.outreach.scan(), h.service.outreach.scan()]);
    await h.service.outreach.scan();
    const after = await task(pressingId);
    expect(after.escalations).toEqual(['reminder', 'coordinator']);
    expect(after.clock.status).toBe('overdue');
    expect(after.audit.filter((a: { action: string }) => a.action === 'escalated')).toHaveLength(2);
    const overdue = await as('clerkA').get('/outreach/tasks?overdue=true&pageSize=200').expect(200);
    expect(overdue.body.items.map((r: { id: string }) => r.id)).toContain(pressingId);
    expect(overdue.body.items.map((r: { id: string }) => r.id)).not.toContain(normalId);
  });
});

describe('R-PD-1 one task per household, whatever the source', () => {
  beforeAll(() => {
    h.clock.now = new Date('2026-11-02T02:00:00Z');
  });

  it('R-PD-1: each source (medical, employment, education, cadre, volunteer, hotline) opens one task for its household at its street', async () => {
    const latencies: number[] = [];
    for (const source of Object.keys(KIND) as (keyof typeof KIND)[]) {
      const hh = household();
      const sent = Date.now();
      const id = await openTask(signal(hh, source, { band: 'medium' }));
      // Measured for the note: from publishing to the row on the street's list.
      await waitFor(
        async () => {
          const list = await as('clerkA').get('/outreach/tasks?status=open&pageSize=200');
          return list.body.items?.some((r: { id: string }) => r.id === id) ? true : undefined;
        },
        { what: `task ${id} on the street's list` },
      );
      latencies.push(Date.now() - sent);
      expect(await rawTasks(hh.ref)).toHaveLength(1);
      const body = await task(id);
      expect(body.signals).toEqual([
        expect.objectContaining({ source, kind: KIND[source], band: 'medium' }),
      ]);
      expect(body.signals[0].reporterRole).toBe(
        source in REPORTER_ROLE ? REPORTER_ROLE[source as keyof typeof REPORTER_ROLE] : null,
      );
    }
    console.log(`outreach: signal → task on the street's list in ${latencies.join(', ')} ms`);
  });

  it('R-PD-1: a redelivered signal creates nothing; a second signal merges into the open task (and raises the grade on several signals)', async () => {
    const hh = household();
    const first = signal(hh, 'employment', { band: 'low' });
    const eventId = randomUUID();
    const id = (await send(first, eventId)).taskId as string;
    expect((await task(id)).grade).toBe('normal');
    // The same event again, and the same signal in a new envelope; the next signal on the same
    // key is the barrier (one partition, in order).
    await h.publish(Topics.hardshipSignal, first, hh.ref, eventId);
    await h.publish(Topics.hardshipSignal, first, hh.ref);
    const second = await send(signal(hh, 'cadre', { band: 'low' }));
    expect(second).toMatchObject({ action: 'merged', taskId: id });
    expect(await rawTasks(hh.ref)).toHaveLength(1);
    const merged = await task(id);
    expect(merged.signalCount).toBe(2);
    expect(merged.grade).toBe('pressing');
    expect(merged.gradeHistory.map((g: { ruleId: string }) => g.ruleId)).toEqual([
      'default',
      'several_signals',
    ]);
    expect(merged.needs.map((n: { code: string }) => n.code)).toEqual(['temporary', 'employment']);
  });

  it('R-PD-1: a household with an open case for the need gets no task; the reason is shown; once the review rejects it, the next sign opens a task', async () => {
    const hh = household();
    const caseId = randomUUID();
    const app = application(caseId, [AssistanceItem.ASSISTANCE_ITEM_MEDICAL], h.clock.now);
    app.applicant = { ...app.applicant!, idNumber: hh.idNumber, regionCode: STREET_A };
    await h.publish(Topics.applicationSubmitted, app, caseId);
    await waitFor(
      async () =>
        (await h.db.collection('outreach_coverage').findOne({ _id: hh.ref as never })) ?? undefined,
      { what: 'coverage of the application' },
    );
    const skipped = await send(signal(hh, 'medical'));
    expect(skipped).toMatchObject({ action: 'skipped', taskId: null });
    expect(skipped.reason).toContain('医疗救助正在办理');
    expect(await rawTasks(hh.ref)).toHaveLength(0);
    const shown = await as('clerkA').get('/outreach/skipped-signals').expect(200);
    expect(shown.body.items).toContainEqual(
      expect.objectContaining({ signalId: skipped._id, reason: skipped.reason }),
    );
    // The review ends without aid (不予救助): the case no longer covers the need, so the next
    // sign of it opens a task; a redelivered rejection changes nothing.
    const rejected = {
      reviewId: `${caseId}:medical`,
      caseId,
      applicationId: app.applicationId,
      item: AssistanceItem.ASSISTANCE_ITEM_MEDICAL,
      step: ReviewStep.REVIEW_STEP_REJECTED,
      status: ReviewStatus.REVIEW_STATUS_REJECTED,
      sequence: 4,
      summary: '医疗救助：不予救助',
      occurredAt: h.clock.now,
    };
    await h.publish(Topics.reviewProgressed, rejected, caseId);
    await h.publish(Topics.reviewProgressed, rejected, caseId);
    await waitFor(
      async () => {
        const doc = await h.db
          .collection<{ coverage: unknown[] }>('outreach_coverage')
          .findOne({ _id: hh.ref as never });
        return doc && doc.coverage.length === 0 ? doc : undefined;
      },
      { what: 'coverage dropped after the rejection' },
    );
    const opened = await send(signal(hh, 'medical'));
    expect(opened.action).toBe('opened');
    expect(await rawTasks(hh.ref)).toHaveLength(1);
  });

  it('R-PD-1: a household receiving the aid a signal points to (assistance approved) gets no task; the reason names the aid', async () => {
    const hh = household();
    const approvalId = randomUUID();
    await h.publish(
      Topics.assistanceApproved,
      {
        approvalId,
        caseId: '',
        applicationId: '',
        item: AssistanceItem.ASSISTANCE_ITEM_TEMPORARY,
        schedule: PaymentSchedule.PAYMENT_SCHEDULE_TEMPORARY,
        recipient: {
          name: '张桂兰',
          idNumber: hh.idNumber,
          citizenCardNo: '',
          regionCode: STREET_A,
        },
        streetCode: STREET_A,
        level: ApprovalLevel.APPROVAL_LEVEL_STREET,
        approverId: 'appr-1',
        approvedAt: h.clock.now,
        instalments: [],
      },
      approvalId,
    );
    await waitFor(
      async () =>
        (await h.db.collection('outreach_coverage').findOne({ _id: hh.ref as never })) ?? undefined,
      { what: 'coverage of the approval' },
    );
    const skipped = await send(signal(hh, 'hotline'));
    expect(skipped).toMatchObject({ action: 'skipped', taskId: null });
    expect(skipped.reason).toContain(`正在享受临时救助（${approvalId}）`);
    expect(await rawTasks(hh.ref)).toHaveLength(0);
  });
});

describe('R-PD-3 every way a task ends', () => {
  it('R-PD-3: application, first aid (紧急 only), referral and closed each end a task; an ended task refuses another ending', async () => {
    const urgent = await openTask(signal(household(), 'cadre', { flags: ['children_alone'] }));
    expect((await task(urgent)).grade).toBe('urgent');
    const endings = [
      [
        await openTask(signal(household())),
        { kind: 'application', applicationId: 'JH-2026-000042' },
      ],
      [urgent, { kind: 'first_aid', decisionId: 'FA-2026-7' }],
      [await openTask(signal(household())), { kind: 'referral', to: '区残联', what: '康复服务' }],
      [await openTask(signal(household())), { kind: 'closed', reasonCode: 'moved_away' }],
    ] as const;
    const notUrgent = endings[2][0];
    const refused = await as('clerkA')
      .post(`/outreach/tasks/${notUrgent}/end`, { outcome: { kind: 'first_aid', decisionId: 'x' } })
      .expect(409);
    expect(refused.body.error.code).toBe('FIRST_AID_NOT_FOR_GRADE');
    for (const [id, outcome] of endings) {
      const ended = await as('clerkA').post(`/outreach/tasks/${id}/end`, { outcome }).expect(200);
      expect(ended.body.status).toBe('ended');
      expect(ended.body.ending).toMatchObject({
        by: 'or-clerk-a',
        outcome: { kind: outcome.kind },
      });
      const again = await as('clerkA')
        .post(`/outreach/tasks/${id}/end`, { outcome: { kind: 'closed', reasonCode: 'duplicate' } })
        .expect(409);
      expect(again.body.error.code).toBe('TASK_ENDED');
    }
    expect((await task(endings[0][0])).ending.outcome).toEqual({
      kind: 'application',
      applicationId: 'JH-2026-000042',
      channel: 'proactive_discovery',
      ownerId: 'or-clerk-a',
    });
  });

  it('R-PD-3: the application draft carries the subject and channel 主动发现, and reading it is recorded; after the ending a later signal opens a new task', async () => {
    const hh = household();
    const id = await openTask(signal(hh, 'medical'));
    const draft = await as('reviewerA').get(`/outreach/tasks/${id}/application-draft`).expect(200);
    expect(draft.body).toMatchObject({
      outreachTaskId: id,
      ownerId: 'or-rev-a',
      application: {
        applicant: {
          name: '张桂兰',
          idNumber: hh.idNumber,
          phone: '13912345678',
          address: '杭州市上城区清波街道河坊街1号',
          regionCode: STREET_A,
        },
        items: ['medical'],
        channel: 'proactive_discovery',
        householdMembers: [],
      },
    });
    expect(draft.body.application.hardshipDescription).toContain('医保部门');
    expect(draft.body.application).not.toHaveProperty('declarationSigned');
    await waitFor(
      async () =>
        (await h.db
          .db!.collection<AuditRecord>(RECORDS)
          .findOne({ action: 'personal-data.read', 'object.id': id })) ?? undefined,
      { what: 'the draft read recorded' },
    );
    await as('reviewerA')
      .post(`/outreach/tasks/${id}/end`, {
        outcome: { kind: 'application', applicationId: 'JH-2026-000043' },
      })
      .expect(200);
    const next = await openTask(signal(hh, 'cadre'));
    expect(next).not.toBe(id);
    expect(await rawTasks(hh.ref)).toHaveLength(2);
  });
});

describe('R-PD-4 研判会商 with tracked follow-ups', () => {
  it('R-PD-4: a consultation records departments, decisions and follow-ups; one past its deadline shows overdue, one completed shows done, once', async () => {
    const id = await openTask(signal(household(), 'education'));
    const recorded = await as('coordinator')
      .post('/outreach/consultations', {
        taskId: id,
        heldOn: '2026-11-02',
        departmentsPresent: ['civil_affairs', 'education', 'medical'],
        findings: '学生辍学，家庭医疗负担重，需多部门联合帮扶',
        decisions: ['教育部门落实资助', '民政部门评估临时救助'],
        followUps: [
          {
            owner: 'edu-1',
            department: 'education',
            description: '落实学生资助',
            deadline: { workingDays: 2 },
          },
          {
            owner: 'ca-1',
            department: 'civil_affairs',
            description: '入户核实',
            deadline: { date: '2026-11-20' },
          },
        ],
      })
      .expect(201);
    const cid = recorded.body.id as string;
    expect(recorded.body.followUps.map((f: { status: string }) => f.status)).toEqual([
      'open',
      'open',
    ]);
    h.clock.now = new Date('2026-11-06T02:00:00Z');
    const later = await as('coordinator').get(`/outreach/consultations/${cid}`).expect(200);
    expect(later.body.followUps.map((f: { status: string }) => f.status)).toEqual([
      'overdue',
      'open',
    ]);
    const done = await as('coordinator')
      .post(`/outreach/consultations/${cid}/follow-ups/2/complete`, {})
      .expect(200);
    expect(done.body.followUps[1]).toMatchObject({
      status: 'done',
      doneBy: 'coord-1',
      doneLate: false,
    });
    const twice = await as('coordinator')
      .post(`/outreach/consultations/${cid}/follow-ups/2/complete`, {})
      .expect(409);
    expect(twice.body.error.code).toBe('ALREADY_DONE');
    // The coordinator's list: the meeting with its follow-ups' state, never the findings.
    const listed = await as('coordinator').get(`/outreach/consultations?taskId=${id}`).expect(200);
    expect(listed.body.total).toBe(1);
    expect(listed.body.items[0]).toMatchObject({
      id: cid,
      taskId: id,
      heldOn: '2026-11-02',
      decisions: 2,
      followUps: { total: 2, done: 1, overdue: 1 },
    });
    expect(JSON.stringify(listed.body)).not.toContain('辍学');
    // Street staff do not record consultations (access table: coordinators).
    await as('clerkA').post('/outreach/consultations', { taskId: id }).expect(403);
  });
});

describe('R-OV-2 access: streets see their own tasks; unmasking is a recorded read', () => {
  it('R-OV-2: another street’s staff get 404 and never list the task; the subject is masked unless asked for, and the unmasked read is recorded', async () => {
    const hh = household();
    const id = await openTask(signal(hh, 'hotline'));
    await as('clerkB').get(`/outreach/tasks/${id}`).expect(404);
    await as('clerkB')
      .post(`/outreach/tasks/${id}/regrade`, { to: 'urgent', reason: '核实后情况紧急' })
      .expect(404);
    const listB = await as('clerkB').get('/outreach/tasks?pageSize=200').expect(200);
    expect(listB.body.items.map((r: { id: string }) => r.id)).not.toContain(id);
    const listA = await as('clerkA').get('/outreach/tasks?status=open&pageSize=200').expect(200);
    const row = listA.body.items.find((r: { id: string }) => r.id === id);
    expect(row).toMatchObject({ subjectName: '张**', signalCount: 1 });
    expect(JSON.stringify(listA.body)).not.toContain(hh.idNumber);

    const masked = await task(id);
    expect(masked.subject).toMatchObject({ masked: true, phone: '139****5678' });
    expect(JSON.stringify(masked)).not.toContain(hh.idNumber);
    expect(masked.signals[0]).not.toHaveProperty('observation');
    await as('auditor').get(`/outreach/tasks/${id}?unmask=true`).expect(403);
    const full = await as('clerkA').get(`/outreach/tasks/${id}?unmask=true`).expect(200);
    expect(full.body.subject).toMatchObject({ idNumber: hh.idNumber, masked: false });
    const read = await waitFor(
      async () =>
        (await h.db
          .db!.collection<AuditRecord>(RECORDS)
          .findOne({ action: 'personal-data.read', 'object.id': id })) ?? undefined,
      { what: 'the unmasked read recorded' },
    );
    expect(read).toMatchObject({
      actor: { userId: 'or-clerk-a' },
      object: { kind: 'outreach-task', id },
      personRefs: [hh.ref],
    });
    // Sealed at rest: no clear ID number, phone or reporter's words in the stored task.
    const [stored] = await rawTasks(hh.ref);
    const raw = JSON.stringify(stored);
    for (const clear of [hh.idNumber, '13912345678', '张桂兰', '家中老人独居'])
      expect(raw).not.toContain(clear);

    const overview = await as('coordinator').get('/outreach/overview').expect(200);
    const streetA = overview.body.streets.find(
      (s: { streetCode: string }) => s.streetCode === STREET_A,
    );
    expect(streetA.endedByOutcome).toMatchObject({
      application: 2,
      first_aid: 1,
      referral: 1,
      closed: 1,
    });
    expect(streetA.conversionToApplications).toBeCloseTo(2 / 5);
    expect(streetA.overdueResponses).toBeGreaterThanOrEqual(1);
    expect(typeof streetA.medianResponseMinutes).toBe('number');
    await as('clerkA').get('/outreach/overview').expect(403);
  });
});

describe('bad input changes nothing', () => {
  it('R-PD-2 R-PD-3 R-PD-4: invalid bodies answer 400 with field and code and write nothing', async () => {
    const id = await openTask(signal(household(), 'medical'));
    const before = (await h.db.collection<OutreachTaskDoc>('outreach_tasks').findOne({ _id: id }))!;
    const bad = await as('clerkA')
      .post(`/outreach/tasks/${id}/regrade`, { to: 'very_urgent', reason: '' })
      .expect(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'reason',
      'to',
    ]);
    const unchanged = await as('clerkA')
      .post(`/outreach/tasks/${id}/regrade`, { to: 'pressing', reason: '维持' })
      .expect(409);
    expect(unchanged.body.error.code).toBe('GRADE_UNCHANGED');
    const badEnd = await as('clerkA')
      .post(`/outreach/tasks/${id}/end`, { outcome: { kind: 'closed', reasonCode: 'bored' } })
      .expect(400);
    expect(badEnd.body.error.details[0]).toMatchObject({ code: expect.any(String) });
    const other = await as('clerkA')
      .post(`/outreach/tasks/${id}/end`, { outcome: { kind: 'closed', reasonCode: 'other' } })
      .expect(400);
    expect(other.body.error.details[0]).toMatchObject({ path: 'outcome.note', code: 'REQUIRED' });
    const after = (await h.db.collection<OutreachTaskDoc>('outreach_tasks').findOne({ _id: id }))!;
    expect(after.version).toBe(before.version);
    expect(after.audit).toHaveLength(before.audit.length);

    const consultations = () => h.db.collection('outreach_consultations').countDocuments();
    const count = await consultations();
    const few = await as('coordinator')
      .post('/outreach/consultations', {
        taskId: id,
        heldOn: '2026-11-02',
        departmentsPresent: ['civil_affairs'],
        findings: '情况',
        decisions: ['决定'],
      })
      .expect(400);
    expect(few.body.error.details[0]).toMatchObject({
      path: 'departmentsPresent',
      code: 'TOO_FEW_DEPARTMENTS',
    });
    expect(await consultations()).toBe(count);
  });

  // Not an ID number as the bad reference: the at-rest scan would rightly find it on the broker.
  it('R-PD-1: an invalid signal (a household reference that is no blind index) is parked on the DLQ with its reason and opens nothing', async () => {
    const hh = household();
    const poison = signal(hh, 'medical', { householdRef: 'household-of-qian-qi' });
    await h.publish(Topics.hardshipSignal, poison, poison.householdRef);
    const kafka = testKafka(h.prefix);
    const parked = await waitFor(
      async () => {
        const m = await readDlq(kafka, kafka.topic(Topics.hardshipSignal));
        return m.length > 0 ? m : undefined;
      },
      { what: 'signal parked on the DLQ' },
    );
    expect(parked[0]?.headers['x-error-reason']).toContain('HOUSEHOLD_REF_INVALID');
    expect(parked[0]?.headers['x-error-reason']).not.toContain(hh.idNumber);
    expect(await ledger(poison.signalId)).toBeNull();
    expect(await rawTasks(poison.householdRef)).toHaveLength(0);
    expect(await rawTasks(hh.ref)).toHaveLength(0);
  });
});

// Last: it moves the clock to 2027 and ends a task, which the counts above do not expect.
describe('R-PD-2 通报 of response times per street', () => {
  it('R-PD-2: the month’s 通报 counts a task ended in time and one left open past its due time, per street; CSV for Excel; street staff may not read it', async () => {
    h.clock.now = at('2027-03-02 09:00');
    const onTime = await openTask(signal(household(), 'medical'));
    const late = await openTask(signal(household(), 'medical'));
    await as('clerkA')
      .post(`/outreach/tasks/${onTime}/end`, {
        outcome: { kind: 'closed', reasonCode: 'not_in_hardship' },
      })
      .expect(200);
    h.clock.now = at('2027-04-01 09:00');
    const bulletin = await as('coordinator').get('/outreach/bulletin?month=2027-03').expect(200);
    const row = bulletin.body.streets.find(
      (r: { streetCode: string }) => r.streetCode === STREET_A,
    );
    expect(row).toMatchObject({ opened: 2, onTime: 1, late: 1, pending: 0, onTimeRate: 0.5 });
    expect(row.maxLateMinutes).toBeGreaterThan(0);
    // The month before holds neither task.
    const before = await as('coordinator').get('/outreach/bulletin?month=2027-02').expect(200);
    expect(before.body.streets).toEqual([]);
    const csv = await as('coordinator')
      .get('/outreach/bulletin?month=2027-03&format=csv')
      .expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text).toMatch(/^\uFEFF街道代码,新建外展任务,按时响应,超时响应/);
    expect(csv.text).toContain(`${STREET_A},2,1,1,0,50.0%`);
    await as('clerkA').get('/outreach/bulletin?month=2027-03').expect(403);
    const bad = await as('coordinator').get('/outreach/bulletin?month=2027-13').expect(400);
    expect(bad.body.error.details[0].path).toBe('month');
    expect(late).not.toBe(onTime);
  });
});
