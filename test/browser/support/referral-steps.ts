// The referral part of the journey (intake → decision → feedback → allocation), shared by the
// referrals and assessment browser journeys.
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { londonOffsetMinutes, londonParts } from '../../../src/platform/london-time.js';
import { expectAccessible, newContext, signIn, signOut } from './browser.js';

/** A London day ('YYYY-MM-DD') and 24-hour time ('HH:MM'), as a person types them. */
export interface LondonWhen {
  day: string;
  time: string;
}

/** The journey's script is written as an evening (police detain at 21:30, admission at 23:50). */
const SCRIPT_DETAINED_AT = 21 * 60 + 30;

/**
 * When the journey's evening really happens: the script's times moved so that detention was five
 * hours before the suite runs. Every time typed is then in the past, and the section 136 power
 * (24 hours from arrival) is still running while the journey checks the record — whatever the
 * hour the suite runs at. (A fixed "yesterday at 21:30" expired at 21:45 each evening.) A window
 * that would cross a clock change moves six hours earlier, away from the hour that repeats.
 */
export function journeyEvening(now = new Date()): (scriptTime: string) => LondonWhen {
  const minute = 60_000;
  let detained = Math.floor((now.getTime() - 5 * 60 * minute) / (5 * minute)) * (5 * minute);
  while (londonOffsetMinutes(new Date(detained - 60 * minute)) !== londonOffsetMinutes(new Date(detained + 4 * 60 * minute))) detained -= 6 * 60 * minute;
  return (scriptTime) => {
    const [hours, minutes] = scriptTime.split(':').map(Number) as [number, number];
    const { date, time } = londonParts(new Date(detained + (hours * 60 + minutes - SCRIPT_DETAINED_AT) * minute));
    return { day: date, time };
  };
}

/** Types a date and time into a GOV.UK date input plus its 24-hour time box. */
async function fillDateTime(page: Page, name: string, when: LondonWhen): Promise<void> {
  const { day: isoDay, time } = when;
  const [year, month, day] = isoDay.split('-');
  await page.locator(`#${name}-day`).fill(String(Number(day)));
  await page.locator(`#${name}-month`).fill(String(Number(month)));
  await page.locator(`#${name}-year`).fill(year ?? '');
  await page.locator(`#${name}-time`).fill(time);
}

export interface ReferralJourney {
  /** '/referrals/<id>' */
  referralUrl: string;
  reference: string;
  familyName: string;
  /** The page, signed in as the Lead, on the referral summary after allocation. */
  page: Page;
  /** When each of the script's times really happened (see journeyEvening). */
  when: (scriptTime: string) => LondonWhen;
}

/**
 * Part A of the referral journey, for reuse by the assessment journey: business support takes a
 * police call about a person under s136 at 22:00; the Lead decides to proceed, gives feedback,
 * downloads the feedback letter and allocates an AMHP. Leaves `page` signed in as the Lead.
 */
