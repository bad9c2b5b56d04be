import { type IsoDate, endOfShanghaiDay, parseIsoDate, shanghaiDateOf } from '@jh/domain-calendar';
import {
  type FieldError,
  type OutreachRefusal,
  type OutreachRules,
  defaultOutreachRules,
  isValidInstant,
  refuse,
  refuseFields,
  textError,
} from './outreach-rules';

/** Within n working days of the meeting (ADR 0003), or by the end of a given date. */
export type FollowUpDeadline = { readonly workingDays: number } | { readonly date: string };

export interface FollowUpInput {
  readonly id: string;
  /** Person responsible. */
  readonly owner: string;
  readonly department: string;
  readonly description: string;
  readonly deadline: FollowUpDeadline;
}

export interface FollowUp extends FollowUpInput {
  readonly dueAt: Date;
  readonly assumedWeekdaysOnly: boolean;
  readonly doneAt?: Date;
  readonly doneBy?: string;
}

export interface ConsultationInput {
  readonly consultationId: string;
  readonly householdRef: string;
  /** The outreach task it was held for, if any. */
  readonly taskId?: string;
  /** Date of the meeting, YYYY-MM-DD (Asia/Shanghai). */
  readonly heldOn: string;
  readonly coordinatorId: string;
  /** Department codes present. */
  readonly departmentsPresent: readonly string[];
  readonly findings: string;
  readonly decisions: readonly string[];
  readonly followUps: readonly FollowUpInput[];
}

/** R-PD-4: a 研判会商 record with its follow-ups' due times resolved. */
export interface Consultation extends Omit<ConsultationInput, 'heldOn' | 'followUps'> {
  readonly heldOn: IsoDate;
  readonly followUps: readonly FollowUp[];
}

export type ConsultationResult =
  | { readonly ok: true; readonly consultation: Consultation }
  | OutreachRefusal<'INVALID_CONSULTATION'>;

const RULE = 'R-PD-4';

const parseDate = (value: unknown): IsoDate | undefined => {
  try {
    return typeof value === 'string' ? parseIsoDate(value) : undefined;
  } catch {
    return undefined;
  }
};

function followUpErrors(
  f: FollowUpInput,
  i: number,
  heldOn: IsoDate | undefined,
  rules: OutreachRules,
): FieldError[] {
  const { textLimits: limits, consultation } = rules.config;
  const at = `followUps[${i}]`;
  const errors = [
    textError(`${at}.id`, f.id, limits.id, '跟进事项编号'),
    textError(`${at}.owner`, f.owner, limits.id, '跟进责任人'),
    textError(`${at}.description`, f.description, limits.note, '跟进事项'),
  ].filter((e): e is FieldError => e !== undefined);
  if (!Object.hasOwn(consultation.departments, f.department))
    errors.push({
      field: `${at}.department`,
      code: 'UNKNOWN_DEPARTMENT',
      reason: '跟进责任部门无效',
    });
  const d = (f.deadline ?? {}) as Partial<Record<'workingDays' | 'date', unknown>>;
  const hasDays = d.workingDays !== undefined;
  const hasDate = d.date !== undefined;
  if (hasDays === hasDate)
    errors.push({
      field: `${at}.deadline`,
      code: 'DEADLINE_REQUIRED',
      reason: '跟进期限须填写工作日数或截止日期之一',
    });
  else if (hasDays && (!Number.isSafeInteger(d.workingDays) || (d.workingDays as number) < 1))
    errors.push({
      field: `${at}.deadline`,
      code: 'INVALID_DEADLINE',
      reason: '跟进期限须为正整数个工作日',
    });
  else if (hasDate) {
    const date = parseDate(d.date);
    if (date === undefined)
      errors.push({
        field: `${at}.deadline`,
        code: 'INVALID_DEADLINE',
        reason: '截止日期格式应为YYYY-MM-DD',
      });
    else if (heldOn !== undefined && date < heldOn)
      errors.push({
        field: `${at}.deadline`,
        code: 'INVALID_DEADLINE',
        reason: '截止日期不能早于会商日期',
      });
  }
  return errors;
}

