import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfText } from '../support/pdf-text.js';
import { expectAccessible, launchBrowser, newContext, signIn, visitAndCheck } from './support/browser.js';

/**
 * Issue 13: the UK GDPR pages (subject access, restriction of processing, the retention schedule),
 * "who has seen" a register entry, and the QR code of two-step verification — each axe-clean.
 * The restriction is lifted again before the test ends: later journeys use the same demo records.
 */
describe('privacy and trust pages', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser.close());

  it('lets the AMHP Lead find a person, download their records, restrict processing with a reason and lift it', async () => {
    const page = await (await newContext(browser)).newPage();
    await signIn(page, 'lead@example.org');
    await page.goto('/referrals');
    const hint = (await page.locator('table .govuk-hint').first().textContent()) ?? '';
    const reference = /REF-\d{4}-\d+/.exec(hint)?.[0] ?? '';
    expect(reference).toMatch(/^REF-/);

    await visitAndCheck(page, '/privacy/subject');
    await page.getByLabel('NHS number or referral reference').fill(reference);
    await Promise.all([page.waitForURL(/\/privacy\/subject\?person=/), page.getByRole('button', { name: 'Find the person' }).click()]);
    const name = ((await page.locator('h2.govuk-heading-m').first().textContent()) ?? '').trim();
    expect(name.length).toBeGreaterThan(3);
    await expectAccessible(page, 'subject access');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the subject access export (PDF)' }).click()]);
    const text = await pdfText(await readFile(await download.path()));
    expect(text).toContain(name);
    expect(text).toContain(reference);

    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: reference, exact: true }) });
    await row.getByText(`Restrict processing of ${reference}`).click();
    await row.getByLabel('Why processing is restricted').fill('The person contests the accuracy of the record (browser test).');
    // The answer is the same page: wait for what only the new page shows, not for its address.
    await row.getByRole('button', { name: 'Restrict processing' }).click();
    const restricted = page.getByRole('row').filter({ has: page.getByRole('link', { name: reference, exact: true }) });
    await restricted.getByText('Restricted', { exact: true }).waitFor();
    await expectAccessible(page, 'restricted');

    await restricted.getByLabel('Why the restriction is lifted').fill('The record was corrected and the person agrees (browser test).');
    await restricted.getByRole('button', { name: `Lift the restriction on ${reference}` }).click();
    await page.getByRole('row').filter({ has: page.getByRole('link', { name: reference, exact: true }) }).getByText(`Restrict processing of ${reference}`).waitFor();

    await visitAndCheck(page, '/privacy/retention');
  });

  it('shows an AMHP who has seen their register entry, and a director the QR code to set up two-step verification', async () => {
    const amhp = await (await newContext(browser)).newPage();
    await signIn(amhp, 'amhp@example.org');
    await amhp.goto('/register/me');
    await Promise.all([amhp.waitForURL(/\/register\/people\/[^/]+\/access$/), amhp.getByRole('link', { name: 'Who has seen your register entry' }).click()]);
    await amhp.getByRole('heading', { name: 'Who has seen your register entry' }).waitFor();
    await expect(amhp.getByRole('cell', { name: 'Looked at who has seen this entry' }).first().isVisible()).resolves.toBe(true);
    await expectAccessible(amhp, 'who has seen a register entry');

    const director = await (await newContext(browser)).newPage();
    await signIn(director, 'director@example.org');
    await director.goto('/account/two-step');
    await director.getByRole('button', { name: 'Set up two-step verification' }).click();
    await director.getByRole('img', { name: 'QR code of the key, for an authenticator app to scan' }).waitFor();
    await expectAccessible(director, 'two-step set-up with its QR code');
  });
});
