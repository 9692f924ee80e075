import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, newContext, signIn, visitAndCheck } from './support/browser.js';

/**
 * One working day on the duty module: the rota exists, the morning meeting is held and the sheet
 * finalised, a referral is handed to EDT and accepted, a sick AMHP is replaced by a back-up and
 * the SITREP PDF is downloaded. Every page is checked with axe.
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
    await signIn(page, email);
    return page;
  }

  it('rota, sickness with back-up, morning meeting, handover to EDT accepted, SITREP PDF', async () => {
    // The rota exists for this month, from business support.
    const support = await as('support@example.org');
    await visitAndCheck(support, '/duty/rota');
    expect(await support.locator('main').textContent()).toContain('Agreed frequency against planned');

    // The operational manager records sickness on a coming daytime duty and picks a back-up.
    const manager = await as('manager@example.org');
    await visitAndCheck(manager, '/duty/rota');
    const sickLink = manager.getByRole('link', { name: /Record sickness/ }).first();
    if ((await sickLink.count()) > 0) {
      await sickLink.click();
      await expectAccessible(manager, 'sickness form');
      await manager.getByLabel('Yes').check();
      await manager.getByLabel('Back-up AMHP').selectOption({ index: 1 });
      await manager.getByRole('button', { name: 'Record sickness' }).click();
      expect(await manager.locator('.govuk-notification-banner').textContent()).toContain('Sickness recorded');
      await expectAccessible(manager, 'board after sickness');
    }

    // The AMHP Lead holds the morning meeting: attendance, then finalises the sheet.
    const lead = await as('lead@example.org');
    await lead.goto('/duty/allocation-sheet');
    await expectAccessible(lead, 'allocation sheet');
    if ((await lead.getByRole('button', { name: 'Save attendance' }).count()) > 0) {
      await lead.getByLabel('Morwenna Tregarth').check();
      await lead.getByRole('button', { name: 'Save attendance' }).click();
      expect(await lead.locator('.govuk-notification-banner').textContent()).toContain('Attendance saved');
      const save = lead.getByRole('button', { name: 'Save decision' }).first();
      if ((await save.count()) > 0) {
        await lead.getByLabel('Do not allocate').first().check();
        await lead.locator('input[name="notAllocatedReason"]').first().fill('Awaiting GP information');
        await save.click();
        expect(await lead.locator('main').textContent()).toMatch(/Allocation decision saved|There is a problem/);
      }
      await lead.getByRole('button', { name: 'Finalise the sheet' }).click();
      expect(await lead.locator('main').textContent()).toContain('Finalised');
      await expectAccessible(lead, 'finalised sheet');
    }

    // An AMHP hands a referral to EDT; someone in EDT accepts it.
    const amhp = await as('amhp@example.org');
    await amhp.goto('/duty/handovers/new');
    await expectAccessible(amhp, 'new handover');
    await amhp.getByLabel('Daytime AMHP service to EDT').check();
    await amhp.getByLabel('Referral', { exact: true }).selectOption({ index: 1 });
    await amhp.getByLabel('What has been done').fill('Referral reviewed; section 12 doctor booked for 18:30');
    await amhp.getByLabel('What is outstanding').fill('Interview and application');
    await amhp.getByLabel('Contingency plans').fill('Crisis team to visit if the assessment cannot go ahead');
    await amhp.getByRole('button', { name: 'Send handover' }).click();
    expect(await amhp.locator('main').textContent()).toContain('Awaiting acceptance');
    const handoverUrl = amhp.url();
    const edt = await as('edt@example.org');
    await edt.goto(handoverUrl);
    await expectAccessible(edt, 'handover to accept');
    await edt.getByRole('button', { name: 'Accept handover' }).click();
    expect(await edt.locator('main').textContent()).toContain('Accepted');
    await edt.getByRole('button', { name: 'Accept handover' }).count().then((n) => expect(n).toBe(0));

    // The board and the SITREP; the PDF downloads.
    await visitAndCheck(lead, '/duty/board');
    await visitAndCheck(lead, '/duty/sitrep');
    const [download] = await Promise.all([lead.waitForEvent('download'), lead.getByRole('link', { name: 'Download SITREP as PDF' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^sitrep-\d{4}-\d{2}-\d{2}\.pdf$/);
    await visitAndCheck(lead, '/duty/handovers');
    await visitAndCheck(amhp, '/duty/my-duties');
    const admin = await as('admin@example.org');
    await visitAndCheck(admin, '/admin/service-hours');
  });
});
