/**
 * The monthly Highlight Report (issue 15 point 2), pure. The Workforce Strategy's themes (§6.12)
 * each show figures picked from the performance pack for the month — computed by the pack's own
 * queries, never again here — beside the month before and the same month a year earlier, and
 * the narrative the Lead writes. A report is drafted, then approved; an approved report is locked.
 */
import { type Result, invalid, ok, ruleBroken, wrongState } from '../../platform/result.js';
import { type FigureUnit, type Pack, figureText } from './pack.js';
import type { PeriodSet } from './report-period.js';

export interface ThemeDefinition {
  id: string;
  title: string;
  /** The pack's figures for the theme: [section id, figure key]. */
  figures: ReadonlyArray<readonly [string, string]>;
}

/** The themes of §6.12, in its order, and the pack figures that speak to each. */
export const THEMES: readonly ThemeDefinition[] = [
  { id: 'doctors', title: 'Section 12 doctor availability', figures: [['delays', 'section_12_doctor'], ['delays', 'section_12_doctor_median'], ['delays', 'section_12_doctor_p90']] },
  { id: 'beds', title: 'Bed availability and delays', figures: [['delays', 'bed'], ['delays', 'bed_median'], ['delays', 'bed_p90']] },
  { id: 'conveyance', title: 'Conveyance delays', figures: [['delays', 'conveyance'], ['delays', 'conveyance_median'], ['delays', 'conveyance_p90']] },
  { id: 'demand', title: 'Demand on the service', figures: [['referrals', 'referrals'], ['assessments', 'assessments'], ['s136', 'all'], ['referrals', 'within_30']] },
  { id: 'safety', title: 'AMHP safety', figures: [['safety', 'visits'], ['safety', 'alone'], ['safety', 'alone_percent'], ['safety', 'overdue'], ['safety', 'help_requested'], ['safety', 'duress']] },
  { id: 'morale', title: 'AMHP morale and work-stress', figures: [['hours', 'hours_total'], ['hours', 'balance_minutes'], ['workforce', 'sickness_days'], ['workforce', 'rota_fill'], ['workforce', 'supervision_percent']] },
];
/** Ids are single words: the database layer camel-cases the keys of JSON it reads back. */
export const THEME_IDS = THEMES.map((t) => t.id);
export const NARRATIVE_MAX = 4000;

export type HighlightStatus = 'draft' | 'approved';

export interface ThemeFigure {
  label: string;
  unit: FigureUnit;
  current: number | null;
  previous: number | null;
  yearEarlier: number | null;
  /** As text: the figure, "no data" when absent. */
  currentText: string;
  previousText: string;
  yearEarlierText: string;
  /** The change on the month before and on the year before, in words. */
  trend: string;
}

export interface HighlightTheme {
  id: string;
  title: string;
  figures: ThemeFigure[];
  narrative: string;
}

/** The change from `before` to `now`, in words ("up 3", "down 10 min", "no change", "no data"). */
export function change(now: number | null, before: number | null, unit: FigureUnit): string {
  if (now === null || before === null) return 'no data';
  const diff = Math.round((now - before) * 10) / 10;
  if (diff === 0) return 'no change';
  return `${diff > 0 ? 'up' : 'down'} ${figureText(Math.abs(diff), unit === 'percent' ? 'count' : unit)}${unit === 'percent' ? ' points' : ''}`;
}

/** The themes with their figures from the month's pack, and the narratives written so far. */
export function highlightThemes(pack: Pack, narratives: Readonly<Record<string, string>>): HighlightTheme[] {
  const p = pack.periods;
  return THEMES.map((theme) => ({
    id: theme.id,
    title: theme.title,
    narrative: narratives[theme.id] ?? '',
    figures: theme.figures.map(([sectionId, key]) => {
      const f = pack.sections.find((s) => s.id === sectionId)?.figures.find((x) => x.key === key);
      if (!f) throw new Error(`The pack has no figure ${sectionId}/${key}`);
      return {
        label: f.label,
        unit: f.unit,
        current: f.current,
        previous: f.previous,
        yearEarlier: f.yearEarlier,
        currentText: figureText(f.current, f.unit),
        previousText: figureText(f.previous, f.unit),
        yearEarlierText: figureText(f.yearEarlier, f.unit),
        trend: `${change(f.current, f.previous, f.unit)} on ${p.previous.shortLabel}; ${change(f.current, f.yearEarlier, f.unit)} on ${p.yearEarlier.shortLabel}`,
      };
    }),
  }));
}

/** Narratives as typed: known themes only, trimmed, each at most NARRATIVE_MAX characters. */
export function checkNarratives(input: Readonly<Record<string, string | undefined>>): Result<Record<string, string>> {
  const unknown = Object.keys(input).filter((k) => !THEME_IDS.includes(k));
  if (unknown.length) return invalid('narratives', `There is no theme called ${unknown.join(', ')}: the themes are ${THEME_IDS.join(', ')}`);
  const out: Record<string, string> = {};
  const errors = [];
  for (const theme of THEMES) {
    const text = (input[theme.id] ?? '').trim();
    if (text.length > NARRATIVE_MAX) errors.push({ field: `narrative-${theme.id}`, message: `${theme.title}: the narrative must be ${NARRATIVE_MAX} characters or fewer` });
    out[theme.id] = text;
  }
  return errors.length ? invalid(errors) : ok(out);
}

/** Whether the narratives may still be changed: only while the report is a draft. */
export function canEdit(status: HighlightStatus, monthLabel: string, approvedBy: string | null, approvedOn: string | null): Result<true> {
  if (status === 'approved') return wrongState('highlight_locked', `The Highlight Report for ${monthLabel} was approved${approvedBy ? ` by ${approvedBy}` : ''}${approvedOn ? ` on ${approvedOn}` : ''} and is locked: it cannot be changed. Nothing was saved.`);
  return ok(true);
}

/** Whether the report can be approved: a draft with a narrative for every theme. */
export function canApprove(status: HighlightStatus, narratives: Readonly<Record<string, string>>, monthLabel: string, approvedBy: string | null, approvedOn: string | null): Result<true> {
  const editable = canEdit(status, monthLabel, approvedBy, approvedOn);
  if (!editable.ok) return editable;
  const missing = THEMES.filter((t) => !(narratives[t.id] ?? '').trim());
  if (missing.length) return ruleBroken('highlight_narrative_missing', `Write a narrative for every theme before approving: ${missing.map((t) => t.title).join(', ')}`, `narrative-${missing[0]!.id}`);
  return ok(true);
}

/** A month's Highlight Report as the page, the API and the PDF show it. */
export interface HighlightView {
  month: string;
  label: string;
  periods: PeriodSet;
  status: HighlightStatus;
  locked: boolean;
  version: number;
  themes: HighlightTheme[];
  editedByName: string | null;
  editedAt: Date | null;
  approvedByName: string | null;
  approvedAt: Date | null;
  /** What the reader may do (the page shows only these). */
  canEdit: boolean;
  canApprove: boolean;
}
