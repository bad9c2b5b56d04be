import { checkIdNumber, sampleIdNumber } from './id-number';

describe('sample ID numbers: one fixture builder for every test kit (R-JH-6)', () => {
  it('R-JH-6: a serial gives a valid number with the default region and birth date', () => {
    expect(sampleIdNumber(7)).toMatch(/^33010619800101007[0-9X]$/);
    expect(checkIdNumber(sampleIdNumber(7))).toMatchObject({ ok: true, birthDate: '1980-01-01' });
  });

  it('R-JH-6: birth date and region can be chosen, and the check character stays valid', () => {
    const id = sampleIdNumber(123, '20100315', '110105');
    expect(id.startsWith('11010520100315123')).toBe(true);
    expect(checkIdNumber(id)).toMatchObject({ ok: true, birthDate: '2010-03-15' });
  });
});