/** R-PD-4: validates a consultation (≥ 2 departments …) and resolves each follow-up's due time. */
export function recordConsultation(
  input: ConsultationInput,
  recordedAt: Date,
  rules: OutreachRules = defaultOutreachRules,
): ConsultationResult {
  const { textLimits: limits, consultation } = rules.config;
  const errors = [
    textError('consultationId', input.consultationId, limits.id, '会商记录编号'),
    textError('householdRef', input.householdRef, limits.id, '家庭标识'),
    textError('coordinatorId', input.coordinatorId, limits.id, '协调人'),
    textError('findings', input.findings, limits.findings, '研判情况'),
  ].filter((e): e is FieldError => e !== undefined);
  const heldOn = parseDate(input.heldOn);
  if (heldOn === undefined)
    errors.push({ field: 'heldOn', code: 'INVALID_DATE', reason: '会商日期格式应为YYYY-MM-DD' });
  else if (!isValidInstant(recordedAt) || heldOn > shanghaiDateOf(recordedAt))
    errors.push({ field: 'heldOn', code: 'IN_FUTURE', reason: '会商日期不能晚于记录日期' });
  const present = input.departmentsPresent;
  const unknown = present.filter((code) => !Object.hasOwn(consultation.departments, code));
  if (unknown.length > 0)
    errors.push({
      field: 'departmentsPresent',
      code: 'UNKNOWN_DEPARTMENT',
      reason: `参会部门无效：${unknown.join('、')}`,
    });
  else if (new Set(present).size < consultation.minDepartments)
    errors.push({
      field: 'departmentsPresent',
      code: 'TOO_FEW_DEPARTMENTS',
      reason: `研判会商须有至少${consultation.minDepartments}个部门参加`,
    });
  if (input.decisions.length === 0)
    errors.push({ field: 'decisions', code: 'REQUIRED', reason: '请填写会商决定' });
  input.decisions.forEach((text, i) => {
    const e = textError(`decisions[${i}]`, text, limits.note, '会商决定');
    if (e) errors.push(e);
  });
  input.followUps.forEach((f, i) => errors.push(...followUpErrors(f, i, heldOn, rules)));
  const ids = input.followUps.map((f) => f.id);
  if (new Set(ids).size !== ids.length)
    errors.push({ field: 'followUps', code: 'DUPLICATE_ID', reason: '跟进事项编号重复' });
  return (
    refuseFields('INVALID_CONSULTATION', errors, RULE) ?? {
      ok: true,
      consultation: {
        ...input,
        heldOn: heldOn as IsoDate,
        departmentsPresent: [...new Set(present)],
        followUps: input.followUps.map((f) => ({
          ...f,
          ...dueOf(f.deadline, heldOn as IsoDate, rules),
        })),
      },
    }
  );
}

function dueOf(
  deadline: FollowUpDeadline,
  heldOn: IsoDate,
  rules: OutreachRules,
): { dueAt: Date; assumedWeekdaysOnly: boolean } {
  if ('date' in deadline)
    return { dueAt: endOfShanghaiDay(deadline.date), assumedWeekdaysOnly: false };
  const due = rules.calendar.addWorkingDays(heldOn, deadline.workingDays);
  return { dueAt: due.dueAt, assumedWeekdaysOnly: due.assumedWeekdaysOnly };
}

export type FollowUpStatus = 'open' | 'done' | 'overdue';

export interface FollowUpEvaluation {
  readonly status: FollowUpStatus;
  readonly dueAt: Date;
  /** Done, but after the due time. */
  readonly doneLate: boolean;
}

/** R-PD-4: a follow-up at `now`: done (when done by then), overdue after its due time, else open. */
export function followUpStatus(followUp: FollowUp, now: Date): FollowUpEvaluation {
  const done = followUp.doneAt !== undefined && followUp.doneAt <= now;
  const status: FollowUpStatus = done ? 'done' : now > followUp.dueAt ? 'overdue' : 'open';
  return {
    status,
    dueAt: followUp.dueAt,
    doneLate: done && (followUp.doneAt as Date) > followUp.dueAt,
  };
}

export type CompleteFollowUpResult =
  | { readonly ok: true; readonly consultation: Consultation }
  | OutreachRefusal<'UNKNOWN_FOLLOW_UP' | 'ALREADY_DONE' | 'INVALID_TIME' | 'BY_REQUIRED'>;

/** R-PD-4: marks a follow-up done, once, by whom and when. */
export function completeFollowUp(
  consultation: Consultation,
  followUpId: string,
  done: { readonly at: Date; readonly by: string },
): CompleteFollowUpResult {
  const target = consultation.followUps.find((f) => f.id === followUpId);
  if (target === undefined)
    return refuse('UNKNOWN_FOLLOW_UP', `会商记录中没有跟进事项${followUpId}`, RULE);
  if (target.doneAt !== undefined) return refuse('ALREADY_DONE', '该跟进事项已完成', RULE);
  if (done.by.trim() === '') return refuse('BY_REQUIRED', '请填写完成人', RULE);
  if (!isValidInstant(done.at) || shanghaiDateOf(done.at) < consultation.heldOn)
    return refuse('INVALID_TIME', '完成时间不能早于会商日期', RULE);
  return {
    ok: true,
    consultation: {
      ...consultation,
      followUps: consultation.followUps.map((f) =>
        f === target ? { ...f, doneAt: done.at, doneBy: done.by.trim() } : f,
      ),
    },
  };
}
