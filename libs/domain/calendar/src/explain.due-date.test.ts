import { explainDueDate } from './explain';
import { createWorkingDayCalendar, officialCalendar } from './working-day-calendar';

describe('DOMAIN §10 explainability: which holidays and 调休 days moved a due date', () => {
  it('§10 R-JH-4 5 working days from 2025-01-24 are moved by 春节 and its make-up Sunday', () => {
    const e = explainDueDate(officialCalendar, '2025-01-24', 5);
    expect(e.dueDate).toBe('2025-02-07');
    expect(e.weekdaysOnlyDueDate).toBe('2025-01-31');
    expect(e.shiftCalendarDays).toBe(7);
    expect(e.groups).toEqual([
      { kind: 'make_up_working_day', name: '春节', dates: ['2025-01-26'] },
      {
        kind: 'holiday',
        name: '春节',
        dates: ['2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-03', '2025-02-04'],
      },
    ]);
    expect(e.sources.map((s) => s.documentNumber)).toEqual(['国办发明电〔2024〕12号']);
    expect(e.summaryZh).toBe(
      '期间春节调休上班1天（1月26日）；春节放假6个工作日（1月28日、1月29日、1月30日、1月31日、2月3日、2月4日），截止日期由 2025-01-31 顺延至 2025-02-07。',
    );
  });

  it('§10 a make-up working day alone brings the due date forward', () => {
    const e = explainDueDate(officialCalendar, '2025-09-26', 1);
    expect(e).toMatchObject({
      dueDate: '2025-09-28',
      weekdaysOnlyDueDate: '2025-09-29',
      shiftCalendarDays: -1,
    });
    expect(e.summaryZh).toContain('截止日期由 2025-09-29 提前至 2025-09-28');
  });

  it('§10 an ordinary week is explained as unaffected', () => {
    const e = explainDueDate(officialCalendar, '2025-03-03', 3);
    expect(e).toMatchObject({ adjustments: [], groups: [], sources: [], shiftCalendarDays: 0 });
    expect(e.summaryZh).toBe('期间无节假日或调休，截止日期 2025-03-06 与仅按周一至周五计算相同。');
  });

  it('§10 local closures and extra working days are named without a notice, and the fallback is stated', () => {
    const cal = createWorkingDayCalendar({
      overrides: {
        extraClosures: [{ date: '2027-03-02', name: '台风' }],
        extraWorkingDays: [{ date: '2027-03-06', name: '集中办理' }],
      },
    });
    const e = explainDueDate(cal, '2027-03-01', 5);
    expect(e.sources).toEqual([]);
    expect(e.summaryZh).toBe(
      '期间台风本地停止办公1个工作日（3月2日）；集中办理本地加班办公1天（3月6日），截止日期 2027-03-08 与仅按周一至周五计算相同（2027年暂无官方节假日安排，按周一至周五推算）。',
    );
  });
});
