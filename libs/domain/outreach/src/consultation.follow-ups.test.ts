import {
  type Consultation,
  type ConsultationInput,
  completeFollowUp,
  followUpStatus,
  recordConsultation,
} from './consultation';
import { defaultOutreachConfig } from './outreach-config';
import { type FieldError, createOutreachRules } from './outreach-rules';
import { HOUSEHOLD, at } from './test-fixtures';

const endOf = (date: string) => new Date(`${date}T23:59:59.999+08:00`);
const recordedAt = at('2026-09-30 18:00');

const input: ConsultationInput = {
  consultationId: 'HS-1',
  householdRef: HOUSEHOLD,
  taskId: 'task-1',
  heldOn: '2026-09-30',
  coordinatorId: 'coord-1',
  departmentsPresent: ['civil_affairs', 'medical', 'education'],
  findings: '患者住院费用高，子女面临辍学',
  decisions: ['医保局启动医疗救助一站式结算', '教育局核实学籍并落实资助'],
  followUps: [
    {
      id: 'f1',
      owner: 'med-officer-2',
      department: 'medical',
      description: '医疗救助结算',
      deadline: { workingDays: 2 },
    },
    {
      id: 'f2',
      owner: 'edu-officer-1',
      department: 'education',
      description: '复学',
      deadline: { date: '2026-10-20' },
    },
  ],
};
const recorded = (): Consultation => {
  const result = recordConsultation(input, recordedAt);
  expect(result).toMatchObject({ ok: true });
  return (result as { consultation: Consultation }).consultation;
};
const errorsOf = (changes: Partial<ConsultationInput>) => {
  const result = recordConsultation({ ...input, ...changes }, recordedAt);
  expect(result).toMatchObject({ ok: false, code: 'INVALID_CONSULTATION', ruleId: 'R-PD-4' });
  return (result as { errors: readonly FieldError[] }).errors.map((e) => [e.field, e.code]);
};

