import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  checkA11y,
  launchBrowser,
  signIn,
  step,
  withArtifacts,
  type BrowserSession,
} from './browser';
import { repoRoot } from './processes';
import { startSystem, type System } from './system';

// Smoke test of the browser harness on the real platform: the console through its gateway, the
// sign-in through the local Keycloak (authorization code + PKCE), axe on the signed-in screen.
jest.setTimeout(300000);

const USERNAME = 'clerk.330106001';

/** The development user's name as the console shows it: family name first (王丽静). */
function displayName(username: string): string {
  const realm = JSON.parse(
    readFileSync(join(repoRoot, 'tools/local-infra/keycloak/realm-jh.json'), 'utf8'),
  ) as { users: { username: string; firstName: string; lastName: string }[] };
  const user = realm.users.find((u) => u.username === username);
  if (!user) throw new Error(`no development user ${username}`);
  return `${user.lastName}${user.firstName}`;
}

let system: System | undefined;
let session: BrowserSession | undefined;

beforeAll(async () => {
  system = await startSystem();
  session = await launchBrowser();
}, 300000);

afterAll(async () => {
  await session?.close();
  await system?.stop();
}, 60000);

it('a window clerk signs in, sees their name, the screen passes axe, and signs out', async () => {
  const { page } = session!;
  const base = system!.url;
  await withArtifacts('sign-in', async () => {
    await step(page, 'sign-in', () => signIn(page, base, USERNAME));

    const badge = page.getByTestId('user-badge');
    await step(page, 'user-name', async () => {
      await badge.waitFor({ timeout: 30000 });
      expect(await badge.textContent()).toContain(displayName(USERNAME));
    });
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');

    await step(page, 'axe', async () => {
      expect(await checkA11y(page)).toEqual([]);
    });

    await step(page, 'sign-out', async () => {
      await page.getByRole('button', { name: /退出登录/ }).click();
      // Back at Keycloak's login form of the realm, not signed in any more.
      await page.locator('#username').waitFor({ timeout: 30000 });
      expect(new URL(page.url()).pathname).toMatch(/^\/realms\/jh\//);
    });
  });
});
