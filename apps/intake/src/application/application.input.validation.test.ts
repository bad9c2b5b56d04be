import { idNumberCheckChar } from '@jh/domain-application';
import { parseBody } from '@jh/platform-http';
import { isAppError, type FieldError } from '@jh/platform-errors';
import { createApplicationInput, isRegionCode, listApplicationsQuery } from './application.input';

const member = (base17: string) => base17 + idNumberCheckChar(base17);

const valid = {
  applicant: { name: '王小明', idNumber: '11010519491231002x', regionCode: '330106' },
  householdMembers: [{ name: '王小红', relation: 'spouse', idNumber: member('33010619900101122') }],
  items: ['dibao', 'education'],
  channel: 'village_report',
  missingDocuments: ['户口簿'],
  declarationSigned: true,
};

function fieldErrors(schema: Parameters<typeof parseBody>[0], body: unknown): FieldError[] {
  try {
    parseBody(schema, body);
  } catch (e) {
    if (isAppError(e)) return e.details;
    throw e;
  }
  throw new Error('expected a validation error');
}

describe('intake form validation (R-JH-5, R-JH-6)', () => {
  it('accepts the full form and normalises ID numbers to upper case', () => {
    const input = parseBody(createApplicationInput, valid);
    expect(input.applicant.idNumber).toBe('11010519491231002X');
    expect(input.hardshipDescription).toBe('');
    expect(input.missingDocuments).toEqual(['户口簿']);
  });

  it('R-JH-6 checks the GB 11643 check digit of household members too', () => {
    const errors = fieldErrors(createApplicationInput, {
      ...valid,
      householdMembers: [{ name: '王小红', relation: 'child', idNumber: '110105194912310021' }],
    });
    expect(errors).toEqual([
      {
        path: 'householdMembers.0.idNumber',
        code: 'ID_NUMBER_CHECKSUM',
        message: '身份证号码校验位不正确，请核对',
      },
    ]);
  });

  it('rejects an unsigned declaration, duplicate items and documents, and a bad relation', () => {
    const errors = fieldErrors(createApplicationInput, {
      ...valid,
      householdMembers: [
        { name: '王小红', relation: 'cousin', idNumber: member('33010619900101122') },
      ],
      items: ['dibao', 'dibao'],
      missingDocuments: ['户口簿', '户口簿'],
      declarationSigned: false,
    });
    expect(errors.map((e) => [e.path, e.code])).toEqual(
      expect.arrayContaining([
        ['householdMembers.0.relation', 'INVALID_VALUE'],
        ['items.1', 'DUPLICATE_ITEM'],
        ['missingDocuments.1', 'DUPLICATE_DOCUMENT'],
        ['declarationSigned', 'DECLARATION_NOT_SIGNED'],
      ]),
    );
  });

  it('R-JH-6 refuses to list the ID card as a missing paper (identity comes from the number)', () => {
    expect(fieldErrors(createApplicationInput, { ...valid, missingDocuments: ['身份证'] })).toEqual(
      [expect.objectContaining({ path: 'missingDocuments.0', code: 'DOCUMENT_OBTAINABLE' })],
    );
  });

  it('rejects a member who repeats the applicant', () => {
    const errors = fieldErrors(createApplicationInput, {
      ...valid,
      householdMembers: [{ name: '王小明', relation: 'other', idNumber: '11010519491231002X' }],
    });
    expect(errors).toEqual([
      expect.objectContaining({ path: 'householdMembers.0.idNumber', code: 'DUPLICATE_ID_NUMBER' }),
    ]);
  });

  it('validates region codes against GB/T 2260 province prefixes', () => {
    expect(isRegionCode('330106')).toBe(true);
    expect(isRegionCode('330106001')).toBe(true);
    expect(isRegionCode('990106')).toBe(false);
    expect(isRegionCode('330000')).toBe(false);
    expect(isRegionCode('33010')).toBe(false);
    expect(
      fieldErrors(createApplicationInput, {
        ...valid,
        applicant: { ...valid.applicant, regionCode: '990106' },
      }),
    ).toEqual([
      expect.objectContaining({ path: 'applicant.regionCode', code: 'REGION_CODE_INVALID' }),
    ]);
  });
});

describe('list query validation', () => {
  it('defaults to page 1 of 20 and parses filters', () => {
    expect(parseBody(listApplicationsQuery, {})).toEqual({ page: 1, pageSize: 20 });
    expect(
      parseBody(listApplicationsQuery, {
        item: 'dibao',
        page: '3',
        pageSize: '100',
        from: '2026-01-01',
      }),
    ).toEqual({ item: 'dibao', page: 3, pageSize: 100, from: '2026-01-01' });
  });

  it('rejects bad pagination, unknown parameters and an inverted date range', () => {
    const errors = fieldErrors(listApplicationsQuery, {
      page: '0',
      pageSize: '101',
      sort: 'name',
    });
    expect(errors.map((e) => [e.path, e.code])).toEqual(
      expect.arrayContaining([
        ['page', 'TOO_SMALL'],
        ['pageSize', 'TOO_BIG'],
        ['sort', 'UNKNOWN_FIELD'],
      ]),
    );
    expect(fieldErrors(listApplicationsQuery, { page: 'abc' })).toEqual([
      expect.objectContaining({ path: 'page', code: 'NOT_AN_INTEGER' }),
    ]);
    expect(fieldErrors(listApplicationsQuery, { page: ['1', '2'] })).toEqual([
      expect.objectContaining({ path: 'page' }),
    ]);
    expect(fieldErrors(listApplicationsQuery, { from: '2026-02-01', to: '2026-01-01' })).toEqual([
      expect.objectContaining({ path: 'from', code: 'DATE_RANGE_INVALID' }),
    ]);
    expect(fieldErrors(listApplicationsQuery, { from: '2026-02-30' })).toEqual([
      expect.objectContaining({ path: 'from', code: 'DATE_INVALID' }),
    ]);
  });
});
