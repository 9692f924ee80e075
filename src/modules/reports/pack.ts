/**
 * The monthly performance pack (issue 15 point 1), pure: the grouped figures the repository
 * counts in SQL for the period, the period before and the same period a year earlier are shaped
 * into sections of figures (each beside its two comparisons), charts, and the CSV.
 *
 * A count of nothing is 0. A time (median, 90th percentile) with nothing to measure is absent
 * (null), shown "no data". Every figure is defined in docs/reports.md.
 */
import { type Chart, barChart, formatFigure, lineChart } from '../../platform/charts/charts.js';
import { spreadsheetSafeText } from '../../platform/spreadsheet-safe.js';
import { type PeriodSet, type ServiceFilter, type Slot, SERVICE_LABELS, SLOTS } from './report-period.js';

export const SOURCE_LABELS: Record<string, string> = {
  gp: 'GP',
  police: 'Police',
  mental_health_team: 'Community mental health team',
  mental_health_inpatient_ward: 'Mental health ward',
  acute_hospital: 'Acute hospital',
  crisis_team: 'Crisis team',
  nearest_relative: 'Nearest relative',
  family_or_carer: 'Family or carer',
  ambulance_service: 'Ambulance service',
  adult_social_care: 'Adult social care',
  other: 'Other',
};
export const ROUTE_LABELS: Record<string, string> = { phone: 'Phone', email: 'E-mail', in_person: 'In person', handover_from_edt: 'Handover from EDT', other: 'Other' };
export const DECISION_LABELS: Record<string, string> = { proceed: 'Proceed to assessment', not_proceed: 'Not proceeding (alternative offered)', more_information_needed: 'More information needed', undecided: 'Not yet decided' };
/** The outcomes the pack counts (issue 15): community plan groups home treatment and follow-up. */
export const OUTCOME_GROUPS: Record<string, string> = {
  s2: 'Section 2',
  s3: 'Section 3',
  s4: 'Section 4',
  guardianship: 'Guardianship',
  informal_admission: 'Informal admission',
  community_plan: 'Community plan',
  no_further_action: 'No further action',
  assessment_not_possible: 'Assessment not possible',
  other: 'Other',
};
export function outcomeGroup(outcome: string): string {
  return outcome === 'crht_home_treatment' || outcome === 'community_follow_up' ? 'community_plan' : outcome in OUTCOME_GROUPS ? outcome : 'other';
}
export const DELAY_CAUSE_LABELS: Record<string, string> = { section_12_doctor: 'Section 12 doctor', bed: 'Bed', conveyance: 'Conveyance', police: 'Police', interpreter: 'Interpreter', information: 'Information', other: 'Other' };
/** The causes with a wait derived from the timeline (the others are counted only). */
export const TIMED_CAUSES = ['section_12_doctor', 'bed', 'conveyance', 'police'] as const;
export const AGE_BANDS: Record<string, string> = { under_18: 'Under 18', '18_25': '18–25', '26_35': '26–35', '36_45': '36–45', '46_55': '46–55', '56_65': '56–65', '66_75': '66–75', over_75: 'Over 75', unknown: 'Not known' };
export const HOURS_REASON_LABELS: Record<string, string> = { late_referral: 'Late referral', section_12_doctor: 'Waiting for a section 12 doctor', bed_delay: 'Waiting for a bed', complex_assessment: 'Complex assessment', transport_delay: 'Transport delay', other: 'Other' };
export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/** The age band of an age in whole years (null: not known). */
export function ageBand(age: number | null): string {
  if (age === null) return 'unknown';
  if (age < 18) return 'under_18';
  if (age <= 25) return '18_25';
  if (age <= 35) return '26_35';
  if (age <= 45) return '36_45';
  if (age <= 55) return '46_55';
  if (age <= 65) return '56_65';
  if (age <= 75) return '66_75';
  return 'over_75';
}

