import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, navigateBy, newContext, signIn } from './support/browser.js';

/**
 * An AMHP on a phone goes out and does not check in; the lead is alerted and does not
 * acknowledge; the next person up the ladder is alerted; the AMHP checks in safe; the whole trail
 * is on the visit record. The server's scheduler runs with the real clock, so the daytime ladder
 * is set to a 0-minute grace and 1-minute interval through the admin page first.
 */
const AMHP = 'emrys.cheungmoss@example.org';
const AMHP_NAME = 'Emrys Cheung-Moss';

function londonNow(offsetMs = 0): { date: string; time: string; seconds: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(Date.now() + offsetMs));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}`, seconds: Number(get('second')) };
}

async function waitForText(page: Page, url: string, text: string | RegExp, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.goto(url);
    const body = (await page.locator('main').textContent()) ?? '';
    if (typeof text === 'string' ? body.includes(text) : text.test(body)) return;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${String(text)} on ${url}`);
    await page.waitForTimeout(3000);
  }
}

describe('safety journey on a phone', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser.close());

  it('escalates an overdue AMHP up the ladder and keeps the whole trail', async () => {
    // The administrator shortens the daytime team's grace period and interval.
    const adminContext = await newContext(browser);
    const admin = await adminContext.newPage();
    await signIn(admin, 'admin@example.org');
    await admin.goto('/admin/safety');
    await expectAccessible(admin, 'escalation ladders');
    await Promise.all([admin.waitForURL(/\/admin\/safety\/[0-9a-f-]{36}$/), admin.getByRole('link', { name: /Change the ladder for AMHP Service \(daytime\)/ }).click()]);
    await expectAccessible(admin, 'ladder form');
    await admin.getByLabel('Grace period after the expected finish (minutes)').fill('0');
    await admin.getByLabel('Minutes before alerting the next step').fill('1');
    await Promise.all([admin.waitForURL(/\/admin\/safety$/), admin.getByRole('button', { name: 'Save ladder' }).click()]);
    expect(await admin.locator('main').textContent()).toContain('Grace period 0 min; next step after 1 min');
    await adminContext.close();

    // The AMHP, on a phone: home → "Going out" → the form.
    const amhpContext = await newContext(browser, { phone: true });
    const amhp = await amhpContext.newPage();
    await signIn(amhp, AMHP);
    await amhp.goto('/');
    await Promise.all([amhp.waitForURL(/\/safety\/visits\/new$/), amhp.getByRole('link', { name: 'Going out' }).click()]);
    await expectAccessible(amhp, 'going out form');
    await amhp.getByLabel('Where are you going?').fill('12 Quarry Lane, Ashdown');
    await amhp.getByLabel('Referral (optional)').fill('AMHP-DEMO-0150');
    await amhp.getByLabel('Ambulance crew').check();
    // Expected finish at the next whole minute at least 30 seconds away.
    const now = londonNow();
    const finish = londonNow((now.seconds < 30 ? 60 : 120) * 1000 - now.seconds * 1000);
    // A 24-hour time box, and a GOV.UK date input already showing today.
    const [year, month, day] = finish.date.split('-');
    await amhp.getByLabel('Expected finish time').fill(finish.time);
    await amhp.getByLabel('Day', { exact: true }).fill(String(Number(day)));
    await amhp.getByLabel('Month', { exact: true }).fill(String(Number(month)));
    await amhp.getByLabel('Year', { exact: true }).fill(year ?? '');
    await amhp.getByLabel('Phone you are carrying').fill('07700 900456');
    await Promise.all([amhp.waitForURL(/\/safety\/visits\/[0-9a-f-]+$/), amhp.getByRole('button', { name: 'Record going out' }).click()]);
    const visitPath = new URL(amhp.url()).pathname;
    expect(await amhp.locator('main').textContent()).toContain('You are recorded as out');
    await expectAccessible(amhp, 'own visit');

    // The lead is alerted once the expected finish passes (grace 0) and does not acknowledge.
    const leadContext = await newContext(browser);
    const lead = await leadContext.newPage();
    await signIn(lead, 'lead@example.org');
    await lead.goto('/safety/board');
    expect(await lead.locator('#board').textContent()).toContain(AMHP_NAME);
    await expectAccessible(lead, 'whereabouts board');
    await waitForText(lead, '/safety/alerts', `Overdue: ${AMHP_NAME}`, 150_000);
    await expectAccessible(lead, 'alerts');
    expect(await lead.locator('.app-alert-bar').first().textContent()).toMatch(/Overdue|whereabouts alerts|needs help|Silent alarm/);

    // A minute later the next person up the ladder (the operational manager) is alerted.
    const managerContext = await newContext(browser);
    const manager = await managerContext.newPage();
    await signIn(manager, 'manager@example.org');
    await waitForText(manager, visitPath, 'Alerted AMHP operational manager', 120_000);
    await manager.goto('/safety/alerts');
    const forManager = manager.locator('form', { hasText: `Overdue: ${AMHP_NAME}` }).filter({ hasText: 'operational manager' });
    expect(await forManager.textContent()).toContain('this is for you');
    await managerContext.close();

    // The AMHP checks in safe.
    await amhp.goto(visitPath);
    await Promise.all([amhp.waitForURL(/\/safety$/), amhp.getByRole('button', { name: 'I am safe and finished' }).click()]);
    expect(await amhp.locator('main').textContent()).toContain('Checked in: safe and finished');
    await expectAccessible(amhp, 'safety hub after check-in');

    // The whole trail is on the visit record, ending with the stand-down.
    await waitForText(lead, visitPath, 'Stand-down sent: the AMHP checked in safe', 60_000);
    const trail = (await lead.locator('#trail').textContent()) ?? '';
    const order = ['Went out to 12 Quarry Lane, Ashdown', 'Alerted AMHP Lead (Morwenna Tregarth)', 'Alerted AMHP operational manager (Gareth Lindqvist)', 'Checked in: finished and safe', 'Stand-down sent'];
    let last = -1;
    for (const text of order) {
      const at = trail.indexOf(text);
      expect(at, text).toBeGreaterThan(last);
      last = at;
    }
    await expectAccessible(lead, 'visit record');
    await leadContext.close();
    await amhpContext.close();
  }, 400_000);

  it('additional hours are approved as TOIL and the balance goes up', async () => {
    const amhpContext = await newContext(browser, { phone: true });
    const amhp = await amhpContext.newPage();
    await signIn(amhp, AMHP);
    await amhp.goto('/safety/hours');
    await expectAccessible(amhp, 'hours');
    const before = (await amhp.locator('#toil-balance').textContent())?.trim();
    const yesterday = londonNow(-24 * 3600_000).date;
    const [year, month, day] = yesterday.split('-');
    await amhp.locator('#startAt-day').fill(String(Number(day)));
    await amhp.locator('#startAt-month').fill(String(Number(month)));
    await amhp.locator('#startAt-year').fill(year ?? '');
    await amhp.getByLabel('From', { exact: true }).fill('17:00');
    await amhp.getByLabel('To', { exact: true }).fill('19:30');
    await amhp.getByLabel('Reason', { exact: true }).selectOption('bed_delay');
    await navigateBy(amhp, () => amhp.getByRole('button', { name: 'Send claim' }).click(), /\/safety\/hours$/);
    expect(await amhp.locator('main').textContent()).toContain('Additional hours sent to your line manager');

    const managerContext = await newContext(browser);
    const manager = await managerContext.newPage();
    await signIn(manager, 'linemanager@example.org');
    await manager.goto('/safety/hours/decide');
    await expectAccessible(manager, 'hours to decide');
    await Promise.all([manager.waitForURL(/\/safety\/hours\/[0-9a-f-]{36}$/), manager.getByRole('link', { name: AMHP_NAME }).first().click()]);
    await expectAccessible(manager, 'claim');
    expect(await manager.locator('main').textContent()).toContain('2 h 30 min'); // the claim's length
    await manager.getByLabel('Approve as time off in lieu').check();
    await Promise.all([manager.waitForURL(/\/safety\/hours\/decide$/), manager.getByRole('button', { name: 'Record decision' }).click()]);
    expect(await manager.locator('main').textContent()).toContain('Decision recorded');
    await manager.goto('/safety/hours/monthly');
    await expectAccessible(manager, 'monthly hours');
    await managerContext.close();

    await amhp.goto('/safety/hours');
    const after = (await amhp.locator('#toil-balance').textContent())?.trim();
    expect(before).toBe('0 min');
    expect(after).toBe('2 h 30 min');
    await amhpContext.close();
  }, 120_000);
});