describe('R-PD-4 研判会商: the meeting, its decisions and follow-ups are recorded and tracked', () => {
  it('R-PD-4 a valid record resolves each follow-up’s due time on the working-day calendar', () => {
    const c = recorded();
    expect(c.heldOn).toBe('2026-09-30');
    // 2 working days after 09-30: the National Day week is skipped → 10-09.
    expect(c.followUps.map((f) => [f.id, f.dueAt, f.assumedWeekdaysOnly])).toEqual([
      ['f1', endOf('2026-10-09'), false],
      ['f2', endOf('2026-10-20'), false],
    ]);
    expect(c).toMatchObject({
      decisions: input.decisions,
      findings: input.findings,
      taskId: 'task-1',
    });
  });

  it('R-PD-4 at least two departments present, each known; repeats count once', () => {
    expect(errorsOf({ departmentsPresent: ['civil_affairs'] })).toEqual([
      ['departmentsPresent', 'TOO_FEW_DEPARTMENTS'],
    ]);
    expect(errorsOf({ departmentsPresent: ['medical', 'medical'] })).toEqual([
      ['departmentsPresent', 'TOO_FEW_DEPARTMENTS'],
    ]);
    expect(errorsOf({ departmentsPresent: ['civil_affairs', 'police'] })).toEqual([
      ['departmentsPresent', 'UNKNOWN_DEPARTMENT'],
    ]);
    const c = recordConsultation(
      { ...input, departmentsPresent: ['medical', 'medical', 'housing'] },
      recordedAt,
    );
    expect(c).toMatchObject({
      ok: true,
      consultation: { departmentsPresent: ['medical', 'housing'] },
    });
    const three = createOutreachRules({
      config: {
        ...defaultOutreachConfig,
        consultation: { ...defaultOutreachConfig.consultation, minDepartments: 4 },
      },
    });
    expect(recordConsultation(input, recordedAt, three)).toMatchObject({
      ok: false,
      reason: '研判会商须有至少4个部门参加',
    });
  });

  it('R-PD-4 the date, findings and decisions are required; the meeting cannot be in the future', () => {
    expect(errorsOf({ heldOn: '2026-02-30', findings: ' ', decisions: [] })).toEqual([
      ['findings', 'REQUIRED'],
      ['heldOn', 'INVALID_DATE'],
      ['decisions', 'REQUIRED'],
    ]);
    expect(errorsOf({ heldOn: '2026-10-01', decisions: ['', '好'] })).toEqual([
      ['heldOn', 'IN_FUTURE'],
      ['decisions[0]', 'REQUIRED'],
    ]);
    expect(recordConsultation(input, new Date(Number.NaN))).toMatchObject({
      ok: false,
      reason: '会商日期不能晚于记录日期',
    });
    expect(errorsOf({ heldOn: 20260930 as never })).toEqual([['heldOn', 'INVALID_DATE']]);
  });

  it('R-PD-4 each follow-up has an owner, a department, a description and one deadline', () => {
    const [f1] = input.followUps as [ConsultationInput['followUps'][number]];
    expect(
      errorsOf({
        followUps: [
          { ...f1, owner: '', department: 'police', description: '' },
          { ...f1, id: 'f2', deadline: { workingDays: 0 } },
          { ...f1, id: 'f3', deadline: { workingDays: 2, date: '2026-10-10' } as never },
          { ...f1, id: 'f4', deadline: undefined as never },
          { ...f1, id: 'f5', deadline: { date: '10/10/2026' } },
          { ...f1, id: 'f6', deadline: { date: '2026-09-29' } },
          { ...f1, id: 'f7', deadline: { workingDays: 1.5 } },
          { ...f1, id: 'f7' },
        ],
      }),
    ).toEqual([
      ['followUps[0].owner', 'REQUIRED'],
      ['followUps[0].description', 'REQUIRED'],
      ['followUps[0].department', 'UNKNOWN_DEPARTMENT'],
      ['followUps[1].deadline', 'INVALID_DEADLINE'],
      ['followUps[2].deadline', 'DEADLINE_REQUIRED'],
      ['followUps[3].deadline', 'DEADLINE_REQUIRED'],
      ['followUps[4].deadline', 'INVALID_DEADLINE'],
      ['followUps[5].deadline', 'INVALID_DEADLINE'],
      ['followUps[6].deadline', 'INVALID_DEADLINE'],
      ['followUps', 'DUPLICATE_ID'],
    ]);
    // A bad meeting date leaves the deadline date unchecked against it.
    expect(
      errorsOf({ heldOn: 'x', followUps: [{ ...f1, deadline: { date: '2020-01-01' } }] }),
    ).toEqual([['heldOn', 'INVALID_DATE']]);
  });

  it('R-PD-4 a follow-up is open, then overdue after its due time, or done (late or not)', () => {
    const c = recorded();
    const [f1] = c.followUps as [Consultation['followUps'][number]];
    expect(followUpStatus(f1, at('2026-10-09 23:59'))).toEqual({
      status: 'open',
      dueAt: endOf('2026-10-09'),
      doneLate: false,
    });
    expect(followUpStatus(f1, at('2026-10-10 00:00')).status).toBe('overdue');
    const done = completeFollowUp(c, 'f1', { at: at('2026-10-12 09:00'), by: ' med-officer-2 ' });
    const after = (done as { consultation: Consultation }).consultation;
    const f1Done = after.followUps[0] as Consultation['followUps'][number];
    expect(f1Done).toMatchObject({ doneAt: at('2026-10-12 09:00'), doneBy: 'med-officer-2' });
    // Before it was done it was still overdue; from then on it is done, late.
    expect(followUpStatus(f1Done, at('2026-10-11 09:00')).status).toBe('overdue');
    expect(followUpStatus(f1Done, at('2026-10-12 09:00'))).toMatchObject({
      status: 'done',
      doneLate: true,
    });
    expect(after.followUps[1]).toBe(c.followUps[1]);
    const onTime = completeFollowUp(c, 'f1', { at: at('2026-10-08 09:00'), by: 'x' });
    const f1OnTime = (onTime as { consultation: Consultation }).consultation
      .followUps[0] as Consultation['followUps'][number];
    expect(followUpStatus(f1OnTime, at('2026-11-01 00:00'))).toMatchObject({
      status: 'done',
      doneLate: false,
    });
  });

  it('R-PD-4 completing refuses an unknown or finished follow-up, no person, or a time before the meeting', () => {
    const c = recorded();
    const by = { at: at('2026-10-08 09:00'), by: 'x' };
    expect(completeFollowUp(c, 'f9', by)).toEqual({
      ok: false,
      code: 'UNKNOWN_FOLLOW_UP',
      reason: '会商记录中没有跟进事项f9',
      ruleId: 'R-PD-4',
    });
    const done = (completeFollowUp(c, 'f1', by) as { consultation: Consultation }).consultation;
    expect(completeFollowUp(done, 'f1', by)).toMatchObject({ code: 'ALREADY_DONE' });
    expect(completeFollowUp(c, 'f1', { ...by, by: ' ' })).toMatchObject({ code: 'BY_REQUIRED' });
    expect(completeFollowUp(c, 'f1', { ...by, at: at('2026-09-29 23:00') })).toMatchObject({
      code: 'INVALID_TIME',
    });
    expect(completeFollowUp(c, 'f1', { ...by, at: new Date(Number.NaN) })).toMatchObject({
      code: 'INVALID_TIME',
    });
  });
});
