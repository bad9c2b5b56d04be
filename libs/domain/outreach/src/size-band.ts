import type { Fen } from '@jh/domain-money';
import { BAND_RANK, type SizeBand } from './outreach-config';
import {
  type OutreachRefusal,
  type OutreachRules,
  defaultOutreachRules,
  refuse,
} from './outreach-rules';

/** What the reporting department knows; the band is all that leaves it (never the diagnosis). */
export type BandFigures =
  | {
      readonly kind: 'medical_expense';
      /** Out of pocket after basic medical and critical-illness insurance. */
      readonly personalExpenseFen: Fen;
      readonly householdAnnualIncomeFen: Fen;
    }
  | { readonly kind: 'job_loss'; readonly dependants: number }
  | { readonly kind: 'school_leaving' }
  /** A person's own assessment, when they give one. */
  | { readonly kind: 'reported_by_person'; readonly assessed?: SizeBand };

export type SizeBandResult =
  | { readonly ok: true; readonly band: SizeBand }
  | OutreachRefusal<'BELOW_SIGNAL_THRESHOLD' | 'INVALID_FIGURES'>;

const RULE = 'R-PD-1';

const highest = (bands: readonly SizeBand[]): SizeBand | undefined =>
  bands.reduce<SizeBand | undefined>(
    (best, b) => (best === undefined || BAND_RANK[b] > BAND_RANK[best] ? b : best),
    undefined,
  );

/** R-PD-1: the size band of a sign from the department's figures; below every step it is no signal. */
export function sizeBand(
  figures: BandFigures,
  rules: OutreachRules = defaultOutreachRules,
): SizeBandResult {
  const { bands } = rules.config;
  switch (figures.kind) {
    case 'medical_expense': {
      const { personalExpenseFen: expense, householdAnnualIncomeFen: income } = figures;
      if (
        !Number.isSafeInteger(expense) ||
        !Number.isSafeInteger(income) ||
        expense < 0 ||
        income < 0
      )
        return refuse('INVALID_FIGURES', '医疗费用和家庭收入须为非负金额', RULE);
      // Integer fen: share ≥ p % ⇔ expense × 100 ≥ p × income (no income: any expense counts).
      const reached = bands.medicalExpense.filter(
        (s) =>
          expense > 0 &&
          (expense * 100 >= s.incomeSharePercent * income || expense >= s.expenseFen),
      );
      const band = highest(reached.map((s) => s.band));
      return band === undefined
        ? refuse('BELOW_SIGNAL_THRESHOLD', '个人负担医疗费用未达到主动发现的标准', RULE)
        : { ok: true, band };
    }
    case 'job_loss': {
      if (!Number.isSafeInteger(figures.dependants) || figures.dependants < 0)
        return refuse('INVALID_FIGURES', '被抚养人数须为非负整数', RULE);
      const band = highest(
        bands.jobLoss.filter((s) => figures.dependants >= s.minDependants).map((s) => s.band),
      );
      return band === undefined
        ? refuse('BELOW_SIGNAL_THRESHOLD', '失业人员家庭无被抚养人，未达到主动发现的标准', RULE)
        : { ok: true, band };
    }
    case 'school_leaving':
      return { ok: true, band: bands.schoolLeaving };
    case 'reported_by_person':
      return { ok: true, band: figures.assessed ?? bands.reportedByPerson };
  }
}
