// The assessment journey: the referral part (police call about a person under s136 at 22:00 →
// decision → allocation, shared with the referrals journey), then, as the allocated AMHP through
// the pages: two doctors (one section 12 approved), the nearest relative informed and consulted,
// an application under section 2 and admission; the statutory checks pass; the feedback letter
// and the AMHP report download as PDFs. Every assessment page visited is checked with axe.

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, signIn, signOut } from './support/browser.js';
import { takeS136ReferralAndAllocate, yesterdayInLondon } from './support/referral-steps.js';

const AMHP_NAME = 'Tobias Okonkwo-Reid'; // amhp@example.org in the demo

/** Downloads a PDF with the page's session and checks it really is one. */
async function expectPdf(page: Page, path: string): Promise<void> {
  const response = await page.request.get(path);
  expect(response.status(), path).toBe(200);
  expect(response.headers()['content-type']).toContain('application/pdf');
  expect((await response.body()).subarray(0, 5).toString()).toBe('%PDF-');
}

describe('assessment journey', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser.close());

  it('s136 at 22:00 → allocated AMHP records two doctors, the nearest relative, a s2 application and admission; checks pass; PDFs', async () => {
    const journey = await takeS136ReferralAndAllocate(browser);
    const { page, referralUrl, reference } = journey;
    const day = yesterdayInLondon();
    const at = (hhmm: string) => `${day}T${hhmm}`;

    // The Lead makes sure the AMHP who will assess is Tobias (the journey picks the first eligible AMHP).
    const allocated = (await page.locator('.moj-timeline').textContent()) ?? '';
    if (!allocated.includes(`Allocated to ${AMHP_NAME}`)) {
      await page.goto(`${referralUrl}/allocate`);
      await page.getByLabel('AMHP', { exact: true }).selectOption({ label: AMHP_NAME });
      await page.getByRole('button', { name: 'Allocate' }).click();
      expect(await page.locator('.moj-timeline').textContent()).toContain(`Reallocated to ${AMHP_NAME}`);
    }
    await signOut(page);

    // The allocated AMHP opens the referral and follows the Assessment tab.
    await signIn(page, 'amhp@example.org');
    await page.goto(referralUrl);
    await page.getByRole('link', { name: 'Assessment', exact: true }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`${referralUrl}/assessment`);
    await expectAccessible(page, 'assessment record (empty)');
    const base = `${referralUrl}/assessment`;

    // Plan.
    await page.getByRole('link', { name: 'Change plan' }).click();
    await expectAccessible(page, 'plan');
    await page.getByLabel('Planned date and time').fill(at('22:30'));
    await page.getByLabel('Where').fill('Place of safety suite, Ashdown Hospital');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(base);

    // Two doctors: Dr Marchbank (s12 approved) and the GP who knows him.
    const doctors = [
      { name: 'Dr Alys Marchbank', s12: true, knew: false, requested: '22:05', arrived: '22:35', examined: '22:45', signed: '23:05' },
      { name: 'Dr Tomasz Fenwright', s12: false, knew: true, requested: '22:05', arrived: '22:50', examined: '23:00', signed: '23:15' },
    ];
    for (const d of doctors) {
      await page.goto(`${base}/doctors/new`);
      await expectAccessible(page, `add a doctor (${d.name})`);
      await page.getByLabel('Name', { exact: true }).fill(d.name);
      if (d.s12) await page.getByLabel('Section 12 approved').check();
      if (d.knew) await page.getByLabel('Knew the person before (previous acquaintance)').check();
      await page.getByLabel('When you asked them to attend').fill(at(d.requested));
      await page.getByLabel('When they arrived').fill(at(d.arrived));
      await page.getByLabel('When they examined the person').fill(at(d.examined));
      await page.getByLabel('When they signed the medical recommendation').fill(at(d.signed));
      await page.getByLabel('Separate recommendation').check();
      await page.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => new URL(page.url()).pathname).toBe(base);
    }
    const main = page.locator('main');
    expect(await main.textContent()).toContain('Dr Alys Marchbank');
    expect(await main.textContent()).toContain('Section 12 approved');
    expect(await main.textContent()).toContain('Dr Tomasz Fenwright');

    // Interview and decision.
    await page.goto(`${base}/interview`);
    await expectAccessible(page, 'interview');
    await page.getByLabel('When you interviewed the person (section 13(2))').fill(at('22:50'));
    await page.getByLabel('When you last personally saw the person').fill(at('23:10'));
    await page.getByLabel('Why detention (or guardianship) is the most appropriate way to provide care').fill('Intent to end his life persists; declined informal admission and crisis team support.');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(base);

    // Nearest relative: his mother, informed and consulted.
    await page.goto(`${base}/nearest-relative`);
    await expectAccessible(page, 'nearest relative');
    await page.locator('input[name="category"][value="parent"]').check();
    await page.getByLabel('Name', { exact: true }).fill('Marta Delacourt');
    await page.getByLabel('Relationship (optional)').fill('Mother, lives with him');
    await page.getByLabel('When you informed them (section 2 and 4)').fill(at('23:20'));
    await page.getByLabel('Told them of their power to discharge (section 23)').check();
    await page.getByLabel('When you consulted them (section 3 and guardianship)').fill(at('23:20'));
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(base);
    expect(await main.textContent()).toContain('Marta Delacourt');

    // Legal position: detained under s136 at 21:30 after the police spoke to the street triage nurse.
    await page.goto(`${base}/legal`);
    await expectAccessible(page, 'legal position');
    await page.getByLabel('Power', { exact: true }).selectOption('s136');
    await page.getByLabel('When the person was detained').fill(at('21:30'));
    await page.getByLabel('When they arrived at the first place of safety').fill(at('21:45'));
    await page.getByLabel('When the police consulted a health professional (section 136(1C))').fill(at('21:20'));
    await page.getByLabel('Who they consulted').selectOption('registered_nurse');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForLoadState();
    expect(new URL(page.url()).pathname, (await page.locator('.govuk-error-summary').allTextContents()).join(' | ')).toBe(base);

    // Check now, as a section 2 application: nothing blocks it.
    await page.getByLabel('Check as an application under').selectOption('s2');
    await page.getByRole('button', { name: 'Check now' }).click();
    await expectAccessible(page, 'check now');
    expect(await page.locator('main').textContent()).not.toContain('Errors (these stop the application)');

    // Outcome: application under section 2 and admission.
    await page.goto(`${base}/outcome`);
    await expectAccessible(page, 'outcome');
    await page.locator('input[name="outcome"][value="s2"]').check();
    await page.getByLabel('Application made at (applications only)').fill(at('23:30'));
    await page.getByLabel('Hospital', { exact: true }).fill('Elmbridge Lodge');
    await page.getByLabel('Application addressed to the hospital managers').check();
    await page.getByLabel('Admitted at').fill(at('23:50'));
    await page.getByRole('button', { name: 'Record outcome' }).click();
    await page.waitForLoadState();
    expect(new URL(page.url()).pathname, (await page.locator('.govuk-error-summary, #statutory-failures').allTextContents()).join(' | ')).toBe(base);
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Outcome recorded');
    const record = (await main.textContent()) ?? '';
    expect(record).toContain('Outcome: ');
    expect(record).toContain('Elmbridge Lodge');
    const checks = record.slice(record.indexOf('Mental Health Act checks'), record.indexOf('Plan and interview')).replace(/\s+/g, ' ');
    expect(checks, checks).toContain('Every rule that applies is met');
    expect(record).not.toContain('Errors (these stop the application)');
    await expectAccessible(page, 'assessment record with outcome');

    // The timeline on the referral shows the outcome; the feedback letter and the AMHP report are PDFs.
    await page.goto(referralUrl);
    expect(await page.locator('.moj-timeline').textContent()).toMatch(/[Oo]utcome/);
    await expectPdf(page, `${referralUrl}/feedback-letter.pdf`);
    await page.goto(base);
    const reportHref = await page.getByRole('link', { name: 'Download the AMHP report (PDF)' }).getAttribute('href');
    expect(reportHref).toBe(`${base}/report.pdf`);
    await expectPdf(page, reportHref!);
    expect(reference).toMatch(/^REF-/);
    await page.context().close();
  });
});
