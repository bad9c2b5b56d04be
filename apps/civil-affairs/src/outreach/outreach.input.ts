import { CLOSE_REASONS, GRADES } from '@jh/domain-outreach';
import { z } from '@jh/platform-config';
import { isoDay } from '@jh/platform-http';

const id = z.string().trim().min(1).max(128);
const note = z.string().trim().min(1).max(500);
const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

export const taskListQuery = z
  .object({
    grade: z.enum(GRADES).optional(),
    status: z.enum(['open', 'ended']).optional(),
    overdue: flag.optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(20),
  })
  .strict();

export const skippedQuery = z
  .object({ limit: z.coerce.number().int().min(1).max(200).default(50) })
  .strict();

/** `unmask=true`: the subject's ID number, phone and address in clear (a recorded read). */
export const taskQuery = z.object({ unmask: flag.optional() }).strict();

export const regradeBody = z.object({ to: z.enum(GRADES), reason: note }).strict();

export const endBody = z
  .object({
    outcome: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('application'), applicationId: id }).strict(),
      z.object({ kind: z.literal('first_aid'), decisionId: id }).strict(),
      z.object({ kind: z.literal('referral'), to: id, what: note }).strict(),
      z
        .object({
          kind: z.literal('closed'),
          reasonCode: z.enum(CLOSE_REASONS),
          note: z.string().trim().max(500).optional(),
        })
        .strict(),
    ]),
  })
  .strict();

const deadline = z.union([
  z.object({ workingDays: z.number().int().min(1).max(60) }).strict(),
  z.object({ date: isoDay }).strict(),
]);

export const consultationBody = z
  .object({
    consultationId: id.optional(),
    taskId: id,
    heldOn: isoDay,
    departmentsPresent: z.array(z.string().trim().min(1).max(64)).min(1).max(20),
    findings: z.string().trim().min(1).max(2000),
    decisions: z.array(note).min(1).max(20),
    followUps: z
      .array(
        z
          .object({
            id: id.optional(),
            owner: id,
            department: z.string().trim().min(1).max(64),
            description: note,
            deadline,
          })
          .strict(),
      )
      .max(20)
      .default([]),
  })
  .strict();

export const consultationListQuery = z
  .object({
    taskId: id.optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(20),
  })
  .strict();

/** `GET /outreach/bulletin`: the month (Asia/Shanghai) and JSON or CSV for Excel. */
export const bulletinQuery = z
  .object({
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: '月份格式应为 YYYY-MM' }),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .strict();

export const followUpParams = z.object({ n: z.coerce.number().int().min(1).max(20) });
