import { launchBrowser, type A11yViolation, type BrowserSession } from './browser';
import { SeedApi } from './console/seed';
import { startSystem, type System, type SystemOptions } from './system';

export interface JourneyContext {
  system: System;
  session: BrowserSession;
  api: SeedApi;
}

/**
 * A browser journey's suite hooks: the whole system and Chromium before the first test, both
 * stopped after the last; `ready` receives them.
 */
export function journeyHooks(options: SystemOptions, ready: (c: JourneyContext) => void): void {
  let context: Partial<JourneyContext> = {};
  beforeAll(async () => {
    const system = await startSystem(options);
    context = { system };
    const session = await launchBrowser();
    context = { system, session, api: new SeedApi(system) };
    ready(context as JourneyContext);
  }, 300_000);
  afterAll(async () => {
    await context.session?.close();
    await context.system?.stop();
  }, 60_000);
}

/** The axe findings of every screen a journey visits, by `<who>:<screen>`. */
export function a11yLog() {
  const a11y: Record<string, A11yViolation[]> = {};
  const record = (prefix: string, found: Record<string, A11yViolation[]>) => {
    for (const [k, v] of Object.entries(found)) a11y[`${prefix}:${k}`] = v;
  };
  return { a11y, record };
}
