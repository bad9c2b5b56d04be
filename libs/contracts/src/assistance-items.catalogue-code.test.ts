import { AssistanceItem } from './gen/jh/catalogue/v1/assistance_item';
import {
  ASSISTANCE_ITEM_CODES,
  assistanceItemCode,
  assistanceItemOfCode,
} from './assistance-items';

describe('assistance item codes: one table between the enum and the catalogue codes (R-JH-2)', () => {
  it('R-JH-2: every catalogued enum value has exactly one code, and the code leads back to it', () => {
    const catalogued = Object.values(AssistanceItem).filter(
      (v): v is AssistanceItem =>
        typeof v === 'number' &&
        v !== AssistanceItem.ASSISTANCE_ITEM_UNSPECIFIED &&
        v !== AssistanceItem.UNRECOGNIZED,
    );
    expect(Object.values(ASSISTANCE_ITEM_CODES).sort()).toEqual(catalogued.sort());
    for (const item of catalogued)
      expect(assistanceItemOfCode(assistanceItemCode(item))).toBe(item);
    expect(assistanceItemCode(AssistanceItem.ASSISTANCE_ITEM_EMPLOYMENT)).toBe('employment');
    expect(assistanceItemOfCode('dibian')).toBe(AssistanceItem.ASSISTANCE_ITEM_DIBIAN);
  });

  it('R-JH-2: values and codes outside the catalogue map to unspecified', () => {
    expect(assistanceItemCode(AssistanceItem.ASSISTANCE_ITEM_UNSPECIFIED)).toBe('unspecified');
    expect(assistanceItemCode(AssistanceItem.UNRECOGNIZED)).toBe('unspecified');
    expect(assistanceItemOfCode('unknown')).toBe(AssistanceItem.ASSISTANCE_ITEM_UNSPECIFIED);
    expect(assistanceItemOfCode('constructor')).toBe(AssistanceItem.ASSISTANCE_ITEM_UNSPECIFIED);
  });
});
