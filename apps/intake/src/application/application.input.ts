import { z } from 'zod';
import { citizenCardNoSchema, idNumberSchema, regionCodeSchema } from '@jh/domain-application';
import { ASSISTANCE_ITEM_CODES, Channel, HouseholdRelation } from '@jh/contracts';

export const itemCodes = ASSISTANCE_ITEM_CODES;
export type ItemCode = keyof typeof itemCodes;

export const channelCodes = {
  window: Channel.CHANNEL_WINDOW,
  hotline: Channel.CHANNEL_HOTLINE,
  online: Channel.CHANNEL_ONLINE,
  village_report: Channel.CHANNEL_VILLAGE_REPORT,
  proactive_discovery: Channel.CHANNEL_PROACTIVE_DISCOVERY,
} as const;
export type ChannelCode = keyof typeof channelCodes;

export const relationCodes = {
  spouse: HouseholdRelation.HOUSEHOLD_RELATION_SPOUSE,
  child: HouseholdRelation.HOUSEHOLD_RELATION_CHILD,
  parent: HouseholdRelation.HOUSEHOLD_RELATION_PARENT,
  sibling: HouseholdRelation.HOUSEHOLD_RELATION_SIBLING,
  grandparent: HouseholdRelation.HOUSEHOLD_RELATION_GRANDPARENT,
  grandchild: HouseholdRelation.HOUSEHOLD_RELATION_GRANDCHILD,
  other: HouseholdRelation.HOUSEHOLD_RELATION_OTHER,
} as const;
export type RelationCode = keyof typeof relationCodes;

/** Lifecycle states of an application (mirrors `ApplicationStatus` in the contracts). */
export const applicationStatuses = [
  'submitted',
  'dispatched',
  'under_review',
  'approved',
  'rejected',
  'referred',
  'withdrawn',
] as const;
export type ApplicationStatusCode = (typeof applicationStatuses)[number];

const keysOf = <T extends Record<string, unknown>>(o: T) =>
  Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];

const idNumber = idNumberSchema;

// The one GB/T 2260 rule lives in domain-application; re-exported where the form's tests look for it.
export { isRegionCode } from '@jh/domain-application';

const regionCode = regionCodeSchema;

const noDuplicates = <T>(code: string, message: string) =>
  z.custom<T[]>().superRefine((list, ctx) => {
    const seen = new Set<T>();
    list.forEach((value, i) => {
      if (seen.has(value)) ctx.addIssue({ code: 'custom', message, params: { code }, path: [i] });
      seen.add(value);
    });
  });

/** Papers that identity verification from the ID number makes unnecessary (R-JH-6). */
const obtainableDocuments = new Set(['身份证', '居民身份证', '身份证复印件']);

const documentName = z
  .string()
  .trim()
  .min(1)
  .max(50)
  .refine((name) => !obtainableDocuments.has(name), {
    message: '身份已通过身份证号码核验，不得再要求提供该材料',
    params: { code: 'DOCUMENT_OBTAINABLE' },
  });

const householdMember = z
  .object({
    name: z.string().trim().min(1).max(50),
    relation: z.enum(keysOf(relationCodes)),
    idNumber,
  })
  .strict();

