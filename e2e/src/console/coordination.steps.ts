import type { Page } from 'playwright-core';
import { checkA11y, type A11yViolation } from '../browser';

/** The joint-handling coordinator's journey steps (issue 15, 协同调度, R-JH-2/3/4). */

export interface StepResult {
  /** Serious/critical axe violations per screen visited (empty arrays when clean). */
  a11y: Record<string, A11yViolation[]>;
}

const WAIT = 60_000;

/** This month in Shanghai (YYYY-MM): the 通报 month of a report-back due today. */
export const shanghaiMonth = (at = new Date()) =>
  new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 7);

const boardTable = (page: Page) => page.getByRole('table', { name: '协同办理案件列表' });

/** Waits until the table has rows or its empty state, i.e. the page's data has arrived. */
async function settled(page: Page, table: ReturnType<Page['getByRole']>): Promise<void> {
  await table.waitFor({ timeout: WAIT });
  await table.locator('.ant-spin-spinning').waitFor({ state: 'detached', timeout: WAIT });
}

/** Searches the board for the applicant's number (typed, Enter) and opens the case. */
export async function openCaseFromBoard(page: Page, base: string, applicationNo: string) {
  const deadline = Date.now() + WAIT;
  const a11y: StepResult['a11y'] = {};
  await page.goto(`${base}/coordination`);
  await settled(page, boardTable(page));
  a11y['coordination-board'] = await checkA11y(page);
  const search = page.getByLabel('按申请编号查找', { exact: true });
  await search.fill(applicationNo);
  await search.press('Enter');
  await page.waitForURL(/[?&]q=/);
  const searched = page.url();
  for (;;) {
    await settled(page, boardTable(page));
    const link = page.getByRole('link', { name: applicationNo, exact: true });
    if ((await link.count()) > 0) {
      a11y['coordination-board-search'] ??= await checkA11y(page);
      await link.click();
      await page.getByRole('table', { name: '部门事项及期限' }).waitFor({ timeout: WAIT });
      return a11y;
    }
    // Not on the board yet: the case opens when civil affairs consumes the submission.
    if (Date.now() > deadline) throw new Error(`看板上未找到申请 ${applicationNo}`);
    await page.waitForTimeout(2000);
    await page.goto(searched);
  }
}

/**
 * Board → case → every (not withdrawn) department part shows 已反馈, and the case 已全部反馈
 * (R-JH-3). Reloads the case until the last report arrives.
 */
export async function seeCaseComplete(
  page: Page,
  base: string,
  applicationNo: string,
): Promise<StepResult> {
  const a11y = await openCaseFromBoard(page, base, applicationNo);
  const parts = page.getByRole('table', { name: '部门事项及期限' });
  const deadline = Date.now() + WAIT;
  for (;;) {
    const states = await parts.locator('tbody tr td:nth-child(2)').allInnerTexts();
    const active = states.map((s) => s.trim()).filter((s) => s !== '已撤回');
    const complete =
      active.length > 0 &&
      active.every((s) => s === '已反馈') &&
      (await page.getByText('已全部反馈', { exact: true }).count()) > 0;
    if (complete) break;
    if (Date.now() > deadline)
      throw new Error(`申请 ${applicationNo} 的部门事项未全部反馈：${states.join('、')}`);
    await page.waitForTimeout(2000);
    await page.reload();
    await parts.waitFor({ timeout: WAIT });
  }
  // The timeline of the case is part of the screen: wait for it before checking it.
  await page
    .getByText(/办理时间线/)
    .first()
    .waitFor();
  a11y['coordination-case'] = await checkA11y(page);
  return { a11y };
}

/**
 * The 通报 of `month` (default: this month in Shanghai) lists the department (its Chinese name,
 * e.g. 教育局, or part of it) in the ranking table (R-JH-4).
 */
export async function seeInBulletin(
  page: Page,
  base: string,
  department: string,
  month = shanghaiMonth(),
): Promise<StepResult & { rank: string; onTimeRate: string }> {
  await page.goto(`${base}/coordination/bulletin?month=${month}`);
  const ranking = page.getByRole('table', { name: '部门排名' });
  await settled(page, ranking);
  const row = ranking.getByRole('row').filter({ hasText: department });
  await row.first().waitFor({ timeout: WAIT });
  const cells = await row.first().getByRole('cell').allInnerTexts();
  const a11y = { 'coordination-bulletin': await checkA11y(page) };
  return { a11y, rank: cells[0] ?? '', onTimeRate: cells[4] ?? '' };
}

/** The SLA dashboard and the calendar page: opened and checked with axe. */
export async function checkCoordinationScreens(page: Page, base: string): Promise<StepResult> {
  const a11y: StepResult['a11y'] = {};
  await page.goto(`${base}/coordination/sla`);
  await page.getByRole('heading', { name: '时限监控' }).waitFor({ timeout: WAIT });
  await settled(page, page.getByRole('table', { name: '各部门按时反馈情况' }));
  await settled(page, page.getByRole('table', { name: /超期事项列表|临期事项列表/ }));
  a11y['coordination-sla'] = await checkA11y(page);
  await page.goto(`${base}/coordination/calendar`);
  await page.getByRole('heading', { name: '节假日数据' }).waitFor({ timeout: WAIT });
  await page.getByText('随系统发布的年份').waitFor();
  a11y['coordination-calendar'] = await checkA11y(page);
  return { a11y };
}
