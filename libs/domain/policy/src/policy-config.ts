import { type Fen, fromYuan } from '@jh/domain-money';

/** 救助事项 (DOMAIN §2). */
export type AssistanceItem =
  | 'minimum_living'
  | 'low_income_marginal'
  | 'extreme_poverty'
  | 'temporary'
  | 'medical'
  | 'education'
  | 'housing'
  | 'employment'
  | 'disaster';

export const ASSISTANCE_ITEM_ZH: Record<AssistanceItem, string> = {
  minimum_living: '最低生活保障',
  low_income_marginal: '低保边缘',
  extreme_poverty: '特困人员救助供养',
  temporary: '临时救助',
  medical: '医疗救助',
  education: '教育救助',
  housing: '住房救助',
  employment: '就业救助',
  disaster: '受灾人员救助',
};

/** Participant roles at a 一事一议 democratic review (DOMAIN §5.3). */
/** R-JH-2 joint departments by code, with the Chinese names users see; deployments may rename. */
export const DEPARTMENT_NAMES_ZH: Readonly<Record<string, string>> = {
  education: '教育局',
  housing: '住建局',
  medical: '医保局',
  employment: '人社局',
  emergency: '应急管理局',
  disabled_persons: '残联',
  power_supply: '供电公司',
};

export type DeliberationRole =
  | 'street_staff'
  | 'village_committee'
  | 'resident_official'
  | 'resident_representative'
  | 'discipline_observer';

export type FilingRecipient = 'discipline_committee' | 'business_department';

/** Categories whose certification triggers 免申即享 education aid (R-EDU-1). */
export type EducationCategory =
  | 'extreme_poverty_student'
  | 'orphan'
  | 'minimum_living_family_student'
  | 'low_income_marginal_family_student';

export type SpotCheckCategory = 'subsistence' | 'temporary';

export type SemesterCalendar =
  /** The same start days every year; a semester lasts until the next one starts. */
  | {
      readonly kind: 'annual';
      readonly starts: readonly {
        readonly month: number;
        readonly day: number;
        readonly nameZh: string;
      }[];
    }
  /** Explicit start dates (YYYY-MM-DD) published by the education bureau. */
  | {
      readonly kind: 'dated';
      readonly starts: readonly { readonly date: string; readonly nameZh: string }[];
    };

export interface PolicyConfig {
  readonly approvalTiers: {
    /** R-AP-5: up to and including this amount the street approves; above it the county. */
    readonly streetMaxFen: Fen;
    /** Optional amount from which the case goes to the city; the rules give no number. */
    readonly cityFromFen?: Fen;
    /** Items approved by amount tier (the seeds tier 临时救助). */
    readonly tieredItems: readonly AssistanceItem[];
    /** Items whose confirmation is delegated to the street whatever the amount (R-AP-2). */
    readonly streetConfirmedItems: readonly AssistanceItem[];
  };
  readonly emergencyRepeat: {
    /** R-AP-6 "一年": the 12 months before the request, or the calendar year. */
    readonly window: 'rolling_year' | 'calendar_year';
    readonly maxApprovalsPerWindow: number;
  };
  readonly firstAid: {
    /** R-AP-9 at most 5,000 元. */
    readonly capFen: Fen;
    /** R-PAY-4 the street's temporary-assistance reserve keeps at least 10,000 元. */
    readonly reserveMinimumFen: Fen;
  };
  readonly caseByCase: {
    /** DOMAIN §5.3 at least 12 participants, the discipline observer not counted. */
    readonly minParticipants: number;
    readonly requiredRoles: readonly Exclude<DeliberationRole, 'discipline_observer'>[];
    readonly filingRecipients: readonly FilingRecipient[];
    /** R-YS-1 reviews per year, each in its own equal part of the year. */
    readonly reviewsPerYear: number;
    /** R-YS-1 share of cases the county reviews (integer %). */
    readonly countyReviewPercent: number;
  };
  readonly spotCheck: {
    /** R-AP-7 integer % per category: 低保/低边/特困 30, 临时救助 20. */
    readonly ratePercent: Readonly<Record<SpotCheckCategory, number>>;
    readonly categoryOfItem: Readonly<Partial<Record<AssistanceItem, SpotCheckCategory>>>;
    /** Never fewer than this many cases when a category has any. */
    readonly minimumWhenAny: number;
  };
  readonly staffRelatives: {
    /** R-AP-8 applies to 低保 recipients. */
    readonly appliesToItems: readonly AssistanceItem[];
  };
  readonly education: {
    readonly eligibleCategories: readonly EducationCategory[];
    /** R-EDU-1 aid starts this many months after the certification month ("次月" = 1). */
    readonly startMonthsAfterCertification: number;
    readonly semesterCalendar: SemesterCalendar;
  };
}

export const defaultPolicyConfig: PolicyConfig = {
  approvalTiers: {
    streetMaxFen: fromYuan(500),
    tieredItems: ['temporary'],
    streetConfirmedItems: ['minimum_living', 'low_income_marginal', 'extreme_poverty'],
  },
  emergencyRepeat: { window: 'rolling_year', maxApprovalsPerWindow: 1 },
  firstAid: { capFen: fromYuan(5000), reserveMinimumFen: fromYuan(10_000) },
  caseByCase: {
    minParticipants: 12,
    requiredRoles: ['street_staff', 'village_committee'],
    filingRecipients: ['discipline_committee', 'business_department'],
    reviewsPerYear: 2,
    countyReviewPercent: 100,
  },
  spotCheck: {
    ratePercent: { subsistence: 30, temporary: 20 },
    categoryOfItem: {
      minimum_living: 'subsistence',
      low_income_marginal: 'subsistence',
      extreme_poverty: 'subsistence',
      temporary: 'temporary',
    },
    minimumWhenAny: 1,
  },
  staffRelatives: { appliesToItems: ['minimum_living'] },
  education: {
    eligibleCategories: [
      'extreme_poverty_student',
      'orphan',
      'minimum_living_family_student',
      'low_income_marginal_family_student',
    ],
    startMonthsAfterCertification: 1,
    // Not in the rules: a common school calendar; deployments set the education bureau's dates.
    semesterCalendar: {
      kind: 'annual',
      starts: [
        { month: 2, day: 1, nameZh: '春季学期' },
        { month: 9, day: 1, nameZh: '秋季学期' },
      ],
    },
  },
};
