import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, newContext, signIn, visitAndCheck } from './support/browser.js';

/**
 * One working day on the duty module, on the demo service: business support adds a shift with
 * the GOV.UK date input, the operational manager records sickness, the morning meeting is held
 * and the sheet finalised, a referral is handed to EDT and accepted, and the SITREP PDF is
 * downloaded. Every page is checked with axe; every click that navigates waits for the next page.
 */
describe('a duty day', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser.close());

  async function as(email: string): Promise<Page> {
    const context = await newContext(browser);
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await signIn(page, email);
    return page;
  }

  /** Clicks a form's button and waits for the page it leads to, by the heading of its banner. */
  async function submitAndSee(page: Page, button: ReturnType<Page['getByRole']>, banner: string): Promise<void> {
    await button.click();
    await page.getByRole('heading', { name: banner }).waitFor();
  }

  it('rota, sickness, morning meeting, handover to EDT accepted, SITREP PDF', { timeout: 240_000 }, async () => {
    // Business support adds a shift on the first day of a month beyond the demo rota, with the
    // GOV.UK date input; that month's rota lists who may act on its first day.
    const support = await as('support@example.org');
    await visitAndCheck(support, '/duty/rota');
    expect(await support.locator('main').textContent()).toContain('Agreed frequency against planned');
    const now = new Date();
    const ahead = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 3, 1));
    const month = ahead.toISOString().slice(0, 7);
    await visitAndCheck(support, `/duty/rota?month=${month}`);
    const amhp = await support.locator('#personId option').filter({ hasNotText: /not eligible|Choose an AMHP/ }).first().getAttribute('value');
    await support.locator('#personId').selectOption(amhp ?? '');
    await support.getByLabel('Day', { exact: true }).fill('1');
    await support.getByLabel('Month', { exact: true }).fill(String(ahead.getUTCMonth() + 1));
    await support.getByLabel('Year', { exact: true }).fill(String(ahead.getUTCFullYear()));
    await support.getByLabel('EDT', { exact: true }).check();
    await support.getByRole('button', { name: 'Add to the rota' }).click();
    await support.waitForURL((url) => url.pathname === '/duty/rota' && url.searchParams.get('month') === month);
    expect(await support.locator('.govuk-notification-banner').textContent()).toMatch(/is on the rota for/);
    await expectAccessible(support, 'rota after adding a shift');

    // The operational manager records sickness on a coming duty; the rota stays one short.
    const manager = await as('manager@example.org');
    await visitAndCheck(manager, '/duty/rota');
    await manager.getByRole('link', { name: /Record sickness/ }).first().click();
    await manager.getByRole('heading', { name: 'Record sickness on a duty' }).waitFor();
    await expectAccessible(manager, 'sickness form');
    await manager.getByLabel('No, the rota stays one AMHP short').check();
    await manager.getByRole('button', { name: 'Record sickness' }).click();
    await manager.waitForURL(/\/duty\/board$/);
    expect(await manager.locator('.govuk-notification-banner').textContent()).toContain('Sickness recorded');
    await expectAccessible(manager, 'board after sickness');

    // The AMHP Lead holds the morning meeting: attendance, a decision, then finalises the sheet.
    const lead = await as('lead@example.org');
    await lead.goto('/duty/allocation-sheet');
    await lead.waitForURL(/\/duty\/allocation-sheet\/\d{4}-\d{2}-\d{2}$/);
    await expectAccessible(lead, 'allocation sheet');
    await lead.getByLabel('Morwenna Tregarth').check();
    await submitAndSee(lead, lead.getByRole('button', { name: 'Save attendance' }), 'Attendance saved');
    await lead.getByLabel('Do not allocate').first().check();
    await lead.locator('input[name="notAllocatedReason"]').first().fill('Awaiting GP information');
    await submitAndSee(lead, lead.getByRole('button', { name: 'Save decision' }).first(), 'Allocation decision saved');
    expect(await lead.locator('main').textContent()).toContain('Not allocated: Awaiting GP information');
    await submitAndSee(lead, lead.getByRole('button', { name: 'Finalise the sheet' }), 'Allocation sheet finalised');
    expect(await lead.locator('main').textContent()).toContain('Finalised');
    await expectAccessible(lead, 'finalised sheet');

    // An AMHP hands a referral to EDT; someone in EDT accepts it.
    const sender = await as('amhp@example.org');
    await visitAndCheck(sender, '/duty/handovers/new');
    await sender.getByLabel('Daytime AMHP service to EDT').check();
    await sender.locator('#items-0-referralId').selectOption({ index: 1 });
    await sender.getByLabel('What has been done (referral 1)').fill('Referral reviewed; section 12 doctor booked for 18:30');
    await sender.getByLabel('What is outstanding (referral 1)').fill('Interview and application');
    await sender.getByLabel('Contingency plans (referral 1)').fill('Crisis team to visit if the assessment cannot go ahead');
    await sender.getByRole('button', { name: 'Send handover' }).click();
    await sender.waitForURL(/\/duty\/handovers\/[0-9a-f-]{36}$/);
    expect(await sender.locator('main').textContent()).toContain('Awaiting acceptance');
    const handoverUrl = sender.url();
    const edt = await as('edt@example.org');
    await visitAndCheck(edt, handoverUrl);
    await submitAndSee(edt, edt.getByRole('button', { name: 'Accept handover' }), 'Handover accepted: your team is now responsible');
    expect(await edt.locator('main').textContent()).toContain('Accepted');
    expect(await edt.getByRole('button', { name: 'Accept handover' }).count()).toBe(0);

    // The board and the SITREP; the PDF downloads.
    await visitAndCheck(lead, '/duty/board');
    await visitAndCheck(lead, '/duty/sitrep');
    const [download] = await Promise.all([lead.waitForEvent('download'), lead.getByRole('link', { name: 'Download SITREP as PDF' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^sitrep-\d{4}-\d{2}-\d{2}\.pdf$/);
    await visitAndCheck(lead, '/duty/handovers');
    await visitAndCheck(sender, '/duty/my-duties');
    const admin = await as('admin@example.org');
    await visitAndCheck(admin, '/admin/service-hours');
  });
});
