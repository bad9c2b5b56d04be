import { type Fen, fromYuan } from '@jh/domain-money';
import {
  type AssistanceItemCatalogueCode,
  DEPARTMENT_NAMES_ZH,
  ASSISTANCE_ITEMS,
} from '@jh/domain-policy';
import type { ClockLimit } from '@jh/domain-sla';

/** Who reports a household (R-PD-1): three departments' own data, or people. */
export const SIGNAL_SOURCES = [
  'medical',
  'employment',
  'education',
  'cadre',
  'volunteer',
  'hotline',
] as const;
export type SignalSource = (typeof SIGNAL_SOURCES)[number];

/** Sources that are people: their signals carry a reporter. */
export const PERSON_SOURCES = ['cadre', 'volunteer', 'hotline'] as const;
export type PersonSource = (typeof PERSON_SOURCES)[number];

export const SIGNAL_SOURCE_ZH: Record<SignalSource, string> = {
  medical: '医保部门',
  employment: '人社部门',
  education: '教育部门',
  cadre: '村（社区）干部',
  volunteer: '志愿者',
  hotline: '救助热线',
};

export const SIGNAL_KINDS = [
  'medical_expense',
  'job_loss',
  'school_leaving',
  'reported_by_person',
] as const;
export type SignalKind = (typeof SIGNAL_KINDS)[number];

export const SIGNAL_KIND_ZH: Record<SignalKind, string> = {
  medical_expense: '个人负担医疗费用较大',
  job_loss: '家庭成员失业',
  school_leaving: '学生辍学',
  reported_by_person: '群众反映',
};

export const SIZE_BANDS = ['low', 'medium', 'high'] as const;
export type SizeBand = (typeof SIZE_BANDS)[number];
export const SIZE_BAND_ZH: Record<SizeBand, string> = { low: '一般', medium: '较大', high: '很大' };
export const BAND_RANK: Record<SizeBand, number> = { low: 0, medium: 1, high: 2 };

/** Circumstances a department or reporter saw; never a diagnosis. */
export const HOUSEHOLD_FLAGS = [
  'children_alone',
  'elderly_alone',
  'no_income',
  'no_shelter',
] as const;
export type HouseholdFlag = (typeof HOUSEHOLD_FLAGS)[number];
export const HOUSEHOLD_FLAG_ZH: Record<HouseholdFlag, string> = {
  children_alone: '儿童无人照料',
  elderly_alone: '老人无人照料',
  no_income: '无收入来源',
  no_shelter: '无处居住',
};

/** People who find households (seed 003 §四): 包片联户 cadres, 驻村干部, 专职工作人员, volunteers, hotline. */
export const REPORTER_ROLES = [
  'village_cadre',
  'community_cadre',
  'stationed_cadre',
  'community_worker',
  'volunteer',
  'hotline_operator',
] as const;
export type ReporterRole = (typeof REPORTER_ROLES)[number];

/** 分级响应 (R-PD-2). */
export const GRADES = ['urgent', 'pressing', 'normal'] as const;
export type Grade = (typeof GRADES)[number];
export const GRADE_ZH: Record<Grade, string> = { urgent: '紧急', pressing: '较急', normal: '一般' };
export const GRADE_RANK: Record<Grade, number> = { normal: 0, pressing: 1, urgent: 2 };

/** A need is an assistance item of the catalogue (medical, temporary, education …). */
export type NeedCode = AssistanceItemCatalogueCode;
export const needNameZh = (need: NeedCode): string => ASSISTANCE_ITEMS[need].nameZh;

export const CLOSE_REASONS = [
  'not_in_hardship',
  'refused_help',
  'moved_away',
  'duplicate',
  'other',
] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];
/** How a task ended (R-PD-3), as the audit trail and the console say it. */
export const OUTCOME_ZH = {
  application: '已代为提出救助申请',
  first_aid: '已先行救助',
  referral: '已转介',
  closed: '说明原因结案',
} as const;

export const CLOSE_REASON_ZH: Record<CloseReason, string> = {
  not_in_hardship: '经核实不属于困难对象',
  refused_help: '本人拒绝救助',
  moved_away: '已迁出本辖区',
  duplicate: '重复线索',
  other: '其他',
};

/** Like the report-back clocks: remind when at risk, the coordinator once overdue, 通报 later. */
export const ESCALATION_LEVELS = ['reminder', 'coordinator', 'notice'] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];

/** A medical band is reached by the share of household income OR by the amount. */
export interface MedicalBandStep {
  readonly band: SizeBand;
  /** Personal expense ≥ this percentage of the household's annual income. */
  readonly incomeSharePercent: number;
  /** Personal expense ≥ this amount, whatever the income. */
  readonly expenseFen: Fen;
}

export interface JobLossBandStep {
  readonly band: SizeBand;
  readonly minDependants: number;
}

/** Every listed condition must hold; an empty `when` always matches. */
export interface GradingCondition {
  /** Some signal carries one of these flags. */
  readonly anyFlag?: readonly HouseholdFlag[];
  /** Some signal is of one of these kinds (and, with minBand, of that band or above). */
  readonly anyKind?: readonly SignalKind[];
  readonly minBand?: SizeBand;
  /** At least this many distinct signals. */
  readonly minSignals?: number;
}

export interface GradingRule {
  /** Stable name shown with the grade ("decided by"). */
  readonly id: string;
  readonly labelZh: string;
  readonly grade: Grade;
  readonly when: GradingCondition;
}

