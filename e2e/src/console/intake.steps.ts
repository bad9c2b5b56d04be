import type { Locator, Page } from 'playwright-core';
import { checkA11y, confirmDialog, type A11yViolation } from '../browser';

/** The window clerk's journey steps (issue 15, 窗口受理): driven by keyboard, as the clerk works. */

export interface IntakeMember {
  name: string;
  /** Chinese label as the form lists it, e.g. 配偶, 子女. */
  relation?: string;
  idNumber: string;
}

export interface IntakeData {
  applicant: { name: string; idNumber: string; phone?: string; citizenCardNo?: string };
  members?: IntakeMember[];
  /** Item labels as shown on the form, e.g. 最低生活保障（低保）, 教育救助. */
  items: string[];
  /** 容缺受理 papers with the promised date (YYYY-MM-DD). */
  missing?: { name: string; promisedBy: string }[];
}

/** Presses Tab until the control labelled `label` has the focus (keyboard only, no clicks). */
export async function tabTo(page: Page, label: string | RegExp | Locator, max = 60): Promise<void> {
  const target =
    typeof label === 'string' || label instanceof RegExp
      ? page.getByLabel(label, { exact: typeof label === 'string' }).first()
      : label;
  for (let i = 0; i < max; i++) {
    if (
      await target.evaluate(
        (el) =>
          el ===
          (globalThis as unknown as { document: { activeElement: unknown } }).document
            .activeElement,
      )
    )
      return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`keyboard focus never reached "${String(label)}"`);
}

async function typeInto(page: Page, label: string | RegExp | Locator, text: string) {
  await tabTo(page, label);
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}

/** a11y check of the current screen: serious/critical axe violations, empty when clean. */
export const a11y = (page: Page): Promise<A11yViolation[]> => checkA11y(page);

/**
 * Fills the full application form without the mouse (Tab order, Enter adds a member, Space ticks,
 * Ctrl+Enter submits) and answers the new application's id and number.
 */
export async function submitApplication(
  page: Page,
  base: string,
  data: IntakeData,
): Promise<{ applicationId: string; applicationNo: string; a11y: A11yViolation[] }> {
  await page.goto(`${base}/intake/new`);
  const heading = page.getByRole('heading', { name: '受理救助申请' });
  await heading.waitFor();
  const violations = await a11y(page);
  await typeInto(page, '姓名', data.applicant.name);
  await typeInto(page, '身份证号码', data.applicant.idNumber);
  if (data.applicant.phone) await typeInto(page, '联系电话', data.applicant.phone);
  if (data.applicant.citizenCardNo) await typeInto(page, '市民卡号', data.applicant.citizenCardNo);
  const members = data.members ?? [];
  if (members.length > 0) {
    await tabTo(page, page.getByRole('button', { name: '添加家庭成员' }));
    await page.keyboard.press('Enter');
    for (const [i, m] of members.entries()) {
      await typeInto(page, `成员${i + 1}姓名`, m.name);
      if (m.relation && m.relation !== '配偶') {
        await tabTo(page, page.getByLabel('与申请人关系', { exact: true }).nth(i));
        await page.keyboard.type(m.relation);
        await page.keyboard.press('Enter');
      }
      // The member row's own ID field: the n-th "身份证号码" after the applicant's.
      await tabTo(page, page.getByLabel('身份证号码', { exact: true }).nth(i + 1));
      await page.keyboard.press('Control+A');
      await page.keyboard.type(m.idNumber);
      // Enter in the last member row adds the next member.
      if (i < members.length - 1) await page.keyboard.press('Enter');
    }
  }
  for (const item of data.items) {
    await tabTo(page, item);
    await page.keyboard.press('Space');
  }
  for (const [i, d] of (data.missing ?? []).entries()) {
    await tabTo(page, page.getByRole('button', { name: '登记缺少的材料' }));
    await page.keyboard.press('Enter');
    await typeInto(page, `缺少材料${i + 1}`, d.name);
    await page.keyboard.press('Escape');
    await typeInto(page, page.getByLabel('承诺补交日期', { exact: true }).nth(i), d.promisedBy);
  }
  await tabTo(page, /申请人已签署承诺书/);
  await page.keyboard.press('Space');
  await page.keyboard.press('Control+Enter');
  await page.waitForURL(/\/intake\/applications\/[^/]+$/, { timeout: 20_000 });
  const title = await page.getByRole('heading', { name: /申请 JH-/ }).textContent();
  const applicationNo = /JH-\d{4}-\d{6}/.exec(title ?? '')?.[0];
  if (!applicationNo) throw new Error(`no application number on the page: ${title}`);
  const applicationId = new URL(page.url()).pathname.split('/').pop()!;
  return { applicationId, applicationNo, a11y: violations };
}

