import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { anEvaluation, aRecord, completedRecords } from '../../../test/support/builders/standards-builders.js';
import { pdfPages } from '../../../test/support/pdf-text.js';
import type { DevelopmentAction } from './action-plan.js';
import { builtInCatalogue } from './standards-catalogue.js';
import { buildSummary } from './standards-summary.js';
import { renderSummaryPdf } from './summary-pdf.js';

const NOW = new Date('2025-06-01T09:00:00Z');

function sample() {
  const records = completedRecords('eval-1', {
    '4.1': aRecord('4.1').parts(['daytime', 'met'], ['edt', 'not_met']).rated('high', 'high', 'medium').agreed().build(),
    '2.3': aRecord('2.3').notMet().rated('high', 'medium', 'medium').agreed().build(),
  });
  const action: DevelopmentAction = {
    id: 'a-1', evaluationId: 'eval-1', serviceId: 'service-wessex', standardNumber: '4.1',
    description: 'Write an out-of-hours lone-working protocol', owner: 'EDT manager', ownerPersonId: null,
    targetDate: '2025-04-30', status: 'in_progress', progressNotes: [], createdAt: NOW, completedOn: null,
    carriedForwardFrom: null, needsReview: false,
  };
  return buildSummary({ evaluation: anEvaluation(), catalogue: builtInCatalogue(), records, actions: [action], now: NOW });
}

describe('summary PDF', () => {
  it('names the evaluation, draws the heat map first, then the priorities with their ratings, the plan and every standard', async () => {
    const pdf = await renderSummaryPdf(sample(), NOW);
    if (process.env.STANDARDS_PDF_OUT) writeFileSync(process.env.STANDARDS_PDF_OUT, pdf);
    const pages = await pdfPages(pdf);
    expect(pages.length).toBeGreaterThanOrEqual(8);
    const [overview = '', priorities = ''] = pages;
    // Page 1: the evaluation's name, chair, counts and the heat map's cells in words.
    expect(overview).toContain('Wessex Vale AMHP Service, 4 March 2025 · In the meeting · Chair: Morag Ellery');
    expect(overview).toContain('Met: 26 · Partly met: 1 · Not met: 1 · Not assessed: 0');
    expect(overview).toContain('2.3 Not met A:H S:M O:M Priority: high');
    expect(overview).toContain('4.1 Partly met Parts differ A:H S:H O:M Priority: medium');
    expect(overview).toContain('6.4 Met A:L S:L O:L Priority: low');
    // Page 2: priorities, highest risk first, with each rating and the score; then the plan.
    expect(priorities).toContain('1 2.3 Contingency plans for high demand Not met High Medium Medium 21 High priority');
    expect(priorities).toContain('2 4.1 Safety first, no lone working Partly met High High Medium 16 Medium priority');
    expect(priorities).toContain('Write an out-of-hours lone-working protocol');
    expect(priorities).toContain('EDT manager');
    // The full record: every standard, with its ratings.
    const all = pages.join('\n');
    expect(all).toContain('Emergency Duty Team (out of hours): Not met');
    expect(all).toContain('Risk if not met: to AMHPs: High · to the AMHP service: High · to the organisation: Medium');
    expect(all).toMatch(/Page 8 of \d+ · Generated 2025-06-01 09:00 UTC/);
  });
});
