/**
 * Baseline versus repeat: how each standard's extent met and risk ratings moved between two
 * evaluations of the same service.
 *
 * Classification of a standard (decided here):
 * - new: not assessed in the earlier evaluation (no extent met), assessed in the later one;
 * - not_assessed: no extent met in the later evaluation;
 * - otherwise the extent met decides: better → improvement, worse → deterioration;
 * - if the extent met is unchanged, the sum of the three risk ratings decides (lower is an
 *   improvement), so a standard still partly met but now rated lower risk counts as improved;
 * - otherwise unchanged (individual ratings may still have moved in opposite directions, and
 *   each rating's own change is reported).
 * The two evaluations are put in date order, so callers may pass them either way round.
 */
import { STANDARD_NUMBERS } from './standards-catalogue.js';
import type { StandardNumber } from './standards-catalogue.js';
import { effectiveExtentMet } from './evaluation.js';
import type { Evaluation, StandardRecord } from './evaluation.js';
import { EXTENT_MET_RANK, RISK_LEVEL_POINTS, RISK_SUBJECTS } from './standards-scales.js';
import type { ExtentMet, RiskLevel, RiskSubject } from './standards-scales.js';
import { compareIsoDates } from '../../platform/london-time.js';
import { invalid, ok, ruleBroken, type Result } from '../../platform/result.js';

export type Direction = 'better' | 'worse' | 'same' | 'not_comparable';

export type ChangeClass = 'improvement' | 'deterioration' | 'unchanged' | 'new' | 'not_assessed';

export const CHANGE_CLASS_LABELS: Record<ChangeClass, string> = {
  improvement: 'Improved',
  deterioration: 'Deteriorated',
  unchanged: 'No change',
  new: 'Newly assessed',
  not_assessed: 'Not assessed',
};

export interface ValueChange<T> {
  before: T | null;
  after: T | null;
  direction: Direction;
}

export interface StandardComparison {
  standardNumber: StandardNumber;
  extentMet: ValueChange<ExtentMet>;
  risk: Record<RiskSubject, ValueChange<RiskLevel>>;
  classification: ChangeClass;
}

export interface EvaluationSnapshot {
  evaluation: Pick<
    Evaluation,
    'id' | 'serviceId' | 'serviceName' | 'evaluationDate' | 'catalogueVersion'
  >;
  records: readonly StandardRecord[];
}

export interface EvaluationComparison {
  earlier: EvaluationSnapshot['evaluation'];
  later: EvaluationSnapshot['evaluation'];
  /** The standards' wording may differ between catalogue versions; the numbers are stable. */
  catalogueVersionsDiffer: boolean;
  standards: StandardComparison[];
  totals: Record<ChangeClass, number>;
}

function directionOf<T>(
  before: T | null,
  after: T | null,
  goodness: (value: T) => number,
): Direction {
  if (before === null || after === null) return 'not_comparable';
  const delta = goodness(after) - goodness(before);
  return delta > 0 ? 'better' : delta < 0 ? 'worse' : 'same';
}

function riskSum(record: StandardRecord | undefined): number | null {
  if (record === undefined) return null;
  let sum = 0;
  for (const subject of RISK_SUBJECTS) {
    const level = record.risk[subject];
    if (level === null) return null;
    sum += RISK_LEVEL_POINTS[level];
  }
  return sum;
}

export function compareStandard(
  standardNumber: StandardNumber,
  before: StandardRecord | undefined,
  after: StandardRecord | undefined,
): StandardComparison {
  const extentBefore = before === undefined ? null : effectiveExtentMet(before);
  const extentAfter = after === undefined ? null : effectiveExtentMet(after);
  const extentMet: ValueChange<ExtentMet> = {
    before: extentBefore,
    after: extentAfter,
    direction: directionOf(extentBefore, extentAfter, (e) => EXTENT_MET_RANK[e]),
  };
  const risk = Object.fromEntries(
    RISK_SUBJECTS.map((subject) => {
      const b = before?.risk[subject] ?? null;
      const a = after?.risk[subject] ?? null;
      // Lower risk is better, hence the negation.
      return [
        subject,
        { before: b, after: a, direction: directionOf(b, a, (l) => -RISK_LEVEL_POINTS[l]) },
      ];
    }),
  ) as Record<RiskSubject, ValueChange<RiskLevel>>;

  let classification: ChangeClass;
  if (extentAfter === null) classification = 'not_assessed';
  else if (extentBefore === null) classification = 'new';
  else if (extentMet.direction === 'better') classification = 'improvement';
  else if (extentMet.direction === 'worse') classification = 'deterioration';
  else {
    const b = riskSum(before);
    const a = riskSum(after);
    classification =
      b === null || a === null || a === b ? 'unchanged' : a < b ? 'improvement' : 'deterioration';
  }
  return { standardNumber, extentMet, risk, classification };
}

export function compareEvaluations(
  first: EvaluationSnapshot,
  second: EvaluationSnapshot,
): Result<EvaluationComparison> {
  if (first.evaluation.serviceId !== second.evaluation.serviceId) {
    return ruleBroken(
      'different_services',
      `These evaluations are of different services (${first.evaluation.serviceName} and ${second.evaluation.serviceName}). Choose two evaluations of the same service to compare.`,
      'repeat',
    );
  }
  if (first.evaluation.id === second.evaluation.id) {
    return invalid('repeat', 'Choose two different evaluations to compare');
  }
  const [earlier, later] =
    compareIsoDates(first.evaluation.evaluationDate, second.evaluation.evaluationDate) <= 0
      ? [first, second]
      : [second, first];
  const standards = STANDARD_NUMBERS.map((number) =>
    compareStandard(
      number,
      earlier.records.find((r) => r.standardNumber === number),
      later.records.find((r) => r.standardNumber === number),
    ),
  );
  const totals: Record<ChangeClass, number> = {
    improvement: 0,
    deterioration: 0,
    unchanged: 0,
    new: 0,
    not_assessed: 0,
  };
  for (const s of standards) totals[s.classification]++;
  return ok({
    earlier: earlier.evaluation,
    later: later.evaluation,
    catalogueVersionsDiffer:
      earlier.evaluation.catalogueVersion !== later.evaluation.catalogueVersion,
    standards,
    totals,
  });
}
