import { totalsCsv } from './totals.csv';
import type { TotalsRow } from './totals.service';

const row = (key: string, amountFen: number): TotalsRow => ({
  key,
  orders: 1,
  amountFen,
  confirmedFen: amountFen,
  paidByStreetFen: 0,
  preallocatedFen: 0,
  inTransitFen: 0,
  failedFen: 0,
  returnedFen: 0,
  awaitingPayeeFen: 0,
  findings: 0,
});

describe('totals CSV export', () => {
  it('R-PAY-6: BOM, Chinese headers, 元 with two decimals from integer fen, CRLF', () => {
    const csv = totalsCsv([row('2026-03-02', 1), row('2026-03-03', 123456789)], 'day');
    expect(csv.startsWith('\uFEFF日期,笔数,应付金额(元),已到账(元)')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[1]).toBe('2026-03-02,1,0.01,0.01,0.00,0.00,0.00,0.00,0.00,0');
    expect(lines[2]).toBe('2026-03-03,1,1234567.89,1234567.89,0.00,0.00,0.00,0.00,0.00,0');
    expect(lines[3]).toBe('');
  });

  it('items get their Chinese names; cells that could be formulas or hold commas are defused', () => {
    const csv = totalsCsv([row('dibao', 100), row('=HYPERLINK("x"),1', 100)], 'item');
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]?.startsWith('救助项目,')).toBe(true);
    expect(lines[1]?.startsWith('最低生活保障,1,1.00,')).toBe(true);
    expect(lines[2]?.startsWith(`"'=HYPERLINK(""x""),1",1,1.00,`)).toBe(true);
  });
});
