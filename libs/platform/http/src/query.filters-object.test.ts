import { z } from 'zod';
import { isAppError } from '@jh/platform-errors';
import { parseQuery } from './query';

// Found by the HTTP fuzz (tools/fuzz): the audit search reads its JSON body with parseQuery, and a
// body of `[]` passed as "no filter" (an array has no entries that could be refused).
const filters = z.object({
  objectId: z.string().min(1).optional(),
  page: z.coerce.number().default(1),
});

const refusal = (input: unknown) => {
  try {
    parseQuery(filters, input);
  } catch (e) {
    if (isAppError(e)) return { code: e.code, details: e.details };
    throw e;
  }
  return undefined;
};

describe('parseQuery: filters are names with values', () => {
  it('refuses an array, empty or not, instead of reading it as no filter', () => {
    expect(refusal([])).toEqual({
      code: 'INVALID_INPUT',
      details: [{ path: '(body)', code: 'INVALID_TYPE', message: '应为对象（名称与取值）' }],
    });
    expect(refusal([{ objectId: 'x' }])?.details[0]?.code).toBe('INVALID_TYPE');
  });

  it('still reads an object, and no query at all, as filters', () => {
    expect(parseQuery(filters, { objectId: 'a', page: '2' })).toEqual({ objectId: 'a', page: 2 });
    expect(parseQuery(filters, {})).toEqual({ page: 1 });
    expect(parseQuery(filters, undefined)).toEqual({ page: 1 });
  });
});
