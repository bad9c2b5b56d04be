import { idNumberSchema, regionCodeSchema } from '@jh/domain-application';
import { EDUCATION_CATEGORY_ZH, type EducationCategory } from '@jh/domain-policy';
import { z } from '@jh/platform-config';

const categories = Object.keys(EDUCATION_CATEGORY_ZH) as [
  EducationCategory,
  ...EducationCategory[],
];

export const certifyBody = z
  .object({
    certificateNo: z
      .string()
      .trim()
      .regex(/^[0-9A-Za-z-]{1,64}$/, '证书编号只能包含字母、数字和连字符'),
    category: z.enum(categories),
    student: z
      .object({
        name: z.string().trim().min(1).max(50),
        idNumber: idNumberSchema,
        school: z.string().trim().max(100).default(''),
      })
      .strict(),
    household: z
      .object({
        caseId: z.string().trim().max(100).default(''),
        householdNo: z.string().trim().max(64).default(''),
        regionCode: regionCodeSchema,
      })
      .strict(),
  })
  .strict();

export const endBody = z.object({ reason: z.string().trim().min(1).max(1000) }).strict();
