import type { Page } from 'playwright-core';
import { checkA11y, confirmDialog, type A11yViolation } from '../browser';

/** The department officer's journey steps (issue 15, 部门办理, R-JH-3, R-EDU-1/2). */

/**
 * Which part to handle: its id; the number the applicant holds (JH-2026-000123), searched for
 * on the worklist; or the application's id, found by paging through the worklist.
 */
export type PartRef =
  { partId: string } | { applicationNumber: string } | { applicationId: string };

/** The report as the officer types it; labels and amounts as the form shows them. */
export interface ReportValues {
  /** 批准救助 | 不予救助 | 不适用（无需本部门救助） | 转介其他渠道; default 批准救助. */
  outcome?: string;
  /** Amount in 元 as typed, e.g. "1500.50" (departments that pay cash). */
  amountYuan?: string;
  /** 实物或服务救助 instead of cash (departments where the amount is optional, e.g. housing). */
  inKind?: boolean;
  /** The department target's figures by their Chinese label (employment), e.g. { 其中已就业人数: 1 }. */
  figures?: Record<string, number>;
  note?: string;
}

export interface StepResult {
  /** Serious/critical axe violations per screen visited (empty arrays when clean). */
  a11y: Record<string, A11yViolation[]>;
}

const WAIT = 60_000;

/**
 * Finds the part's row on the worklist (待签收 first, then every state), page by page. New
 * parts arrive without a reload (the list refetches every 10 s), so a just-dispatched part is
 * waited for on the open page rather than by reloading.
 */
