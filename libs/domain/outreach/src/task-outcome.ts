import {
  CLOSE_REASONS,
  CLOSE_REASON_ZH,
  type CloseReason,
  GRADE_ZH,
  HOUSEHOLD_FLAG_ZH,
  type NeedCode,
  PROACTIVE_CHANNEL,
  SIGNAL_KIND_ZH,
  SIGNAL_SOURCE_ZH,
  SIZE_BAND_ZH,
  type TaskOutcome,
} from './outreach-config';
import {
  type FieldError,
  type OutreachRefusal,
  type OutreachRules,
  defaultOutreachRules,
  isOneOf,
  isValidInstant,
  refuse,
  refuseFields,
  textError,
} from './outreach-rules';
import { type OutreachTask, endedRefusal, lastEventAt } from './outreach-task';

export type OutcomeInput =
  | { readonly kind: 'application'; readonly applicationId: string }
  | { readonly kind: 'first_aid'; readonly decisionId: string }
  | { readonly kind: 'referral'; readonly to: string; readonly what: string }
  | { readonly kind: 'closed'; readonly reasonCode: CloseReason; readonly note?: string };

export interface EndTaskInput {
  readonly at: Date;
  /** The outreach worker ending the task. */
  readonly by: string;
  readonly outcome: OutcomeInput;
}

export type EndTaskCode =
  | 'TASK_ENDED'
  | 'OUTCOME_REQUIRED'
  | 'INVALID_OUTCOME'
  | 'FIRST_AID_NOT_FOR_GRADE'
  | 'INVALID_TIME';

export type EndTaskResult =
  { readonly ok: true; readonly task: OutreachTask } | OutreachRefusal<EndTaskCode>;

const RULE = 'R-PD-3';
const OUTCOME_KINDS = ['application', 'first_aid', 'referral', 'closed'] as const;

function outcomeOf(
  input: OutcomeInput,
  by: string,
  rules: OutreachRules,
): TaskOutcome | OutreachRefusal<'INVALID_OUTCOME'> {
  const limits = rules.config.textLimits;
  const invalid = (...checks: (FieldError | undefined)[]) =>
    refuseFields(
      'INVALID_OUTCOME',
      [textError('by', by, limits.id, '经办人'), ...checks].filter(
        (e): e is FieldError => e !== undefined,
      ),
      RULE,
    );
  switch (input.kind) {
    case 'application':
      return (
        invalid(textError('outcome.applicationId', input.applicationId, limits.id, '申请编号')) ?? {
          kind: 'application',
          applicationId: input.applicationId.trim(),
          channel: PROACTIVE_CHANNEL,
          ownerId: by.trim(),
        }
      );
    case 'first_aid':
      return (
        invalid(
          textError('outcome.decisionId', input.decisionId, limits.id, '先行救助决定编号'),
        ) ?? { kind: 'first_aid', decisionId: input.decisionId.trim(), ruleId: 'R-AP-9' }
      );
    case 'referral':
      return (
        invalid(
          textError('outcome.to', input.to, limits.id, '转介对象'),
          textError('outcome.what', input.what, limits.note, '转介事项'),
        ) ?? { kind: 'referral', to: input.to.trim(), what: input.what.trim() }
      );
    case 'closed': {
      if (!isOneOf(CLOSE_REASONS, input.reasonCode))
        return refuse('INVALID_OUTCOME', '结案原因无效', RULE);
      const note = typeof input.note === 'string' ? input.note.trim() : '';
      // Only "other" must explain itself; any note given is kept.
      const noteCheck =
        input.reasonCode === 'other' || note !== ''
          ? textError(
              'outcome.note',
              input.note,
              limits.note,
              `结案说明（${CLOSE_REASON_ZH[input.reasonCode]}）`,
            )
          : undefined;
      return (
        invalid(noteCheck) ?? {
          kind: 'closed',
          reasonCode: input.reasonCode,
          ...(note === '' ? {} : { note }),
        }
      );
    }
  }
}

