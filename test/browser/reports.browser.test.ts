import { readFile } from 'node:fs/promises';
import type { Browser, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfText } from '../support/pdf-text.js';
import { expectAccessible, launchBrowser, newContext, signIn } from './support/browser.js';

/**
 * Issue 15 point 9: the monthly performance pack and the Highlight Report in a browser. The Lead
 * opens the pack, changes the month, downloads the PDF and CSV (read back: the same figures as the
 * page); then drafts a Highlight Report and the operational manager approves it. Axe on each page;
 * every step waits for the next page's heading, never for time.
 */

/** The London year-month `back` months before the current one (the server runs on the real clock). */
function londonMonth(back: number): { value: string; label: string } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit' }).formatToParts(new Date());
  const year = Number(parts.find((p) => p.type === 'year')!.value);
  const month = Number(parts.find((p) => p.type === 'month')!.value);
  const index = year * 12 + (month - 1) - back;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  const label = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', month: 'long', year: 'numeric' }).format(new Date(Date.UTC(y, m - 1, 15)));
  return { value: `${y}-${String(m).padStart(2, '0')}`, label };
}

async function downloaded(page: Page, linkName: string): Promise<{ download: Download; body: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: linkName }).click()]);
  const path = await download.path();
  return { download, body: await readFile(path) };
}

/** The figure the page shows for a row of a section's table, current period first. */
async function pageFigures(page: Page, sectionId: string, label: string): Promise<string[]> {
  const row = page.locator(`#${sectionId} table`).first().locator('tbody tr').filter({ has: page.getByRole('rowheader', { name: label, exact: true }) });
  return row.locator('td').allTextContents();
}

