// Disparity (issue 15, point 3; toolkit chapter 6): assessments and detentions per 100,000
// population by ethnic group, sex and age band, per LSSA, with the rate ratio against a
// reference group and its 95% confidence interval. Pure: no I/O, no clock.

/** NHS ethnic category codes with a census population (Z, "not stated", has none). */
export const ETHNIC_GROUPS = [
  { code: 'A', label: 'White: British' },
  { code: 'B', label: 'White: Irish' },
  { code: 'C', label: 'White: any other White background' },
  { code: 'D', label: 'Mixed: White and Black Caribbean' },
  { code: 'E', label: 'Mixed: White and Black African' },
  { code: 'F', label: 'Mixed: White and Asian' },
  { code: 'G', label: 'Mixed: any other mixed background' },
  { code: 'H', label: 'Asian or Asian British: Indian' },
  { code: 'J', label: 'Asian or Asian British: Pakistani' },
  { code: 'K', label: 'Asian or Asian British: Bangladeshi' },
  { code: 'L', label: 'Asian or Asian British: any other Asian background' },
  { code: 'M', label: 'Black or Black British: Caribbean' },
  { code: 'N', label: 'Black or Black British: African' },
  { code: 'P', label: 'Black or Black British: any other Black background' },
  { code: 'R', label: 'Other ethnic groups: Chinese' },
  { code: 'S', label: 'Other ethnic groups: any other ethnic group' },
] as const;

export const SEX_GROUPS = [
  { code: 'female', label: 'Female' },
  { code: 'male', label: 'Male' },
] as const;

export const AGE_BANDS = [
  { code: '0-17', label: 'Under 18', from: 0, to: 17 },
  { code: '18-24', label: '18 to 24', from: 18, to: 24 },
  { code: '25-34', label: '25 to 34', from: 25, to: 34 },
  { code: '35-44', label: '35 to 44', from: 35, to: 44 },
  { code: '45-54', label: '45 to 54', from: 45, to: 54 },
  { code: '55-64', label: '55 to 64', from: 55, to: 64 },
  { code: '65-74', label: '65 to 74', from: 65, to: 74 },
  { code: '75+', label: '75 and over', from: 75, to: Number.POSITIVE_INFINITY },
] as const;

