import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { checkA11y, type A11yViolation } from '../browser';

/** The payment staff's journey steps (issue 16, 资金发放与对账, R-PAY-1…6). */

export interface StepResult {
  /** Serious/critical axe violations per screen visited (empty arrays when clean). */
  a11y: Record<string, A11yViolation[]>;
}

/**
 * A call to the payment service as a payment staff user of the platform region (the city:
 * statements and batches are the city's), e.g.
 * `(m, p, b) => seed.call('pay.330100', 'payment', m, p, b)`.
 */
export type PaymentCall = (
  method: string,
  path: string,
  body?: unknown,
) => Promise<{ status: number; body: unknown }>;

/** A finding as the findings table shows it: its Chinese type and the statement key. */
export interface ShownFinding {
  type: string;
  key: string;
}

const WAIT = 120_000;

/**
 * 月度批次: starts `month` (YYYY-MM) from the screen, confirms, and waits until the progress
 * shows 已完成; returns the figures shown (在册对象, 新生成指令, …).
 */
export async function runMonthlyBatch(
  page: Page,
  base: string,
  month: string,
): Promise<StepResult & { figures: Record<string, string> }> {
  const a11y: StepResult['a11y'] = {};
  await page.goto(`${base}/payment/batch?month=${month}`);
  await page.getByRole('heading', { name: '月度发放批次' }).waitFor();
  await page.getByLabel('发放月份').fill(month);
  await page.getByRole('button', { name: '生成批次' }).click();
  await page.getByRole('dialog').getByRole('button', { name: '生成批次' }).click();
  await page.getByText(/^已完成/).waitFor({ timeout: WAIT });
  a11y['batch'] = await checkA11y(page);
  const figures: Record<string, string> = {};
  for (const label of ['在册对象', '新生成指令', '已存在（未重复生成）', '失败']) {
    const cell = page.locator('th', { hasText: label }).locator('xpath=following-sibling::td[1]');
    figures[label] = (await cell.first().textContent())?.trim() ?? '';
  }
  return { a11y, figures };
}

/** 支付指令: the worklist filtered by status (Chinese label), and an order's page with its audit. */
export async function openOrder(page: Page, base: string, orderId: string): Promise<StepResult> {
  const a11y: StepResult['a11y'] = {};
  await page.goto(`${base}/payment/orders`);
  await page.getByRole('table', { name: '支付指令列表' }).waitFor();
  a11y['orders'] = await checkA11y(page);
  await page.goto(`${base}/payment/orders/${encodeURIComponent(orderId)}`);
  await page.getByRole('table', { name: '办理记录' }).waitFor();
  a11y['order'] = await checkA11y(page);
  return { a11y };
}

/**
 * 对账: drops `csv` as the statement of `date` (the Dragger's file input, as a user's file
 * chooser does), waits for the report page to finish, and returns the findings shown.
 */
export async function importStatement(
  page: Page,
  base: string,
  date: string,
  csv: string,
): Promise<StepResult & { findings: ShownFinding[]; replayed: boolean }> {
  const a11y: StepResult['a11y'] = {};
  await page.goto(`${base}/payment/reconciliation`);
  await page.getByRole('heading', { name: '对账单导入' }).waitFor();
  a11y['reconciliation'] = await checkA11y(page);
  await page.getByLabel('对账日期').fill(date);
  await page.locator('input[type=file]').setInputFiles({
    name: `statement-${date}.csv`,
    mimeType: 'text/csv',
    buffer: Buffer.from(csv, 'utf8'),
  });
  await page.waitForURL(/\/payment\/reconciliation\/.+/, { timeout: WAIT });
  await page.getByRole('heading', { name: `对账结果 ${date}` }).waitFor();
  await page.getByText(/^核对完成/).waitFor({ timeout: WAIT });
  const replayed = await page.getByText('同一对账单已导入过').isVisible();
  a11y['report'] = await checkA11y(page);
  return { a11y, findings: await shownFindings(page), replayed };
}

/** Every row of the findings table, page by page. */
export async function shownFindings(page: Page): Promise<ShownFinding[]> {
  const table = page.getByRole('table', { name: '对账差异' });
  await table.waitFor();
  const found: ShownFinding[] = [];
  const next = page.getByRole('listitem', { name: '下一页' }).last();
  for (;;) {
    for (const row of await table.locator('tbody tr.ant-table-row').all()) {
      const cells = row.locator('td');
      found.push({
        type: ((await cells.nth(0).textContent()) ?? '').trim(),
        key: ((await cells.nth(1).textContent()) ?? '').trim(),
      });
    }
    if ((await next.count()) === 0 || (await next.getAttribute('aria-disabled')) === 'true') break;
    await next.click();
  }
  return found;
}

