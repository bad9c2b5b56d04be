import { parseReport } from '@jh/department-kit';
import { department } from './department';

const target = department.target!;

describe('employment department rules', () => {
  it('DOMAIN §8: every result reports the household figures; the one-employed-member target follows from them', () => {
    expect(() => parseReport(department, { outcome: 'granted' })).toThrow(
      expect.objectContaining({
        details: [
          expect.objectContaining({ path: 'figures.ableToWorkMembers', code: 'FIGURE_REQUIRED' }),
          expect.objectContaining({ path: 'figures.employedMembers', code: 'FIGURE_REQUIRED' }),
        ],
      }),
    );
    const report = parseReport(department, {
      outcome: 'granted',
      figures: { ableToWorkMembers: 2, employedMembers: 0 },
    });
    expect(target.met(report.figures ?? {})).toBe(false);
    expect(target.met({ ableToWorkMembers: 2, employedMembers: 1 })).toBe(true);
    expect(target.met({ ableToWorkMembers: 0, employedMembers: 0 })).toBe(true);
  });

  it('placement is not cash: a granted amount is refused, and more employed than able is inconsistent', () => {
    const figures = { ableToWorkMembers: 1, employedMembers: 3 };
    expect(() => parseReport(department, { outcome: 'granted', amountFen: 100, figures })).toThrow(
      expect.objectContaining({
        details: [
          expect.objectContaining({ code: 'AMOUNT_NOT_ALLOWED' }),
          expect.objectContaining({
            path: 'figures.employedMembers',
            code: 'FIGURES_INCONSISTENT',
          }),
        ],
      }),
    );
  });
});
