import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Workbook } from 'exceljs';
import type { Page } from 'playwright-core';
import {
  checkA11y,
  launchBrowser,
  readmeShot,
  signIn,
  step,
  withArtifacts,
  type A11yViolation,
  type BrowserSession,
} from './browser';
import {
  checkCoordinationScreens,
  seeCaseComplete,
  seeInBulletin,
  shanghaiMonth,
} from './console/coordination.steps';
import { acceptAndReport, seeExemptions } from './console/department.steps';
import {
  handOver,
  openMyApplications,
  openReceipt,
  submitApplication,
} from './console/intake.steps';
import { repoRoot } from './processes';
import { startSystem, type System } from './system';

// One journey across the three roles of issue 15, in Debian's Chromium against the real
// services, engines and Keycloak: a clerk registers an application by keyboard (R-JH-1), the
// education officer accepts and reports within the day (R-JH-3), the coordinator sees the case
// complete and the department in the month's 通报 (R-JH-4). Every screen visited passes axe.
// `JH_SCREENSHOTS=1` also writes the README's screenshots (docs/screenshots/).
jest.setTimeout(600_000);

const shoot = readmeShot;

/** The development user's name as the console shows it: family name first (王丽静). */
function displayName(username: string): string {
  const realm = JSON.parse(
    readFileSync(join(repoRoot, 'tools/local-infra/keycloak/realm-jh.json'), 'utf8'),
  ) as { users: { username: string; firstName: string; lastName: string }[] };
  const user = realm.users.find((u) => u.username === username);
  if (!user) throw new Error(`no development user ${username}`);
  return `${user.lastName}${user.firstName}`;
}

/** A GET through the console's own origin with the signed-in user's token (no other origin). */
async function apiAs<T>(page: Page, path: string): Promise<T> {
  return page.evaluate(async (p) => {
    const g = globalThis as unknown as {
      sessionStorage: { length: number; key(i: number): string | null; getItem(k: string): string };
      fetch: (u: string, i: object) => Promise<{ ok: boolean; status: number; json(): unknown }>;
    };
    let token = '';
    for (let i = 0; i < g.sessionStorage.length; i++) {
      const key = g.sessionStorage.key(i) ?? '';
      if (key.startsWith('oidc.user:'))
        token = JSON.parse(g.sessionStorage.getItem(key)).access_token;
    }
    const res = await g.fetch(p, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`GET ${p}: ${res.status}`);
    return res.json();
  }, path) as Promise<T>;
}

/** Hovering a deadline explains it: the working days counted and the calendar behind them. */
async function seeWhy(page: Page) {
  await page.locator('main [data-deadline-state]').first().hover();
  const tip = page.getByRole('tooltip').filter({ hasText: /个工作日，截止/ });
  await tip.waitFor({ timeout: 15_000 });
  expect(await tip.textContent()).toMatch(/\d{4}-\d{2}-\d{2}/);
}

interface StoredUser {
  access_token: string;
  expires_at: number;
}
type Session = { getItem(k: string): string | null; setItem(k: string, v: string): void } & Record<
  string,
  unknown
>;

/** The signed-in user oidc-client-ts keeps in this tab's sessionStorage. */
const storedUser = (page: Page) =>
  page.evaluate(() => {
    const s = (globalThis as unknown as { sessionStorage: Session }).sessionStorage;
    const key = Object.keys(s).find((k) => k.startsWith('oidc.user:'));
    return JSON.parse((key && s.getItem(key)) || '{}');
  }) as Promise<StoredUser>;

const setStoredUser = (page: Page, user: StoredUser) =>
  page.evaluate((u) => {
    const s = (globalThis as unknown as { sessionStorage: Session }).sessionStorage;
    const key = Object.keys(s).find((k) => k.startsWith('oidc.user:'));
    if (key) s.setItem(key, JSON.stringify(u));
  }, user);

const menuOf = async (page: Page) =>
  (await page.getByRole('navigation', { name: '工作台' }).getByRole('menuitem').allTextContents())
    .map((t) => t.trim())
    .filter(Boolean);

let system: System | undefined;
let session: BrowserSession | undefined;
const a11y: Record<string, A11yViolation[]> = {};
const record = (found: Record<string, A11yViolation[]>) => Object.assign(a11y, found);

beforeAll(async () => {
  system = await startSystem();
  session = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await session?.close();
  await system?.stop();
}, 60_000);

const application = {
  applicant: { name: '赵建国', idNumber: '330106198503021230', phone: '13900001111' },
  members: [{ name: '赵小明', relation: '子女', idNumber: '330106201003154314' }],
  items: ['最低生活保障（低保）', '教育救助'],
  missing: [{ name: '户口簿', promisedBy: '2026-12-10' }],
};
let applicationId = '';
let applicationNo = '';

