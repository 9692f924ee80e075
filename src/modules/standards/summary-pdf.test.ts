import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtInCatalogue } from './standards-catalogue.js';
import { buildSummary } from './standards-summary.js';
import { renderSummaryPdf } from './summary-pdf.js';
import { anEvaluation, aRecord, completedRecords } from '../../../test/support/builders/standards-builders.js';
import type { DevelopmentAction } from './action-plan.js';

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
  it('is a PDF with the heat map drawn on the first page, then priorities, plan and every standard', async () => {
    const pdf = await renderSummaryPdf(sample(), NOW);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    if (process.env.STANDARDS_PDF_OUT) writeFileSync(process.env.STANDARDS_PDF_OUT, pdf);
    const pages = pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? [];
    expect(pages.length).toBeGreaterThanOrEqual(8);
    expect(pdf.length).toBeGreaterThan(10_000);
  });
});
