import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, newContext, signIn, visitAndCheck } from './support/browser.js';

/** Disparity, workforce, returns and sending pages (issue 15 points 3–6), each axe-clean. */
describe('reports part B pages', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser.close());

  it('shows disparity with its chart and tables, and a refused month with the error summary', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, 'director@example.org');
    await page.goto('/reports');
    await page.getByRole('link', { name: 'Disparity per 100,000' }).click();
    await page.waitForURL('**/reports/disparity');
    await expect(page.locator('#suppression-rule').textContent()).resolves.toContain('Counts from 1 to 7');
    expect(await page.locator('svg[role="img"]').count()).toBe(3);
    await expectAccessible(page, 'disparity');
    await page.getByLabel('Last month').fill('2099-01');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    await expectAccessible(page, 'disparity with an error');
    await visitAndCheck(page, '/reports/workforce');
  });

  it('gives the Lead the returns and the sending log, and the administrator the population upload', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, 'lead@example.org');
    await visitAndCheck(page, '/reports/workforce');
    await visitAndCheck(page, '/reports/returns');
    await visitAndCheck(page, '/reports/sending');
    const admin = await (await newContext(browser)).newPage();
    await signIn(admin, 'admin@example.org');
    await visitAndCheck(admin, '/reports/disparity/population');
    await visitAndCheck(admin, '/reports/sending');
  });
});