/** The application's own page, checked for a11y. */
export async function openApplication(page: Page, base: string, id: string) {
  await page.goto(`${base}/intake/applications/${id}`);
  await page.getByRole('heading', { name: /申请 JH-/ }).waitFor();
  return { a11y: await a11y(page) };
}

/** The printable 受理回执, checked for a11y; answers its text. */
export async function openReceipt(page: Page, base: string, id: string) {
  await page.goto(`${base}/intake/applications/${id}/receipt`);
  const receipt = page.getByRole('article', { name: '社会救助申请受理回执' });
  await receipt.waitFor();
  return { text: (await receipt.textContent()) ?? '', a11y: await a11y(page) };
}

/** The clerk's own list, checked for a11y; answers the application numbers on the first page. */
export async function openMyApplications(page: Page, base: string) {
  await page.goto(`${base}/intake`);
  const table = page.getByRole('table');
  await table.first().waitFor();
  await page.getByRole('heading', { name: '我受理的申请' }).waitFor();
  // The first answer is in: rows or the empty state, and no loading overlay.
  await page.locator('main .ant-table-row, main .ant-empty').first().waitFor();
  await page.locator('main .ant-spin-spinning').waitFor({ state: 'detached' });
  const numbers = await page.getByRole('link', { name: /^JH-\d{4}-\d{6}$/ }).allTextContents();
  return { numbers, a11y: await a11y(page) };
}

/**
 * 首问负责 hand-over (R-JH-5) by keyboard: Tab to 移交给, type part of the colleague's name, Enter
 * picks him from the list the service offers, the reason, then 移交 and its confirmation.
 * Answers the page's a11y before and after, and who the page then names as owner.
 */
export async function handOver(
  page: Page,
  base: string,
  id: string,
  { to, reason }: { to: string; reason: string },
): Promise<{ owner: string; history: string; a11y: Record<string, A11yViolation[]> }> {
  await page.goto(`${base}/intake/applications/${id}`);
  await page.getByRole('heading', { name: /申请 JH-/ }).waitFor();
  const target = page.getByRole('combobox', { name: '移交给' });
  await target.waitFor();
  const before = await a11y(page);
  await tabTo(page, target, 120);
  await page.keyboard.type(to.slice(0, 2));
  // antd's list: the visible option by its text (its a11y listbox is hidden and virtual).
  await page.locator('.ant-select-item-option').filter({ hasText: to }).first().waitFor();
  await page.keyboard.press('Enter');
  await typeInto(page, '移交原因', reason);
  await tabTo(page, page.getByRole('button', { name: '移交', exact: true }));
  await page.keyboard.press('Enter');
  await confirmDialog(page, '确认移交');
  await page.getByText('已移交，对方现为首问负责人').waitFor();
  const card = page.locator('.ant-card').filter({ hasText: '首问负责（R-JH-5）' });
  const history = card.getByRole('table', { name: '负责人变更记录' });
  await history.getByRole('cell', { name: to }).first().waitFor();
  const owner = (await card.locator('.ant-descriptions-item-content').first().textContent()) ?? '';
  return {
    owner,
    history: (await history.textContent()) ?? '',
    a11y: { 'intake-application': before, 'intake-handover': await a11y(page) },
  };
}