/** The full intake form (DOMAIN §2–§3). The owner is the authenticated actor, never the body. */
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
        regionCode,
        citizenCardNo: citizenCardNoSchema.optional(),
      })
      .strict(),
    householdMembers: z.array(householdMember).max(20).default([]),
    items: z
      .array(z.enum(keysOf(itemCodes)))
      .min(1)
      .max(10)
      .pipe(noDuplicates<ItemCode>('DUPLICATE_ITEM', '救助事项不能重复')),
    channel: z.enum(keysOf(channelCodes)),
    hardshipDescription: z.string().trim().max(2000).default(''),
    // 容缺受理 (R-JH-6): papers accepted now and supplied later.
    missingDocuments: z
      .array(documentName)
      .max(20)
      .default([])
      .pipe(noDuplicates<string>('DUPLICATE_DOCUMENT', '缺少的材料不能重复')),
    declarationSigned: z.boolean().refine((signed) => signed, {
      message: '申请人须签署承诺书后方可受理',
      params: { code: 'DECLARATION_NOT_SIGNED' },
    }),
  })
  .strict()
  .superRefine((input, ctx) => {
    const seen = new Set([input.applicant.idNumber]);
    input.householdMembers.forEach((member, i) => {
      const id = member.idNumber;
      if (seen.has(id))
        ctx.addIssue({
          code: 'custom',
          message: '家庭成员身份证号码与申请人或其他成员重复',
          params: { code: 'DUPLICATE_ID_NUMBER' },
          path: ['householdMembers', i, 'idNumber'],
        });
      seen.add(id);
    });
  });
export type CreateApplicationInput = z.infer<typeof createApplicationInput>;

function isCalendarDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return (
    y >= 2000 &&
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === m - 1 &&
    date.getUTCDate() === d
  );
}

const shanghaiDate = z.string().refine(isCalendarDay, {
  message: '日期无效，格式应为 YYYY-MM-DD',
  params: { code: 'DATE_INVALID' },
});

const positiveInt = (max: number) =>
  z
    .string()
    .refine((v) => /^\d{1,6}$/.test(v), {
      message: '应为正整数',
      params: { code: 'NOT_AN_INTEGER' },
    })
    .transform(Number)
    .pipe(z.number().int().min(1).max(max));

/** Largest page a list request may ask for. */
export const maxPageSize = 100;

/** Query of `GET /applications`; dates are calendar days in Asia/Shanghai, both inclusive. */
export const listApplicationsQuery = z
  .object({
    status: z.enum(applicationStatuses).optional(),
    item: z.enum(keysOf(itemCodes)).optional(),
    channel: z.enum(keysOf(channelCodes)).optional(),
    regionCode: regionCode.optional(),
    owner: z.string().min(1).max(100).optional(),
    from: shanghaiDate.optional(),
    to: shanghaiDate.optional(),
    page: positiveInt(100_000).default(1),
    pageSize: positiveInt(maxPageSize).default(20),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: '起始日期不能晚于结束日期',
    params: { code: 'DATE_RANGE_INVALID' },
    path: ['from'],
  });
export type ListApplicationsQuery = z.infer<typeof listApplicationsQuery>;

/** Hand-over of the 首问负责 ownership (R-JH-5): to whom and why. */
export const handoverInput = z
  .object({
    toUserId: z.string().trim().min(1).max(100),
    toRegionCode: regionCode.optional(),
    reason: z.string().trim().min(2).max(500),
  })
  .strict();
export type HandoverInput = z.infer<typeof handoverInput>;

/** Query of `GET /applications/handover-targets`: optionally for one application (R-JH-5). */
export const handoverTargetsQuery = z
  .object({
    applicationId: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .meta({ description: '只列出也能办理该申请（申请人属其辖区）的同事' })
      .optional(),
  })
  .strict();

/** A paper accepted as missing (容缺受理) has now been supplied. */
export const supplyDocumentInput = z
  .object({
    document: z.string().trim().min(1).max(50),
    note: z.string().trim().max(500).optional(),
  })
  .strict();
export type SupplyDocumentInput = z.infer<typeof supplyDocumentInput>;

/** Body of `POST /applications/open-lookup`: whose open applications (R-JH-1 duplicate warning). */
export const openLookupInput = z.object({ idNumber }).strict();
export type OpenLookupInput = z.infer<typeof openLookupInput>;

/** Statuses of an application still being worked on; a new one for the same person is a likely duplicate. */
export const openStatuses: readonly ApplicationStatusCode[] = [
  'submitted',
  'dispatched',
  'under_review',
];

/** Client-chosen key of `Idempotency-Key` (optional header; see README). */
export const idempotencyKeyPattern = /^[A-Za-z0-9._:-]{8,128}$/;
