import { describe, expect, it } from 'vitest';
import { ageBandOf, disparityTable, formatRatio, isSuppressed, publishedRow, rateRatio, ratePer100k, shownCount, type Denominator, type DisparityFact } from './disparity.js';
import { readDenominators } from './denominators-file.js';

const L1 = 'lssa-1';
const fact = (ethnicity: string | null, detained: boolean, over: Partial<DisparityFact> = {}): DisparityFact => ({ lssaId: L1, ethnicity, sex: 'male', age: 30, detained, ...over });
const pop = (dimension: Denominator['dimension'], group: string, population: number): Denominator => ({ lssaId: L1, dimension, group, population });

describe('rates per 100,000 and the rate ratio (hand-checked)', () => {
  it('computes a rate per 100,000', () => {
    expect(ratePer100k(20, 10_000)).toBe(200);
    expect(ratePer100k(0, 10_000)).toBe(0);
    expect(ratePer100k(5, null)).toBeNull();
  });

  it('gives the ratio with its 95% interval by the log method', () => {
    // a = 20 of 10,000 (200 per 100k), b = 50 of 100,000 (50 per 100k): RR = 4.
    // SE(ln RR) = √(1/20 + 1/50) = √0.07 = 0.264575; 1.96 × SE = 0.518567.
    // Lower = 4 × e^−0.518567 = 4 × 0.595373 = 2.3815; upper = 4 × e^0.518567 = 4 × 1.679619 = 6.7185.
    const r = rateRatio(20, 10_000, 50, 100_000)!;
    expect(r.ratio).toBeCloseTo(4, 10);
    expect(r.lower).toBeCloseTo(2.3815, 4);
    expect(r.upper).toBeCloseTo(6.7185, 4);
    expect(formatRatio(r)).toBe('4.00 (2.38 to 6.72)');
  });

  it('has no ratio when a count is zero or a population is missing', () => {
    expect(rateRatio(0, 10_000, 50, 100_000)).toBeNull();
    expect(rateRatio(10, 10_000, 0, 100_000)).toBeNull();
    expect(rateRatio(10, null, 10, 100_000)).toBeNull();
  });
});

describe('small-number suppression: counts 1 to 7 shown as *', () => {
  it('hides 1 to 7 and shows 0 and 8', () => {
    expect([0, 1, 7, 8].map(shownCount)).toEqual(['0', '*', '*', '8']);
    expect(isSuppressed(0)).toBe(false);
    expect(isSuppressed(3)).toBe(true);
  });

  it('suppresses the rates and ratios computed from a small count, and never publishes the raw count', () => {
    const facts = [
      ...Array.from({ length: 20 }, (_, i) => fact('A', i < 10)), // reference: 20 assessments, 10 detentions
      ...Array.from({ length: 12 }, (_, i) => fact('N', i < 3)), // 12 assessments, 3 detentions (suppressed)
      fact('M', true), // 1 assessment: suppressed
    ];
    const denominators = [pop('ethnicity', 'A', 100_000), pop('ethnicity', 'N', 10_000), pop('ethnicity', 'M', 5_000)];
    const table = disparityTable(facts, denominators, 'ethnicity');
    const a = table.rows.find((r) => r.group === 'A')!;
    const n = table.rows.find((r) => r.group === 'N')!;
    const m = table.rows.find((r) => r.group === 'M')!;
    expect(a).toMatchObject({ assessmentsShown: '20', detentionsShown: '10', assessmentRate: 20, detentionRate: 10, isReference: true, assessmentRatio: null });
    // N: 12 of 10,000 = 120 per 100k; ratio to A (20 per 100k) = 6; SE = √(1/12 + 1/20) = 0.365148.
    expect(n.assessmentsShown).toBe('12');
    expect(n.assessmentRate).toBeCloseTo(120, 10);
    expect(n.assessmentRatio!.ratio).toBeCloseTo(6, 10);
    expect(n.assessmentRatio!.lower).toBeCloseTo(6 * Math.exp(-1.96 * 0.365148), 3);
    expect(n.assessmentRatio!.lower).toBeCloseTo(2.933, 3);
    expect(n.assessmentRatio!.upper).toBeCloseTo(12.27, 2);
    expect(n.detentionsShown).toBe('*');
    expect(n.detentionRate).toBeNull();
    expect(n.detentionRatio).toBeNull();
    expect(m).toMatchObject({ assessmentsShown: '*', assessmentRate: null, assessmentRatio: null, detentionsShown: '*', detentionRate: null, note: 'Small numbers: rate suppressed' });
    expect(JSON.stringify(table.rows.map(publishedRow))).not.toMatch(/"assessments":|"detentions":/);
    // A group with nobody assessed shows 0 and a rate of 0, not blank.
    const b = table.rows.find((r) => r.group === 'B')!;
    expect(b).toMatchObject({ assessmentsShown: '0', population: null, assessmentRate: null, note: 'No population loaded' });
  });

  it('puts "not stated" and unknown groups in the unassigned line, suppressed like the rest', () => {
    const table = disparityTable([fact('Z', true), fact(null, false)], [], 'ethnicity');
    expect(table.unassigned).toEqual({ assessments: '*', detentions: '*' });
  });

  it('suppresses every ratio when the reference count itself is small', () => {
    const facts = [...Array.from({ length: 5 }, () => fact('A', false)), ...Array.from({ length: 30 }, () => fact('N', false))];
    const table = disparityTable(facts, [pop('ethnicity', 'A', 1000), pop('ethnicity', 'N', 1000)], 'ethnicity');
    expect(table.rows.find((r) => r.group === 'N')!.assessmentRatio).toBeNull();
    expect(table.rows.find((r) => r.group === 'N')!.assessmentRate).toBe(3000);
  });
});

