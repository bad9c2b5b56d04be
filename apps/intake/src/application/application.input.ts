import { z } from 'zod';
import { checkIdNumber } from '@jh/domain-application';
import { AssistanceItem, Channel } from '@jh/contracts';

export const itemCodes = {
  dibao: AssistanceItem.ASSISTANCE_ITEM_DIBAO,
  dibian: AssistanceItem.ASSISTANCE_ITEM_DIBIAN,
  tekun: AssistanceItem.ASSISTANCE_ITEM_TEKUN,
  temporary: AssistanceItem.ASSISTANCE_ITEM_TEMPORARY,
  medical: AssistanceItem.ASSISTANCE_ITEM_MEDICAL,
  education: AssistanceItem.ASSISTANCE_ITEM_EDUCATION,
  housing: AssistanceItem.ASSISTANCE_ITEM_HOUSING,
  employment: AssistanceItem.ASSISTANCE_ITEM_EMPLOYMENT,
  disaster: AssistanceItem.ASSISTANCE_ITEM_DISASTER,
} as const;
export type ItemCode = keyof typeof itemCodes;

export const channelCodes = {
  window: Channel.CHANNEL_WINDOW,
  hotline: Channel.CHANNEL_HOTLINE,
  online: Channel.CHANNEL_ONLINE,
  village_report: Channel.CHANNEL_VILLAGE_REPORT,
  proactive_discovery: Channel.CHANNEL_PROACTIVE_DISCOVERY,
} as const;
export type ChannelCode = keyof typeof channelCodes;

const idNumber = z.string().superRefine((value, ctx) => {
  const check = checkIdNumber(value);
  if (!check.ok)
    ctx.addIssue({
      code: 'custom',
      message: check.reason,
      params: { code: `ID_NUMBER_${check.problem.toUpperCase()}` },
    });
});

/** Minimal application payload (the full intake form grows in the joint-handling work). */
export const createApplicationInput = z
  .object({
    applicant: z
      .object({
        name: z.string().trim().min(1).max(50),
        idNumber,
        phone: z
          .string()
          .regex(/^1[3-9]\d{9}$/)
          .optional(),
        address: z.string().trim().max(200).optional(),
        regionCode: z.string().regex(/^\d{6}(\d{3}|\d{6})?$/),
      })
      .strict(),
    items: z
      .array(z.enum(Object.keys(itemCodes) as [ItemCode, ...ItemCode[]]))
      .min(1)
      .max(10)
      .refine((items) => new Set(items).size === items.length, {
        message: '救助事项不能重复',
        params: { code: 'DUPLICATE_ITEM' },
      }),
    channel: z.enum(Object.keys(channelCodes) as [ChannelCode, ...ChannelCode[]]),
    hardshipDescription: z.string().trim().max(2000).default(''),
    declarationSigned: z.boolean(),
  })
  .strict();
export type CreateApplicationInput = z.infer<typeof createApplicationInput>;
