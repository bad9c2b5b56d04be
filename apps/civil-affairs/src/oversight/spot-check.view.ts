import { excelCsv, iso } from '@jh/platform-http';
import type { SpotCheckDoc } from './spot-check.model';
import { type SpotCheckFigures, type SpotCheckService } from './spot-check.service';

export function spotCheckView(doc: SpotCheckDoc, service: SpotCheckService) {
  return {
    id: doc._id,
    seed: doc.seed,
    ...service.figures(doc),
    tasks: doc.tasks.map((t) => ({
      ...t,
      openedAt: iso(t.openedAt),
      assignedAt: iso(t.assignedAt),
      result: t.result ? { ...t.result, recordedAt: iso(t.result.recordedAt) } : null,
    })),
    // The API keeps its `detail` name for what the shared audit entry stores as `reason`.
    audit: doc.audit.map(({ reason, ...a }) => ({ ...a, at: iso(a.at), detail: reason })),
  };
}

const percent = (n: number | null) => (n === null ? '' : `${n}%`);

/** Month figures per category with a total row; Chinese headers, UTF-8 with BOM for Excel. */
export function spotCheckCsv(f: SpotCheckFigures): string {
  const header = [
    '月份',
    '类别',
    '新增案件数',
    '应抽查比例',
    '抽查件数',
    '实际抽查比例',
    '是否达标',
    '已核查件数',
    '符合件数',
    '不符合件数',
    '未核查件数',
  ];
  const rows = [
    ...f.categories.map((c) => [
      f.month,
      c.labelZh,
      c.newCases,
      `${c.requiredRatePercent}%`,
      c.sampled,
      percent(c.achievedRatePercent),
      c.meetsRequiredRate ? '是' : '否',
      c.checked,
      c.conform,
      c.nonConform,
      c.unchecked,
    ]),
    [
      f.month,
      '合计',
      f.totals.newCases,
      '',
      f.totals.sampled,
      percent(f.totals.achievedRatePercent),
      f.totals.meetsRequiredRate ? '是' : '否',
      f.totals.checked,
      f.totals.conform,
      f.totals.nonConform,
      f.totals.unchecked,
    ],
  ];
  return excelCsv([header, ...rows]);
}
