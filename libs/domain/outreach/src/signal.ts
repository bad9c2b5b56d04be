import { regionLevel } from '@jh/domain-access';
import {
  HOUSEHOLD_FLAGS,
  type HouseholdFlag,
  type NeedCode,
  PERSON_SOURCES,
  type PersonSource,
  type ReporterRole,
  SIGNAL_KINDS,
  SIGNAL_SOURCES,
  SIZE_BANDS,
  type SignalKind,
  type SignalSource,
  type SizeBand,
} from './outreach-config';
import {
  type FieldError,
  type OutreachRefusal,
  type OutreachRules,
  defaultOutreachRules,
  isOneOf,
  isValidInstant,
  refuseFields,
  textError,
} from './outreach-rules';

/** The person who reported a household (cadre, volunteer, hotline). */
export interface SignalReporter {
  readonly role: ReporterRole;
  readonly id: string;
  /** What they saw, in their words. */
  readonly observation: string;
  /** How to reach them (or the caller, for the hotline). */
  readonly contact: string;
}

/**
 * R-PD-1: a sign that a household may need help. It carries only what civil affairs needs: the
 * household by blind index, the kind of sign and its size band, never a diagnosis or a record.
 */
export interface HardshipSignal {
  /** Stable per sign: a redelivery carries the same id. */
  readonly signalId: string;
  readonly source: SignalSource;
  readonly kind: SignalKind;
  readonly band: SizeBand;
  readonly flags: readonly HouseholdFlag[];
  /** Blind index of the household (hex), never the ID number itself. */
  readonly householdRef: string;
  /** 9-digit street (乡镇/街道) code whose staff take the task. */
  readonly streetCode: string;
  readonly observedAt: Date;
  /** Present exactly when the source is a person. */
  readonly reporter?: SignalReporter;
}

export type SignalResult =
  { readonly ok: true; readonly signal: HardshipSignal } | OutreachRefusal<'INVALID_SIGNAL'>;

const RULE = 'R-PD-1';
const SIGNAL_FIELDS = new Set([
  'signalId',
  'source',
  'kind',
  'band',
  'flags',
  'householdRef',
  'streetCode',
  'observedAt',
  'reporter',
]);
const REPORTER_FIELDS = new Set(['role', 'id', 'observation', 'contact']);
/** HMAC output in hex; an 18-character ID number is too short to pass. */
const BLIND_INDEX = /^[0-9a-f]{32,128}$/;

export const isPersonSource = (source: SignalSource): source is PersonSource =>
  (PERSON_SOURCES as readonly string[]).includes(source);

/** The needs a kind of sign points to (R-PD-1), from configuration. */
export function needsOf(kind: SignalKind, rules: OutreachRules = defaultOutreachRules): NeedCode[] {
  return [...rules.config.needsByKind[kind]];
}

const unknownFields = (value: object, allowed: ReadonlySet<string>, prefix: string): FieldError[] =>
  Object.keys(value)
    .filter((k) => !allowed.has(k))
    .map((k) => ({
      field: `${prefix}${k}`,
      code: 'FIELD_NOT_ALLOWED',
      reason: `线索不得携带“${k}”：只传递救助所需的信息`,
    }));

function reporterErrors(
  source: SignalSource,
  reporter: unknown,
  rules: OutreachRules,
): FieldError[] {
  const { config } = rules;
  if (!isPersonSource(source)) {
    return reporter === undefined
      ? []
      : [{ field: 'reporter', code: 'REPORTER_NOT_ALLOWED', reason: '部门数据线索不填写报告人' }];
  }
  if (typeof reporter !== 'object' || reporter === null)
    return [{ field: 'reporter', code: 'REQUIRED', reason: '请填写报告人' }];
  const r = reporter as Record<string, unknown>;
  const errors = unknownFields(r, REPORTER_FIELDS, 'reporter.');
  if (!isOneOf(config.reporterRolesBySource[source], r['role']))
    errors.push({
      field: 'reporter.role',
      code: 'ROLE_NOT_FOR_SOURCE',
      reason: '报告人身份与线索来源不符',
    });
  const limits = config.textLimits;
  for (const e of [
    textError('reporter.id', r['id'], limits.id, '报告人编号'),
    textError('reporter.observation', r['observation'], limits.observation, '所见情况'),
    textError('reporter.contact', r['contact'], limits.contact, '联系方式'),
  ])
    if (e) errors.push(e);
  return errors;
}

