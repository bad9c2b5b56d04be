import { csvCell, excelCsv } from './csv';

describe('CSV for Excel', () => {
  it('quotes commas, quotes and line breaks; defuses formulas but not negative numbers', () => {
    expect(csvCell('西湖区,北山街道')).toBe('"西湖区,北山街道"');
    expect(csvCell('说"明"')).toBe('"说""明"""');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell('-12.5')).toBe('-12.5');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(null)).toBe('');
  });

  it('starts with a BOM and ends every line with CRLF', () => {
    expect(
      excelCsv([
        ['街道', '按时率'],
        ['北山', '50.0%'],
      ]),
    ).toBe('\uFEFF街道,按时率\r\n北山,50.0%\r\n');
  });
});
