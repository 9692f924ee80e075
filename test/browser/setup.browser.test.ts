import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, newContext, signIn } from './support/browser.js';

/** The administrator's set-up checklist and its two forms, each state axe-clean. */
describe('the set-up checklist', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser.close());

  it('shows what is done and to do, names the service and gives a council its code', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, 'admin@example.org');
    await page.goto('/admin');
    await page.getByRole('link', { name: 'Set-up checklist' }).click();
    await page.waitForURL('**/admin/setup');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Set-up checklist');
    expect(await page.locator('.govuk-task-list__item').count()).toBe(9); // eight to go live, and the partner directory
    await expectAccessible(page, 'set-up checklist');

    await page.getByRole('link', { name: 'The operating service’s name' }).click();
    await page.waitForURL('**/admin/setup/service');
    await expectAccessible(page, 'service name form');
    await page.getByLabel('What is the operating service called?').fill('');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    await expectAccessible(page, 'service name form with an error');
    await page.getByLabel('What is the operating service called?').fill('Ashdown and Brackenford AMHP Service');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL('**/admin/setup');
    expect(await page.locator('main').textContent()).toContain('Recorded as Ashdown and Brackenford AMHP Service.');

    await page.goto('/admin/setup/councils');
    await expectAccessible(page, 'councils and codes');
    const first = page.locator('main form').first();
    await first.getByRole('textbox').fill('not a code');
    await first.getByRole('button').click();
    await page.locator('.govuk-error-summary').waitFor();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('9-character ONS code');
    await expectAccessible(page, 'councils with an error');
    await page.locator('main form').first().getByRole('textbox').fill('E06000099');
    await page.locator('main form').first().getByRole('button').click();
    await page.locator('.govuk-notification-banner').waitFor();
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('code E06000099 saved');
    await context.close();
  });

  it('checks a register file row by row before anything is written (the imports page and the dry run, axe-clean)', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, 'admin@example.org');
    await page.goto('/admin/setup/imports');
    await page.getByRole('heading', { name: 'AMHP register: approvals, authorisations, training and supervision' }).waitFor();
    await expectAccessible(page, 'imports page');
    const file = ['record,email,council,start_date', 'approval,nobody.here@example.org,Nowhere Council,31/02/2026'].join('\r\n');
    await page.getByLabel('Upload a file for AMHP register: approvals, authorisations, training and supervision (CSV or .xlsx)').setInputFiles({ name: 'register.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
    await page.locator('form', { has: page.locator('#file-register') }).getByRole('button', { name: 'Check the file' }).click();
    await page.waitForURL(/\/admin\/setup\/imports\/[0-9a-f-]{36}$/);
    await page.getByTestId('import-errors').waitFor();
    const errors = await page.getByTestId('import-errors').textContent();
    expect(errors).toContain('There is nobody with the e-mail address nobody.here@example.org');
    expect(errors).toContain('31/02/2026 is not a real date');
    expect(await page.getByRole('button', { name: /^Import/ }).count()).toBe(0);
    await expectAccessible(page, 'register dry run with errors');
    await context.close();
  });
});
