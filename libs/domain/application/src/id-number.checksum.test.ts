import { checkIdNumber, idNumberCheckChar, maskCardNo, maskIdNumber } from './id-number';

describe('R-JH-6 identity verified from the ID number (GB 11643 check digit)', () => {
  it('accepts valid numbers, including an X check character, and derives birth date and sex', () => {
    expect(checkIdNumber('11010519491231002X')).toEqual({
      ok: true,
      idNumber: '11010519491231002X',
      birthDate: '1949-12-31',
      sex: 'female',
    });
    expect(checkIdNumber(' 11010519491231002x ')).toMatchObject({
      ok: true,
      idNumber: '11010519491231002X',
    });
  });

  it('computes check characters per the standard weights', () => {
    expect(idNumberCheckChar('11010519491231002')).toBe('X');
    const base = '33010619900101122';
    const id = base + idNumberCheckChar(base);
    expect(checkIdNumber(id)).toMatchObject({ ok: true, sex: 'female', birthDate: '1990-01-01' });
    const maleBase = '33010619900101121';
    expect(checkIdNumber(maleBase + idNumberCheckChar(maleBase))).toMatchObject({
      ok: true,
      sex: 'male',
    });
  });

  it('rejects wrong check digit, bad format and impossible birth dates with a Chinese reason', () => {
    expect(checkIdNumber('110105194912310021')).toEqual({
      ok: false,
      problem: 'checksum',
      reason: '身份证号码校验位不正确，请核对',
    });
    expect(checkIdNumber('1101051949123100')).toMatchObject({ ok: false, problem: 'format' });
    expect(checkIdNumber('11010519491231002Y')).toMatchObject({ ok: false, problem: 'format' });
    expect(checkIdNumber('110105194902300021')).toMatchObject({ ok: false, problem: 'birth_date' });
    expect(checkIdNumber('110105189901010021')).toMatchObject({ ok: false, problem: 'birth_date' });
  });

  it('R-OV-2 masks ID numbers for display', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskIdNumber('123')).toBe('******');
    expect(maskCardNo('3301061234567890')).toBe('************7890');
    expect(maskCardNo('123')).toBe('****');
    expect(maskCardNo('')).toBe('');
  });
});
