import {
  applicationNumber,
  applicationNumberPattern,
  applicationNumberQuery,
} from './application-number';

describe('application numbers (R-JH-1)', () => {
  it('R-JH-1: numbers are JH-<year>-<sequence>, the sequence at least six digits', () => {
    expect(applicationNumber(2026, 123)).toBe('JH-2026-000123');
    expect(applicationNumber(2027, 1234567)).toBe('JH-2027-1234567');
    expect(applicationNumberPattern.test(applicationNumber(2026, 1))).toBe(true);
  });

  it('a search is exact after trimming and upper-casing; blank means none; anything else is refused', () => {
    expect(applicationNumberQuery.parse(' jh-2026-000123 ')).toBe('JH-2026-000123');
    expect(applicationNumberQuery.parse('')).toBeUndefined();
    expect(applicationNumberQuery.parse(undefined)).toBeUndefined();
    const refused = applicationNumberQuery.safeParse('2026-000123');
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]).toMatchObject({
      message: '请输入完整的申请编号，如 JH-2026-000123',
      params: { code: 'APPLICATION_NUMBER_INVALID' },
    });
  });
});