export async function takeS136ReferralAndAllocate(browser: Browser, familyName = `Journey${Date.now() % 100000}`): Promise<ReferralJourney> {
  const when = journeyEvening();
  const context = await newContext(browser);
  const page = await context.newPage();

  // Business support takes the police call.
  await signIn(page, 'support@example.org');
  await page.goto('/referrals');
  await expectAccessible(page, 'referrals list');
  await Promise.all([page.waitForURL(/\/referrals\/new$/), page.getByRole('button', { name: 'Record a new referral' }).click()]);
  await expectAccessible(page, 'new referral form');

  // First attempt with a mistyped NHS number: the error summary, values kept. Dates are GOV.UK
  // date inputs with a 24-hour time box.
  await fillDateTime(page, 'receivedAt', when('22:00'));
  await page.getByLabel('Phone', { exact: true }).check();
  await page.getByLabel('Who the referral is from').selectOption({ label: 'Police' });
  await page.getByLabel("Referrer's name").fill('PC Rowan Hale');
  await page.getByLabel("Referrer's organisation (optional)").fill('County Police');
  await page.getByLabel('Phone number or e-mail to reach the referrer').fill('01632 960777');
  await page.getByLabel('First name').fill('Jordan');
  await page.getByLabel('Last name').fill(familyName);
  await page.locator('#dateOfBirth-day').fill('14');
  await page.locator('#dateOfBirth-month').fill('2');
  await page.locator('#dateOfBirth-year').fill('1992');
  await page.getByLabel('NHS number (if known)').fill('943 476 5918');
  await page.getByLabel('Council area the person lives in').selectOption({ index: 1 });
  await page.getByLabel('Where the person is now').fill('Place of safety, Ashdown Hospital');
  await page.getByLabel('Current legal status').selectOption('s136');
  await fillDateTime(page, 'legalStatusSince', when('21:30'));
  await page.getByLabel('Reason for the referral').fill('Found on the railway bridge, expressing intent to end his life. Detained under s136.');
  await page.getByLabel('Risks to staff visiting (optional)').fill('None known.');
  await page.getByLabel('Emergency').check();
  await page.getByRole('button', { name: 'Save referral' }).click();
  expect(await page.locator('.govuk-error-summary').textContent()).toContain('This NHS number is not valid');
  expect(await page.getByLabel('Last name').inputValue()).toBe(familyName);
  expect(await page.locator('#receivedAt-time').inputValue()).toBe(when('22:00').time);
  await expectAccessible(page, 'intake with errors');
  await page.getByLabel('NHS number (if known)').fill('');
  await Promise.all([page.waitForURL(/\/referrals\/[0-9a-f-]{36}$/), page.getByRole('button', { name: 'Save referral' }).click()]);
  const referralUrl = new URL(page.url()).pathname;
  const reference = ((await page.locator('.govuk-caption-l').textContent()) ?? '').trim();
  expect(reference).toMatch(/^REF-\d{4}-\d{6}$/);
  expect(await page.locator('.moj-timeline').textContent()).toContain('Referral received by phone from PC Rowan Hale');
  await expectAccessible(page, 'referral summary');
  await signOut(page);

  // The Lead decides to proceed and signs it.
  await signIn(page, 'lead@example.org');
  await page.goto(referralUrl);
  await Promise.all([page.waitForURL(/\/decision$/), page.getByRole('button', { name: 'Record the decision' }).click()]);
  await expectAccessible(page, 'decision form');
  await page.getByRole('button', { name: 'Sign and record the decision' }).click();
  expect(await page.locator('.govuk-error-summary').textContent()).toContain('Choose your decision');
  await page.getByLabel('Proceed to a Mental Health Act assessment').check();
  await page.getByLabel('Reasons for the decision').fill('Detained under s136 with a clear risk to life; the 24-hour period is running.');
  await page.getByRole('button', { name: 'Sign and record the decision' }).click();
  expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Decision signed and recorded');

  // Verbal feedback to PC Hale, and the written letter.
  await page.goto(`${referralUrl}/feedback`);
  await expectAccessible(page, 'feedback');
  await page.getByLabel('Given to').fill('PC Rowan Hale');
  await page.getByRole('button', { name: 'Record feedback' }).click();
  expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Verbal feedback recorded');
  expect(await page.locator('table').first().textContent()).toContain('PC Rowan Hale');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the feedback letter (PDF)' }).click()]);
  expect(download.suggestedFilename()).toBe(`${reference}-feedback.pdf`);

  // Allocation: an AMHP who may act (not the Lead, who reviewed it).
  await page.goto(`${referralUrl}/allocate`);
  await expectAccessible(page, 'allocation');
  const choices = await page.locator('#amhpId option:not([disabled])').evaluateAll((options) =>
    options.map((o) => ({ value: (o as HTMLOptionElement).value, text: o.textContent ?? '' })).filter((o) => o.value !== ''),
  );
  const chosen = choices.find((o) => !o.text.includes('Lead')) ?? choices[0]!;
  await page.getByLabel('AMHP', { exact: true }).selectOption(chosen.value);
  await page.getByRole('button', { name: 'Allocate' }).click();
  expect(await page.locator('.govuk-notification-banner').textContent()).toContain('AMHP allocated');
  expect(await page.locator('.moj-timeline').textContent()).toContain(`Allocated to ${chosen.text.trim()}`);
  await expectAccessible(page, 'allocated referral');
  return { referralUrl, reference, familyName, page, when };
}