/** The p-th percentile (0–1) by linear interpolation, as PostgreSQL's percentile_cont; null for none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = p * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

// ── What the repository counts ───────────────────────────────────────────────────────────────

export interface Counted {
  slot: Slot;
  key: string;
  n: number;
}
export interface Timed {
  slot: Slot;
  key: string;
  n: number;
  median: number | null;
  p90: number | null;
}

export interface PackFacts {
  referralsBySource: Counted[];
  referralsByRoute: Counted[];
  /** Current period only: ISO weekday 1–7 (key "d-h") and London hour. */
  heatMap: Array<{ dow: number; hour: number; n: number }>;
  /** Keys: within_30, within_90. */
  repeats: Counted[];
  ageBands: Counted[];
  decisions: Counted[];
  outcomes: Counted[];
  /** Key "all": referral received to the assessment interview, in minutes. */
  referralToAssessment: Timed[];
  /** Key: the delay cause. n: assessments with that cause; the wait is that cause's. */
  delays: Timed[];
  /** Key "all": s136 episodes, arrival at the place of safety to the interview. */
  s136: Timed[];
  s136Outcomes: Counted[];
  /** Key "sent" (n sent; median/p90 minutes to acceptance); "accepted"; "late" (accepted after the deadline or not at all). */
  handovers: Timed[];
  /** Current period only. */
  allocation: Array<{ name: string; n: number }>;
  allocationSummary: Timed[];
  /** Keys: visits, alone, help_requested, duress, overdue. */
  safety: Counted[];
  /** Key "acknowledge": minutes from the first overdue alert to the first acknowledgement. */
  safetyAcknowledge: Timed[];
  /** Current period only: alone visits by the reason given. */
  aloneReasons: Array<{ reason: string; n: number }>;
  /** Key: the reason; n: minutes claimed. */
  hoursByReason: Counted[];
  /** Keys: balance_minutes, in_credit (AMHPs with a balance above zero) — at the end of each period. */
  toil: Counted[];
  /** Keys: approved, on_rota, shifts, filled, sickness_days, backed_up, training_compliant, supervision_compliant, reapprovals_due. */
  workforce: Counted[];
  escalationsByCategory: Counted[];
  /** Keys: acknowledge, respond (minutes from the start of the clock). */
  escalationTimes: Timed[];
}

// ── What the page, CSV, PDF and API show ─────────────────────────────────────────────────────

export type FigureUnit = 'count' | 'minutes' | 'hours' | 'percent';

export interface Figure {
  key: string;
  label: string;
  unit: FigureUnit;
  current: number | null;
  previous: number | null;
  yearEarlier: number | null;
}

export interface PackSection {
  id: string;
  title: string;
  note?: string;
  figures: Figure[];
  charts: Chart[];
  /** A table the section shows besides its figures (the heat map, load per AMHP, alone reasons). */
  extra?: { caption: string; head: string[]; rows: string[][] };
}

export interface Pack {
  periods: PeriodSet;
  service: ServiceFilter;
  serviceLabel: string;
  lssaName: string | null;
  teamName: string | null;
  sections: PackSection[];
}

const round1 = (n: number | null): number | null => (n === null ? null : Math.round(n * 10) / 10);

function bySlot(rows: readonly Counted[], key: string, absentIsZero = true): Record<Slot, number | null> {
  const out = {} as Record<Slot, number | null>;
  for (const slot of SLOTS) {
    const row = rows.find((r) => r.slot === slot && r.key === key);
    out[slot] = row ? row.n : absentIsZero ? 0 : null;
  }
  return out;
}

function countFigure(rows: readonly Counted[], key: string, label: string, unit: FigureUnit = 'count'): Figure {
  const v = bySlot(rows, key);
  return { key, label, unit, current: v.current, previous: v.previous, yearEarlier: v.yearEarlier };
}

function timedFigures(rows: readonly Timed[], key: string, label: string): Figure[] {
  const pick = (slot: Slot) => rows.find((r) => r.slot === slot && r.key === key);
  const stat = (which: 'median' | 'p90') => Object.fromEntries(SLOTS.map((s) => [s, round1(pick(s)?.[which] ?? null)])) as Record<Slot, number | null>;
  const median = stat('median');
  const p90 = stat('p90');
  return [
    { key: `${key}_median`, label: `${label}: median`, unit: 'minutes', current: median.current, previous: median.previous, yearEarlier: median.yearEarlier },
    { key: `${key}_p90`, label: `${label}: 90th percentile`, unit: 'minutes', current: p90.current, previous: p90.previous, yearEarlier: p90.yearEarlier },
  ];
}

function timedCount(rows: readonly Timed[], key: string, label: string): Figure {
  return countFigure(rows.map((r) => ({ slot: r.slot, key: r.key, n: r.n })), key, label);
}

