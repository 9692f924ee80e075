/**
 * The rating vocabularies of the toolkit. The toolkit itself suggests the wording
 * ("met / partly met / not met", "low / medium / high"); the numeric ranks exist so that
 * priorities and comparisons can order them, and are documented where they are used.
 */

export const EXTENTS_MET = ['met', 'partly_met', 'not_met'] as const;
export type ExtentMet = (typeof EXTENTS_MET)[number];

export const EFFECTIVENESS_LEVELS = ['effective', 'partly_effective', 'not_effective'] as const;
export type Effectiveness = (typeof EFFECTIVENESS_LEVELS)[number];

export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** Who bears the risk if a standard is not met: the toolkit's three "Rate" questions. */
export const RISK_SUBJECTS = ['amhps', 'service', 'organisation'] as const;
export type RiskSubject = (typeof RISK_SUBJECTS)[number];

export const EVIDENCE_KINDS = ['policy', 'protocol', 'practice_example', 'other'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export const EXTENT_MET_LABELS: Record<ExtentMet, string> = {
  met: 'Met',
  partly_met: 'Partly met',
  not_met: 'Not met',
};

export const EFFECTIVENESS_LABELS: Record<Effectiveness, string> = {
  effective: 'Effective',
  partly_effective: 'Partly effective',
  not_effective: 'Not effective',
};

export const RISK_LEVEL_LABELS: Record<RiskLevel, string> = {
  low: 'Low',
  medium: 'Medium',
  high: 'High',
};

export const RISK_SUBJECT_LABELS: Record<RiskSubject, string> = {
  amhps: 'Risk to AMHPs',
  service: 'Risk to the AMHP service',
  organisation: 'Risk to the organisation',
};

export const EVIDENCE_KIND_LABELS: Record<EvidenceKind, string> = {
  policy: 'Policy',
  protocol: 'Protocol',
  practice_example: 'Practice example',
  other: 'Other',
};

/** Higher is better: used to tell an improvement from a deterioration. */
export const EXTENT_MET_RANK: Record<ExtentMet, number> = { not_met: 0, partly_met: 1, met: 2 };

/** Higher is riskier. */
export const RISK_LEVEL_POINTS: Record<RiskLevel, number> = { low: 1, medium: 2, high: 3 };

export interface RiskRatings {
  amhps: RiskLevel | null;
  service: RiskLevel | null;
  organisation: RiskLevel | null;
}

export interface CompleteRiskRatings {
  amhps: RiskLevel;
  service: RiskLevel;
  organisation: RiskLevel;
}

export function isCompleteRiskRatings(ratings: RiskRatings): ratings is CompleteRiskRatings {
  return ratings.amhps !== null && ratings.service !== null && ratings.organisation !== null;
}

export function highestRiskLevel(ratings: CompleteRiskRatings): RiskLevel {
  const points = Math.max(...RISK_SUBJECTS.map((subject) => RISK_LEVEL_POINTS[ratings[subject]]));
  return points === 3 ? 'high' : points === 2 ? 'medium' : 'low';
}
