import { z } from 'zod';

/** GB/T 2260 province-level prefixes; a region code must start with one of them. */
const PROVINCE_PREFIXES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64',
  '65', '71', '81', '82',
]); // prettier-ignore

/** 6 digits (county), optionally extended to 9 (street) or 12 (community) — GB/T 2260 and its extensions. */
const REGION_CODE = /^\d{6}(\d{3}|\d{6})?$/;

export const REGION_CODE_REASON = '行政区划代码无效（应为6位县级代码或9/12位街道、社区代码）';

/** True for a 6-digit division code (or a 9/12-digit street/community code) of a real province. */
export function isRegionCode(value: string): boolean {
  return (
    REGION_CODE.test(value) &&
    PROVINCE_PREFIXES.has(value.slice(0, 2)) &&
    value.slice(2, 6) !== '0000'
  );
}

/** Request field for a region code, refused with code `REGION_CODE_INVALID`: the one rule every service uses. */
export const regionCodeSchema = z.string().refine(isRegionCode, {
  message: REGION_CODE_REASON,
  params: { code: 'REGION_CODE_INVALID' },
});