function sumOf(rows: readonly Counted[], slot: Slot): number {
  return rows.filter((r) => r.slot === slot).reduce((a, r) => a + r.n, 0);
}

function totalFigure(rows: readonly Counted[], key: string, label: string): Figure {
  return { key, label, unit: 'count', current: sumOf(rows, 'current'), previous: sumOf(rows, 'previous'), yearEarlier: sumOf(rows, 'yearEarlier') };
}

function ratio(numerator: Figure, denominator: Figure, key: string, label: string): Figure {
  const r = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? null : round1((a / b) * 100));
  return { key, label, unit: 'percent', current: r(numerator.current, denominator.current), previous: r(numerator.previous, denominator.previous), yearEarlier: r(numerator.yearEarlier, denominator.yearEarlier) };
}

function labelled(labels: Record<string, string>, rows: readonly Counted[], prefix: string): Figure[] {
  return Object.entries(labels).map(([key, label]) => countFigure(rows, key, label)).map((f) => ({ ...f, key: `${prefix}${f.key}` }));
}

function comparisonChart(id: string, title: string, figures: readonly Figure[], periods: PeriodSet): Chart {
  return barChart({
    id,
    title,
    series: [
      { name: periods.current.shortLabel, points: figures.map((f) => ({ label: f.label, value: f.current })) },
      { name: periods.previous.shortLabel, points: figures.map((f) => ({ label: f.label, value: f.previous })) },
      { name: periods.yearEarlier.shortLabel, points: figures.map((f) => ({ label: f.label, value: f.yearEarlier })) },
    ],
  });
}

const hours = (minutes: number | null) => (minutes === null ? null : round1(minutes / 60));