/** Throws unless the shown findings are exactly `expected` (any order). */
export function expectFindings(shown: ShownFinding[], expected: ShownFinding[]): void {
  const text = (l: ShownFinding[]) =>
    l
      .map((f) => `${f.type}|${f.key}`)
      .sort()
      .join('\n');
  if (text(shown) !== text(expected)) {
    throw new Error(`对账差异不符：\n显示\n${text(shown)}\n应为\n${text(expected)}`);
  }
}

/**
 * Imports the same file again: the screen must say nothing changed and show the same findings;
 * the orders' states (read through the API before and after) must be identical.
 */
export async function reimportChangesNothing(
  page: Page,
  base: string,
  date: string,
  csv: string,
  api: PaymentCall,
  first: ShownFinding[],
): Promise<StepResult> {
  const before = await api('GET', '/orders?limit=1000');
  const again = await importStatement(page, base, date, csv);
  if (!again.replayed) throw new Error('重复导入未显示“同一对账单已导入过”');
  expectFindings(again.findings, first);
  const after = await api('GET', '/orders?limit=1000');
  if (JSON.stringify(after.body) !== JSON.stringify(before.body)) {
    throw new Error('重复导入改变了支付指令');
  }
  return { a11y: { 'report-replayed': again.a11y['report'] ?? [] } };
}

/** 备付金与预拨 and 汇总: opened and checked (the totals chart loads on demand). */
export async function visitReservesAndTotals(page: Page, base: string): Promise<StepResult> {
  const a11y: StepResult['a11y'] = {};
  await page.goto(`${base}/payment/reserves`);
  await page
    .getByRole('heading', { name: '社保卡平台状态' })
    .or(page.getByText('社保卡平台状态'))
    .first()
    .waitFor();
  await page.getByRole('table', { name: '街道备付金余额' }).waitFor();
  a11y['reserves'] = await checkA11y(page);
  await page.goto(`${base}/payment/totals`);
  await page.getByRole('table', { name: '发放汇总表' }).waitFor();
  await page.getByRole('img', { name: /发放金额/ }).waitFor();
  a11y['totals'] = await checkA11y(page);
  return { a11y };
}

interface OrderRow {
  id: string;
  status: string;
  amountFen: number;
  platformKey: string;
  platformRef: string | null;
  recipient: { citizenCardNo: string; name: string };
}

/**
 * Seeding through the payment API: a statement for `date` built from the orders the platform
 * paid (confirmed, sent or returned), so nothing is missing, plus three mismatches — one paid order's
 * amount raised by 1 元, one unknown line, one duplicated line. Returns the CSV and the three
 * findings the page must show (exactly those). Needs at least two paid orders.
 */
export async function statementWithThreeMismatches(
  api: PaymentCall,
  date: string,
): Promise<{ csv: string; expected: ShownFinding[] }> {
  const res = await api('GET', '/orders?limit=1000');
  const paid = (res.body as { items: OrderRow[] }).items.filter((o) =>
    // Returned ones too: the platform booked them on their day (absent, they would be missing).
    ['confirmed', 'sent', 'returned'].includes(o.status),
  );
  if (paid.length < 2) throw new Error(`需要至少两笔已推送的支付指令，现有 ${paid.length} 笔`);
  const at = `${date}T08:00:00Z`;
  const line = (o: OrderRow, amountFen = o.amountFen) =>
    [
      o.platformKey,
      o.platformRef ?? `YJD-${o.id}`,
      o.recipient.citizenCardNo,
      amountFen,
      'PAID',
      at,
    ].join(',');
  const [mismatched, duplicated] = paid as [OrderRow, OrderRow, ...OrderRow[]];
  const unknown = `unknown-${randomUUID()}:1`;
  const lines = [
    '幂等键,平台流水号,市民卡号,金额(分),状态,入账时间',
    line(mismatched, mismatched.amountFen + 100),
    ...paid.slice(1).map((o) => line(o)),
    line(duplicated),
    `${unknown},YJD-UNKNOWN,6000000000000000,8800,PAID,${at}`,
  ];
  return {
    csv: `${lines.join('\n')}\n`,
    expected: [
      { type: '金额不符', key: mismatched.platformKey },
      { type: '重复入账', key: duplicated.platformKey },
      { type: '平台多出未知款项', key: unknown },
    ],
  };
}
