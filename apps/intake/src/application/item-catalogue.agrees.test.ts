import { ASSISTANCE_ITEM_CODES } from '@jh/contracts';
import { ASSISTANCE_ITEMS } from '@jh/domain-policy';
import { itemCodes } from './application.input';
import { itemZh } from '../progress/progress.events';

describe('the intake form and history read the one assistance catalogue (R-JH-2)', () => {
  it('R-JH-2: the enum codes and the catalogue of Chinese names list the same items', () => {
    expect(Object.keys(ASSISTANCE_ITEM_CODES).sort()).toEqual(Object.keys(ASSISTANCE_ITEMS).sort());
    expect(itemCodes).toBe(ASSISTANCE_ITEM_CODES);
  });

  it('R-JH-2: every catalogued item is named in the history by its catalogue name', () => {
    for (const [code, item] of Object.entries(ASSISTANCE_ITEM_CODES))
      expect(itemZh(item)).toBe(ASSISTANCE_ITEMS[code as keyof typeof ASSISTANCE_ITEMS].nameZh);
    expect(itemZh(ASSISTANCE_ITEM_CODES.dibian)).toBe('低保边缘家庭救助');
  });
});
