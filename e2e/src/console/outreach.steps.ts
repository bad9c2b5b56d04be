import type { Page } from 'playwright-core';
import { checkA11y, type A11yViolation } from '../browser';
import type { SeedApi } from './seed';

/** 主动发现 journey steps (issue 19): a department's sign of hardship to an application signed. */

export interface HospitalBill {
  recordId: string;
  name: string;
  idNumber: string;
  phone: string;
  address: string;
  streetCode: string;
  personalExpenseFen: number;
  householdAnnualIncomeFen: number;
}

interface TaskRow {
  id: string;
  subjectName: string;
  grade: string;
}

/**
 * The hospital's bill reaches medical insurance (`POST /hardship-records`, as its system posts
 * it) and the street's list is read every 20 ms until the household's task is on it: answers the
 * task and the milliseconds from the post to the task on the list.
 */
export async function hospitalBillToTask(
  api: SeedApi,
  officer: string,
  clerk: string,
  bill: HospitalBill,
  existing: ReadonlySet<string>,
): Promise<{
  task: TaskRow;
  signalId: string;
  body: object;
  postMs: number;
  signalToListMs: number;
}> {
  // Signed in beforehand: the figure is the system's, not Keycloak's.
  await api.token(officer);
  await api.token(clerk);
  const body = {
    recordId: bill.recordId,
    subject: {
      name: bill.name,
      idNumber: bill.idNumber,
      phone: bill.phone,
      address: bill.address,
      regionCode: bill.streetCode,
    },
    streetCode: bill.streetCode,
    observedAt: new Date().toISOString(),
    flags: ['no_income'],
    figures: {
      personalExpenseFen: bill.personalExpenseFen,
      householdAnnualIncomeFen: bill.householdAnnualIncomeFen,
    },
  };
  const started = performance.now();
  const posted = await api.ok<{ signalId: string }>(
    officer,
    'medical',
    'POST',
    '/hardship-records',
    body,
  );
  const postMs = performance.now() - started;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const list = await api.ok<{ items: TaskRow[] }>(
      clerk,
      'civil-affairs',
      'GET',
      '/outreach/tasks?status=open&pageSize=200',
    );
    const task = list.items.find((t) => !existing.has(t.id));
    if (task)
      return {
        task,
        signalId: posted.signalId,
        body,
        postMs,
        signalToListMs: performance.now() - started,
      };
    if (Date.now() > deadline) throw new Error('no outreach task on the street list after 60 s');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function settledTable(page: Page) {
  await page.locator('main .ant-table-row, main .ant-empty').first().waitFor();
  await page
    .locator('main .ant-spin-spinning')
    .first()
    .waitFor({ state: 'detached' })
    .catch(() => undefined);
}

/** The street's list: the task's row by its link; opens it. Answers the row's text and a11y. */
export async function openTaskFromList(page: Page, base: string, masked: string) {
  await page.goto(`${base}/outreach`);
  await page.getByRole('heading', { name: '外展任务', exact: true }).waitFor();
  await settledTable(page);
  const listA11y = await checkA11y(page);
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: masked }) });
  const rowText = (await row.first().textContent()) ?? '';
  await row.first().getByRole('link', { name: masked }).click();
  await page.getByRole('heading', { name: /^外展任务：/ }).waitFor();
  await page.getByRole('table', { name: '发现线索' }).getByRole('row').nth(1).waitFor();
  const signals = (await page.getByRole('table', { name: '发现线索' }).textContent()) ?? '';
  return { rowText, signals, a11y: { list: listA11y, task: await checkA11y(page) } };
}

/**
 * One click to the pre-filled application; the family checks it and signs; nothing is typed.
 * Answers what the form showed before the signature, and the application's id and number.
 */
