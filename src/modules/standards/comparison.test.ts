import { describe, expect, it } from 'vitest';
import { compareEvaluations, compareStandard } from './comparison.js';
import type { EvaluationSnapshot } from './comparison.js';
import { aRecord, completedRecords, fieldErrorsOf, refusalOf } from '../../../test/support/builders/standards-builders.js';

const baselineInfo = {
  id: 'eval-1',
  serviceId: 'service-wessex',
  serviceName: 'Wessex Vale AMHP Service',
  evaluationDate: '2025-03-04',
  catalogueVersion: 'AMHP Hub paraphrase 1',
};
const repeatInfo = { ...baselineInfo, id: 'eval-2', evaluationDate: '2026-03-10' };

describe('compareStandard', () => {
  it('calls a better extent met an improvement, even if a risk rating went up', () => {
    const result = compareStandard(
      '4.1',
      aRecord('4.1').notMet().rated('high', 'medium', 'low').build(),
      aRecord('4.1').partlyMet().rated('high', 'high', 'low').build(),
    );
    expect(result.classification).toBe('improvement');
    expect(result.extentMet).toEqual({
      before: 'not_met',
      after: 'partly_met',
      direction: 'better',
    });
    expect(result.risk.service).toEqual({ before: 'medium', after: 'high', direction: 'worse' });
    expect(result.risk.amhps.direction).toBe('same');
  });

  it('calls a worse extent met a deterioration', () => {
    const result = compareStandard(
      '2.1',
      aRecord('2.1').met().rated('low', 'low', 'low').build(),
      aRecord('2.1').partlyMet().rated('low', 'low', 'low').build(),
    );
    expect(result.classification).toBe('deterioration');
  });

  it('with the same extent, lets the total of the risk ratings decide', () => {
    const lower = compareStandard(
      '2.1',
      aRecord('2.1').partlyMet().rated('high', 'high', 'low').build(),
      aRecord('2.1').partlyMet().rated('high', 'medium', 'low').build(),
    );
    expect(lower.classification).toBe('improvement');
    const higher = compareStandard(
      '2.1',
      aRecord('2.1').partlyMet().rated('low', 'low', 'low').build(),
      aRecord('2.1').partlyMet().rated('low', 'low', 'medium').build(),
    );
    expect(higher.classification).toBe('deterioration');
  });

  it('calls opposite moves that cancel out unchanged, while still reporting each rating', () => {
    const result = compareStandard(
      '2.1',
      aRecord('2.1').partlyMet().rated('high', 'low', 'low').build(),
      aRecord('2.1').partlyMet().rated('low', 'high', 'low').build(),
    );
    expect(result.classification).toBe('unchanged');
    expect(result.risk.amhps.direction).toBe('better');
    expect(result.risk.service.direction).toBe('worse');
  });

  it('marks standards assessed only in the later evaluation as new, and unassessed later ones as not assessed', () => {
    expect(compareStandard('5.5', undefined, aRecord('5.5').met().build()).classification).toBe(
      'new',
    );
    expect(
      compareStandard('5.5', aRecord('5.5').build(), aRecord('5.5').met().build()).classification,
    ).toBe('new');
    const missingLater = compareStandard('5.5', aRecord('5.5').met().build(), undefined);
    expect(missingLater.classification).toBe('not_assessed');
    expect(missingLater.extentMet.direction).toBe('not_comparable');
  });
});

describe('compareEvaluations', () => {
  const baseline: EvaluationSnapshot = {
    evaluation: baselineInfo,
    records: completedRecords('eval-1', {
      '4.1': aRecord('4.1').notMet().rated('high', 'high', 'high').agreed().build(),
      '2.3': aRecord('2.3').met().rated('low', 'low', 'low').agreed().build(),
    }),
  };
  const repeat: EvaluationSnapshot = {
    evaluation: repeatInfo,
    records: completedRecords('eval-2', {
      '4.1': aRecord('4.1', 'eval-2')
        .partlyMet()
        .rated('high', 'medium', 'medium')
        .agreed()
        .build(),
      '2.3': aRecord('2.3', 'eval-2').notMet().rated('medium', 'medium', 'low').agreed().build(),
    }),
  };

  it('compares all 28 standards and totals the changes', () => {
    const result = compareEvaluations(baseline, repeat);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.standards).toHaveLength(28);
    expect(result.value.totals).toEqual({
      improvement: 1,
      deterioration: 1,
      unchanged: 26,
      new: 0,
      not_assessed: 0,
    });
    expect(result.value.standards.find((s) => s.standardNumber === '2.3')?.classification).toBe(
      'deterioration',
    );
    expect(result.value.catalogueVersionsDiffer).toBe(false);
  });

  it('puts the evaluations in date order whichever way round they are passed', () => {
    const result = compareEvaluations(repeat, baseline);
    expect(result.ok && [result.value.earlier.id, result.value.later.id]).toEqual([
      'eval-1',
      'eval-2',
    ]);
    expect(
      result.ok && result.value.standards.find((s) => s.standardNumber === '4.1')?.classification,
    ).toBe('improvement');
  });

  it('notes when the two were made against different catalogue versions', () => {
    const result = compareEvaluations(baseline, {
      ...repeat,
      evaluation: { ...repeatInfo, catalogueVersion: 'Official 2025' },
    });
    expect(result.ok && result.value.catalogueVersionsDiffer).toBe(true);
  });

  it('refuses to compare evaluations of different services', () => {
    const other = {
      ...repeat,
      evaluation: {
        ...repeatInfo,
        serviceId: 'service-fenmoor',
        serviceName: 'Fenmoor AMHP Service',
      },
    };
    const result = compareEvaluations(baseline, other);
    const message = 'These evaluations are of different services (Wessex Vale AMHP Service and Fenmoor AMHP Service). Choose two evaluations of the same service to compare.';
    expect(refusalOf(result)).toEqual({
      kind: 'rule',
      code: 'different_services',
      message,
      failures: [{ rule: 'different_services', severity: 'E', message, field: 'repeat' }],
    });
  });

  it('refuses to compare an evaluation with itself', () => {
    const result = compareEvaluations(baseline, baseline);
    expect(fieldErrorsOf(result)).toEqual([{ field: 'repeat', message: 'Choose two different evaluations to compare' }]);
  });
});
