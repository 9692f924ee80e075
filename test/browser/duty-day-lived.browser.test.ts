import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, newContext, signIn, visitAndCheck } from './support/browser.js';

/**
 * Issue 12's journeys on the demo service: a night's handover of two referrals sent by an AMHP
 * and accepted by the receiving lead (one acceptance for both); an AMHP reporting their own
 * sickness and their line manager choosing the back-up; the morning meeting with a candidate
 * AMHP attending. Every page is checked with axe; every navigation waits for the next page.
 */
describe('the duty day as it is lived', () => {
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

  /** A London date some days from today, as 'YYYY-MM-DD' and as the three date boxes. */
  function daysAhead(days: number) {
    const d = new Date(Date.now() + days * 86_400_000);
    const iso = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
    const [year, month, day] = iso.split('-');
    return { iso, day: String(Number(day)), month: String(Number(month)), year: year as string };
  }

  it('a two-referral handover sent by an AMHP and accepted by the receiving lead', { timeout: 180_000 }, async () => {
    const sender = await as('amhp@example.org');
    await visitAndCheck(sender, '/duty/handovers/new');
    await sender.getByLabel('Daytime AMHP service to EDT').check();
    await sender.locator('#items-0-referralId').selectOption({ index: 1 });
    await sender.getByLabel('What has been done (referral 1)').fill('Section 12 doctor booked for 19:00');
    await sender.getByLabel('What is outstanding (referral 1)').fill('Interview and application');
    await sender.getByLabel('Contingency plans (referral 1)').fill('Police to stay with the person');
    await sender.locator('#items-1-referralId').selectOption({ index: 2 });
    await sender.getByLabel('What has been done (referral 2)').fill('Referral reviewed; GP information received');
    await sender.getByLabel('What is outstanding (referral 2)').fill('Assessment');
    await sender.getByLabel('Contingency plans (referral 2)').fill('None agreed');
    await sender.getByRole('button', { name: 'Send handover' }).click();
    await sender.waitForURL(/\/duty\/handovers\/[0-9a-f-]{36}$/);
    await expectAccessible(sender, 'handover as sent');
    const main = (await sender.locator('main').textContent()) ?? '';
    expect(main).toContain('Awaiting acceptance');
    expect(main).toContain('You sent this handover: someone else in the EDT must accept it');
    expect(await sender.locator('.govuk-summary-card').count()).toBe(2);
    expect(await sender.getByRole('button', { name: /Accept handover/ }).count()).toBe(0);

    const edtLead = await as('edt-manager@example.org');
    await visitAndCheck(edtLead, sender.url());
    await edtLead.getByRole('button', { name: 'Accept handover of all 2 referrals' }).click();
    await edtLead.getByRole('heading', { name: 'Handover accepted: your team is now responsible' }).waitFor();
    expect(await edtLead.locator('main').textContent()).toMatch(/Accepted\s+by Sunniva Halvorsen/);
    expect(await edtLead.getByRole('button', { name: /Accept handover/ }).count()).toBe(0);
    await expectAccessible(edtLead, 'handover accepted');
  });

  it('an AMHP reports their own sickness and their line manager chooses the back-up', { timeout: 180_000 }, async () => {
    // Business support puts the AMHP on the rota three weeks ahead.
    const day = daysAhead(21);
    const support = await as('support@example.org');
    await visitAndCheck(support, `/duty/rota?month=${day.iso.slice(0, 7)}`);
    const tobias = await support.locator('#personId option', { hasText: 'Tobias Okonkwo-Reid' }).first().getAttribute('value');
    await support.locator('#personId').selectOption(tobias ?? '');
    await support.getByLabel('Day', { exact: true }).fill(day.day);
    await support.getByLabel('Month', { exact: true }).fill(day.month);
    await support.getByLabel('Year', { exact: true }).fill(day.year);
    await support.getByLabel('Daytime', { exact: true }).check();
    await support.getByRole('button', { name: 'Add to the rota' }).click();
    await support.waitForURL((url) => url.pathname === '/duty/rota');
    expect(await support.locator('.govuk-notification-banner').textContent()).toMatch(/is on the rota for/);

    const amhp = await as('amhp@example.org');
    await visitAndCheck(amhp, '/duty/my-duties');
    await amhp.getByRole('link', { name: 'Report your sickness' }).click();
    await amhp.getByRole('heading', { name: 'Report your sickness' }).waitFor();
    await expectAccessible(amhp, 'report your sickness');
    await amhp.locator('#from-day').fill(day.day);
    await amhp.locator('#from-month').fill(day.month);
    await amhp.locator('#from-year').fill(day.year);
    await amhp.getByRole('button', { name: 'Report sickness' }).click();
    await amhp.waitForURL(/\/duty\/my-duties$/);
    expect(await amhp.locator('.govuk-notification-banner').textContent()).toMatch(/Sickness reported.*1 duty is marked unavailable/s);
    await expectAccessible(amhp, 'my duties after reporting sickness');

    const lineManager = await as('linemanager@example.org');
    await lineManager.goto('/');
    await lineManager.getByRole('link', { name: /^Tobias Okonkwo-Reid:/ }).first().click();
    await lineManager.getByRole('heading', { name: 'Back-up for a duty' }).waitFor();
    await expectAccessible(lineManager, 'back-up for a duty');
    expect(await lineManager.locator('main').textContent()).toContain('No back-up decided yet');
    await lineManager.getByLabel('Yes', { exact: true }).check();
    await lineManager.locator('#backupPersonId').selectOption({ index: 1 });
    const chosen = (await lineManager.locator('#backupPersonId option:checked').textContent())?.replace(/ \(.*$/, '') ?? '';
    await lineManager.getByRole('button', { name: 'Save the back-up' }).click();
    await lineManager.getByRole('heading', { name: 'Back-up saved' }).waitFor();
    expect(await lineManager.locator('#current-cover').textContent()).toMatch(new RegExp(`Back-up now:\\s+${chosen}\\s*, chosen by Wilfred Nakashima`));
    await expectAccessible(lineManager, 'back-up saved');
  });

  it('the morning meeting with a candidate AMHP attending', { timeout: 120_000 }, async () => {
    const day = daysAhead(7);
    const lead = await as('lead@example.org');
    await visitAndCheck(lead, `/duty/allocation-sheet/${day.iso}`);
    await lead.getByLabel('Gareth Lindqvist').check();
    await lead.getByLabel('Candidates or trainee AMHPs who attended (one name a line)').fill('Ada Candidate');
    await lead.getByRole('button', { name: 'Save attendance' }).click();
    await lead.getByRole('heading', { name: 'Attendance saved' }).waitFor();
    const attending = (await lead.locator('#attending').textContent()) ?? '';
    expect(attending).toContain('Gareth Lindqvist (AMHP operational manager)');
    expect(attending).toContain('Ada Candidate (AMHP candidate or trainee)');
    expect(attending).not.toContain('admin');
    await expectAccessible(lead, 'sheet with a candidate attending');
  });
});
