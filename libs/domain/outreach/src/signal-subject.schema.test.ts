import { signalSubjectSchema } from './signal-subject';

// R-PD-1 / ADR 0030: every sender (departments, intake) takes the subject with this one schema.
const subject = { name: '钱七', idNumber: '11010519491231002X', regionCode: '330106001' };

describe('signal subject (R-PD-1)', () => {
  it('R-PD-1: takes the household head with an optional phone and address, trimmed', () => {
    expect(
      signalSubjectSchema.parse({
        ...subject,
        name: ' 钱七 ',
        phone: '13900001111',
        address: '某社区',
      }),
    ).toEqual({ ...subject, phone: '13900001111', address: '某社区' });
  });

  it.each([
    ['a wrong check digit', { ...subject, idNumber: '110105194912310021' }, 'idNumber'],
    ['no name', { ...subject, name: '  ' }, 'name'],
    ['a landline', { ...subject, phone: '0571-8888888' }, 'phone'],
    ['an unknown region', { ...subject, regionCode: '99' }, 'regionCode'],
    ['a diagnosis beside it', { ...subject, diagnosis: '某病' }, ''],
  ])('R-PD-1: refuses %s', (_what, input, path) => {
    const result = signalSubjectSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });
});