/** R-PD-1: every field of a signal checked at once; unknown fields (a diagnosis …) are refused. */
export function validateSignal(
  input: HardshipSignal,
  receivedAt: Date,
  rules: OutreachRules = defaultOutreachRules,
): SignalResult {
  const { config } = rules;
  const s = input as unknown as Record<string, unknown>;
  const errors = unknownFields(s, SIGNAL_FIELDS, '');
  const idError = textError('signalId', s['signalId'], config.textLimits.id, '线索编号');
  if (idError) errors.push(idError);
  const source = isOneOf(SIGNAL_SOURCES, s['source']) ? s['source'] : undefined;
  if (source === undefined)
    errors.push({ field: 'source', code: 'UNKNOWN_SOURCE', reason: '线索来源无效' });
  if (!isOneOf(SIGNAL_KINDS, s['kind']))
    errors.push({ field: 'kind', code: 'UNKNOWN_KIND', reason: '线索类型无效' });
  else if (source !== undefined && !config.kindsBySource[source].includes(s['kind']))
    errors.push({ field: 'kind', code: 'KIND_NOT_FROM_SOURCE', reason: '该来源不报送此类线索' });
  if (!isOneOf(SIZE_BANDS, s['band']))
    errors.push({ field: 'band', code: 'UNKNOWN_BAND', reason: '困难程度无效' });
  const flags = s['flags'];
  if (
    !Array.isArray(flags) ||
    !flags.every((f) => isOneOf(HOUSEHOLD_FLAGS, f)) ||
    new Set(flags).size !== flags.length
  )
    errors.push({ field: 'flags', code: 'INVALID_FLAGS', reason: '家庭情况标记无效或重复' });
  if (typeof s['householdRef'] !== 'string' || !BLIND_INDEX.test(s['householdRef']))
    errors.push({
      field: 'householdRef',
      code: 'HOUSEHOLD_REF_INVALID',
      reason: '家庭标识须为盲索引，不得使用身份证号等原始信息',
    });
  if (regionLevel(s['streetCode']) !== 'street')
    errors.push({
      field: 'streetCode',
      code: 'STREET_CODE_INVALID',
      reason: '所属街道须为9位乡镇（街道）代码',
    });
  if (!isValidInstant(s['observedAt']))
    errors.push({ field: 'observedAt', code: 'INVALID_TIME', reason: '发现时间无效' });
  else if (s['observedAt'] > receivedAt)
    errors.push({ field: 'observedAt', code: 'IN_FUTURE', reason: '发现时间不能晚于接收时间' });
  if (source !== undefined) errors.push(...reporterErrors(source, s['reporter'], rules));
  return refuseFields('INVALID_SIGNAL', errors, RULE) ?? { ok: true, signal: input };
}

/** Same id and same content: a redelivery. */
export function sameSignal(a: HardshipSignal, b: HardshipSignal): boolean {
  return canonical(a) === canonical(b);
}

function canonical(signal: HardshipSignal): string {
  const { reporter, flags, observedAt, ...rest } = signal;
  return JSON.stringify([
    Object.entries(rest).sort(([x], [y]) => (x < y ? -1 : 1)),
    [...flags].sort(),
    observedAt.getTime(),
    reporter === undefined
      ? null
      : [reporter.role, reporter.id, reporter.observation, reporter.contact],
  ]);
}
