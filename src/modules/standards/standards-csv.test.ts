import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv-text.js';
import {
  ACTIONS_CSV_HEADER,
  actionsCsv,
  actionsCsvRows,
  RATINGS_CSV_HEADER,
  ratingsCsv,
  ratingsCsvRows,
} from './standards-csv.js';
import { builtInCatalogue } from './standards-catalogue.js';
import type { DevelopmentAction } from './action-plan.js';
import { anEvaluation, aRecord, AT, completedRecords } from '../../../test/support/builders/standards-builders.js';

const catalogue = builtInCatalogue();
const evaluation = anEvaluation();

describe('ratingsCsvRows', () => {
  const records = completedRecords('eval-1', {
    '2.4': aRecord('2.4')
      .parts(['daytime', 'not_met'], ['edt', 'met'])
      .rated('high', 'medium', 'low')
      .evidence({
        kind: 'protocol',
        description: '=HYPERLINK("http://evil")',
        whereToFind: 'Intranet',
      })
      .agreed()
      .build(),
  });
  const rows = ratingsCsvRows(evaluation, catalogue, records);

  it('has a header and one row per standard', () => {
    expect(rows[0]).toEqual([...RATINGS_CSV_HEADER]);
    expect(rows).toHaveLength(29);
  });

  it('writes the extent, parts, evidence, ratings, score and priority in words', () => {
    const row = rows.find((r) => r[4] === '2.4');
    expect(row).toEqual([
      'Wessex Vale AMHP Service',
      '2025-03-04',
      'AMHP Hub paraphrase 1',
      2,
      '2.4',
      catalogue.standards.find((s) => s.number === '2.4')?.title,
      'Partly met',
      'Daytime AMHP service: Not met; Emergency Duty Team (out of hours): Met',
      'Protocol: =HYPERLINK("http://evil") [Intranet]',
      'Partly effective',
      'High',
      'Medium',
      'Low',
      12,
      'Medium priority',
      true,
      'Completed',
      '',
      '',
      '',
    ]);
  });

  it('leaves unrated standards blank rather than inventing values', () => {
    const partial = ratingsCsvRows(evaluation, catalogue, []);
    expect(partial[1]?.slice(6, 17)).toEqual([
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      null,
      '',
      false,
      'Not started',
    ]);
  });

  it('produces CSV that reads back into the same cells, with formulas neutralised', () => {
    const csv = ratingsCsv(evaluation, catalogue, [
      aRecord('1.1').met().rated('low', 'low', 'low').build(),
      { ...aRecord('1.2').build(), mapNotes: '=1+1, "quoted"\nsecond line' },
    ]);
    const parsed = parseCsv(csv);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.records).toHaveLength(29);
    expect(parsed.records[2]?.cells[17]).toBe(`'=1+1, "quoted"\nsecond line`);
  });
});

describe('actionsCsvRows', () => {
  const action = (overrides: Partial<DevelopmentAction>): DevelopmentAction => ({
    id: 'a1',
    evaluationId: 'eval-1',
    serviceId: 'service-wessex',
    standardNumber: '4.2',
    description: 'Agree a TOIL policy',
    owner: 'AMHP service manager',
    ownerPersonId: null,
    targetDate: '2025-06-30',
    status: 'in_progress',
    progressNotes: [
      { id: 'n', text: 'Draft with HR', at: AT, byPersonId: 'p', byName: 'Sanjay Oduya' },
    ],
    createdAt: AT,
    completedOn: null,
    carriedForwardFrom: null,
    needsReview: false,
    ...overrides,
  });
  const now = new Date('2025-07-05T09:00:00Z');

  it('lists the current plan with overdue flags and the latest note, traceable to the standard', () => {
    const rows = actionsCsvRows(
      [
        action({}),
        action({
          id: 'a2',
          standardNumber: '1.1',
          description: '-Cancel old rota',
          owner: '@lead',
          targetDate: '2025-09-01',
          status: 'not_started',
          progressNotes: [],
        }),
      ],
      catalogue,
      now,
      (id) => (id === 'eval-1' ? 'Evaluation of 4 March 2025' : id),
    );
    expect(rows[0]).toEqual([...ACTIONS_CSV_HEADER]);
    expect(rows[1]).toEqual([
      'Evaluation of 4 March 2025',
      '4.2',
      catalogue.standards.find((s) => s.number === '4.2')?.title,
      'Agree a TOIL policy',
      'AMHP service manager',
      '2025-06-30',
      'In progress',
      true,
      5,
      '',
      false,
      false,
      'Draft with HR',
    ]);
    const csv = actionsCsv(
      [action({ id: 'a2', description: '-Cancel old rota', owner: '@lead' })],
      catalogue,
      now,
    );
    expect(csv).toContain(`,'-Cancel old rota,'@lead,`);
  });
});
