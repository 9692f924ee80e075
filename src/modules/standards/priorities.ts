/**
 * Ranking standards for the summary's "priorities" section.
 *
 * Overall risk score (documented here and shown in the report's notes):
 *   impact     = sum of the three risk ratings, low 1 / medium 2 / high 3        → 3 … 9
 *   shortfall  = how far the standard is from met: not met 3 / partly met 2 / met 1
 *   score      = impact × shortfall                                              → 3 … 27
 * The toolkit's ratings describe the risk *if* a standard is not met, so the shortfall scales
 * that potential harm by how much of the standard is actually unmet. A met standard keeps a
 * small score so that ties and "watch" lists still order sensibly, but it is left out of the
 * priorities unless asked for.
 *
 * Band: high ≥ 18 (e.g. not met with all medium, or partly met with all high),
 *       medium ≥ 10 (e.g. partly met with one high), otherwise low.
 * Ties: a 'high' rating anywhere first, then the larger shortfall, then more 'high' ratings,
 * then official order.
 */
import { compareStandardNumbers, STANDARD_NUMBERS } from './standards-catalogue.js';
import type { StandardNumber } from './standards-catalogue.js';
import { effectiveExtentMet } from './evaluation.js';
import type { StandardRecord } from './evaluation.js';
import {
  highestRiskLevel,
  isCompleteRiskRatings,
  RISK_LEVEL_POINTS,
  RISK_SUBJECTS,
} from './standards-scales.js';
import type { CompleteRiskRatings, ExtentMet, RiskLevel } from './standards-scales.js';

export const SHORTFALL_POINTS: Record<ExtentMet, number> = { met: 1, partly_met: 2, not_met: 3 };

export type PriorityBand = 'high' | 'medium' | 'low';

export const PRIORITY_BAND_LABELS: Record<PriorityBand, string> = {
  high: 'High priority',
  medium: 'Medium priority',
  low: 'Low priority',
};

export const HIGH_BAND_FROM = 18;
export const MEDIUM_BAND_FROM = 10;

export function riskImpact(ratings: CompleteRiskRatings): number {
  return RISK_SUBJECTS.reduce((sum, subject) => sum + RISK_LEVEL_POINTS[ratings[subject]], 0);
}

export function overallRiskScore(extentMet: ExtentMet, ratings: CompleteRiskRatings): number {
  return riskImpact(ratings) * SHORTFALL_POINTS[extentMet];
}

export function priorityBand(score: number): PriorityBand {
  return score >= HIGH_BAND_FROM ? 'high' : score >= MEDIUM_BAND_FROM ? 'medium' : 'low';
}

export interface RankedStandard {
  rank: number;
  standardNumber: StandardNumber;
  extentMet: ExtentMet;
  risk: CompleteRiskRatings;
  highestRisk: RiskLevel;
  score: number;
  band: PriorityBand;
}

export interface Priorities {
  ranked: RankedStandard[];
  /** Standards without an extent met or all three ratings: they cannot be ranked. */
  unrated: StandardNumber[];
}

export interface PriorityOptions {
  /** Include standards judged fully met (normally left out of the priorities). */
  includeMet?: boolean;
}

function highCount(ratings: CompleteRiskRatings): number {
  return RISK_SUBJECTS.filter((s) => ratings[s] === 'high').length;
}

export function rankPriorities(
  records: readonly StandardRecord[],
  options: PriorityOptions = {},
): Priorities {
  const scored: Omit<RankedStandard, 'rank'>[] = [];
  const unrated: StandardNumber[] = [];
  for (const number of STANDARD_NUMBERS) {
    const record = records.find((r) => r.standardNumber === number);
    const extentMet = record === undefined ? null : effectiveExtentMet(record);
    if (record === undefined || extentMet === null || !isCompleteRiskRatings(record.risk)) {
      unrated.push(number);
      continue;
    }
    if (extentMet === 'met' && options.includeMet !== true) continue;
    const risk: CompleteRiskRatings = { ...record.risk };
    const score = overallRiskScore(extentMet, risk);
    scored.push({
      standardNumber: number,
      extentMet,
      risk,
      highestRisk: highestRiskLevel(risk),
      score,
      band: priorityBand(score),
    });
  }
  scored.sort(
    (a, b) =>
      b.score - a.score ||
      RISK_LEVEL_POINTS[b.highestRisk] - RISK_LEVEL_POINTS[a.highestRisk] ||
      SHORTFALL_POINTS[b.extentMet] - SHORTFALL_POINTS[a.extentMet] ||
      highCount(b.risk) - highCount(a.risk) ||
      compareStandardNumbers(a.standardNumber, b.standardNumber),
  );
  return { ranked: scored.map((s, i) => ({ ...s, rank: i + 1 })), unrated };
}