export interface OutreachConfig {
  /** Which kinds each source may report. */
  readonly kindsBySource: Readonly<Record<SignalSource, readonly SignalKind[]>>;
  readonly reporterRolesBySource: Readonly<Record<PersonSource, readonly ReporterRole[]>>;
  /** The needs a signal points to (medical → medical aid …). */
  readonly needsByKind: Readonly<Record<SignalKind, readonly NeedCode[]>>;
  readonly bands: {
    /** Below every step the bill is no signal. */
    readonly medicalExpense: readonly MedicalBandStep[];
    /** Below every step (no dependants) the job loss is no signal. */
    readonly jobLoss: readonly JobLossBandStep[];
    readonly schoolLeaving: SizeBand;
    /** When the reporter gives no assessment. */
    readonly reportedByPerson: SizeBand;
  };
  /** Ordered: the first matching rule decides; `fallback` when none does. */
  readonly grading: {
    readonly rules: readonly GradingRule[];
    readonly fallback: Omit<GradingRule, 'when'>;
  };
  /** R-PD-2 response limit per grade (the seeds give no numbers). */
  readonly responseLimits: Readonly<Record<Grade, ClockLimit>>;
  /** A running response clock is at risk once at most this share (%) of its span remains. */
  readonly atRiskPercent: number;
  readonly escalation: {
    readonly chain: readonly EscalationLevel[];
    /** 通报 once overdue by more than this many working days. */
    readonly noticeAfterWorkingDays: number;
  };
  /** R-AP-9 first aid ends a task only at these grades. */
  readonly firstAidGrades: readonly Grade[];
  readonly consultation: {
    readonly minDepartments: number;
    /** Department code → name; who may sit at a 研判会商. */
    readonly departments: Readonly<Record<string, string>>;
  };
  readonly textLimits: {
    readonly id: number;
    readonly observation: number;
    readonly contact: number;
    readonly note: number;
    readonly findings: number;
  };
}

export const defaultOutreachConfig: OutreachConfig = {
  kindsBySource: {
    medical: ['medical_expense'],
    employment: ['job_loss'],
    education: ['school_leaving'],
    cadre: ['reported_by_person'],
    volunteer: ['reported_by_person'],
    hotline: ['reported_by_person'],
  },
  reporterRolesBySource: {
    cadre: ['village_cadre', 'community_cadre', 'stationed_cadre', 'community_worker'],
    volunteer: ['volunteer'],
    hotline: ['hotline_operator'],
  },
  needsByKind: {
    medical_expense: ['medical'],
    job_loss: ['temporary', 'employment'],
    school_leaving: ['education'],
    reported_by_person: ['temporary'],
  },
  bands: {
    medicalExpense: [
      { band: 'low', incomeSharePercent: 30, expenseFen: fromYuan(20_000) },
      { band: 'medium', incomeSharePercent: 50, expenseFen: fromYuan(50_000) },
      { band: 'high', incomeSharePercent: 100, expenseFen: fromYuan(100_000) },
    ],
    jobLoss: [
      { band: 'low', minDependants: 1 },
      { band: 'medium', minDependants: 2 },
      { band: 'high', minDependants: 3 },
    ],
    schoolLeaving: 'medium',
    reportedByPerson: 'medium',
  },
  grading: {
    rules: [
      {
        id: 'vulnerable_alone',
        labelZh: '儿童或老人无人照料、无处居住',
        grade: 'urgent',
        when: { anyFlag: ['children_alone', 'elderly_alone', 'no_shelter'] },
      },
      {
        id: 'no_income_high_band',
        labelZh: '无收入来源且困难程度很大',
        grade: 'urgent',
        when: { anyFlag: ['no_income'], minBand: 'high' },
      },
      { id: 'high_band', labelZh: '困难程度很大', grade: 'pressing', when: { minBand: 'high' } },
      {
        id: 'several_signals',
        labelZh: '多方反映同一家庭',
        grade: 'pressing',
        when: { minSignals: 2 },
      },
      {
        id: 'no_income',
        labelZh: '无收入来源',
        grade: 'pressing',
        when: { anyFlag: ['no_income'] },
      },
    ],
    fallback: { id: 'default', labelZh: '其他线索', grade: 'normal' },
  },
  responseLimits: {
    urgent: { unit: 'hours', amount: 24 },
    pressing: { unit: 'working_days', amount: 2 },
    normal: { unit: 'working_days', amount: 5 },
  },
  atRiskPercent: 20,
  escalation: { chain: ['reminder', 'coordinator', 'notice'], noticeAfterWorkingDays: 2 },
  firstAidGrades: ['urgent'],
  consultation: {
    minDepartments: 2,
    departments: { civil_affairs: '民政局', ...DEPARTMENT_NAMES_ZH },
  },
  textLimits: { id: 128, observation: 500, contact: 50, note: 500, findings: 2000 },
};

/** The application channel of 主动发现 (intake's `proactive_discovery`). */
export const PROACTIVE_CHANNEL = 'proactive_discovery';

/** R-PD-3: the ways a task may end; there is no other. */
export type TaskOutcome =
  /** Registered on the family's behalf; the outreach worker owns it (首问负责, R-JH-5). */
  | {
      readonly kind: 'application';
      readonly applicationId: string;
      readonly channel: typeof PROACTIVE_CHANNEL;
      readonly ownerId: string;
    }
  /** R-AP-9 street first aid, decided in its own flow. */
  | { readonly kind: 'first_aid'; readonly decisionId: string; readonly ruleId: 'R-AP-9' }
  /** 转介: to whom, for what. */
  | { readonly kind: 'referral'; readonly to: string; readonly what: string }
  | { readonly kind: 'closed'; readonly reasonCode: CloseReason; readonly note?: string };