describe('the performance pack and the Highlight Report in a browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser.close());

  it('opens the pack, changes the month, and downloads the same figures as PDF and CSV', async () => {
    const page = await (await newContext(browser)).newPage();
    await signIn(page, 'lead@example.org');
    await page.goto('/reports');
    await Promise.all([page.waitForURL('**/reports/pack**'), page.getByRole('link', { name: 'Monthly performance pack', exact: true }).click()]);
    const lastMonth = londonMonth(1);
    await page.getByRole('heading', { level: 1, name: `Performance pack: ${lastMonth.label}` }).waitFor();
    await expectAccessible(page, 'the pack, last month');
    // The demo's referrals are of the last ten days: last month has some.
    const lastMonthReferrals = await pageFigures(page, 'referrals', 'Referrals received');
    expect(Number(lastMonthReferrals[0]!.replace(/,/g, ''))).toBeGreaterThan(0);

    // Another month: this month so far, shown beside last month and a year earlier.
    const other = londonMonth(0);
    await page.getByLabel('Month').fill(other.value);
    await Promise.all([page.waitForURL(`**/reports/pack?**month=${other.value}**`), page.getByRole('button', { name: 'Show the pack' }).click()]);
    await page.getByRole('heading', { level: 1, name: `Performance pack: ${other.label}` }).waitFor();
    await expectAccessible(page, `the pack, ${other.label}`);
    const referrals = await pageFigures(page, 'referrals', 'Referrals received');
    const assessments = await pageFigures(page, 'assessments', 'Assessments with an outcome');
    const section2 = await pageFigures(page, 'assessments', 'Section 2');
    expect(referrals).toHaveLength(3);
    // The month before, beside this one, is last month's figure.
    expect(referrals[1]).toBe(lastMonthReferrals[0]);

    // The CSV: one row per figure, the three periods as columns, the same numbers as the page.
    const csv = await downloaded(page, 'Download the pack as CSV');
    expect(csv.download.suggestedFilename()).toBe(`performance-pack-month-${other.value}-both.csv`);
    const lines = csv.body.toString('utf8').split('\r\n');
    const plain = (figures: string[]) => figures.map((f) => f.replace(/,/g, '')).join(',');
    expect(lines[0]).toBe(`Section,Figure,Unit,${other.label},${lastMonth.label},${londonMonth(12).label}`);
    expect(lines).toContain(`Referrals,Referrals received,count,${plain(referrals)}`);
    expect(lines).toContain(`Assessments and outcomes,Assessments with an outcome,count,${plain(assessments)}`);
    expect(lines).toContain(`Assessments and outcomes,Section 2,count,${plain(section2)}`);

    // The PDF: the month, the section headings and the same figures.
    const pdf = await downloaded(page, 'Download the pack as PDF');
    expect(pdf.download.suggestedFilename()).toBe(`performance-pack-month-${other.value}-both.pdf`);
    const text = await pdfText(pdf.body);
    expect(text).toContain(`performance pack: ${other.label}`);
    for (const heading of ['Referrals', 'Assessments and outcomes', 'Delays by cause', 'Section 136 episodes', 'AMHP safety', 'Workforce']) expect(text).toContain(heading);
    expect(text).toContain(`Referrals received ${referrals.join(' ')}`);
    expect(text).toContain(`Assessments with an outcome ${assessments.join(' ')}`);
  });

  it('lets the Lead draft a Highlight Report and the operational manager approve it, then it is locked', async () => {
    const month = londonMonth(5);
    const lead = await (await newContext(browser)).newPage();
    await signIn(lead, 'lead@example.org');
    await lead.goto('/reports/highlight');
    await lead.getByRole('heading', { level: 1 }).first().waitFor();
    await expectAccessible(lead, 'the Highlight Reports');
    await lead.goto(`/reports/highlight/${month.value}`);
    await lead.getByRole('heading', { level: 1, name: `Highlight Report: ${month.label}` }).waitFor();
    await expectAccessible(lead, 'a draft Highlight Report');
    const narratives = lead.getByRole('textbox', { name: /^Narrative: / });
    const themes = await narratives.count();
    expect(themes).toBe(6);
    for (let i = 0; i < themes; i += 1) await narratives.nth(i).fill(`Theme ${i + 1} for ${month.label}: discussed with the partnership group; no change needed.`);
    await lead.getByRole('button', { name: 'Save the narratives' }).click();
    await lead.getByRole('heading', { name: 'Narratives saved' }).waitFor();
    await expectAccessible(lead, 'the draft, saved');

    const manager = await (await newContext(browser)).newPage();
    await signIn(manager, 'manager@example.org');
    await manager.goto(`/reports/highlight/${month.value}`);
    await manager.getByRole('heading', { level: 1, name: `Highlight Report: ${month.label}` }).waitFor();
    await expect(manager.getByRole('textbox', { name: 'Narrative: Demand on the service' }).inputValue()).resolves.toContain(`Theme 4 for ${month.label}`);
    await manager.getByRole('button', { name: 'Approve and lock the report' }).click();
    await manager.getByRole('heading', { name: 'Highlight Report approved and locked' }).waitFor();
    const shown = (await manager.locator('main').textContent()) ?? '';
    expect(shown).toContain('The report is locked');
    expect(await manager.getByRole('textbox').count()).toBe(0);
    expect(await manager.getByRole('button', { name: 'Approve and lock the report' }).count()).toBe(0);
    await expectAccessible(manager, 'the approved Highlight Report');

    // The Lead sees it locked too, and the PDF carries the narratives and the approval.
    await lead.goto(`/reports/highlight/${month.value}`);
    await lead.getByRole('heading', { level: 1, name: `Highlight Report: ${month.label}` }).waitFor();
    expect(await lead.getByRole('button', { name: 'Save the narratives' }).count()).toBe(0);
    const pdf = await downloaded(lead, 'Download the Highlight Report as PDF');
    const text = await pdfText(pdf.body);
    expect(text).toContain(month.label);
    expect(text).toContain(`Theme 4 for ${month.label}`);
    expect(text).toContain('Demand on the service');
    expect(text).toContain('Approved by');
  });
});