/**
 * R-PD-3: ends a task with an application on the family's behalf, first aid (R-AP-9, for the
 * configured grades only), a referral, or a recorded reason; an ended task refuses every change.
 */
export function endTask(
  task: OutreachTask,
  input: EndTaskInput,
  rules: OutreachRules = defaultOutreachRules,
): EndTaskResult {
  if (task.ended !== undefined) return endedRefusal(task, RULE);
  const outcome = input.outcome as OutcomeInput | undefined;
  if (outcome === undefined || !isOneOf(OUTCOME_KINDS, outcome.kind))
    return refuse(
      'OUTCOME_REQUIRED',
      '外展任务须以代为申请、先行救助、转介或说明原因结案之一结束',
      RULE,
    );
  if (outcome.kind === 'first_aid' && !rules.config.firstAidGrades.includes(task.grade)) {
    const allowed = rules.config.firstAidGrades.map((g) => GRADE_ZH[g]).join('、');
    const scope =
      allowed === ''
        ? '当前配置不允许以先行救助结束外展任务'
        : `先行救助仅适用于${allowed}等级的外展任务`;
    return refuse(
      'FIRST_AID_NOT_FOR_GRADE',
      `${scope}（R-AP-9），该任务为${GRADE_ZH[task.grade]}等级`,
      'R-AP-9',
    );
  }
  if (!isValidInstant(input.at) || input.at < lastEventAt(task))
    return refuse('INVALID_TIME', '结束时间早于该外展任务的上一次记录', RULE);
  const built = outcomeOf(outcome, input.by, rules);
  if ('ok' in built) return built;
  return {
    ok: true,
    task: { ...task, ended: { at: input.at, by: input.by.trim(), outcome: built } },
  };
}

/** The pre-filled application (intake's form, minus what only the family can give: signature). */
export interface ApplicationDraft {
  readonly outreachTaskId: string;
  readonly householdRef: string;
  readonly regionCode: string;
  readonly items: readonly NeedCode[];
  readonly channel: typeof PROACTIVE_CHANNEL;
  /** 首问负责 owner: the outreach worker (R-JH-5). */
  readonly ownerId: string;
  readonly signalIds: readonly string[];
  /** One line per signal, so nobody re-types what departments already know (zh-CN). */
  readonly situationZh: readonly string[];
}

export type ApplicationDraftResult =
  | { readonly ok: true; readonly draft: ApplicationDraft }
  | OutreachRefusal<'TASK_ENDED' | 'OWNER_REQUIRED'>;

function situationLine(s: OutreachTask['signals'][number]): string {
  const { signal } = s;
  const flags = signal.flags.map((f) => HOUSEHOLD_FLAG_ZH[f]);
  const seen = signal.reporter === undefined ? [] : [`反映：${signal.reporter.observation.trim()}`];
  return [
    `${SIGNAL_SOURCE_ZH[signal.source]}：${SIGNAL_KIND_ZH[signal.kind]}（程度${SIZE_BAND_ZH[signal.band]}）`,
    ...flags,
    ...seen,
  ].join('；');
}

/** R-PD-3: the application draft of an open task: items from its needs, channel 主动发现, owner. */
export function applicationDraft(task: OutreachTask, ownerId: string): ApplicationDraftResult {
  if (task.ended !== undefined) return endedRefusal(task, RULE);
  if (ownerId.trim() === '') return refuse('OWNER_REQUIRED', '请指定首问负责人', RULE);
  return {
    ok: true,
    draft: {
      outreachTaskId: task.taskId,
      householdRef: task.householdRef,
      regionCode: task.streetCode,
      items: [...task.needs],
      channel: PROACTIVE_CHANNEL,
      ownerId: ownerId.trim(),
      signalIds: task.signals.map((s) => s.signal.signalId),
      situationZh: task.signals.map(situationLine),
    },
  };
}
