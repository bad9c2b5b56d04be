import { deadlineNotice } from './deadline-notice';
import { createWorkingDayCalendar } from './working-day-calendar';

describe('DOMAIN §10 deadlineNotice: a deadline in a year without holiday data says so', () => {
  it('R-AP-2 §10 a review deadline running into 2027 carries the flag and the explanation', () => {
    // 30 working days from 2026-12-01 ends in January 2027, a year without official data.
    expect(deadlineNotice(new Date('2027-01-13T15:59:59.999Z'))).toEqual({
      assumedWeekdaysOnly: true,
      yearsWithoutData: [2027],
      message: '2027年节假日安排尚未发布，期限暂按周一至周五计算',
    });
  });

  it('§10 a deadline inside a year with data carries the flag false and no message', () => {
    expect(deadlineNotice('2026-12-31')).toEqual({
      assumedWeekdaysOnly: false,
      yearsWithoutData: [],
    });
    expect(deadlineNotice(undefined)).toEqual({ assumedWeekdaysOnly: false, yearsWithoutData: [] });
  });

  it('§10 several deadlines: absent ones skipped, each missing year named once, in order', () => {
    const notice = deadlineNotice(['2028-03-01', null, '2026-05-06', '2027-01-04', '2028-01-02']);
    expect(notice.yearsWithoutData).toEqual([2027, 2028]);
    expect(notice.message).toBe('2027、2028年节假日安排尚未发布，期限暂按周一至周五计算');
  });

  it('§10 judged against the calendar given: locally loaded data clears the flag', () => {
    const none = createWorkingDayCalendar({ data: { years: [] } });
    expect(deadlineNotice('2026-06-01', none).yearsWithoutData).toEqual([2026]);
  });
});
