import { applicationNumber, shanghaiDayStart, toFilter } from './application.service';

describe('list filter mapping', () => {
  it('turns inclusive Asia/Shanghai days into an instant range', () => {
    expect(shanghaiDayStart('2026-01-01').toISOString()).toBe('2025-12-31T16:00:00.000Z');
    expect(
      toFilter({ page: 1, pageSize: 20, from: '2026-01-01', to: '2026-01-31', owner: 'clerk-1' }),
    ).toEqual({
      status: undefined,
      item: undefined,
      channel: undefined,
      scope: {},
      regionCode: undefined,
      ownerUserId: 'clerk-1',
      submittedFrom: new Date('2025-12-31T16:00:00.000Z'),
      submittedBefore: new Date('2026-01-31T16:00:00.000Z'),
    });
  });

  it('numbers applications per Asia/Shanghai year', () => {
    expect(applicationNumber(new Date('2025-12-31T16:30:00Z'), 7)).toBe('JH-2026-000007');
  });
});
