import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfText } from '../support/pdf-text.js';
import { expectAccessible, launchBrowser, newContext, signIn, signOut } from './support/browser.js';

/** The Lead AMHP's journey through the register, axe-checked at each page. */
function isoDaysFromNow(days: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Types a date into the GOV.UK date input whose legend is `legend` ('' clears it). */
async function fillDate(page: Page, legend: string, iso: string): Promise<void> {
  const [year = '', month = '', day = ''] = iso ? iso.split('-') : [];
  const group = page.getByRole('group', { name: legend });
  await group.getByLabel('Day').fill(day ? String(Number(day)) : '');
  await group.getByLabel('Month').fill(month ? String(Number(month)) : '');
  await group.getByLabel('Year').fill(year);
}

/** Submits a form that goes on to `url`, waiting for that page. */
async function submitTo(page: Page, url: string | RegExp, label = 'Save'): Promise<void> {
  await Promise.all([page.waitForURL(url), page.getByRole('button', { name: label, exact: true }).click()]);
}

/** Submits a form that is refused, waiting for it to be shown again with the error summary. */
async function submitRefused(page: Page, label = 'Save'): Promise<string> {
  await page.getByRole('button', { name: label, exact: true }).click();
  const summary = page.locator('.govuk-error-summary');
  await summary.waitFor();
  return (await summary.textContent()) ?? '';
}

describe('AMHP register journey (Lead AMHP)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser.close());

  it('adds, approves, trains, supervises, suspends and sees eligibility refuse; panel pack and repayment', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();

    // An administrator adds the person with the AMHP role.
    await signIn(page, 'admin@example.org');
    await page.goto('/admin/people/new');
    await page.getByLabel('Full name').fill('Perdita Langholm');
    await page.getByLabel('Email address').fill('perdita.langholm@example.org');
    await page.getByLabel('Employing organisation').selectOption({ label: 'Brackenford Borough Council' });
    await page.getByLabel('AMHP', { exact: true }).check();
    await Promise.all([page.waitForURL(/\/admin\/people\/[0-9a-f-]{36}$/), page.getByRole('button', { name: 'Add person' }).click()]);
    await expectAccessible(page, 'person added');
    await signOut(page);

    // The Lead AMHP puts her on the register and approves her.
    await signIn(page, 'lead-amhp@example.org');
    await page.goto('/register');
    await expectAccessible(page, 'register');
    await Promise.all([page.waitForURL(/\/register\/people\/new$/), page.getByRole('button', { name: 'Add an AMHP to the register' }).click()]);
    await expectAccessible(page, 'add to register');
    expect(await submitRefused(page, 'Add to the register')).toContain('Choose the person');
    await expectAccessible(page, 'add to register errors');
    await page.getByLabel('Person', { exact: true }).selectOption({ label: 'Perdita Langholm (Brackenford Borough Council)' });
    await page.getByLabel('Profession', { exact: true }).selectOption({ label: 'Social worker' });
    await page.getByLabel('Professional registration number').fill('SW771204');
    await page.getByLabel('Rota AMHP').check();
    await submitTo(page, /\/register\/people\/[0-9a-f-]{36}$/, 'Add to the register');
    const personUrl = new URL(page.url()).pathname;
    await expectAccessible(page, 'person, not yet approved');

    await Promise.all([page.waitForURL(`${personUrl}/approval`), page.getByRole('button', { name: 'Approve or re-approve' }).click()]);
    await page.getByLabel('Approving LSSA').selectOption({ label: 'Brackenford Borough Council' });
    await fillDate(page, 'Approval starts on', isoDaysFromNow(-40));
    await fillDate(page, 'Approval ends on (optional)', isoDaysFromNow(-50));
    expect(await submitRefused(page)).toContain('end date must be after the start date');
    await expectAccessible(page, 'approval error');
    await fillDate(page, 'Approval ends on (optional)', '');
    await submitTo(page, personUrl);
    expect(await page.locator('h1').textContent()).toContain('Approved');

    // Training until compliant; the compliance view changes.
    const complianceRow = async () => (await page.locator('tr', { hasText: 'Perdita Langholm' }).textContent()) ?? '';
    await page.goto('/register/compliance');
    await expectAccessible(page, 'compliance');
    expect(await complianceRow()).not.toContain('Met');
    for (const [title, hours, legal] of [
      ['Mental Health Act legal update', '6', true],
      ['Positive risk-taking', '12', false],
    ] as const) {
      await page.goto(`${personUrl}/training`);
      await fillDate(page, 'Date of the training', isoDaysFromNow(-5));
      await page.getByLabel('Title', { exact: true }).fill(title);
      await page.getByLabel('Provider', { exact: true }).fill('Regional AMHP Leads Network');
      await page.getByLabel('Hours', { exact: true }).fill(hours);
      if (legal) await page.getByLabel('This was a legal update').check();
      await submitTo(page, personUrl);
    }
    await page.goto(`${personUrl}/training`);
    await page.getByLabel('Hours', { exact: true }).fill('25');
    expect(await submitRefused(page)).toContain('24 or fewer');
    await expectAccessible(page, 'training error');
    await page.goto('/register/compliance');
    expect(await complianceRow()).toContain('Met');

    // Supervision, recorded then visible unsigned.
    await page.goto(`${personUrl}/supervision`);
    await expectAccessible(page, 'supervision form');
    await page.getByLabel('Supervisor', { exact: true }).selectOption({ label: 'Morwenna Tregarth (AMHP Lead)' });
    await fillDate(page, 'Date of the supervision', isoDaysFromNow(-2));
    await page.getByLabel('Professional AMHP supervision (1:1)').check();
    await page.getByLabel('Cases discussed').fill('Case ref 5521\nCase ref 5522');
    await submitTo(page, personUrl);
    expect(await page.locator('main').textContent()).toContain('Awaiting signatures');
    await expectAccessible(page, 'person with training and supervision');

    // Suspend: the register's eligibility rule refuses her.
    await Promise.all([page.waitForURL(`${personUrl}/suspension`), page.getByRole('button', { name: 'Suspend', exact: true }).click()]);
    await page.getByLabel('Reason', { exact: true }).fill('Registration under review');
    await submitTo(page, personUrl);
    expect(await page.locator('h1').textContent()).toContain('Suspended');
    const mayAct = await page.locator('table', { hasText: 'LSSA' }).first().textContent();
    expect(mayAct).toContain('Suspended from');
    await page.goto('/register?status=suspended');
    const row = (await page.locator('tr', { hasText: 'Perdita Langholm' }).textContent()) ?? '';
    expect(row).toContain('No');
    expect(row).toContain('Registration under review');
    await expectAccessible(page, 'register filtered');

    // Panel pack PDF, read back.
    const pdf = await page.request.get(`${personUrl}/panel-pack.pdf`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect(await pdfText(await pdf.body())).toContain('Perdita Langholm');

    // Other register pages.
    for (const path of ['/register/supervision-audit', '/register/trainees', '/register/trainees/new']) {
      await page.goto(path);
      await expectAccessible(page, path);
    }

    // Leaver repayment.
    await page.goto('/register/funding');
    await page.getByLabel('Funding paid (£)').fill('3000');
    await fillDate(page, 'Qualified on (leave blank if they did not qualify)', '2024-01-10');
    await fillDate(page, 'Last day of employment', '2025-04-20');
    await submitTo(page, /\/register\/funding\/repayment/, 'Calculate repayment');
    expect(await page.locator('.govuk-panel__title').textContent()).toContain('£1,125.00');
    await expectAccessible(page, 'repayment');
    await context.close();
  }, 180_000);

  it('an AMHP sees their own approval and training; a governance viewer sees the summary only', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, 'amhp@example.org');
    await page.goto('/register/me');
    expect(await page.locator('h1').textContent()).toContain('Tobias');
    await expectAccessible(page, 'my approval');
    await signOut(page);
    await signIn(page, 'director@example.org');
    await page.goto('/register/summary');
    await expectAccessible(page, 'summary');
    expect((await page.goto('/register'))?.status()).toBe(403);
    await context.close();
  }, 60_000);

  it('an administrator changes the register settings on a page', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, 'admin@example.org');
    await page.goto('/admin');
    await Promise.all([page.waitForURL('/admin/register'), page.getByRole('link', { name: 'AMHP register settings' }).click()]);
    await expectAccessible(page, 'register settings');
    await page.getByLabel('Show a re-approval as due this many days before the approval ends').fill('100');
    // The page comes back to itself: wait for the banner the new page shows.
    await page.getByRole('button', { name: 'Save settings', exact: true }).click();
    const banner = page.locator('.govuk-notification-banner');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('AMHP register settings saved');
    await context.close();
  }, 60_000);
});
