import { applicationNumberQuery } from '@jh/domain-application';
import { z } from 'zod';
import type { FieldError } from '@jh/platform-errors';
import { invalidInput } from '@jh/platform-errors';
import { parseBody } from '@jh/platform-http';
import type { DepartmentDefinition } from './department';
import { outcomes, partStatuses, type Outcome } from './part.model';

export interface ReportInput {
  outcome: Outcome;
  amountFen: number;
  note: string;
  figures?: Record<string, number>;
}

const figure = z.number().int().min(0).max(10_000);

export const reportBody = z
  .object({
    outcome: z.enum(outcomes),
    // Integer fen (分); the cap only stops typos of several orders of magnitude.
    amountFen: z.number().int().min(0).max(100_000_000).default(0),
    note: z.string().trim().max(1000).default(''),
    figures: z.record(z.string(), figure).optional(),
  })
  .strict();

/** Parses a report and applies the department's own rules (amount, household figures). */
export function parseReport(def: DepartmentDefinition, body: unknown): ReportInput {
  const input = parseBody(reportBody, body);
  const errors: FieldError[] = [
    ...amountErrors(def, input.outcome, input.amountFen),
    ...noteErrors(input.outcome, input.note),
    ...figureErrors(def, input.figures),
  ];
  if (errors.length > 0) throw invalidInput(errors);
  return input;
}

function amountErrors(
  def: DepartmentDefinition,
  outcome: Outcome,
  amountFen: number,
): FieldError[] {
  const error = (code: string, message: string): FieldError[] => [
    { path: 'amountFen', code, message },
  ];
  if (outcome !== 'granted') {
    return amountFen > 0 ? error('AMOUNT_NOT_ALLOWED', '未批准救助时金额须为 0') : [];
  }
  switch (def.grantAmount) {
    case 'required':
      return amountFen < 1
        ? error('AMOUNT_REQUIRED', `${def.name}批准救助时须填写救助金额（单位：分）`)
        : [];
    case 'forbidden':
      return amountFen > 0
        ? error('AMOUNT_NOT_ALLOWED', `${def.name}的救助不以现金发放，金额须为 0`)
        : [];
    case 'optional':
      return [];
    default: {
      const unknownRule: never = def.grantAmount;
      throw new Error(`unknown grant amount rule ${String(unknownRule)}`);
    }
  }
}

function noteErrors(outcome: Outcome, note: string): FieldError[] {
  // A refusal or referral without its reason cannot be explained to the applicant.
  if ((outcome === 'rejected' || outcome === 'referred') && note === '') {
    return [{ path: 'note', code: 'NOTE_REQUIRED', message: '不予救助或转介时须填写原因' }];
  }
  return [];
}

function figureErrors(
  def: DepartmentDefinition,
  figures: Record<string, number> | undefined,
): FieldError[] {
  const target = def.target;
  if (!target) {
    return figures === undefined
      ? []
      : [{ path: 'figures', code: 'UNKNOWN_FIELD', message: '本部门不需要填报家庭情况数据' }];
  }
  const given = figures ?? {};
  const expected = Object.entries(target.figures);
  const missing = expected
    .filter(([key]) => given[key] === undefined)
    .map(([key, label]) => ({
      path: `figures.${key}`,
      code: 'FIGURE_REQUIRED',
      message: `请填写“${label}”`,
    }));
  const unknown = Object.keys(given)
    .filter((key) => !Object.hasOwn(target.figures, key))
    .map((key) => ({ path: `figures.${key}`, code: 'UNKNOWN_FIELD', message: '不允许的字段' }));
  if (missing.length > 0 || unknown.length > 0) return [...missing, ...unknown];
  return (target.check?.(given) ?? []).map((p) => ({
    path: `figures.${p.figure}`,
    code: 'FIGURES_INCONSISTENT',
    message: p.message,
  }));
}

export const transferBody = z
  .object({
    suggestedDepartment: z
      .string()
      .trim()
      .regex(/^[a-z][a-z0-9_-]{1,39}$/)
      .optional(),
    reason: z.string().trim().min(1).max(1000),
  })
  .strict();
export type TransferInput = z.infer<typeof transferBody>;

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

export const listQuery = z
  .object({
    status: z.enum(partStatuses).optional(),
    overdue: flag.optional(),
    atRisk: flag.optional(),
    targetMet: flag.optional(),
    /** The number the applicant holds, exactly (JH-2026-000123); '' = no search. */
    q: applicationNumberQuery,
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
export type ListQuery = z.infer<typeof listQuery>;
