import type { Locator, Page } from 'playwright-core';
import { checkA11y, type A11yViolation } from '../browser';
import type { SeedApi } from './seed';

/**
 * Journey steps of issue 16's procedures: 先行救助 (R-AP-9, R-AP-6), 一事一议 (DOMAIN §5, the
 * ≥ 12 participants of §5.3), monthly 抽查 (R-AP-7) and the relatives registry (R-AP-8).
 */

export interface StepResult {
  /** Serious/critical axe violations per screen visited (empty arrays when clean). */
  a11y: Record<string, A11yViolation[]>;
}

const WAIT = 30_000;

/** A valid 18-digit ID number (GB 11643 check character) for test households. */
export function testIdNumber(serial: number, region = '330106', birth = '19700101'): string {
  const first17 = `${region}${birth}${String(serial % 1000).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((acc, ch, i) => acc + Number(ch) * weights[i]!, 0);
  return `${first17}${'10X98765432'[sum % 11]}`;
}
const today = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

/** Waits until CSS transitions have ended (a just-enabled button fades in its colours). */
async function settled(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const doc = (
      globalThis as unknown as { document: { getAnimations(): { finished: Promise<unknown> }[] } }
    ).document;
    await Promise.all(doc.getAnimations().map((a) => a.finished.catch(() => undefined)));
  });
}

/** Types a day into an antd DatePicker and closes its calendar (Enter keeps it, Tab leaves). */
async function pickDay(input: Locator, day: string): Promise<void> {
  await input.fill(day);
  await input.press('Enter');
  await input.press('Tab');
}

/** Seeding: a 一事一议 opened at the window and investigated, waiting for its democratic review. */
export async function seedDeliberationAtReview(
  api: SeedApi,
  opts: { clerk: string; investigator: string; serial: number; street?: string },
): Promise<{ id: string; applicantName: string }> {
  const street = opts.street ?? '330106001';
  const applicantName = `一事一议${opts.serial}`;
  const day = today();
  const opened = await api.ok<{ id: string }>(
    opts.clerk,
    'civil-affairs',
    'POST',
    '/deliberations',
    {
      applicant: {
        name: applicantName,
        idNumber: testIdNumber(opts.serial, street.slice(0, 6)),
        citizenCardNo: '3301061234567890',
        regionCode: street,
      },
      hardship: '突发重病，现行政策难以覆盖的特殊困难',
      declaration: { signed: true, signedOn: day, text: '本人承诺所填信息真实' },
    },
  );
  await api.ok(
    opts.investigator,
    'civil-affairs',
    'POST',
    `/deliberations/${opened.id}/investigation`,
    {
      economicCheck: { startedOn: day, completedOn: day, note: '核对无异常' },
      homeVisit: { visitedOn: day, note: '入户核实' },
    },
  );
  return { id: opened.id, applicantName };
}

/** Opens a deliberation from the list (by the applicant's name), as a user finds it. */
export async function openDeliberation(
  page: Page,
  base: string,
  applicantName: string,
  a11y: StepResult['a11y'] = {},
): Promise<void> {
  await page.goto(`${base}/approval/deliberations?stage=democratic_review`);
  const table = page.getByRole('table', { name: '一事一议事项清单' });
  await table.waitFor();
  await table.getByRole('link', { name: applicantName }).first().waitFor({ timeout: WAIT });
  a11y['deliberation-list'] = await checkA11y(page);
  await table.getByRole('link', { name: applicantName }).first().click();
  await page.getByRole('heading', { name: `一事一议：${applicantName}` }).waitFor();
  a11y['deliberation-detail'] = await checkA11y(page);
}

/**
 * §5.3 民主评议 with `participants` counted members (and the 纪（工）委 observer unless `observer`
 * is false). Below the minimum the form says so and cannot be sent: `proceeded` false and the
 * stage unchanged after a reload.
 */
export async function democraticReview(
  page: Page,
  base: string,
  opts: { applicantName: string; participants: number; observer?: boolean },
): Promise<StepResult & { proceeded: boolean; message: string; stage: string }> {
  const a11y: StepResult['a11y'] = {};
  await openDeliberation(page, base, opts.applicantName, a11y);
  await page.getByRole('button', { name: '民主评议', exact: true }).click();
  const form = page.getByRole('form', { name: '民主评议' });
  await form.waitFor();
  await pickDay(form.getByLabel('评议日期'), today());
  const staff = Array.from({ length: opts.participants }, (_, i) => `参会人${i + 1}`);
  // Street staff and village committee are required roles; the rest are representatives.
  await form.getByLabel(/街道（乡镇）救助工作人员/).fill(staff.slice(0, 1).join('\n'));
  await form.getByLabel(/村居（社区）委员会成员/).fill(staff.slice(1, 2).join('\n'));
  await form.getByLabel(/村居（社区）群众代表/).fill(staff.slice(2).join('\n'));
  if (opts.observer !== false) await form.getByLabel(/纪（工）委监督人员/).fill('纪委监督员');
  await settled(page);
  a11y['democratic-review-form'] = await checkA11y(page);
  const submit = form.getByRole('button', { name: '登记民主评议结果' });
  const warning = form.getByRole('alert');
  const blocked = await submit.isDisabled();
  const message = blocked ? ((await warning.textContent()) ?? '') : '';
  if (!blocked) {
    await submit.click();
    await page.getByRole('dialog').getByRole('button', { name: '确认' }).click();
    await page
      .getByText('社会事务办负责人审核', { exact: true })
      .first()
      .waitFor({ timeout: WAIT });
  }
  await page.reload();
  const stageCell = page.getByRole('cell').filter({ hasText: /^(民主评议|社会事务办负责人审核)$/ });
  await stageCell.first().waitFor();
  return {
    a11y,
    proceeded: !blocked,
    message,
    stage: ((await stageCell.first().textContent()) ?? '').trim(),
  };
}

/**
 * 先行救助 by the street approver (R-AP-9): the cap is shown before sending; an amount above it
 * is refused on the form. Returns the record's URL id once granted (null when it could not be).
 */
export async function firstAid(
  page: Page,
  base: string,
  v: {
    name: string;
    idNumber: string;
    citizenCardNo: string;
    amountYuan: string;
    description?: string;
  },
): Promise<StepResult & { id: string | null; capText: string; refusal: string }> {
  const a11y: StepResult['a11y'] = {};
  await page.goto(`${base}/approval/first-aid/new`);
  const form = page.getByRole('form', { name: '发放先行救助' });
  await form.waitFor();
  await form.getByLabel('救助对象姓名').fill(v.name);
  await form.getByLabel('身份证号码', { exact: true }).fill(v.idNumber);
  await form.getByLabel('市民卡号（收款）').fill(v.citizenCardNo);
  await form.getByLabel('急难情形').click();
  // antd's list: the visible option by its text (its a11y listbox is hidden and virtual).
  await page
    .locator('.ant-select-item-option')
    .filter({ hasText: '意外事件或火灾' })
    .first()
    .click();
  await pickDay(form.getByLabel('急难发生日期'), today());
  await form.getByLabel('救助金额（元）').fill(v.amountYuan);
  await form.getByLabel('急难情况说明').fill(v.description ?? '住房失火，急需生活救助');
  const submit = form.getByRole('button', { name: '发放先行救助' });
  // The server's pre-check answers as the user types: the cap it states, then the checks.
  const cap = page.getByText(/单次最高/);
  await cap.getByText(/元/).waitFor();
  await page.waitForLoadState('networkidle');
  const capText = ((await cap.textContent()) ?? '').trim();
  await settled(page);
  a11y['first-aid-form'] = await checkA11y(page);
  if (await submit.isDisabled()) {
    const refusal = (
      await form.locator('.ant-form-item-explain-error, [role=alert]').allTextContents()
    )
      .join(' ')
      .trim();
    return { a11y, id: null, capText, refusal };
  }
  await submit.click();
  await page.getByRole('dialog').getByRole('button', { name: '确认发放' }).click();
  await page.getByRole('heading', { name: `先行救助：${v.name}` }).waitFor({ timeout: WAIT });
  a11y['first-aid-detail'] = await checkA11y(page);
  const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
  return { a11y, id, capText, refusal: '' };
}

/**
 * R-AP-7 the month's spot checks as the county sees them: draws the sample when not yet drawn
 * (confirmed), then answers the category rows of the figures table.
 */
export async function drawSpotChecks(
  page: Page,
  base: string,
  month: string,
): Promise<StepResult & { drawnNow: boolean; categories: string[] }> {
  const a11y: StepResult['a11y'] = {};
  await page.goto(`${base}/approval/oversight?month=${month}`);
  await page.getByRole('heading', { name: /月度抽查/ }).waitFor();
  const drawButton = page.getByRole('button', { name: '抽取本月样本' });
  const figures = page.getByRole('table', { name: '分类统计' });
  await Promise.race([drawButton.waitFor(), figures.waitFor()]);
  const drawnNow = await drawButton.isVisible();
  if (drawnNow) {
    await drawButton.click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    // The confirm dialog fades out: axe would measure its half-transparent text.
    await page.getByRole('dialog').waitFor({ state: 'hidden', timeout: WAIT });
  }
  await figures.waitFor({ timeout: WAIT });
  a11y['spot-checks'] = await checkA11y(page);
  const categories = (await figures.locator('tbody tr td:first-child').allTextContents()).map((s) =>
    s.trim(),
  );
  return { a11y, drawnNow, categories };
}

/** R-AP-8 the check by ID number: the screen answers only the flag. */
export async function checkRelative(
  page: Page,
  base: string,
  idNumber: string,
): Promise<StepResult & { flagged: boolean }> {
  const a11y: StepResult['a11y'] = {};
  await page.goto(`${base}/approval/oversight/relatives`);
  const form = page.getByRole('form', { name: '按身份证号码核查' });
  await form.waitFor();
  await form.getByLabel(/身份证号码/).fill(idNumber);
  await form.getByRole('button', { name: '核查' }).click();
  const status = form.getByRole('status');
  await status.getByText(/近亲属备案/).waitFor({ timeout: WAIT });
  a11y['relatives'] = await checkA11y(page);
  return { a11y, flagged: ((await status.textContent()) ?? '').includes('须重点复核') };
}
