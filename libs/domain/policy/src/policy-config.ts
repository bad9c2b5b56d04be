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
  low_income_marginal: '低保边缘家庭救助',
  extreme_poverty: '特困人员救助供养',
  temporary: '临时救助',
  medical: '医疗救助',
  education: '教育救助',
  housing: '住房救助',
  employment: '就业救助',
  disaster: '受灾人员救助',
};

export interface AssistanceItemEntry {
  /** The policy rules' name of the item (approval tiers, spot checks, staff relatives). */
  readonly policyItem: AssistanceItem;
  readonly nameZh: string;
}

const itemEntry = (policyItem: AssistanceItem): AssistanceItemEntry => ({
  policyItem,
  nameZh: ASSISTANCE_ITEM_ZH[policyItem],
});

/**
 * The assistance catalogue by the code services store and route on (the proto enum name,
 * lower-cased: `ASSISTANCE_ITEM_CODES` in @jh/contracts maps the same codes to the enum).
 */
export const ASSISTANCE_ITEMS = {
  dibao: itemEntry('minimum_living'),
  dibian: itemEntry('low_income_marginal'),
  tekun: itemEntry('extreme_poverty'),
  temporary: itemEntry('temporary'),
  medical: itemEntry('medical'),
  education: itemEntry('education'),
  housing: itemEntry('housing'),
  employment: itemEntry('employment'),
  disaster: itemEntry('disaster'),
} as const satisfies Record<string, AssistanceItemEntry>;
export type AssistanceItemCatalogueCode = keyof typeof ASSISTANCE_ITEMS;

/** The catalogue entry of an item code; undefined for a code outside the catalogue. */
export function findAssistanceItem(code: string): AssistanceItemEntry | undefined {
  return Object.hasOwn(ASSISTANCE_ITEMS, code)
    ? ASSISTANCE_ITEMS[code as AssistanceItemCatalogueCode]
    : undefined;
}

export interface DepartmentEntry {
  /** 简称, used in dispatch lines, 通报 and the applicant's history ("已分送住建局协同办理"). */
  readonly shortNameZh: string;
  /** 全称, used by the department's own service in what it tells its officers. */
  readonly officialNameZh: string;
  /** Its own handling limit in working days (R-JH-3); the rules set no number, so a deployment default. */
  readonly handlingWorkingDays?: number;
}

/** R-JH-2 joint departments by code: the one table routing, intake and the department services read. */
export const DEPARTMENTS = {
  education: { shortNameZh: '教育局', officialNameZh: '教育局', handlingWorkingDays: 5 },
  housing: { shortNameZh: '住建局', officialNameZh: '住房和城乡建设局', handlingWorkingDays: 15 },
  medical: { shortNameZh: '医保局', officialNameZh: '医疗保障局', handlingWorkingDays: 3 },
  employment: {
    shortNameZh: '人社局',
    officialNameZh: '人力资源和社会保障局',
    handlingWorkingDays: 10,
  },
  emergency: { shortNameZh: '应急管理局', officialNameZh: '应急管理局' },
  disabled_persons: { shortNameZh: '残联', officialNameZh: '残疾人联合会' },
  power_supply: { shortNameZh: '供电公司', officialNameZh: '供电公司' },
} as const satisfies Record<string, DepartmentEntry>;

/** Department code → 简称; deployments may rename (DEPARTMENT_NAMES_JSON). */
export const DEPARTMENT_NAMES_ZH: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(DEPARTMENTS).map(([code, d]) => [code, d.shortNameZh]),
);

/** Department code → default handling limit (working days), for the departments that have one. */
export const DEPARTMENT_HANDLING_WORKING_DAYS: Readonly<Record<string, number>> =
  Object.fromEntries(
    Object.entries(DEPARTMENTS).flatMap(([code, d]: [string, DepartmentEntry]) =>
      d.handlingWorkingDays === undefined ? [] : [[code, d.handlingWorkingDays]],
    ),
  );

/** Participant roles at a 一事一议 democratic review (DOMAIN §5.3). */
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