/** Shapes the counted facts into the pack's sections. */
export function buildPack(periods: PeriodSet, facts: PackFacts, filters: { service: ServiceFilter; lssaName: string | null; teamName: string | null }): Pack {
  const sections: PackSection[] = [];

  // Referrals.
  const sources = labelled(SOURCE_LABELS, facts.referralsBySource, 'source_');
  const routes = labelled(ROUTE_LABELS, facts.referralsByRoute, 'route_');
  const total = totalFigure(facts.referralsBySource, 'referrals', 'Referrals received');
  const heat = Array.from({ length: 7 }, (_, d) => [WEEKDAYS[d]!, ...Array.from({ length: 24 }, (_, h) => String(facts.heatMap.find((c) => c.dow === d + 1 && c.hour === h)?.n ?? 0))]);
  sections.push({
    id: 'referrals',
    title: 'Referrals',
    figures: [total, ...sources, ...routes, countFigure(facts.repeats, 'within_30', 'Repeat referrals: same person referred within the previous 30 days'), countFigure(facts.repeats, 'within_90', 'Repeat referrals: same person referred within the previous 90 days')],
    charts: [comparisonChart('referrals-by-source', 'Referrals by source', sources, periods), comparisonChart('referrals-by-route', 'Referrals by route', routes, periods)],
    extra: { caption: `Referrals by day and hour received (London time), ${periods.current.label}`, head: ['Day', ...Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0'))], rows: heat },
  });

  const ages = labelled(AGE_BANDS, facts.ageBands, 'age_');
  sections.push({ id: 'age', title: 'Age of the people referred', note: 'Age in whole years on the day the referral was received.', figures: ages, charts: [comparisonChart('age-bands', 'Referrals by age band', ages, periods)] });

  const decisions = labelled(DECISION_LABELS, facts.decisions, 'decision_');
  sections.push({ id: 'decisions', title: 'Lead decisions', note: 'Referrals received in the period, by the AMHP Lead’s decision.', figures: decisions, charts: [comparisonChart('decisions', 'Lead decisions', decisions, periods)] });

  const outcomes = labelled(OUTCOME_GROUPS, facts.outcomes, 'outcome_');
  sections.push({
    id: 'assessments',
    title: 'Assessments and outcomes',
    note: 'Assessments whose outcome was recorded in the period.',
    figures: [totalFigure(facts.outcomes, 'assessments', 'Assessments with an outcome'), ...outcomes, timedCount(facts.referralToAssessment, 'all', 'Assessments interviewed'), ...timedFigures(facts.referralToAssessment, 'all', 'Referral to assessment (minutes)')],
    charts: [comparisonChart('outcomes', 'Assessment outcomes', outcomes, periods)],
  });

  const delayFigures = Object.entries(DELAY_CAUSE_LABELS).flatMap(([cause, label]) => [
    timedCount(facts.delays, cause, `Delayed by: ${label}`),
    ...((TIMED_CAUSES as readonly string[]).includes(cause) ? timedFigures(facts.delays, cause, `${label} wait (minutes)`) : []),
  ]);
  sections.push({
    id: 'delays',
    title: 'Delays by cause',
    note: 'Assessments interviewed in the period with a recorded delay cause; waits from the assessment timeline, from the time asked for to the time arrived.',
    figures: delayFigures,
    charts: [comparisonChart('delays', 'Assessments delayed, by cause', Object.entries(DELAY_CAUSE_LABELS).map(([cause, label]) => ({ ...timedCount(facts.delays, cause, label) })), periods)],
  });

  const s136Outcomes = labelled(OUTCOME_GROUPS, facts.s136Outcomes, 's136_outcome_');
  sections.push({
    id: 's136',
    title: 'Section 136 episodes',
    note: 'Referrals received in the period for a person held under section 136; arrival at the place of safety to the assessment interview.',
    figures: [timedCount(facts.s136, 'all', 'Section 136 episodes'), ...timedFigures(facts.s136, 'all', 'Arrival to assessment (minutes)'), ...s136Outcomes],
    charts: [],
  });

  sections.push({
    id: 'handovers',
    title: 'Handovers',
    note: 'Handovers sent in the period; time from sending to acceptance.',
    figures: [timedCount(facts.handovers, 'sent', 'Handovers sent'), timedCount(facts.handovers, 'accepted', 'Handovers accepted'), timedCount(facts.handovers, 'late', 'Accepted late or not accepted'), ...timedFigures(facts.handovers, 'sent', 'Time to acceptance (minutes)')],
    charts: [],
  });

  sections.push({
    id: 'allocation',
    title: 'Allocation load per AMHP',
    note: 'Referrals allocated in the period, per AMHP allocated.',
    figures: [timedCount(facts.allocationSummary, 'amhps', 'AMHPs allocated at least one referral'), timedCount(facts.allocationSummary, 'allocated', 'Referrals allocated'), ...timedFigures(facts.allocationSummary, 'per_amhp', 'Referrals per AMHP').map((f) => ({ ...f, unit: 'count' as const, label: f.label.replace(' (minutes)', '') }))],
    charts: facts.allocation.length ? [barChart({ id: 'allocation', title: `Referrals allocated per AMHP, ${periods.current.label}`, unit: 'Referrals', series: [{ name: 'Referrals', points: facts.allocation.map((a) => ({ label: a.name, value: a.n })) }] })] : [],
  });

  const visits = countFigure(facts.safety, 'visits', 'Visits logged');
  const alone = countFigure(facts.safety, 'alone', 'Visits alone');
  sections.push({
    id: 'safety',
    title: 'AMHP safety',
    figures: [visits, alone, ratio(alone, visits, 'alone_percent', 'Visits alone (% of visits)'), countFigure(facts.safety, 'overdue', 'Visits with an overdue alert'), ...timedFigures(facts.safetyAcknowledge, 'acknowledge', 'Overdue alert to acknowledgement (minutes)'), countFigure(facts.safety, 'help_requested', 'Help requested'), countFigure(facts.safety, 'duress', 'Duress alarms')],
    charts: [],
    extra: { caption: `Visits alone by the reason given, ${periods.current.label}`, head: ['Reason', 'Visits'], rows: facts.aloneReasons.map((r) => [r.reason, String(r.n)]) },
  });

  const hoursFigures = Object.entries(HOURS_REASON_LABELS).map(([key, label]) => {
    const f = countFigure(facts.hoursByReason, key, `Additional hours: ${label}`, 'hours');
    return { ...f, key: `hours_${key}`, current: hours(f.current), previous: hours(f.previous), yearEarlier: hours(f.yearEarlier) };
  });
  const totalHours = totalFigure(facts.hoursByReason, 'hours_total', 'Additional hours claimed');
  const toilBalance = countFigure(facts.toil, 'balance_minutes', 'TOIL owed at the end of the period', 'hours');
  sections.push({
    id: 'hours',
    title: 'Hours and TOIL',
    figures: [{ ...totalHours, unit: 'hours', current: hours(totalHours.current), previous: hours(totalHours.previous), yearEarlier: hours(totalHours.yearEarlier) }, ...hoursFigures, { ...toilBalance, current: hours(toilBalance.current), previous: hours(toilBalance.previous), yearEarlier: hours(toilBalance.yearEarlier) }, countFigure(facts.toil, 'in_credit', 'AMHPs owed TOIL at the end of the period')],
    charts: [],
  });

  const approved = countFigure(facts.workforce, 'approved', 'Approved AMHPs at the end of the period');
  const shifts = countFigure(facts.workforce, 'shifts', 'Duty shifts on the rota');
  const filled = countFigure(facts.workforce, 'filled', 'Duty shifts staffed');
  const trained = countFigure(facts.workforce, 'training_compliant', 'Approved AMHPs with 18 hours’ training in the last 12 months');
  const supervised = countFigure(facts.workforce, 'supervision_compliant', 'Approved AMHPs supervised in the last 3 months');
  sections.push({
    id: 'workforce',
    title: 'Workforce',
    figures: [
      approved,
      countFigure(facts.workforce, 'on_rota', 'AMHPs on the rota in the period'),
      shifts,
      filled,
      ratio(filled, shifts, 'rota_fill', 'Rota fill rate (%)'),
      countFigure(facts.workforce, 'sickness_days', 'Days of sickness absence'),
      countFigure(facts.workforce, 'backed_up', 'Sickness on the rota covered by a back-up'),
      trained,
      ratio(trained, approved, 'training_percent', 'Training compliance (%)'),
      supervised,
      ratio(supervised, approved, 'supervision_percent', 'Supervision compliance (%)'),
      countFigure(facts.workforce, 'reapprovals_due', 'Re-approvals due in the 6 months after the period'),
    ],
    charts: [],
  });

  const categories = [...new Set(facts.escalationsByCategory.map((r) => r.key))].sort();
  sections.push({
    id: 'escalations',
    title: 'Escalations to partner agencies',
    figures: [totalFigure(facts.escalationsByCategory, 'escalations', 'Escalations raised'), ...categories.map((c) => ({ ...countFigure(facts.escalationsByCategory, c, `Category: ${c.replace(/_/g, ' ')}`), key: `escalation_${c}` })), ...timedFigures(facts.escalationTimes, 'acknowledge', 'Time to acknowledge (minutes)'), ...timedFigures(facts.escalationTimes, 'respond', 'Time to respond (minutes)')],
    charts: [],
  });

  return { periods, service: filters.service, serviceLabel: SERVICE_LABELS[filters.service], lssaName: filters.lssaName, teamName: filters.teamName, sections };
}

/** A 12-point trend line of one figure (used by the Highlight Report). */
export function trendChart(id: string, title: string, points: ReadonlyArray<{ label: string; value: number | null }>): Chart {
  return lineChart({ id, title, series: [{ name: title, points }] });
}

export const UNIT_SUFFIX: Record<FigureUnit, string> = { count: '', minutes: ' min', hours: ' h', percent: '%' };

/** The figure as text, with its unit; absent as "no data". */
export function figureText(value: number | null, unit: FigureUnit): string {
  return formatFigure(value, UNIT_SUFFIX[unit]);
}

function csvCell(value: string): string {
  const safe = spreadsheetSafeText(value);
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The pack as CSV: one row per figure, the three periods as columns; absent figures left empty. */
export function packCsv(pack: Pack): { fileName: string; body: string } {
  const p = pack.periods;
  const lines = [['Section', 'Figure', 'Unit', p.current.label, p.previous.label, p.yearEarlier.label].map(csvCell).join(',')];
  for (const s of pack.sections) {
    for (const f of s.figures) lines.push([s.title, f.label, f.unit, ...[f.current, f.previous, f.yearEarlier].map((v) => (v === null ? '' : String(v)))].map(csvCell).join(','));
  }
  const scope = [pack.service, pack.lssaName, pack.teamName].filter(Boolean).join('-').replace(/[^A-Za-z0-9-]+/g, '-').toLowerCase();
  return { fileName: `performance-pack-${p.current.kind}-${p.current.month}-${scope}.csv`, body: `${lines.join('\r\n')}\r\n` };
}
