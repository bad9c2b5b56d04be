import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import axe from 'axe-core';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from 'playwright-core';
import { repoRoot } from './processes';

/** Debian's Chromium, installed by the test command's setup (tools/run/setup.mjs); never a download. */
export const CHROMIUM = '/usr/bin/chromium';
/** Password of the realm's development users (tools/local-infra/keycloak). */
export const DEV_PASSWORD = 'jh-dev-2026';
export const ARTIFACTS_DIR = join(repoRoot, '.local', 'e2e-artifacts');
export const SCREENSHOTS_DIR = join(repoRoot, 'docs', 'screenshots');

// Headless as root; without the background-networking flags Chromium calls hosts this machine
// cannot reach (/work/shared/notes/browser-tests.md).
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Every test context: an office screen in Shanghai, Chinese first. */
export const CONTEXT_OPTIONS: BrowserContextOptions = {
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
  viewport: { width: 1440, height: 900 },
};

export interface BrowserSession {
  browser: Browser;
  /** The first context and its page. */
  context: BrowserContext;
  page: Page;
  /** Another context (another person at another desk): own cookies and storage. */
  newContext(): Promise<BrowserContext>;
  close(): Promise<void>;
}

const open = new Set<Browser>();

/**
 * Launches Chromium headless. Playwright gives every launch a fresh, empty user-data dir of its
 * own (it refuses `--user-data-dir` in `args`) and removes it on close.
 */
export async function launchBrowser(): Promise<BrowserSession> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    timeout: 60000,
  });
  open.add(browser);
  browser.on('disconnected', () => open.delete(browser));
  const newContext = () => browser.newContext(CONTEXT_OPTIONS);
  try {
    const context = await newContext();
    const page = await context.newPage();
    return { browser, context, page, newContext, close: () => browser.close() };
  } catch (e) {
    await browser.close();
    throw e;
  }
}

/**
 * Signs in through the console: opens it, follows the redirect to Keycloak's login form, fills
 * it in and waits until the browser is back on the console (past the OIDC callback).
 */
export async function signIn(
  page: Page,
  baseUrl: string,
  username: string,
  password = DEV_PASSWORD,
): Promise<void> {
  const origin = new URL(baseUrl).origin;
  await page.goto(baseUrl);
  await page.locator('#username').waitFor({ timeout: 30000 });
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.locator('#kc-login').click();
  await page.waitForURL(
    (url) => url.origin === origin && !url.pathname.startsWith('/auth/callback'),
    { timeout: 30000 },
  );
}

const safe = (s: string) =>
  s
    .replace(/[^\p{L}\p{N}._-]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 120) || 'unnamed';

/** Folder of the running jest test's artifacts: .local/e2e-artifacts/<test>/. */
function artifactDir(): string {
  const test = expect.getState().currentTestName ?? 'outside-a-test';
  return join(ARTIFACTS_DIR, safe(test));
}

async function shoot(page: Page, file: string): Promise<void> {
  if (page.isClosed()) return;
  mkdirSync(dirname(file), { recursive: true });
  // A failing page may be mid-navigation: a missing screenshot must not hide the real error.
  await page.screenshot({ path: file, fullPage: true, timeout: 10000 }).catch(() => undefined);
}

/** Runs one step of a journey; when it fails, keeps a full-page screenshot of `page`, then rethrows. */
export async function step<T>(page: Page, name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    await shoot(page, join(artifactDir(), `${safe(name)}.png`));
    throw e;
  }
}

/**
 * Runs `fn`; when it fails, keeps a full-page screenshot of every open page of every browser
 * launched by launchBrowser(), then rethrows.
 */
export async function withArtifacts<T>(name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    const pages = [...open].flatMap((b) => b.contexts().flatMap((c) => c.pages()));
    await Promise.all(
      pages.map((p, i) =>
        shoot(p, join(artifactDir(), `${safe(name)}${pages.length > 1 ? `-${i + 1}` : ''}.png`)),
      ),
    );
    throw e;
  }
}

/**
 * With `JH_SCREENSHOTS=1`, the README's screenshot of a settled screen (no spinner, antd's
 * fades finished) in docs/screenshots/; otherwise nothing.
 */
export async function readmeShot(page: Page, name: string): Promise<void> {
  if (process.env['JH_SCREENSHOTS'] !== '1') return;
  await page
    .locator('main .ant-spin-spinning')
    .first()
    .waitFor({ state: 'detached', timeout: 10_000 })
    .catch(() => undefined);
  await finiteAnimationsDone(page);
  await screenshot(page, name);
}

/** A README screenshot: docs/screenshots/<file> (the viewport, or the whole page). */
export async function screenshot(
  page: Page,
  file: string,
  { fullPage = false }: { fullPage?: boolean } = {},
): Promise<string> {
  const path = join(SCREENSHOTS_DIR, file.endsWith('.png') ? file : `${file}.png`);
  mkdirSync(dirname(path), { recursive: true });
  await page.screenshot({ path, fullPage });
  return path;
}

/**
 * Waits (up to 3 s) until every finite animation has ended (a colour fading back, an opening
 * drawer); endless ones (spinners) are not waited for. Runs as a function: the console's CSP
 * refuses string predicates (eval).
 */
export async function finiteAnimationsDone(page: Page): Promise<void> {
  await page.evaluate(async () => {
    type Running = {
      finished: Promise<unknown>;
      effect: { getComputedTiming(): { iterations?: number } } | null;
    };
    const doc = (globalThis as unknown as { document: { getAnimations(): Running[] } }).document;
    const finite = doc
      .getAnimations()
      .filter((a) => a.effect?.getComputedTiming().iterations !== Infinity);
    await Promise.race([
      Promise.all(finite.map((a) => a.finished.catch(() => undefined))),
      new Promise((r) => setTimeout(r, 3000)),
    ]);
  });
}

/**
 * Clicks a confirmation dialog's button once the dialog has finished opening: under load a click
 * during antd's zoom-in was seen to go nowhere (the dialog stayed open, CI on d5baad1).
 */
export async function confirmDialog(page: Page, button: string): Promise<void> {
  const target = page.getByRole('button', { name: button });
  await target.waitFor();
  await finiteAnimationsDone(page);
  await target.click();
}

export interface A11yViolation {
  id: string;
  impact: 'serious' | 'critical';
  help: string;
  helpUrl: string;
  /** CSS selectors of the offending elements. */
  targets: string[];
}

/**
 * Runs axe-core on the page and answers its serious and critical violations. axe is evaluated
 * through the DevTools protocol, so the console's CSP (script-src 'self') stays in force.
 */
export async function checkA11y(page: Page): Promise<A11yViolation[]> {
  // Measure the resting page: the pointer off the control just clicked (Chromium keeps its hover
  // colour until the mouse moves), then every finite transition ended (a colour fading back, an
  // opening drawer); endless ones (spinners) are not waited for.
  await page.mouse.move(0, 0);
  await finiteAnimationsDone(page);
  // The callbacks run in the page (this project compiles without the DOM types).
  const loaded = await page.evaluate(() => 'axe' in globalThis);
  if (!loaded) await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const w = globalThis as unknown as { axe: typeof axe; document: axe.ElementContext };
    const result = await w.axe.run(w.document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      helpUrl: v.helpUrl,
      targets: v.nodes.map((n) => n.target.map(String).join(' ')),
    }));
  });
  return violations.filter(
    (v): v is A11yViolation => v.impact === 'serious' || v.impact === 'critical',
  );
}
