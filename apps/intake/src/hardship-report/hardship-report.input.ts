import {
  HOUSEHOLD_FLAGS,
  REPORTER_ROLES,
  SIZE_BANDS,
  signalSubjectSchema,
} from '@jh/domain-outreach';
import { z } from 'zod';
import { maxPageSize } from '../application/application.input';

/**
 * Body of `POST /hardship-reports` (主动发现, R-PD-1): a cadre, volunteer or hotline operator
 * reports a household. The shape is checked here; what a signal may say (text limits, the
 * street, the role for the source) by the domain's `validateSignal`, before anything is stored.
 */
export const hardshipReportBody = z
  .object({
    // A client id of the report: sending it again is answered from the first (like Idempotency-Key).
    reportId: z
      .string()
      .regex(/^[A-Za-z0-9._:-]{8,128}$/)
      .meta({ description: '客户端报告编号（8–128 位字母、数字或 . _ : -），重复提交幂等' })
      .optional(),
    reporterRole: z.enum(REPORTER_ROLES),
    observation: z.string().meta({ description: '所见情况（报告人的描述，加密传输与存储）' }),
    contact: z.string().meta({ description: '报告人（热线：来电人）的联系方式' }),
    subject: signalSubjectSchema,
    streetCode: z.string().meta({ description: '家庭所在乡镇（街道）的9位代码' }),
    flags: z.array(z.enum(HOUSEHOLD_FLAGS)).max(HOUSEHOLD_FLAGS.length).default([]),
    assessedBand: z.enum(SIZE_BANDS).optional(),
  })
  .strict();
export type HardshipReportInput = z.infer<typeof hardshipReportBody>;

/** Query of `GET /hardship-reports`: the reporter's own reports, newest first. */
export const hardshipReportListQuery = z
  .object({
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(maxPageSize).default(20),
  })
  .strict();
export type HardshipReportListQuery = z.infer<typeof hardshipReportListQuery>;
