export type CsvValue = string | number | null;

/** Quotes a cell when needed; a leading =, +, - or @ that is no number is defused (formula injection). */
export function csvCell(value: CsvValue): string {
  const text = value === null ? '' : String(value);
  const safe = /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A table for Excel: UTF-8 with BOM (Excel then reads the Chinese headers), CRLF lines. */
export function excelCsv(rows: readonly (readonly CsvValue[])[]): string {
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
