import { fen, formatYuan } from '@jh/domain-money';
import { findAssistanceItem } from '@jh/domain-policy';
import { excelCsv } from '@jh/platform-http';
import type { TotalsGrouping, TotalsRow } from './totals.service';

/** CSV for Excel: UTF-8 BOM, Chinese headers, money in 元 with two decimals (from fen). */
export function totalsCsv(rows: TotalsRow[], groupBy: TotalsGrouping): string {
  const yuan = (n: number) => formatYuan(fen(n), { unit: false, grouping: false });
  const header = [
    { day: '日期', street: '街道', item: '救助项目' }[groupBy],
    '笔数',
    '应付金额(元)',
    '已到账(元)',
    '街道已代付(元)',
    '已预拨待支付(元)',
    '在途(元)',
    '推送失败(元)',
    '资金退回(元)',
    '对账差异笔数',
  ];
  const label = (key: string) =>
    groupBy === 'item' ? (findAssistanceItem(key)?.nameZh ?? key) : key;
  const lines = rows.map((r) => [
    label(r.key),
    String(r.orders),
    yuan(r.amountFen),
    yuan(r.confirmedFen),
    yuan(r.paidByStreetFen),
    yuan(r.preallocatedFen),
    yuan(r.inTransitFen),
    yuan(r.failedFen),
    yuan(r.returnedFen),
    String(r.findings),
  ]);
  return excelCsv([header, ...lines]);
}
