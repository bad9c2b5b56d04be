import { regionLevel } from '@jh/domain-access';
import { HOUSEHOLD_FLAGS, signalSubjectSchema, type BandFigures } from '@jh/domain-outreach';
import { z } from 'zod';
import type { DepartmentSignalKind } from './department';

/** Integer fen (分); the cap only stops typos of several orders of magnitude. */
const fen = z.number().int().min(0).max(100_000_000_000);

/** The figures of each kind of sign, and nothing else: never a diagnosis or the full record. */
const figuresOf = {
  medical_expense: z
    .object({
      personalExpenseFen: fen.meta({
        description: '个人负担医疗费用（分，基本医保与大病保险报销后）',
      }),
      householdAnnualIncomeFen: fen.meta({ description: '家庭年收入（分）' }),
    })
    .strict(),
  job_loss: z
    .object({ dependants: z.number().int().min(0).max(50).meta({ description: '被抚养人数' }) })
    .strict(),
  school_leaving: z.object({}).strict(),
} satisfies Record<DepartmentSignalKind, z.ZodType>;

/** 9-digit street (乡镇/街道) code: the street whose staff take the outreach task. */
export const streetCodeSchema = z.string().refine((code) => regionLevel(code) === 'street', {
  message: '所属街道须为9位乡镇（街道）代码',
  params: { code: 'STREET_CODE_INVALID' },
});

/** Body of `POST /hardship-records` for a department whose sign is `kind` (R-PD-1). */
export function hardshipRecordBody(kind: DepartmentSignalKind) {
  return z
    .object({
      // The department's own id; re-sending the same record is answered from the first one.
      recordId: z
        .string()
        .regex(/^[A-Za-z0-9._:-]{1,100}$/)
        .meta({ description: '本部门的记录编号（1–100 位字母、数字或 . _ : -），重复报送幂等' }),
      subject: signalSubjectSchema,
      streetCode: streetCodeSchema,
      observedAt: z.string().datetime({ offset: true }).pipe(z.coerce.date()),
      flags: z.array(z.enum(HOUSEHOLD_FLAGS)).max(HOUSEHOLD_FLAGS.length).default([]),
      figures: figuresOf[kind],
    })
    .strict();
}
export type HardshipRecordInput = z.infer<ReturnType<typeof hardshipRecordBody>>;

/** The domain's band figures of a parsed record. */
export function bandFigures(kind: DepartmentSignalKind, figures: object): BandFigures {
  return { kind, ...figures } as BandFigures;
}

/** Query of `GET /hardship-records`. */
export const hardshipRecordListQuery = z
  .object({
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
export type HardshipRecordListQuery = z.infer<typeof hardshipRecordListQuery>;
