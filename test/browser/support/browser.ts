import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const BASE_URL = process.env.BROWSER_BASE_URL ?? 'http://127.0.0.1:3999';
export const DEMO_PASSWORD = process.env.DEMO_PASSWORD ?? 'demo-password-2026';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** A fresh context (own cookies) per person; `phone` gives a small touch viewport. */
export async function newContext(browser: Browser, options: { phone?: boolean } = {}): Promise<BrowserContext> {
  return browser.newContext({
    baseURL: BASE_URL,
    ...(options.phone ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } : { viewport: { width: 1280, height: 900 } }),
  });
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  try {
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'), { timeout: 15_000 });
  } catch {
    const shown = (await page.locator('main').textContent().catch(() => '')) ?? '';
    throw new Error(`Sign-in as ${email} did not leave the sign-in page. The page said: ${shown.replace(/\s+/g, ' ').slice(0, 300)}`);
  }
}

/**
 * Does `act` (a click, a submit) and waits for the page it leads to: a new document in the main
 * frame whose address matches `url`, loaded. Waiting for the address alone is not enough when a
 * form posts back to the page it is on: the address matches before the click, the wait ends at
 * once and the next step races the navigation (a CI failure: a checkbox clicked on the page being
 * replaced). A form re-shown with errors is a new document too, so this also ends then.
 */
export async function navigateBy(page: Page, act: () => Promise<unknown>, url: RegExp | ((url: URL) => boolean), timeout = 30_000): Promise<void> {
  const matches = (address: string) => (url instanceof RegExp ? url.test(address) : url(new URL(address)));
  const committed = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame() && matches(frame.url()), timeout });
  await act();
  await committed;
  await page.waitForLoadState('load');
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).first().click();
  await page.waitForURL(/\/sign-in/);
}

interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/**
 * Runs axe-core (WCAG 2.0/2.1/2.2 A and AA) on the current page and fails on any violation; also
 * axe's `region` best practice (all content inside landmarks: the Back link sits in <main>).
 */
export async function expectAccessible(page: Page, label = page.url()): Promise<void> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    const regions = await axe.run(document, { runOnly: { type: 'rule', values: ['region'] } });
    return [...result.violations, ...regions.violations].map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target) }));
  });
  expect(violations, `axe violations on ${label}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

/** Visits a path, checks it rendered (no error page) and is axe-clean. */
export async function visitAndCheck(page: Page, path: string): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status(), `${path} status`).toBeLessThan(400);
  await expectAccessible(page, path);
}