export async function applyForFamily(page: Page, beforeSign?: () => Promise<void>) {
  await page.getByRole('button', { name: '代为提出救助申请' }).click();
  await page.getByRole('heading', { name: '受理救助申请' }).waitFor();
  await page.getByText('主动发现：已带入部门掌握的信息').waitFor();
  const name = page.getByLabel('姓名', { exact: true }).first();
  // The draft arrives after the form: wait until it has filled the name (antd's id of the field).
  // A function, not a string: the console's CSP forbids eval.
  await page.waitForFunction(
    () => {
      const doc = (globalThis as unknown as { document: { querySelector(s: string): unknown } })
        .document;
      const input = doc.querySelector('input#applicant_name') as { value?: string } | null;
      return (input?.value ?? '') !== '';
    },
    undefined,
    { timeout: 20_000 },
  );
  const shown = {
    name: await name.inputValue(),
    idNumber: await page.getByLabel('身份证号码', { exact: true }).first().inputValue(),
    phone: await page.getByLabel('联系电话', { exact: true }).inputValue(),
    medicalChecked: await page.getByRole('checkbox', { name: '医疗救助' }).isChecked(),
    channel: (await page.locator('.ant-radio-wrapper-checked').first().textContent()) ?? '',
    description: await page.getByLabel('困难情况说明').inputValue(),
  };
  const formA11y = await checkA11y(page);
  await beforeSign?.();
  // The family signs the 承诺书: the only thing done on the form.
  await page.getByRole('checkbox', { name: /申请人已签署承诺书/ }).check();
  await page.getByRole('button', { name: /提交受理/ }).click();
  await page.waitForURL(/\/intake\/applications\/[^/]+$/, { timeout: 20_000 });
  const title = await page.getByRole('heading', { name: /申请 JH-/ }).textContent();
  const applicationNo = /JH-\d{4}-\d{6}/.exec(title ?? '')?.[0] ?? '';
  const applicationId = new URL(page.url()).pathname.split('/').pop()!;
  return { shown, applicationId, applicationNo, a11y: formA11y };
}

/** The coordinator's overview: the first street's row of the live counts and of the month's 通报. */
export async function streetOverview(page: Page, base: string) {
  await page.goto(`${base}/outreach/overview`);
  await page.getByRole('heading', { name: '各街道主动发现概况' }).waitFor();
  await settledTable(page);
  const firstRow = (table: string) =>
    page.getByRole('table', { name: table }).locator('.ant-table-row').first();
  await firstRow('主动发现响应通报').waitFor();
  return {
    text: (await firstRow('各街道主动发现概况').textContent()) ?? '',
    bulletin: (await firstRow('主动发现响应通报').textContent()) ?? '',
    a11y: await checkA11y(page),
  };
}

/**
 * 研判会商 from the task's page: date, departments, findings, one decision, one follow-up; then
 * the follow-up is marked done on the record's page. Answers the record's page text.
 */
export async function recordConsultation(
  page: Page,
  base: string,
  taskId: string,
  input: { heldOn: string; findings: string; decision: string; followUp: string; owner: string },
): Promise<{ text: string; a11y: Record<string, A11yViolation[]> }> {
  await page.goto(`${base}/outreach/tasks/${taskId}`);
  await page.getByRole('heading', { name: /^外展任务：/ }).waitFor();
  await page.getByRole('button', { name: '记录研判会商' }).click();
  const form = page.getByRole('form', { name: '记录研判会商' });
  await form.waitFor();
  await form.getByLabel('会商日期').fill(input.heldOn);
  await form.getByLabel('会商日期').press('Enter');
  await form.getByRole('checkbox', { name: '医保' }).check();
  await form.getByLabel('研判情况').fill(input.findings);
  await form.getByLabel('决定事项（每行一项）').fill(input.decision);
  await form.getByRole('button', { name: '添加跟进事项' }).click();
  await form.getByLabel('跟进事项').fill(input.followUp);
  await form.getByLabel('责任部门').click();
  await page.locator('.ant-select-item-option').filter({ hasText: '医保' }).first().click();
  await form.getByLabel('责任人（账号）').fill(input.owner);
  const formA11y = await checkA11y(page);
  await form.getByRole('button', { name: '保存会商记录' }).click();
  await page.getByRole('heading', { name: /^研判会商（/ }).waitFor();
  const followUps = page.getByRole('table', { name: '跟进事项' });
  await followUps.getByText('进行中').waitFor();
  const recordA11y = await checkA11y(page);
  await followUps.getByRole('button', { name: '标记完成' }).click();
  await followUps.getByText('已完成').waitFor();
  return {
    text: (await page.locator('section[aria-labelledby="consultation"]').textContent()) ?? '',
    a11y: { form: formA11y, record: recordA11y },
  };
}
