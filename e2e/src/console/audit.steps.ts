import type { Page } from 'playwright-core';
import { checkA11y, type A11yViolation } from '../browser';
import type { SeedApi } from './seed';

/** The auditor's journey steps (issue 16, 审计监督, R-OV-1…3). */

export type AuditServiceKey =
  'intake' | 'civil-affairs' | 'education' | 'housing' | 'medical' | 'employment' | 'payment';

/** The service selector's labels (apps/console workspaces/audit/labels.ts). */
const serviceLabels: Record<AuditServiceKey, string> = {
  intake: '一门受理',
  'civil-affairs': '民政',
  education: '教育',
  housing: '住建',
  medical: '医保',
  employment: '人社',
  payment: '资金',
};

export interface StepResult {
  /** Serious/critical axe violations per screen visited (empty arrays when clean). */
  a11y: Record<string, A11yViolation[]>;
}

export interface TrailRow {
  time: string;
  user: string;
  action: string;
  object: string;
}

const WAIT = 30_000;

async function openSearch(page: Page, base: string, service: AuditServiceKey) {
  await page.goto(`${base}/audit`);
  await page.getByRole('heading', { name: '审计记录查询' }).waitFor({ timeout: WAIT });
  const radio = page.getByRole('radio', { name: serviceLabels[service], exact: true });
  if (!(await radio.isChecked())) {
    await page
      .getByRole('radiogroup', { name: '服务' })
      .getByText(serviceLabels[service], { exact: true })
      .click();
    await page.waitForURL(new RegExp(`svc=${service}`));
  }
}

const table = (page: Page, service: AuditServiceKey) =>
  page.getByRole('table', { name: `${serviceLabels[service]}审计记录` });

/** The rows on the page once the search has answered (none: the empty state). */
async function rowsOf(page: Page, service: AuditServiceKey): Promise<TrailRow[]> {
  const t = table(page, service);
  await t.waitFor({ timeout: WAIT });
  await t.locator('.ant-spin-spinning').waitFor({ state: 'detached', timeout: WAIT });
  const rows = t.locator('tbody tr.ant-table-row');
  const out: TrailRow[] = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const cells = rows.nth(i).getByRole('cell');
    out.push({
      time: (await cells.nth(0).innerText()).trim(),
      user: (await cells.nth(1).innerText()).replace('只看此人', '').trim(),
      action: (await cells.nth(4).innerText()).trim(),
      object: (await cells.nth(5).innerText()).trim(),
    });
  }
  return out;
}

/**
 * The trail of one object (a payment order, an application…) in one service: picks the service,
 * types the object's id, 查询; waits until at least `atLeast` rows show (records are appended as
 * requests finish).
 */
export async function findTrail(
  page: Page,
  base: string,
  q: { service: AuditServiceKey; objectId: string; atLeast?: number },
): Promise<StepResult & { rows: TrailRow[] }> {
  const a11y: StepResult['a11y'] = {};
  await openSearch(page, base, q.service);
  a11y['audit-search'] = await checkA11y(page);
  await page.getByLabel('对象编号', { exact: true }).fill(q.objectId);
  const deadline = Date.now() + WAIT;
  for (;;) {
    const answered = page.waitForResponse(
      (r) => r.url().includes('/audit/records?') && r.url().includes('objectId='),
      { timeout: WAIT },
    );
    await page.getByRole('button', { name: '查询' }).click();
    await answered;
    const rows = await rowsOf(page, q.service);
    if (rows.length >= (q.atLeast ?? 1) || Date.now() > deadline) {
      a11y['audit-trail'] = await checkA11y(page);
      return { rows, a11y };
    }
    await page.waitForTimeout(1000);
  }
}

/**
 * 按当事人: types the ID number (validated on the screen, sent in a POST body), 查询; checks the
 * number never reaches the address bar, opens the first record's detail.
 */
export async function findByPerson(
  page: Page,
  base: string,
  q: { service: AuditServiceKey; idNumber: string },
): Promise<StepResult & { rows: TrailRow[]; detail: string }> {
  const a11y: StepResult['a11y'] = {};
  await openSearch(page, base, q.service);
  await page.getByLabel('身份证号', { exact: true }).fill(q.idNumber);
  const answered = page.waitForResponse(
    (r) => r.url().includes('/audit/records/search') && r.request().method() === 'POST',
    { timeout: WAIT },
  );
  await page.getByRole('button', { name: '查询' }).click();
  await answered;
  await page.getByText('正在按当事人').waitFor({ timeout: WAIT });
  if (page.url().includes(q.idNumber)) throw new Error('身份证号出现在了网址中');
  const rows = await rowsOf(page, q.service);
  a11y['audit-by-person'] = await checkA11y(page);
  let detail = '';
  if (rows.length > 0) {
    await table(page, q.service)
      .getByRole('link', { name: /^查看第 \d+ 条审计记录$/ })
      .first()
      .click();
    // Chromium keeps :hover on the clicked link under the drawer's mask until the mouse moves,
    // and axe then measures the hover colour; a person's mouse moves on to the drawer.
    await page.mouse.move(1, 1);
    const drawer = page.getByRole('dialog');
    await drawer.getByText('追踪号').waitFor({ timeout: WAIT });
    detail = await drawer.innerText();
    a11y['audit-record'] = await checkA11y(page);
    await page.getByRole('button', { name: '关闭审计记录' }).click();
  }
  return { rows, detail, a11y };
}

/** 校验链 for one service; waits for the outcome: 完整, or the first broken record and why. */
export async function verifyChain(
  page: Page,
  base: string,
  service: AuditServiceKey,
): Promise<StepResult & { ok: boolean; text: string }> {
  const a11y: StepResult['a11y'] = {};
  await page.goto(`${base}/audit/chain`);
  await page.getByRole('heading', { name: '审计链校验' }).waitFor({ timeout: WAIT });
  const label = serviceLabels[service];
  await page.getByRole('button', { name: `校验链：${label}` }).click();
  const row = page
    .getByRole('table', { name: '各服务审计链校验' })
    .getByRole('row')
    .filter({ has: page.getByRole('cell', { name: label, exact: true }) });
  const outcome = row.getByText(/^完整$|^第 \d+ 条：/);
  await outcome.first().waitFor({ timeout: 120_000 });
  await page.mouse.move(1, 1); // off the button: axe would measure its hover colour
  a11y['audit-chain'] = await checkA11y(page);
  const text = (await row.innerText()).replace(/\s+/g, ' ').trim();
  return { ok: (await outcome.first().innerText()) === '完整', text, a11y };
}

/** 导出 CSV of the current search (call after findTrail/findByPerson): the file's text. */
export async function exportCsv(page: Page): Promise<{ fileName: string; text: string }> {
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: WAIT }),
    page.getByRole('button', { name: '导出 CSV' }).click(),
  ]);
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return { fileName: download.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') };
}

/**
 * Seeding: a first reviewer opens the application unmasked (intake GET /applications/:id), so
 * the trail holds a `personal-data.read` of its applicant for `findByPerson` to find.
 */
export async function seedPersonalDataRead(
  api: SeedApi,
  applicationId: string,
  reviewer = 'reviewer.330106001',
): Promise<void> {
  await api.ok(reviewer, 'intake', 'GET', `/applications/${applicationId}`);
}
