import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_URL, DEMO_PASSWORD, launchBrowser, newContext, signIn } from './support/browser.js';

/**
 * The whereabouts board refreshes its live region from the event stream, change after change
 * (the script looks the region up afresh each time: it replaces the element it refreshed).
 */
describe('a live board', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser.close());

  it('shows each change made elsewhere without a reload, one after another', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, 'lead@example.org');
    await page.goto('/safety/board');
    await page.waitForFunction(() => document.querySelector('#board') !== null);

    const issued = await fetch(`${BASE_URL}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'edt@example.org', password: DEMO_PASSWORD }) });
    const { token } = (await issued.json()) as { token: string };
    const call = (method: string, url: string, body: unknown) =>
      fetch(`${BASE_URL}${url}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

    const board = page.locator('#board');
    const first = await call('POST', '/api/v1/safety/visits', { place: 'Live board check: Quarry Lane', companions: [], aloneReason: 'Live board check', phone: '07700 900321', expectedFinishAt: new Date(Date.now() + 3 * 3600_000).toISOString() });
    expect(first.status).toBe(201);
    const { id } = (await first.json()) as { id: string };
    await expect.poll(async () => board.textContent(), { timeout: 15_000 }).toContain('Live board check: Quarry Lane');

    // A second change: the region refreshed above is the one refreshed again.
    expect((await call('POST', `/api/v1/safety/visits/${id}/check-ins`, { action: 'safe' })).status).toBeLessThan(300);
    await expect.poll(async () => board.textContent(), { timeout: 15_000 }).not.toContain('Live board check: Quarry Lane');
    await context.close();
  }, 60_000);
});
