import {
  ASSISTANCE_ITEMS,
  DEPARTMENTS,
  DEPARTMENT_HANDLING_WORKING_DAYS,
  DEPARTMENT_NAMES_ZH,
  findAssistanceItem,
} from './policy-config';

describe('one catalogue of departments and assistance items (R-JH-2)', () => {
  it('R-JH-2: each joint department has one entry: 简称, 全称 and its default handling limit', () => {
    expect(DEPARTMENTS.housing).toEqual({
      shortNameZh: '住建局',
      officialNameZh: '住房和城乡建设局',
      handlingWorkingDays: 15,
    });
    expect(DEPARTMENT_NAMES_ZH['housing']).toBe('住建局');
    expect(DEPARTMENT_NAMES_ZH['disabled_persons']).toBe('残联');
    expect(DEPARTMENT_HANDLING_WORKING_DAYS).toEqual({
      education: 5,
      housing: 15,
      medical: 3,
      employment: 10,
    });
  });

  it('R-JH-2: an item code finds its policy item and Chinese name; an unknown code finds nothing', () => {
    expect(findAssistanceItem('dibian')).toEqual({
      policyItem: 'low_income_marginal',
      nameZh: '低保边缘家庭救助',
    });
    expect(findAssistanceItem('housing')).toBe(ASSISTANCE_ITEMS.housing);
    expect(findAssistanceItem('unspecified')).toBeUndefined();
    expect(findAssistanceItem('toString')).toBeUndefined();
  });
});
