import { citizenCardNoSchema, isValidCitizenCardNo } from './citizen-card';

describe('citizen card number: the one payee check (R-PAY-1)', () => {
  it('R-PAY-1: accepts 8 to 19 digits only', () => {
    expect(isValidCitizenCardNo('12345678')).toBe(true);
    expect(isValidCitizenCardNo('1234567890123456789')).toBe(true);
    expect(isValidCitizenCardNo('1234567')).toBe(false);
    expect(isValidCitizenCardNo('12345678901234567890')).toBe(false);
    expect(isValidCitizenCardNo('6222 0212')).toBe(false);
    expect(isValidCitizenCardNo('')).toBe(false);
    expect(isValidCitizenCardNo(undefined)).toBe(false);
    expect(isValidCitizenCardNo(null)).toBe(false);
  });

  it('R-PAY-1: the request field trims and refuses with a stable code and a Chinese reason', () => {
    expect(citizenCardNoSchema.parse(' 6222021234567890 ')).toBe('6222021234567890');
    const res = citizenCardNoSchema.safeParse('62-22');
    expect(res.success).toBe(false);
    const issue = res.error?.issues[0] as { message: string; params?: { code?: string } };
    expect(issue.params?.code).toBe('CITIZEN_CARD_FORMAT');
    expect(issue.message).toBe('市民卡号应为8至19位数字');
  });
});
