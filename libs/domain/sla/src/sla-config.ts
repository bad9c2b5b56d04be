/** Every clock the product tracks, each tied to the rule that sets its limit. */
export type ClockKind =
  | 'department_report_back'
  | 'department_handling'
  | 'low_income_confirmation'
  | 'temporary_aid_approval'
  | 'case_by_case_review'
  | 'public_notice'
  | 'case_by_case_filing'
  | 'first_aid_in_place'
  | 'first_aid_paperwork'
  | 'temporary_aid_payment'
  | 'monthly_payment';

/**
 * working_days / calendar_days: due at the end of the n-th day after the start date (ADR 0003);
 * hours: exact elapsed time; day_of_month: end of that day of the month (next month once passed).
 */
export type ClockUnit = 'working_days' | 'calendar_days' | 'hours' | 'day_of_month';

export interface ClockLimit {
  readonly unit: ClockUnit;
  readonly amount: number;
}

/** deadline: must finish by dueAt. minimum_period: must NOT finish before dueAt (公示). */
export type ClockMode = 'deadline' | 'minimum_period';

export interface ExtensionPolicy {
  /** Longest total limit after extension, in the clock's unit. */
  readonly maxAmount: number;
  /** R-AP-2: only when the household economic check took more than this many calendar days. */
  readonly requiresEconomicCheckLongerThanDays?: number;
}

export interface ClockKindConfig {
  readonly ruleId: string;
  readonly labelZh: string;
  readonly mode: ClockMode;
  /** Absent for department_handling: each department's own limit comes from departmentHandlingLimits. */
  readonly limit?: ClockLimit;
  readonly pausable: boolean;
  /** Overrides SlaConfig.atRiskPercent for this kind. */
  readonly atRiskPercent?: number;
  readonly extension?: ExtensionPolicy;
}

export interface SlaConfig {
  /** A running deadline is at_risk once at most this share (integer %) of its span remains. */
  readonly atRiskPercent: number;
  readonly kinds: { readonly [K in ClockKind]: ClockKindConfig };
  /** Department code (education, housing …) → its handling limit (R-JH-3); not in the rules, so configured per deployment. */
  readonly departmentHandlingLimits: Readonly<Record<string, ClockLimit>>;
}

export const defaultSlaConfig: SlaConfig = {
  atRiskPercent: 20,
  kinds: {
    department_report_back: {
      ruleId: 'R-JH-3',
      labelZh: '部门办结后反馈',
      mode: 'deadline',
      limit: { unit: 'working_days', amount: 1 },
      pausable: false,
    },
    department_handling: {
      ruleId: 'R-JH-3',
      labelZh: '部门办理',
      mode: 'deadline',
      pausable: true,
    },
    low_income_confirmation: {
      ruleId: 'R-AP-2',
      labelZh: '低保/低边/特困审核确认',
      mode: 'deadline',
      limit: { unit: 'working_days', amount: 20 },
      pausable: true,
      extension: { maxAmount: 30, requiresEconomicCheckLongerThanDays: 15 },
    },
    temporary_aid_approval: {
      ruleId: 'R-AP-4',
      labelZh: '临时救助审批',
      mode: 'deadline',
      limit: { unit: 'working_days', amount: 15 },
      pausable: true,
    },
    case_by_case_review: {
      ruleId: 'DOMAIN §5.3',
      labelZh: '一事一议民主评议',
      mode: 'deadline',
      limit: { unit: 'working_days', amount: 5 },
      pausable: false,
    },
    public_notice: {
      ruleId: 'DOMAIN §5.6',
      labelZh: '公示',
      mode: 'minimum_period',
      limit: { unit: 'calendar_days', amount: 7 },
      pausable: false,
    },
    case_by_case_filing: {
      ruleId: 'DOMAIN §5.8',
      labelZh: '一事一议备案',
      mode: 'deadline',
      limit: { unit: 'working_days', amount: 3 },
      pausable: false,
    },
    first_aid_in_place: {
      ruleId: 'R-AP-9',
      labelZh: '先行救助到位',
      mode: 'deadline',
      limit: { unit: 'hours', amount: 24 },
      pausable: false,
    },
    first_aid_paperwork: {
      ruleId: 'R-AP-9',
      labelZh: '先行救助补齐手续',
      mode: 'deadline',
      limit: { unit: 'calendar_days', amount: 7 },
      pausable: false,
    },
    temporary_aid_payment: {
      ruleId: 'R-PAY-2',
      labelZh: '临时救助资金发放',
      mode: 'deadline',
      limit: { unit: 'working_days', amount: 3 },
      pausable: false,
    },
    monthly_payment: {
      ruleId: 'R-PAY-2',
      labelZh: '低保/特困资金按月发放',
      mode: 'deadline',
      limit: { unit: 'day_of_month', amount: 10 },
      pausable: false,
    },
  },
  departmentHandlingLimits: {},
};

export const UNIT_ZH: Record<ClockUnit, string> = {
  working_days: '个工作日',
  calendar_days: '天',
  hours: '小时',
  day_of_month: '日',
};
