import { AssistanceItem } from './gen/jh/catalogue/v1/assistance_item';

/**
 * Catalogue code of each assistance item: the enum name without its prefix, lower-cased. These are
 * the codes services store, route on and accept in requests; Chinese names are in @jh/domain-policy
 * (`ASSISTANCE_ITEMS`), keyed by the same codes.
 */
export const ASSISTANCE_ITEM_CODES = {
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
export type AssistanceItemCode = keyof typeof ASSISTANCE_ITEM_CODES;

const CODE_OF = new Map<AssistanceItem, AssistanceItemCode>(
  Object.entries(ASSISTANCE_ITEM_CODES).map(([code, item]) => [item, code as AssistanceItemCode]),
);

/** ASSISTANCE_ITEM_EDUCATION → "education"; an item outside the catalogue → "unspecified". */
export function assistanceItemCode(item: AssistanceItem): AssistanceItemCode | 'unspecified' {
  return CODE_OF.get(item) ?? 'unspecified';
}

/** "education" → ASSISTANCE_ITEM_EDUCATION; a code outside the catalogue → ASSISTANCE_ITEM_UNSPECIFIED. */
export function assistanceItemOfCode(code: string): AssistanceItem {
  return Object.hasOwn(ASSISTANCE_ITEM_CODES, code)
    ? ASSISTANCE_ITEM_CODES[code as AssistanceItemCode]
    : AssistanceItem.ASSISTANCE_ITEM_UNSPECIFIED;
}