async function openFromWorklist(
  page: Page,
  base: string,
  applicationId: string,
  a11y: StepResult['a11y'],
): Promise<string> {
  const deadline = Date.now() + WAIT;
  const first = `${base}/department?size=50`;
  await page.goto(first);
  await page.getByRole('table', { name: /办理事项列表/ }).waitFor();
  a11y['worklist'] = await checkA11y(page);
  const cell = page.getByTitle(applicationId, { exact: true });
  const next = page.getByRole('listitem', { name: '下一页' });
  for (let p = 1; (await cell.count()) === 0;) {
    if (Date.now() > deadline) throw new Error(`申请 ${applicationId} 的事项未出现在工作台`);
    if ((await next.getAttribute('aria-disabled')) !== 'true') {
      p += 1;
      await next.click();
      await page.waitForURL(new RegExp(`page=${p}`));
      await page
        .getByRole('table', { name: /办理事项列表/ })
        .locator('.ant-spin-spinning')
        .waitFor({ state: 'detached' });
      continue;
    }
    // Last page, not there yet: the 10 s refetch brings a just-dispatched part.
    await cell
      .first()
      .waitFor({ timeout: 11_000 })
      .catch(() => undefined);
    if ((await cell.count()) === 0 && p > 1) {
      p = 1;
      await page.goto(first);
    }
  }
  const row = page.getByRole('row').filter({ has: cell });
  await row.getByRole('link', { name: /^办理事项 / }).click();
  await page.waitForURL(/\/department\/parts\//);
  return decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
}

/**
 * Searches the worklist for the applicant's number as an officer does (type it, Enter), then
 * opens the part. A just-dispatched part arrives with the list's 10 s refetch, no reload.
 */
async function searchOnWorklist(
  page: Page,
  base: string,
  applicationNumber: string,
  a11y: StepResult['a11y'],
): Promise<string> {
  await page.goto(`${base}/department`);
  const table = page.getByRole('table', { name: /办理事项列表/ });
  await table.waitFor();
  a11y['worklist'] = await checkA11y(page);
  const search = page.getByLabel('按申请编号查找', { exact: true });
  await search.fill(applicationNumber);
  await search.press('Enter');
  await page.waitForURL(/[?&]q=/);
  const row = table.getByRole('row').filter({ hasText: applicationNumber });
  await row.first().waitFor({ timeout: WAIT });
  a11y['worklist-search'] = await checkA11y(page);
  await row
    .first()
    .getByRole('link', { name: /^办理事项 / })
    .click();
  await page.waitForURL(/\/department\/parts\//);
  return decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
}

/**
 * 签收 then 反馈: opens the part (by id, or from the worklist by its application), accepts it,
 * fills the report form the department defines, confirms, and waits for 已反馈.
 */
export async function acceptAndReport(
  page: Page,
  base: string,
  ref: PartRef & { report: ReportValues },
): Promise<StepResult & { partId: string }> {
  const a11y: StepResult['a11y'] = {};
  let partId: string;
  if ('partId' in ref) {
    partId = ref.partId;
    await page.goto(`${base}/department`);
    await page.getByRole('table', { name: /办理事项列表/ }).waitFor();
    a11y['worklist'] = await checkA11y(page);
    await page.goto(`${base}/department/parts/${encodeURIComponent(partId)}`);
  } else if ('applicationNumber' in ref) {
    partId = await searchOnWorklist(page, base, ref.applicationNumber, a11y);
  } else {
    partId = await openFromWorklist(page, base, ref.applicationId, a11y);
  }
  const heading = page.getByRole('heading', { level: 2, name: /^事项 / });
  await heading.waitFor();
  a11y['part'] = await checkA11y(page);

  if ((await page.getByRole('button', { name: '签收', exact: true }).count()) > 0) {
    await page.getByRole('button', { name: '签收', exact: true }).click();
    await confirmDialog(page, '确认签收');
  }
  const form = page.getByRole('form', { name: '反馈办理结果' });
  await form.waitFor({ timeout: 30_000 });

  const r = ref.report;
  await form.getByLabel(r.outcome ?? '批准救助', { exact: true }).check();
  if (r.inKind) await form.getByLabel(/^实物或服务救助/).check();
  if (r.amountYuan !== undefined) await form.getByLabel('救助金额（元）').fill(r.amountYuan);
  for (const [label, value] of Object.entries(r.figures ?? {})) {
    await form.getByLabel(label, { exact: true }).fill(String(value));
  }
  if (r.note) await form.getByLabel('办理说明').fill(r.note);
  a11y['report'] = await checkA11y(page);
  // Enter submits the form; the confirmation dialog follows.
  await form.getByRole('button', { name: '反馈结果' }).press('Enter');
  await confirmDialog(page, '确认反馈');
  await page.getByRole('heading', { level: 2, name: /已反馈/ }).waitFor({ timeout: 30_000 });
  a11y['reported'] = await checkA11y(page);
  return { partId, a11y };
}

/** Education's 免申即享 list (R-EDU-1/2): opens the tab and answers the students shown. */
export async function seeExemptions(
  page: Page,
  base: string,
  { status }: { status?: '享受中' | '本学期末停止' | '已停止' } = {},
): Promise<StepResult & { total: number; students: string[] }> {
  await page.goto(`${base}/department`);
  await page.getByRole('tab', { name: '免申即享学生' }).click();
  await page.waitForURL(/\/department\/exemptions/);
  await page.getByRole('heading', { level: 2, name: '免申即享学生名单' }).waitFor();
  const table = page.getByRole('table', { name: '免申即享学生名单' });
  if (status) {
    await page.getByLabel('资助状态').click();
    await page.getByRole('option', { name: status }).click();
    await page.waitForURL(/status=/);
  }
  await page.waitForLoadState('networkidle');
  const a11y = { exemptions: await checkA11y(page) };
  const totalText =
    (await page
      .getByText(/^共 \d+ 名学生$/)
      .textContent()
      .catch(() => null)) ?? '';
  const total = Number(/\d+/.exec(totalText)?.[0] ?? 0);
  const rows = table.locator('tbody tr.ant-table-row');
  const students = await rows.locator('td:first-child').allTextContents();
  return { a11y, total, students };
}