describe('console journeys (issue 15): clerk → education officer → coordinator', () => {
  it('a window clerk sees only their workspace, keeps a half-filled form through a new sign-in, and registers an application by keyboard (R-JH-1)', async () => {
    const page = session!.page;
    const base = system!.url;
    await withArtifacts('clerk', async () => {
      await step(page, 'sign-in', () => signIn(page, base, 'clerk.330106001'));
      const badge = page.getByTestId('user-badge');
      await badge.waitFor();
      expect(await badge.textContent()).toContain(displayName('clerk.330106001'));
      expect(await badge.textContent()).toContain('窗口受理人员');
      // 主动发现: street staff answer the outreach tasks of their street (issue 19).
      expect(await menuOf(page)).toEqual(['窗口受理', '主动发现']);
      expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');

      await step(page, 'draft survives a new sign-in', async () => {
        await page.goto(`${base}/intake/new`);
        const name = page.getByLabel('姓名', { exact: true }).first();
        await name.fill('草稿中的申请人');
        // The session ends (the stored tokens are gone); the page is reloaded and signs in
        // again through the identity provider's session, back to the same screen.
        await page.evaluate(() => {
          const s = (
            globalThis as unknown as {
              sessionStorage: { removeItem(k: string): void } & Record<string, unknown>;
            }
          ).sessionStorage;
          for (const key of Object.keys(s)) if (key.startsWith('oidc.user:')) s.removeItem(key);
        });
        await page.reload();
        await page.waitForURL(`${base}/intake/new`);
        await expect(page.getByLabel('姓名', { exact: true }).first().inputValue()).resolves.toBe(
          '草稿中的申请人',
        );
        await name.fill('');
      });

      await step(page, 'silent refresh', async () => {
        // The access token is about to end: the console renews it with the refresh token,
        // without leaving the page (no redirect to the sign-in form).
        const before = await storedUser(page);
        await setStoredUser(page, { ...before, expires_at: Math.floor(Date.now() / 1000) + 20 });
        await page.reload();
        await page.getByRole('heading', { name: '受理救助申请' }).waitFor();
        const deadline = Date.now() + 20_000;
        let after = await storedUser(page);
        while (after.access_token === before.access_token && Date.now() < deadline) {
          await page.waitForTimeout(200);
          after = await storedUser(page);
        }
        expect(after.access_token).not.toBe(before.access_token);
        expect(after.expires_at).toBeGreaterThan(Math.floor(Date.now() / 1000) + 600);
        expect(new URL(page.url()).origin).toBe(base);
      });

      const submitted = await step(page, 'submit by keyboard', () =>
        submitApplication(page, base, application),
      );
      applicationId = submitted.applicationId;
      applicationNo = submitted.applicationNo;
      record({ 'intake-new': submitted.a11y });
      expect(applicationNo).toMatch(/^JH-\d{4}-\d{6}$/);
      await shoot(page, 'intake-application');

      const receipt = await step(page, 'receipt', () => openReceipt(page, base, applicationId));
      record({ 'intake-receipt': receipt.a11y });
      expect(receipt.text).toContain(applicationNo);
      expect(receipt.text).toContain('户口簿');
      // The ID number is masked on paper.
      expect(receipt.text).not.toContain(application.applicant.idNumber);
      await shoot(page, 'intake-receipt');

      const mine = await step(page, 'my list', () => openMyApplications(page, base));
      record({ 'intake-list': mine.a11y });
      expect(mine.numbers).toContain(applicationNo);
      await shoot(page, 'intake-list');
    });
  });

  it('the education officer accepts and reports the part within the day, and sees the 免申即享 list (R-JH-3, R-EDU-1)', async () => {
    const context = await session!.newContext();
    const page = await context.newPage();
    const base = system!.url;
    await withArtifacts('education-officer', async () => {
      await step(page, 'sign-in', () => signIn(page, base, 'edu.330106'));
      expect(await menuOf(page)).toEqual(['部门办理']);
      const done = await step(page, 'accept and report', () =>
        acceptAndReport(page, base, {
          applicationNumber: applicationNo,
          report: { amountYuan: '1500.50', note: '按学期发放助学金' },
        }),
      );
      record(done.a11y);
      // Who did each step, by name: civil affairs dispatched, the officer (本人) accepted.
      const history = await page.getByRole('table', { name: '办理历史' }).textContent();
      expect(history).toContain('民政部门（系统）');
      expect(history).toContain(`${displayName('edu.330106')}（本人）`);
      await shoot(page, 'department-part');
      await page.goto(`${base}/department`);
      await page.locator('main .ant-table-row').first().waitFor();
      await shoot(page, 'department-worklist');
      await step(page, 'why this due date', () => seeWhy(page));
      const exemptions = await step(page, 'exemptions', () => seeExemptions(page, base));
      record(exemptions.a11y);
    });
    await context.close();
  });

  it('the coordinator sees the case complete and the department in the month of its due date (R-JH-2, R-JH-4)', async () => {
    const context = await session!.newContext();
    const page = await context.newPage();
    const base = system!.url;
    await withArtifacts('coordinator', async () => {
      await step(page, 'sign-in', () => signIn(page, base, 'coord.330106'));
      expect(await menuOf(page)).toEqual(['协同调度', '主动发现']);
      const complete = await step(page, 'case complete', () =>
        seeCaseComplete(page, base, applicationNo),
      );
      record(complete.a11y);
      // The clerk who registered it, by name (intake's staff directory), not by user id.
      await page
        .getByRole('row')
        .filter({ hasText: '首问负责人' })
        .getByText(displayName('clerk.330106001'), { exact: true })
        .waitFor();
      await step(page, 'why this due date', () => seeWhy(page));
      await shoot(page, 'coordination-case');

      // The 通报 counts a part in the month its report-back was due (may be next month).
      const kase = await apiAs<{ parts: { department: string; reportDueAt: string }[] }>(
        page,
        `/api/civil-affairs/cases/${applicationId}`,
      );
      const education = kase.parts.find((p) => p.department === 'education');
      expect(education).toBeDefined();
      const month = shanghaiMonth(new Date(education!.reportDueAt));
      const bulletin = await step(page, 'bulletin', () => seeInBulletin(page, base, '教育', month));
      record(bulletin.a11y);
      expect(bulletin.onTimeRate).toContain('100');

      await step(page, 'bulletin downloads', async () => {
        const [xlsx] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: '下载 Excel' }).click(),
        ]);
        expect(xlsx.suggestedFilename()).toBe(`通报-${month}.xlsx`);
        const book = new Workbook();
        await book.xlsx.readFile((await xlsx.path())!);
        const rows = book.worksheets[0]!.getSheetValues().flat().map(String);
        expect(rows.join('|')).toContain('教育');
        const [csv] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: '下载 CSV' }).click(),
        ]);
        expect(readFileSync((await csv.path())!, 'utf8')).toContain('教育');
      });
      await shoot(page, 'coordination-bulletin');

      const screens = await step(page, 'sla and calendar', () =>
        checkCoordinationScreens(page, base),
      );
      record(screens.a11y);
      await page.goto(`${base}/coordination/sla`);
      await page.getByRole('heading', { name: '时限监控' }).waitFor();
      await shoot(page, 'coordination-sla');
      await page.goto(`${base}/coordination`);
      await page.locator('main .ant-table-row').first().waitFor();
      await shoot(page, 'coordination-board');
    });
    await context.close();
  });

  it('the clerk hands the application over to a colleague picked by name from the list the service offers (R-JH-5)', async () => {
    const page = session!.page;
    const base = system!.url;
    await withArtifacts('clerk-handover', async () => {
      const to = displayName('reviewer.330106001');
      const done = await step(page, 'hand over', () =>
        handOver(page, base, applicationId, { to, reason: '本人休假，由社会事务办负责人接办' }),
      );
      record(done.a11y);
      expect(done.owner).toContain(to);
      expect(done.history).toContain(`${displayName('clerk.330106001')}（本人）`);
      await shoot(page, 'intake-handover');

      await step(page, 'duplicate warning', async () => {
        // The same person applies again: the clerk is warned (and may still register).
        await page.goto(`${base}/intake/new`);
        await page
          .getByLabel('身份证号码', { exact: true })
          .first()
          .fill(application.applicant.idNumber);
        await page.getByText('该人员已有未办结的申请').waitFor({ timeout: 15_000 });
        record({ 'intake-duplicate-warning': await checkA11y(page) });
      });

      await step(page, 'sign-out', async () => {
        await page.getByRole('button', { name: /退出登录/ }).click();
        // Back at the realm's sign-in form, not signed in any more.
        await page.locator('#username').waitFor({ timeout: 30_000 });
        expect(new URL(page.url()).pathname).toMatch(/^\/realms\/jh\//);
        await page.goto(`${base}/intake`);
        await page.locator('#username').waitFor({ timeout: 30_000 });
      });
    });
  });

  it('every screen visited passes axe (no serious or critical violation)', async () => {
    expect(Object.keys(a11y).length).toBeGreaterThanOrEqual(10);
    const failing = Object.fromEntries(Object.entries(a11y).filter(([, v]) => v.length > 0));
    expect(failing).toEqual({});
  });
});
