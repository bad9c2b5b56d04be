import { parseQuery } from '@jh/platform-http';
import { totalsQuery } from './reports.input';

// Found by the HTTP fuzz (tools/fuzz): GET /reports/totals?from=4610-42-56 passed the day's shape,
// became an Invalid Date in the orders query and answered 500.
describe('payment totals query: from and to are real days', () => {
  it('refuses a day that does not exist with a field error, and takes a leap day', () => {
    expect(() => parseQuery(totalsQuery, { from: '4610-42-56', to: '2026-01-31' })).toThrow(
      expect.objectContaining({
        code: 'INVALID_INPUT',
        details: [expect.objectContaining({ path: 'from', code: 'INVALID_DATE' })],
      }),
    );
    expect(() => parseQuery(totalsQuery, { from: '2026-01-01', to: '2025-02-29' })).toThrow(
      expect.objectContaining({ details: [expect.objectContaining({ path: 'to' })] }),
    );
    expect(parseQuery(totalsQuery, { from: '2024-02-29', to: '2024-03-01' })).toMatchObject({
      from: '2024-02-29',
      to: '2024-03-01',
    });
  });
});
