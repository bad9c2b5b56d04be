import type { Express } from 'express';
import { actorOf, requireRole } from '@jh/platform-auth';
import { z } from '@jh/platform-config';
import { invalidInput } from '@jh/platform-errors';
import { handle, iso, parseBody, parseQuery } from '@jh/platform-http';
import type { SpotCheckDoc } from './spot-check.model';
import { MONTH_PATTERN, type SpotCheckFigures, type SpotCheckService } from './spot-check.service';
import { userIdSchema } from './relatives.http';

const drawBody = z.object({ checkerIds: z.array(userIdSchema).max(100).default([]) }).strict();
const assignBody = z.object({ checkerId: userIdSchema }).strict();
const resultBody = z
  .object({
    outcome: z.enum(['conform', 'non_conform']),
    findings: z.string().trim().max(2000).default(''),
    correctiveAction: z.string().trim().max(2000).default(''),
  })
  .strict();
const figuresQuery = z.object({ format: z.enum(['json', 'csv']).default('json') }).strict();

function monthOf(raw: unknown): string {
  const month = String(raw);
  if (!MONTH_PATTERN.test(month)) {
    throw invalidInput([{ path: 'month', code: 'INVALID_MONTH', message: '月份格式应为 YYYY-MM' }]);
  }
  return month;
}

function taskNoOf(raw: unknown): number {
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1) {
    throw invalidInput([
      { path: 'taskNo', code: 'INVALID_TASK_NO', message: '任务编号应为正整数' },
    ]);
  }
  return n;
}

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
    audit: doc.audit.map((a) => ({ ...a, at: iso(a.at) })),
  };
}

const csvCell = (value: string | number | null): string => {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};
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
  return `\uFEFF${[header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/**
 * The county bureau draws, assigns and checks (DOMAIN §1: county spot-checks); an auditor may also
 * be a checker and reads the figures, as does the city bureau.
 */
export function mountSpotCheckRoutes(app: Express, service: SpotCheckService): void {
  const base = '/oversight/spot-checks/:month';
  app.post(
    `${base}/draw`,
    requireRole('county_bureau'),
    handle(async (req, res) => {
      const month = monthOf(req.params['month']);
      const body = parseBody(drawBody, req.body ?? {});
      const { doc, created } = await service.draw(month, actorOf(res).userId, body.checkerIds);
      res.status(created ? 201 : 200).json(spotCheckView(doc, service));
    }),
  );
  app.get(
    base,
    requireRole('county_bureau', 'city_bureau', 'auditor'),
    handle(async (req, res) => {
      const month = monthOf(req.params['month']);
      const q = parseQuery(figuresQuery, req.query);
      const doc = await service.get(month);
      if (q.format === 'csv') {
        res
          .type('text/csv; charset=utf-8')
          .attachment(`spot-checks-${month}.csv`)
          .send(spotCheckCsv(service.figures(doc)));
        return;
      }
      res.json(spotCheckView(doc, service));
    }),
  );
  app.post(
    `${base}/tasks/:taskNo/assign`,
    requireRole('county_bureau'),
    handle(async (req, res) => {
      const month = monthOf(req.params['month']);
      const taskNo = taskNoOf(req.params['taskNo']);
      const body = parseBody(assignBody, req.body);
      const doc = await service.assign(month, taskNo, body.checkerId, actorOf(res).userId);
      res.json(spotCheckView(doc, service));
    }),
  );
  app.post(
    `${base}/tasks/:taskNo/result`,
    requireRole('county_bureau', 'auditor'),
    handle(async (req, res) => {
      const month = monthOf(req.params['month']);
      const taskNo = taskNoOf(req.params['taskNo']);
      const body = parseBody(resultBody, req.body);
      const doc = await service.recordResult(month, taskNo, body, actorOf(res).userId);
      res.json(spotCheckView(doc, service));
    }),
  );
}
