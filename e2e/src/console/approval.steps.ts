import type { Page } from 'playwright-core';
import { checkA11y, type A11yViolation } from '../browser';
import { submitByApi, type Applicant, type SeedApi } from './seed';

/** The reviewer's and approver's journey steps (issue 16, 审核审批, R-AP-1/4/5). */

export interface StepResult {
  /** Serious/critical axe violations per screen visited (empty arrays when clean). */
  a11y: Record<string, A11yViolation[]>;
}

const WAIT = 30_000;
/** Today in Asia/Shanghai, YYYY-MM-DD (the step dates the service accepts). */
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * Seeding through the public APIs: 受理 by the clerk, then 初审, 核对, 入户调查 (and 民主评议 for
 * 支出型) by the first reviewer, so the case waits for 审核确认. Default: 支出型临时救助.
 */
export async function seedReviewAwaitingApproval(
  api: SeedApi,
  applicant: Applicant,
  users = { clerk: 'clerk.330106001', reviewer: 'reviewer.330106001' },
): Promise<{ reviewId: string; applicationNumber: string }> {
  const { applicationId, applicationNumber } = await submitByApi(api, users.clerk, applicant, [
    'temporary',
  ]);
  const review = await api.ok<{ id: string }>(users.reviewer, 'civil-affairs', 'POST', '/reviews', {
    caseId: applicationId,
    item: 'temporary',
    kind: 'expenditure',
  });
  const id = encodeURIComponent(review.id);
  const step = (path: string, body: object) =>
    api.ok(users.reviewer, 'civil-affairs', 'POST', `/reviews/${id}/${path}`, body);
  await step('first-review', { opinion: '材料齐全，同意进入核对' });
  await step('economic-check', { startedOn: today(), completedOn: today(), note: '核对无异常' });
  await step('home-visit', { visitedOn: today(), note: '情况属实' });
  await step('democratic-review', {
    heldOn: today(),
    participantCount: 9,
    conclusion: 'agree',
    note: '',
  });
  return { reviewId: review.id, applicationNumber };
}

/** 审核队列 → the review's page, searched by the number the applicant holds. */
export async function openReviewFromQueue(
  page: Page,
  base: string,
  applicationNumber: string,
): Promise<StepResult> {
  const a11y: StepResult['a11y'] = {};
  await page.goto(`${base}/approval?q=${encodeURIComponent(applicationNumber)}`);
  const table = page.getByRole('table', { name: '审核队列' });
  await table.waitFor();
  const link = table.getByRole('link', { name: applicationNumber });
  await link.waitFor({ timeout: WAIT });
  a11y['queue'] = await checkA11y(page);
  await link.click();
  await page.getByRole('heading', { name: `审核 ${applicationNumber}` }).waitFor({ timeout: WAIT });
  await page.getByRole('heading', { name: '办理', exact: true }).waitFor();
  a11y['review'] = await checkA11y(page);
  return { a11y };
}

/** The step's card (allowed) or its "不可办理" note (refused), by the step's data-step key. */
const stepBox = (page: Page, step: string) => page.locator(`[data-step="${step}"]`).first();

/**
 * A step the reader may not take is shown refused with the reason before any click (e.g.
 * `expectStepRefused(page, 'approve', /职责分离/)`, R-AP-1); returns the text shown.
 */
export async function expectStepRefused(page: Page, step: string, reason: RegExp): Promise<string> {
  const box = stepBox(page, step);
  await box.waitFor({ timeout: WAIT });
  const text = (await box.textContent()) ?? '';
  if (!text.includes('不可办理') || !reason.test(text)) {
    throw new Error(`步骤 ${step} 应显示为不可办理（${reason}），实际：${text}`);
  }
  return text;
}

/**
 * 审核确认／审批 of `amountYuan` through the form and its confirmation dialog; resolves with the
 * message the console showed (success, or the service's refusal in Chinese).
 */
export async function approve(page: Page, amountYuan: string): Promise<string> {
  const box = stepBox(page, 'approve');
  await box.getByLabel('救助金额（元）').fill(amountYuan);
  await box.getByRole('button', { name: '审核确认／审批' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: '确认' }).click();
  const notice = page.locator('.ant-message-notice').last();
  await notice.waitFor({ timeout: WAIT });
  return (await notice.textContent()) ?? '';
}

/** R-AP-5: the case shows it was routed to the county (after a street approver tried 601 元). */
export async function expectRoutedToCounty(page: Page): Promise<StepResult> {
  await page
    .getByRole('status')
    .filter({ hasText: '已转县（区）民政局审批' })
    .first()
    .waitFor({ timeout: WAIT });
  return { a11y: { routed: await checkA11y(page) } };
}
