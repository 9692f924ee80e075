import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STANDARD_NUMBERS } from '../../src/modules/standards/standards-catalogue.js';
import { BASE_URL, DEMO_PASSWORD, expectAccessible, launchBrowser, newContext, signIn, visitAndCheck } from './support/browser.js';

async function token(email: string): Promise<string> {
  const response = await fetch(`${BASE_URL}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) });
  return ((await response.json()) as { token: string }).token;
}

async function api(bearer: string, method: string, url: string, body?: unknown): Promise<Response> {
  return fetch(`${BASE_URL}${url}`, { method, headers: { authorization: `Bearer ${bearer}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
}

/** Completes a standard through the API (the builders' shortcut for the other 27). */
async function completeByApi(bearer: string, evaluationId: string, number: string, extentMet: string, risk: string): Promise<void> {
  const current = (await (await api(bearer, 'GET', `/api/v1/standards/evaluations/${evaluationId}`)).json()) as { records: Array<{ standardNumber: string; version: number }> };
  const version = current.records.find((r) => r.standardNumber === number)?.version ?? 0;
  const response = await api(bearer, 'PUT', `/api/v1/standards/evaluations/${evaluationId}/standards/${number}`, {
    expectedVersion: version,
    extentMet,
    evidence: [{ kind: 'protocol', description: `Protocol for ${number}` }],
    effectiveness: 'effective',
    risk: { amhps: risk, service: 'low', organisation: 'low' },
    agreedByGroup: true,
  });
  expect(response.status, `save ${number}`).toBe(200);
}

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
    await page.getByRole('button', { name: 'Set up an evaluation' }).click();
    await expectAccessible(page, 'new evaluation');
    await page.getByLabel('AMHP service being evaluated').selectOption({ label: 'Corrington Council' });
    await page.getByLabel('Date of the evaluation meeting').fill('2025-09-10');
    await page.getByLabel('Note-taker (optional)').selectOption({ index: 2 });
    await page.getByRole('button', { name: 'Set up the evaluation' }).click();
    await page.waitForURL(/\/standards\/evaluations\/[0-9a-f-]{36}$/);
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
      await page.getByRole('button', { name: 'Add participant' }).click();
      await expect.poll(() => page.locator('#participants ~ table').textContent()).toContain(name);
    }
    await page.getByRole('button', { name: 'Start the meeting' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toContain('In the meeting');

    // Standard 1.1 through the page, with the parts of the service differing.
    await page.getByRole('link', { name: /^1\.1 / }).click();
    await expectAccessible(page, 'standard 1.1');
    await page.getByLabel('Work it out from the parts of the service').check();
    await page.getByLabel('Daytime AMHP service', { exact: true }).selectOption('met');
    await page.getByLabel('Emergency Duty Team (out of hours)', { exact: true }).selectOption('not_met');
    await page.getByLabel('Note on Emergency Duty Team (out of hours) (optional)').fill('No regular report from EDT to the director');
    await page.locator('#evidence-0-description').fill('Quarterly AMHP report to the DASS');
    await page.getByRole('button', { name: 'Save and continue to Evaluate' }).click();
    await expect.poll(() => page.locator('.govuk-notification-banner').textContent()).toContain('Standard 1.1 saved');
    await page.getByLabel('Partly effective').check();
    await page.getByRole('button', { name: 'Save and continue to Plan' }).click();
    await page.getByLabel('Action', { exact: true }).fill('EDT activity added to the quarterly report');
    await page.getByLabel('Owner', { exact: true }).fill('EDT service manager');
    await page.getByLabel('Target date').fill('2025-12-31');
    await page.getByRole('button', { name: 'Add action' }).click();
    await expect.poll(() => page.locator('.govuk-notification-banner').textContent()).toContain('Action added');
    for (const [legend, level] of [
      ['Risk to AMHPs', 'Medium'],
      ['Risk to the AMHP service', 'High'],
      ['Risk to the organisation', 'High'],
    ] as const) {
      await page.getByRole('group', { name: legend }).getByLabel(level).check();
    }
    await page.getByLabel('The group agrees this record of standard 1.1').check();
    await page.getByRole('button', { name: 'Save and go to the next standard' }).click();
    await page.waitForURL(/standards\/1\.2$/);

    // The other 27 through the API.
    const bearer = await token('lead@example.org');
    for (const number of STANDARD_NUMBERS.filter((n) => n !== '1.1')) await completeByApi(bearer, evaluationId, number, number === '2.3' ? 'not_met' : 'met', number === '2.3' ? 'high' : 'low');

    await page.goto(evaluationUrl);
    expect(await page.locator('.govuk-summary-list').first().textContent()).toContain('28 of 28 standards completed');
    await page.getByRole('button', { name: 'Close the evaluation' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toContain('Closed');
    await expectAccessible(page, 'closed evaluation');

    // The summary page and its PDF.
    await page.getByRole('button', { name: 'Summary report' }).click();
    await expectAccessible(page, 'summary');
    expect(await page.locator('.app-standards-chart svg').count()).toBe(2);
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download the summary (PDF)' }).click();
    const file = await download;
    const dir = mkdtempSync(path.join(tmpdir(), 'standards-pdf-'));
    const pdfPath = path.join(dir, 'summary.pdf');
    await file.saveAs(pdfPath);
    const pdf = await (await api(bearer, 'GET', `/api/v1/standards/evaluations/${evaluationId}/summary.pdf`)).arrayBuffer();
    expect(Buffer.from(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    if (existsSync('/usr/bin/pdftoppm')) {
      // The first page carries the heat map: its text (chapter labels and standard numbers) is in the PDF.
      execFileSync('/usr/bin/pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', pdfPath, path.join(dir, 'page')]);
      if (existsSync('/usr/bin/pdftotext')) {
        execFileSync('/usr/bin/pdftotext', ['-f', '1', '-l', '1', pdfPath, path.join(dir, 'page1.txt')]);
        const { readFileSync } = await import('node:fs');
        const text = readFileSync(path.join(dir, 'page1.txt'), 'utf8');
        expect(text).toContain('Chapter 6');
        expect(text).toContain('Parts differ');
        expect(text).toContain('Not met (1)');
      }
    }
    writeFileSync(path.join(dir, 'ok'), '');

    // A repeat from the closed evaluation, with changed ratings, then the comparison.
    await page.goto(evaluationUrl);
    await page.getByRole('button', { name: 'Start a repeat evaluation from this one' }).click();
    await expectAccessible(page, 'repeat form');
    await page.getByLabel('Date of the evaluation meeting').fill('2026-03-10');
    await page.getByRole('button', { name: 'Start the repeat evaluation' }).click();
    await page.waitForURL(/\/standards\/evaluations\/[0-9a-f-]{36}$/);
    const repeatId = new URL(page.url()).pathname.split('/').at(-1) ?? '';
    expect(repeatId).not.toBe(evaluationId);
    await page.getByRole('button', { name: 'Start the meeting' }).click();
    await completeByApi(bearer, repeatId, '2.3', 'met', 'low');
    await completeByApi(bearer, repeatId, '1.2', 'not_met', 'high');
    await page.getByRole('link', { name: 'Compare with the baseline' }).click();
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
  });

  it('the governance viewer reads the demo summary and the development plan', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, 'director@example.org');
    await expectAccessible(page, 'director home');
    await visitAndCheck(page, '/standards');
    await page.getByRole('link', { name: /Summary of Brackenford/ }).first().click();
    await expectAccessible(page, 'demo summary');
    await visitAndCheck(page, '/standards/plan');
    expect(await page.locator('.govuk-tag--red').count()).toBeGreaterThan(0);
    await context.close();
  });
});
