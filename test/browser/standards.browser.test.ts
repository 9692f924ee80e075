import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STANDARD_NUMBERS } from '../../src/modules/standards/standards-catalogue.js';
import { pdfPages } from '../support/pdf-text.js';
import { BASE_URL, DEMO_PASSWORD, expectAccessible, launchBrowser, navigateBy, newContext, signIn, visitAndCheck } from './support/browser.js';

async function token(email: string): Promise<string> {
  const response = await fetch(`${BASE_URL}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) });
  return ((await response.json()) as { token: string }).token;
}

async function api(bearer: string, method: string, url: string, body?: unknown): Promise<Response> {
  return fetch(`${BASE_URL}${url}`, { method, headers: { authorization: `Bearer ${bearer}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
}

/** Completes a standard through the API (the shortcut for the standards the journey does not type). */
async function completeByApi(bearer: string, evaluationId: string, number: string, extentMet: string, risk: string): Promise<void> {
  const current = (await (await api(bearer, 'GET', `/api/v1/standards/evaluations/${evaluationId}/standards/${number}`)).json()) as { version: number };
  const response = await api(bearer, 'PUT', `/api/v1/standards/evaluations/${evaluationId}/standards/${number}`, {
    expectedVersion: current.version,
    extentMet,
    evidence: [{ kind: 'protocol', description: `Protocol for ${number}` }],
    effectiveness: 'effective',
    risk: { amhps: risk, service: 'low', organisation: 'low' },
    agreedByGroup: true,
  });
  expect(response.status, `save ${number}`).toBe(200);
}

/**
 * Does something that navigates (a click, a form post) and waits for the next page itself: the
 * main frame committing a document at `url`, that document loaded, and its `h1`. It never
 * waits for time, and because it listens before acting it cannot mistake the page it started
 * on for the next one, even when both have the same address (a form posted back to itself).
 */
async function toNextPage(page: Page, act: () => Promise<unknown>, url: RegExp, heading: RegExp): Promise<void> {
  await navigateBy(page, act, url);
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

const click = (locator: Locator) => () => locator.click();

/** Fills a GOV.UK date input (its fieldset's legend names it). */
async function fillDate(page: Page, legend: string, date: string): Promise<void> {
  const [year = '', month = '', day = ''] = date.split('-');
  const group = page.getByRole('group', { name: legend });
  await group.getByLabel('Day').fill(String(Number(day)));
  await group.getByLabel('Month').fill(String(Number(month)));
  await group.getByLabel('Year').fill(year);
}

const UUID = '[0-9a-f-]{36}';

describe('standards toolkit journey', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser.close());

  it('sets up, completes, closes, downloads the PDF, repeats and compares an evaluation', async () => {
    const context = await newContext(browser);
    const page: Page = await context.newPage();
    await signIn(page, 'lead@example.org');

    // Set up the evaluation.
    await visitAndCheck(page, '/standards');
    await toNextPage(page, click(page.getByRole('button', { name: 'Set up an evaluation' })), /\/standards\/evaluations\/new$/, /^Set up an evaluation$/);
    await expectAccessible(page, 'new evaluation');
    await page.getByLabel('AMHP service being evaluated').selectOption({ label: 'Corrington Council' });
    await fillDate(page, 'Date of the evaluation meeting', '2025-09-10');
    await page.getByLabel('Note-taker (optional)').selectOption({ index: 2 });
    await toNextPage(page, click(page.getByRole('button', { name: 'Set up the evaluation' })), new RegExp(`/standards/evaluations/${UUID}$`), /^Corrington Council AMHP service\s+Preparing$/);
    const evaluationUrl = new URL(page.url()).pathname;
    const evaluationId = evaluationUrl.split('/').at(-1) ?? '';
    await expectAccessible(page, 'evaluation overview');

    // Add participants with the parts of the service they represent.
    for (const [name, part] of [
      ['Tobias Okonkwo-Reid', 'Daytime AMHPs'],
      ['Declan Mufaro', 'Out-of-hours (EDT) AMHPs'],
    ] as const) {
      await page.getByText('Add a participant').click();
      const option = await page.locator('#personId option', { hasText: name }).first().getAttribute('value');
      await page.locator('#personId').selectOption(option ?? '');
      await page.getByLabel(part).check();
      await toNextPage(page, click(page.getByRole('button', { name: 'Add participant' })), new RegExp(`${evaluationUrl}#participants$`), /Corrington Council AMHP service/);
      expect(await page.locator('#participants ~ table').textContent()).toContain(name);
    }
    await toNextPage(page, click(page.getByRole('button', { name: 'Start the meeting' })), new RegExp(`${evaluationUrl}$`), /In the meeting$/);

    // Standard 1.1 through the page, with the parts of the service differing.
    const standard11 = new RegExp(`${evaluationUrl}/standards/1\\.1`);
    await toNextPage(page, click(page.getByRole('link', { name: /^1\.1 / })), new RegExp(`${standard11.source}$`), /^1\.1 /);
    await expectAccessible(page, 'standard 1.1');
    await page.getByLabel('Work it out from the parts of the service').check();
    await page.getByLabel('Daytime AMHP service', { exact: true }).selectOption('met');
    await page.getByLabel('Emergency Duty Team (out of hours)', { exact: true }).selectOption('not_met');
    await page.getByLabel('Note on Emergency Duty Team (out of hours) (optional)').fill('No regular report from EDT to the director');
    await page.locator('#evidence-0-description').fill('Quarterly AMHP report to the DASS');
    await toNextPage(page, click(page.getByRole('button', { name: 'Save and continue to Evaluate' })), new RegExp(`${standard11.source}#evaluate$`), /^1\.1 /);
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Standard 1.1 saved');
    // The radio is checked on the page that has just loaded (the one saved at step Map).
    await page.getByLabel('Partly effective').check();
    await toNextPage(page, click(page.getByRole('button', { name: 'Save and continue to Plan' })), new RegExp(`${standard11.source}#plan$`), /^1\.1 /);
    await page.getByLabel('Action', { exact: true }).fill('EDT activity added to the quarterly report');
    await page.getByLabel('Owner', { exact: true }).fill('EDT service manager');
    await fillDate(page, 'Target date', '2025-12-31');
    // Posted back to the same address (#plan): the helper still waits for the new page.
    await toNextPage(page, click(page.getByRole('button', { name: 'Add action' })), new RegExp(`${standard11.source}#plan$`), /^1\.1 /);
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Action added');
    for (const [legend, level] of [
      ['Risk to AMHPs', 'Medium'],
      ['Risk to the AMHP service', 'High'],
      ['Risk to the organisation', 'High'],
    ] as const) {
      await page.getByRole('group', { name: legend }).getByLabel(level).check();
    }
    await page.getByLabel('The group agrees this record of standard 1.1').check();
    await toNextPage(page, click(page.getByRole('button', { name: 'Save and go to the next standard' })), new RegExp(`${evaluationUrl}/standards/1\\.2$`), /^1\.2 /);
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Standard 1.1 saved and agreed');

    // The other 27 through the API.
    const bearer = await token('lead@example.org');
    for (const number of STANDARD_NUMBERS.filter((n) => n !== '1.1')) await completeByApi(bearer, evaluationId, number, number === '2.3' ? 'not_met' : 'met', number === '2.3' ? 'high' : 'low');

    await page.goto(evaluationUrl);
    expect(await page.locator('.govuk-summary-list').first().textContent()).toContain('28 of 28 standards completed');
    await toNextPage(page, click(page.getByRole('button', { name: 'Close the evaluation' })), new RegExp(`${evaluationUrl}$`), /Closed$/);
    await expectAccessible(page, 'closed evaluation');

    // The summary page and its PDF, read back as text.
    await toNextPage(page, click(page.getByRole('button', { name: 'Summary report' })), new RegExp(`${evaluationUrl}/summary$`), /^Corrington Council AMHP service, 10 September 2025\s+Closed$/);
    await expectAccessible(page, 'summary');
    expect(await page.locator('.app-standards-chart svg').count()).toBe(2);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the summary (PDF)' }).click()]);
    const pdfPath = path.join(mkdtempSync(path.join(tmpdir(), 'standards-pdf-')), 'summary.pdf');
    await download.saveAs(pdfPath);
    const [firstPage = '', priorities = ''] = await pdfPages(readFileSync(pdfPath));
    expect(firstPage).toContain('Corrington Council AMHP service, 10 September 2025 · Closed');
    expect(firstPage).toContain('Chapter 6');
    expect(firstPage).toContain('1.1 Partly met Parts differ A:M S:H O:H');
    expect(firstPage).toContain('Not met (1)');
    expect(priorities).toContain('2.3 Contingency plans for high demand Not met High Low Low');

    // A repeat from the closed evaluation, with changed ratings, then the comparison.
    await page.goto(evaluationUrl);
    await toNextPage(page, click(page.getByRole('button', { name: 'Start a repeat evaluation from this one' })), /\/standards\/evaluations\/new\?baseline=/, /^Start a repeat evaluation$/);
    await expectAccessible(page, 'repeat form');
    await fillDate(page, 'Date of the evaluation meeting', '2026-03-10');
    await toNextPage(page, click(page.getByRole('button', { name: 'Start the repeat evaluation' })), new RegExp(`/standards/evaluations/(?!${evaluationId})${UUID}$`), /Preparing$/);
    const repeatUrl = new URL(page.url()).pathname;
    const repeatId = repeatUrl.split('/').at(-1) ?? '';
    expect(repeatId).not.toBe(evaluationId);
    await toNextPage(page, click(page.getByRole('button', { name: 'Start the meeting' })), new RegExp(`${repeatUrl}$`), /In the meeting$/);
    await completeByApi(bearer, repeatId, '2.3', 'met', 'low');
    await completeByApi(bearer, repeatId, '1.2', 'not_met', 'high');
    await toNextPage(page, click(page.getByRole('link', { name: 'Compare with the baseline' })), /\/standards\/compare\?baseline=/, /^Compare two evaluations$/);
    await expectAccessible(page, 'comparison');
    const rows = page.locator('tbody tr');
    expect(await rows.filter({ hasText: '2.3' }).textContent()).toContain('Improved');
    expect(await rows.filter({ hasText: '1.2' }).textContent()).toContain('Deteriorated');

    // Comparing different services is refused clearly.
    const demo = (await (await api(bearer, 'GET', '/api/v1/standards/evaluations')).json()) as Array<{ id: string; serviceName: string }>;
    const other = demo.find((e) => e.serviceName.startsWith('Brackenford'));
    await page.goto(`/standards/compare?baseline=${other?.id}&repeat=${repeatId}`);
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('different services');
    await expectAccessible(page, 'comparison error');

    await visitAndCheck(page, '/standards/plan');
    await visitAndCheck(page, '/standards/catalogues');
    await context.close();
    // A long journey (about 20 pages, each checked with axe, and 29 API saves): under a loaded CI
    // machine it takes more than the default 2 minutes. Every step waits for its page, not for time.
  }, 360_000);

  it('the governance viewer reads the demo summary and the development plan', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, 'director@example.org');
    await expectAccessible(page, 'director home');
    await visitAndCheck(page, '/standards');
    await toNextPage(page, click(page.getByRole('link', { name: /Summary of Brackenford/ }).first()), new RegExp(`/standards/evaluations/${UUID}/summary$`), /^Brackenford/);
    await expectAccessible(page, 'demo summary');
    await visitAndCheck(page, '/standards/plan');
    expect(await page.locator('.govuk-tag--red').count()).toBeGreaterThan(0);
    await context.close();
  });
});
