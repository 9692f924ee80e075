import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, newContext, signIn, signOut, visitAndCheck } from './support/browser.js';

/** Each demo role signs in, visits every page its navigation offers, and every page is axe-clean. */
const ROLES = [
  'admin@example.org',
  'lead@example.org',
  'amhp@example.org',
  'edt-manager@example.org',
  'manager@example.org',
  'edt@example.org',
  'support@example.org',
  'lead-amhp@example.org',
  'linemanager@example.org',
  'director@example.org',
];

describe('the shell, for every role', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser.close());

  it('public pages are accessible without signing in', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    for (const path of ['/sign-in', '/cookies', '/privacy', '/accessibility', '/no-such-page']) {
      await page.goto(path);
      await expectAccessible(page, path);
    }
    await page.goto('/no-such-page');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Page not found');
    await context.close();
  });

  it('shows a GOV.UK error summary for a wrong password', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto('/sign-in');
    await page.getByLabel('Email address').fill('amhp@example.org');
    await page.getByLabel('Password', { exact: true }).fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Enter a correct email address and password');
    await expectAccessible(page, 'sign-in error');
    await context.close();
  });

  it("loads MOJ Frontend's script only on a page with one of its components, where the table then sorts", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
    });
    await signIn(page, 'lead@example.org');
    await page.waitForLoadState('load');
    expect(scripts.some((path) => path.includes('govuk-frontend'))).toBe(true);
    expect(scripts.some((path) => path.includes('moj-frontend'))).toBe(false);

    await page.goto('/referrals');
    // The sortable table's script turns each sortable column heading into a button.
    const column = page.locator('table[data-module="moj-sortable-table"] th[aria-sort]').nth(1);
    expect(await column.getAttribute('aria-sort')).toBe('none');
    const heading = column.locator('button');
    await heading.waitFor();
    expect(scripts.some((path) => path.includes('moj-frontend'))).toBe(true);
    await heading.click();
    await expect.poll(() => column.getAttribute('aria-sort')).toBe('ascending');
    // By the names people read (family name first), not by the links' addresses.
    const names = (await page.locator('table[data-module="moj-sortable-table"] tbody tr td:nth-child(2) a').allTextContents()).map((name) => name.trim());
    expect(names.length).toBeGreaterThan(3);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    await context.close();
  });

  for (const email of ROLES) {
    it(`${email} signs in, visits every page in the navigation, and signs out`, async () => {
      const context = await newContext(browser);
      const page = await context.newPage();
      await signIn(page, email);
      await expectAccessible(page, `home for ${email}`);
      const links = await page.locator('.govuk-service-navigation__list a').evaluateAll((anchors) => anchors.map((a) => a.getAttribute('href') ?? ''));
      expect(links.length).toBeGreaterThan(0);
      for (const href of links) await visitAndCheck(page, href);
      if (links.includes('/admin')) {
        const adminLinks = await page.goto('/admin').then(() => page.locator('main a').evaluateAll((anchors) => anchors.map((a) => a.getAttribute('href') ?? '')));
        for (const href of adminLinks) await visitAndCheck(page, href);
      }
      await signOut(page);
      await context.close();
    });
  }
});
