import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, newContext, signIn, signOut } from './support/browser.js';

/** The Lead AMHP's journey through the register, axe-checked at each page. */
function isoDaysFromNow(days: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

async function save(page: Page, label = 'Save'): Promise<void> {
  await page.getByRole('button', { name: label, exact: true }).click();
  await page.waitForLoadState('load');
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
    await page.getByRole('button', { name: 'Add person' }).click();
    await page.waitForURL(/\/admin\/people\/[0-9a-f-]{36}$/);
    await expectAccessible(page, 'person added');
    await signOut(page);

    // The Lead AMHP puts her on the register and approves her.
    await signIn(page, 'lead-amhp@example.org');
    await page.goto('/register');
    await expectAccessible(page, 'register');
    await page.getByRole('button', { name: 'Add an AMHP to the register' }).click();
    await expectAccessible(page, 'add to register');
    await page.getByRole('button', { name: 'Add to the register' }).click();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Choose the person');
    await expectAccessible(page, 'add to register errors');
    await page.getByLabel('Person', { exact: true }).selectOption({ label: 'Perdita Langholm (Brackenford Borough Council)' });
    await page.getByLabel('Profession', { exact: true }).selectOption({ label: 'Social worker' });
    await page.getByLabel('Professional registration number').fill('SW771204');
    await page.getByLabel('Rota AMHP').check();
    await page.getByRole('button', { name: 'Add to the register' }).click();
    await page.waitForURL(/\/register\/people\/[0-9a-f-]{36}$/);
    const personUrl = new URL(page.url()).pathname;
    await expectAccessible(page, 'person, not yet approved');

    await page.getByRole('button', { name: 'Approve or re-approve' }).click();
    await page.getByLabel('Approving LSSA').selectOption({ label: 'Brackenford Borough Council' });
    await page.getByLabel('Approval starts on').fill(isoDaysFromNow(-40));
    await page.getByLabel('Approval ends on (optional)').fill(isoDaysFromNow(-50));
    await save(page);
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('end date must be after the start date');
    await expectAccessible(page, 'approval error');
    await page.getByLabel('Approval ends on (optional)').fill('');
    await save(page);
    await page.waitForURL(personUrl);
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
      await page.getByLabel('Date of the training').fill(isoDaysFromNow(-5));
      await page.getByLabel('Title', { exact: true }).fill(title);
      await page.getByLabel('Provider', { exact: true }).fill('Regional AMHP Leads Network');
      await page.getByLabel('Hours', { exact: true }).fill(hours);
      if (legal) await page.getByLabel('This was a legal update').check();
      await save(page);
      await page.waitForURL(personUrl);
    }
    await page.goto(`${personUrl}/training`);
    await page.getByLabel('Hours', { exact: true }).fill('25');
    await save(page);
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('24 or fewer');
    await expectAccessible(page, 'training error');
    await page.goto('/register/compliance');
    expect(await complianceRow()).toContain('Met');

    // Supervision, recorded then visible unsigned.
    await page.goto(`${personUrl}/supervision`);
    await expectAccessible(page, 'supervision form');
    await page.getByLabel('Supervisor', { exact: true }).selectOption({ label: 'Morwenna Tregarth (AMHP Lead)' });
    await page.getByLabel('Date of the supervision').fill(isoDaysFromNow(-2));
    await page.getByLabel('Professional AMHP supervision (1:1)').check();
    await page.getByLabel('Cases discussed').fill('Case ref 5521\nCase ref 5522');
    await save(page);
    await page.waitForURL(personUrl);
    expect(await page.locator('main').textContent()).toContain('Awaiting signatures');
    await expectAccessible(page, 'person with training and supervision');

    // Suspend: the register's eligibility rule refuses her.
    await page.getByRole('button', { name: 'Suspend', exact: true }).click();
    await page.getByLabel('Reason', { exact: true }).fill('Registration under review');
    await save(page);
    await page.waitForURL(personUrl);
    expect(await page.locator('h1').textContent()).toContain('Suspended');
    const mayAct = await page.locator('table', { hasText: 'LSSA' }).first().textContent();
    expect(mayAct).toContain('Suspended from');
    await page.goto('/register?status=suspended');
    const row = (await page.locator('tr', { hasText: 'Perdita Langholm' }).textContent()) ?? '';
    expect(row).toContain('No');
    expect(row).toContain('Registration under review');
    await expectAccessible(page, 'register filtered');

    // Panel pack PDF.
    const pdf = await page.request.get(`${personUrl}/panel-pack.pdf`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');

    // Other register pages.
    for (const path of ['/register/supervision-audit', '/register/trainees', '/register/trainees/new']) {
      await page.goto(path);
      await expectAccessible(page, path);
    }

    // Leaver repayment.
    await page.goto('/register/funding');
    await page.getByLabel('Funding paid (£)').fill('3000');
    await page.getByLabel('Qualified on (leave blank if they did not qualify)').fill('2024-01-10');
    await page.getByLabel('Last day of employment').fill('2025-04-20');
    await page.getByRole('button', { name: 'Calculate repayment' }).click();
    await page.waitForLoadState('load');
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
});