export const DIMENSIONS = ['ethnicity', 'sex', 'age_band'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const DIMENSION_LABELS: Record<Dimension, string> = { ethnicity: 'Ethnic group', sex: 'Sex', age_band: 'Age band' };

export function groupsOf(dimension: Dimension): ReadonlyArray<{ code: string; label: string }> {
  switch (dimension) {
    case 'ethnicity':
      return ETHNIC_GROUPS;
    case 'sex':
      return SEX_GROUPS;
    case 'age_band':
      return AGE_BANDS;
  }
}

/** The reference group each dimension is compared against unless the reader chooses another. */
export const DEFAULT_REFERENCE: Record<Dimension, string> = { ethnicity: 'A', sex: 'female', age_band: '35-44' };

export function ageBandOf(age: number | null): string | null {
  if (age === null || !Number.isFinite(age) || age < 0) return null;
  return AGE_BANDS.find((b) => age >= b.from && age <= b.to)?.code ?? null;
}

/** Applications that detain: sections 2, 3 and 4 (guardianship is not detention). */
export const DETAINING_OUTCOMES: readonly string[] = ['s2', 's3', 's4'];

// ── Small-number suppression ───────────────────────────────────────────────────────────────────

/**
 * The rule: a count from 1 to 7 is shown as `*`, and any rate or ratio computed from it is
 * suppressed too, so no person can be recognised from a small cell. Zero is shown as 0 (nobody
 * to identify); a count of 8 or more is shown as it is.
 */
export const SUPPRESS_FROM = 1;
export const SUPPRESS_TO = 7;
export const SUPPRESSED = '*';

export function isSuppressed(count: number): boolean {
  return count >= SUPPRESS_FROM && count <= SUPPRESS_TO;
}

export function shownCount(count: number): string {
  return isSuppressed(count) ? SUPPRESSED : String(count);
}

// ── Rates and ratios ───────────────────────────────────────────────────────────────────────────

/** Count per 100,000 population; null without a population. */
export function ratePer100k(count: number, population: number | null): number | null {
  if (population === null || population <= 0) return null;
  return (count / population) * 100_000;
}

export interface RateRatio {
  ratio: number;
  lower: number;
  upper: number;
}

/**
 * The rate ratio of a group against the reference, with its 95% confidence interval by the log
 * method (Poisson counts): SE(ln RR) = √(1/a + 1/b), CI = exp(ln RR ± 1.96·SE). Null when either
 * count is zero or either population is missing (the ratio or its interval is undefined).
 */
export function rateRatio(count: number, population: number | null, refCount: number, refPopulation: number | null): RateRatio | null {
  if (count <= 0 || refCount <= 0 || !population || !refPopulation || population <= 0 || refPopulation <= 0) return null;
  const ratio = count / population / (refCount / refPopulation);
  const se = Math.sqrt(1 / count + 1 / refCount);
  return { ratio, lower: Math.exp(Math.log(ratio) - 1.96 * se), upper: Math.exp(Math.log(ratio) + 1.96 * se) };
}

// ── The table ──────────────────────────────────────────────────────────────────────────────────

/** One assessment, as the disparity figures need it (no person's identity). */
export interface DisparityFact {
  lssaId: string | null;
  ethnicity: string | null;
  sex: string | null;
  age: number | null;
  detained: boolean;
  /** How many assessments this line stands for (the repository counts in SQL); 1 when absent. */
  count?: number;
}

export interface Denominator {
  lssaId: string;
  dimension: Dimension;
  group: string;
  population: number;
}

export interface DisparityRow {
  group: string;
  label: string;
  population: number | null;
  assessments: number;
  detentions: number;
  /** The counts as shown: `*` for 1–7. */
  assessmentsShown: string;
  detentionsShown: string;
  /** Null when suppressed or without a population. */
  assessmentRate: number | null;
  detentionRate: number | null;
  assessmentRatio: RateRatio | null;
  detentionRatio: RateRatio | null;
  isReference: boolean;
  /** Why a rate is absent, for the reader. */
  note: string | null;
}

export interface DisparityTable {
  dimension: Dimension;
  reference: string;
  rows: DisparityRow[];
  /** Assessments whose group is not recorded or has no population (e.g. "not stated"). */
  unassigned: { assessments: string; detentions: string };
}

function groupOf(fact: DisparityFact, dimension: Dimension): string | null {
  switch (dimension) {
    case 'ethnicity':
      return fact.ethnicity;
    case 'sex':
      return fact.sex;
    case 'age_band':
      return ageBandOf(fact.age);
  }
}

/**
 * The table for one dimension over the given facts (already limited to the period and, when one
 * is chosen, to one LSSA) and the populations of the same LSSAs (summed across them).
 */
export function disparityTable(facts: readonly DisparityFact[], denominators: readonly Denominator[], dimension: Dimension, reference = DEFAULT_REFERENCE[dimension]): DisparityTable {
  const groups = groupsOf(dimension);
  const counts = new Map<string, { assessments: number; detentions: number }>();
  let unassigned = { assessments: 0, detentions: 0 };
  const known = new Set(groups.map((g) => g.code));
  for (const fact of facts) {
    const n = fact.count ?? 1;
    const group = groupOf(fact, dimension);
    if (group === null || !known.has(group)) {
      unassigned = { assessments: unassigned.assessments + n, detentions: unassigned.detentions + (fact.detained ? n : 0) };
      continue;
    }
    const c = counts.get(group) ?? { assessments: 0, detentions: 0 };
    counts.set(group, { assessments: c.assessments + n, detentions: c.detentions + (fact.detained ? n : 0) });
  }
  const population = new Map<string, number>();
  for (const d of denominators) if (d.dimension === dimension) population.set(d.group, (population.get(d.group) ?? 0) + d.population);
  const ref = counts.get(reference) ?? { assessments: 0, detentions: 0 };
  const refPopulation = population.get(reference) ?? null;
  const rows = groups.map((g): DisparityRow => {
    const c = counts.get(g.code) ?? { assessments: 0, detentions: 0 };
    const pop = population.get(g.code) ?? null;
    const aHidden = isSuppressed(c.assessments);
    const dHidden = isSuppressed(c.detentions);
    const isReference = g.code === reference;
    const ratioOf = (count: number, hidden: boolean, refCount: number) => (isReference || hidden || isSuppressed(refCount) ? null : rateRatio(count, pop, refCount, refPopulation));
    const note = pop === null ? 'No population loaded' : aHidden || dHidden ? 'Small numbers: rate suppressed' : null;
    return {
      group: g.code,
      label: g.label,
      population: pop,
      assessments: c.assessments,
      detentions: c.detentions,
      assessmentsShown: shownCount(c.assessments),
      detentionsShown: shownCount(c.detentions),
      assessmentRate: aHidden ? null : ratePer100k(c.assessments, pop),
      detentionRate: dHidden ? null : ratePer100k(c.detentions, pop),
      assessmentRatio: ratioOf(c.assessments, aHidden, ref.assessments),
      detentionRatio: ratioOf(c.detentions, dHidden, ref.detentions),
      isReference,
      note,
    };
  });
  return { dimension, reference, rows, unassigned: { assessments: shownCount(unassigned.assessments), detentions: shownCount(unassigned.detentions) } };
}

/** What leaves the service (page, API, CSV): the raw counts of suppressed cells are removed. */
export function publishedRow(row: DisparityRow) {
  const { assessments: _a, detentions: _d, ...rest } = row;
  return rest;
}

export function formatRate(rate: number | null): string {
  return rate === null ? '' : rate.toFixed(1);
}

export function formatRatio(r: RateRatio | null): string {
  return r === null ? '' : `${r.ratio.toFixed(2)} (${r.lower.toFixed(2)} to ${r.upper.toFixed(2)})`;
}
