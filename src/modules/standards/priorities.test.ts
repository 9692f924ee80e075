import { describe, expect, it } from 'vitest';
import { overallRiskScore, priorityBand, rankPriorities, riskImpact } from './priorities.js';
import { aRecord, completedRecords } from '../../../test/support/builders/standards-builders.js';

describe('overall risk score', () => {
  it('multiplies the sum of the three ratings by the shortfall', () => {
    expect(riskImpact({ amhps: 'low', service: 'medium', organisation: 'high' })).toBe(6);
    expect(
      overallRiskScore('not_met', { amhps: 'high', service: 'high', organisation: 'high' }),
    ).toBe(27);
    expect(
      overallRiskScore('partly_met', { amhps: 'low', service: 'medium', organisation: 'high' }),
    ).toBe(12);
    expect(overallRiskScore('met', { amhps: 'low', service: 'low', organisation: 'low' })).toBe(3);
  });

  it.each([
    [9, 'low'],
    [10, 'medium'],
    [17, 'medium'],
    [18, 'high'],
  ] as const)('band at %i is %s', (score, band) => {
    expect(priorityBand(score)).toBe(band);
  });

  it('puts "not met, all medium" and "partly met, all high" in the high band', () => {
    expect(
      priorityBand(
        overallRiskScore('not_met', { amhps: 'medium', service: 'medium', organisation: 'medium' }),
      ),
    ).toBe('high');
    expect(
      priorityBand(
        overallRiskScore('partly_met', { amhps: 'high', service: 'high', organisation: 'high' }),
      ),
    ).toBe('high');
  });
});

describe('rankPriorities', () => {
  it('ranks highest risk first and leaves met standards out', () => {
    const records = completedRecords('eval-1', {
      '1.1': aRecord('1.1').partlyMet().rated('medium', 'medium', 'medium').agreed().build(), // 12
      '4.1': aRecord('4.1').notMet().rated('high', 'high', 'high').agreed().build(), // 27
      '2.3': aRecord('2.3').notMet().rated('low', 'low', 'medium').agreed().build(), // 12
    });
    const { ranked, unrated } = rankPriorities(records);
    expect(ranked.map((r) => [r.rank, r.standardNumber, r.score, r.band])).toEqual([
      [1, '4.1', 27, 'high'],
      // Same score 12: 1.1 has no high rating either, so the larger shortfall (not met) goes first.
      [2, '2.3', 12, 'medium'],
      [3, '1.1', 12, 'medium'],
    ]);
    expect(unrated).toEqual([]);
  });

  it('breaks ties by a high rating anywhere before the size of the shortfall', () => {
    const records = [
      aRecord('3.1').notMet().rated('medium', 'medium', 'low').build(), // 5 × 3 = 15
      aRecord('3.2').notMet().rated('high', 'low', 'low').build(), // 5 × 3 = 15, has a high
    ];
    expect(rankPriorities(records).ranked.map((r) => r.standardNumber)).toEqual(['3.2', '3.1']);
  });

  it('falls back to official order on a complete tie', () => {
    const records = [
      aRecord('5.2').partlyMet().rated('low', 'low', 'low').build(),
      aRecord('1.4').partlyMet().rated('low', 'low', 'low').build(),
    ];
    expect(rankPriorities(records).ranked.map((r) => r.standardNumber)).toEqual(['1.4', '5.2']);
  });

  it('uses the extent derived from the parts of the service', () => {
    const records = [
      aRecord('2.1')
        .parts(['daytime', 'not_met'], ['edt', 'met'])
        .rated('high', 'high', 'medium')
        .build(),
    ];
    expect(rankPriorities(records).ranked[0]).toMatchObject({
      extentMet: 'partly_met',
      score: 16,
      highestRisk: 'high',
    });
  });

  it('lists standards that cannot be ranked yet', () => {
    const records = [
      aRecord('2.1').notMet().build(),
      aRecord('2.2').rated('low', 'low', 'low').build(),
    ];
    const { ranked, unrated } = rankPriorities(records);
    expect(ranked).toEqual([]);
    expect(unrated).toHaveLength(28);
  });

  it('can include met standards for a full ranking', () => {
    expect(rankPriorities(completedRecords(), { includeMet: true }).ranked).toHaveLength(28);
  });
});
