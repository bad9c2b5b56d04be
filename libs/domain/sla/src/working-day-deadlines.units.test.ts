import { defaultSlaConfig } from './sla-config';
import { workingDayDeadlines } from './working-day-deadlines';

const jan = new Date('2027-01-05T15:59:59.999Z');

describe('DOMAIN §10 which deadlines can rest on an assumed Monday–Friday week', () => {
  it('R-AP-2/R-JH-3: working-day clocks are kept, department handling included', () => {
    expect(
      workingDayDeadlines([
        ['low_income_confirmation', jan],
        ['department_report_back', jan],
        ['department_handling', jan],
      ]),
    ).toEqual([jan, jan, jan]);
  });

  it('R-AP-9/R-PAY-2: hours, calendar days and "by the 10th" are dropped, as are absent dates', () => {
    expect(
      workingDayDeadlines([
        ['first_aid_in_place', jan],
        ['first_aid_paperwork', jan],
        ['monthly_payment', jan],
        ['public_notice', jan],
        ['temporary_aid_payment', null],
        ['case_by_case_filing', undefined],
      ]),
    ).toEqual([]);
  });

  it('§10 follows the configuration given: a kind configured in working days counts', () => {
    const config = {
      ...defaultSlaConfig,
      kinds: {
        ...defaultSlaConfig.kinds,
        first_aid_paperwork: {
          ...defaultSlaConfig.kinds.first_aid_paperwork,
          limit: { unit: 'working_days' as const, amount: 5 },
        },
      },
    };
    expect(workingDayDeadlines([['first_aid_paperwork', jan]], config)).toEqual([jan]);
  });
});