describe('age bands and sex', () => {
  it('bands ages', () => {
    expect([0, 17, 18, 24, 25, 64, 65, 74, 75, 101].map(ageBandOf)).toEqual(['0-17', '0-17', '18-24', '18-24', '25-34', '55-64', '65-74', '65-74', '75+', '75+']);
    expect(ageBandOf(null)).toBeNull();
  });

  it('tables by sex against women by default', () => {
    const facts = [...Array.from({ length: 10 }, () => fact('A', true, { sex: 'female' })), ...Array.from({ length: 20 }, () => fact('A', true, { sex: 'male' })), fact('A', true, { sex: 'non_binary' })];
    const table = disparityTable(facts, [pop('sex', 'female', 50_000), pop('sex', 'male', 50_000)], 'sex');
    expect(table.rows.find((r) => r.group === 'male')!.detentionRatio!.ratio).toBeCloseTo(2, 10);
    expect(table.unassigned.assessments).toBe('*');
  });
});

describe('the denominators file', () => {
  const lssas = [{ id: L1, name: 'Corrington Council', shortName: 'Corrington' }];
  const sexRows = 'Corrington,sex,female,51000\nCorrington,sex,male,49000\n';

  it('reads a good file', () => {
    const { rows, problems } = readDenominators(`lssa,dimension,group,population\n${sexRows}`, lssas);
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      { row: 2, lssaId: L1, lssaName: 'Corrington Council', dimension: 'sex', group: 'female', population: 51000 },
      { row: 3, lssaId: L1, lssaName: 'Corrington Council', dimension: 'sex', group: 'male', population: 49000 },
    ]);
  });

  it('refuses a wrong header, naming what is missing', () => {
    const { rows, problems } = readDenominators(`area,dimension,group,count\n${sexRows}`, lssas);
    expect(rows).toEqual([]);
    expect(problems).toEqual([{ row: 1, column: null, message: 'The header must be lssa,dimension,group,population (missing lssa, population; not expected area, count)' }]);
  });

  it('refuses a negative count with its row and column', () => {
    const { rows, problems } = readDenominators('lssa,dimension,group,population\nCorrington,sex,female,51000\nCorrington,sex,male,-5\n', lssas);
    expect(rows).toEqual([]);
    expect(problems).toEqual([{ row: 3, column: 'population', message: 'The population cannot be negative' }]);
  });

  it('refuses a missing group: an empty cell, and a dimension without every group', () => {
    const empty = readDenominators('lssa,dimension,group,population\nCorrington,sex,,51000\n', lssas);
    expect(empty.problems[0]).toMatchObject({ row: 2, column: 'group' });
    const partial = readDenominators('lssa,dimension,group,population\nCorrington,sex,female,51000\n', lssas);
    expect(partial.rows).toEqual([]);
    expect(partial.problems).toEqual([{ row: null, column: 'group', message: 'Corrington Council: the sex groups male (Male) are missing; give every group of a dimension' }]);
  });

  it('refuses an unknown LSSA, an unknown group and a repeated row', () => {
    const { problems } = readDenominators('lssa,dimension,group,population\nWestford,sex,female,1\nCorrington,ethnicity,Q,10\nCorrington,sex,female,1\nCorrington,sex,FEMALE,2\n', lssas);
    expect(problems.map((p) => [p.row, p.column])).toEqual([
      [2, 'lssa'],
      [3, 'group'],
      [5, 'group'],
    ]);
    expect(problems[0]!.message).toContain('not an LSSA');
  });

  it('refuses an empty file and a header alone', () => {
    expect(readDenominators('', lssas).problems[0]!.message).toContain('empty');
    expect(readDenominators('lssa,dimension,group,population\n', lssas).problems[0]!.message).toContain('no rows');
  });
});
