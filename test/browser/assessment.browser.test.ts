// The assessment journey: the referral part (police call about a person under s136 at 22:00 →
// decision → allocation, shared with the referrals journey), then, as the allocated AMHP through
// the pages: two doctors (one section 12 approved), the nearest relative informed and consulted,
// an application under section 2 and admission; the statutory checks pass; the feedback letter
// and the AMHP report download as PDFs. Every assessment page visited is checked with axe.

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfText } from '../support/pdf-text.js';
import { expectAccessible, launchBrowser, signIn, signOut } from './support/browser.js';
import { takeS136ReferralAndAllocate, type LondonWhen } from './support/referral-steps.js';

const AMHP_NAME = 'Tobias Okonkwo-Reid'; // amhp@example.org in the demo

/**
 * Fills a GOV.UK date input plus its 24-hour time box (UK time), found by the fieldset's legend,
 * with when a time of the journey's script really happened.
 */
async function fillWhen(page: Page, legend: string, { day, time }: LondonWhen): Promise<void> {
  const [year, month, date] = day.split('-') as [string, string, string];
  const group = page.getByRole('group', { name: legend, exact: true });
  await group.getByLabel('Day').fill(String(Number(date)));
  await group.getByLabel('Month').fill(String(Number(month)));
  await group.getByLabel('Year').fill(year);
  await group.getByLabel('Time').fill(time);
}

/** Clicks a button that posts a form and waits for the page it leads to. */
async function submitTo(page: Page, button: string, path: string): Promise<void> {
  await Promise.all([page.waitForURL((url) => url.pathname === path), page.getByRole('button', { name: button }).click()]);
}

/** Downloads a PDF with the page's session and reads it back: it must say what the record says. */
async function expectPdfSaying(page: Page, path: string, ...words: string[]): Promise<void> {
  const response = await page.request.get(path);
  expect(response.status(), path).toBe(200);
  expect(response.headers()['content-type']).toContain('application/pdf');
  const text = await pdfText(await response.body());
  for (const word of words) expect(text, `${path} should say ${word}`).toContain(word);
}

describe('assessment journey', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser.close());

  it('s136 at 22:00 → allocated AMHP records two doctors, the nearest relative, a s2 application and admission; checks pass; PDFs', async () => {
    const journey = await takeS136ReferralAndAllocate(browser);
    const { page, referralUrl, reference, when } = journey;

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
    await Promise.all([page.waitForURL((url) => url.pathname === `${referralUrl}/assessment`), page.getByRole('link', { name: 'Assessment', exact: true }).click()]);
    await expectAccessible(page, 'assessment record (empty)');
    const base = `${referralUrl}/assessment`;

    // Plan.
    await Promise.all([page.waitForURL((url) => url.pathname === `${referralUrl}/assessment/plan`), page.getByRole('link', { name: 'Change plan' }).click()]);
    await expectAccessible(page, 'plan');
    await fillWhen(page, 'Planned date and time', when('22:30'));
    await page.getByLabel('Where').fill('Place of safety suite, Ashdown Hospital');
    await submitTo(page, 'Save', base);

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
      await fillWhen(page, 'When you asked them to attend', when(d.requested));
      await fillWhen(page, 'When they arrived', when(d.arrived));
      await fillWhen(page, 'When they examined the person', when(d.examined));
      await fillWhen(page, 'When they signed the medical recommendation', when(d.signed));
      await page.getByLabel('Separate recommendation').check();
      await submitTo(page, 'Save', base);
    }
    const main = page.locator('main');
    expect(await main.textContent()).toContain('Dr Alys Marchbank');
    expect(await main.textContent()).toContain('Section 12 approved');
    expect(await main.textContent()).toContain('Dr Tomasz Fenwright');

    // Interview and decision.
    await page.goto(`${base}/interview`);
    await expectAccessible(page, 'interview');
    await fillWhen(page, 'When you interviewed the person (section 13(2))', when('22:50'));
    await fillWhen(page, 'When you last personally saw the person', when('23:10'));
    await page.getByLabel('Why detention (or guardianship) is the most appropriate way to provide care').fill('Intent to end his life persists; declined informal admission and crisis team support.');
    await submitTo(page, 'Save', base);

    // Nearest relative: his mother, informed and consulted.
    await page.goto(`${base}/nearest-relative`);
    await expectAccessible(page, 'nearest relative');
    await page.locator('input[name="category"][value="parent"]').check();
    await page.getByLabel('Name', { exact: true }).fill('Marta Delacourt');
    await page.getByLabel('Relationship (optional)').fill('Mother, lives with him');
    await fillWhen(page, 'When you informed them (section 2 and 4)', when('23:20'));
    await page.getByLabel('Told them of their power to discharge (section 23)').check();
    await fillWhen(page, 'When you consulted them (section 3 and guardianship)', when('23:20'));
    await submitTo(page, 'Save', base);
    expect(await main.textContent()).toContain('Marta Delacourt');

    // Legal position: detained under s136 at 21:30 after the police spoke to the street triage nurse.
    await page.goto(`${base}/legal`);
    await expectAccessible(page, 'legal position');
    await page.getByLabel('Power', { exact: true }).selectOption('s136');
    await fillWhen(page, 'When the person was detained', when('21:30'));
    await fillWhen(page, 'When they arrived at the first place of safety', when('21:45'));
    await fillWhen(page, 'When the police consulted a health professional (section 136(1C))', when('21:20'));
    await page.getByLabel('Who they consulted').selectOption('registered_nurse');
    await submitTo(page, 'Save', base);

    // Check now, as a section 2 application: nothing blocks it.
    await page.getByLabel('Check as an application under').selectOption('s2');
    await Promise.all([page.waitForURL((url) => url.searchParams.get('checkAs') === 's2'), page.getByRole('button', { name: 'Check now' }).click()]);
    await expectAccessible(page, 'check now');
    expect(await page.locator('main').textContent()).not.toContain('Errors (these stop the application)');

    // Outcome: application under section 2 and admission.
    await page.goto(`${base}/outcome`);
    await expectAccessible(page, 'outcome');
    await page.locator('input[name="outcome"][value="s2"]').check();
    await fillWhen(page, 'Application made at (applications only)', when('23:30'));
    await page.getByLabel('Hospital', { exact: true }).fill('Elmbridge Lodge');
    await page.getByLabel('Application addressed to the hospital managers').check();
    await fillWhen(page, 'Admitted at', when('23:50'));
    await submitTo(page, 'Record outcome', base);
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
    await expectPdfSaying(page, `${referralUrl}/feedback-letter.pdf`, reference, 'PC Rowan Hale');
    await page.goto(base);
    const reportHref = await page.getByRole('link', { name: 'Download the AMHP report (PDF)' }).getAttribute('href');
    expect(reportHref).toBe(`${base}/report.pdf`);
    await expectPdfSaying(page, reportHref!, reference, journey.familyName, AMHP_NAME, 'Dr Alys Marchbank', 'Elmbridge Lodge');
    expect(reference).toMatch(/^REF-/);
    await page.context().close();
  });
});
