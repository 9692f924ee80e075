import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser } from './support/browser.js';
import { takeS136ReferralAndAllocate } from './support/referral-steps.js';

export { takeS136ReferralAndAllocate, type ReferralJourney } from './support/referral-steps.js';

describe('referrals journey', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser.close());

  it('a police call about a person under s136 at 22:00: intake, decision, feedback PDF, allocation; searchable and listed', async () => {
    const journey = await takeS136ReferralAndAllocate(browser);
    const { page } = journey;
    await page.goto(`/referrals?q=${journey.familyName}`);
    expect(await page.locator('table').textContent()).toContain(journey.reference);
    await expectAccessible(page, 'search results');
    await page.goto('/referrals?urgency=emergency');
    expect(await page.locator('table').textContent()).toContain(journey.familyName);
    await page.goto('/');
    expect(await page.locator('main').textContent()).toContain('Open referrals');
    await page.context().close();
  });
});
