import { z } from 'zod';
import { month, optionalText, version } from '../../platform/http/fields.js';
import { NARRATIVE_MAX, THEMES, THEME_IDS } from './highlight.js';
import type { HighlightView } from './highlight.js';

/** The month in the path (checked by a refinement, so the document names no regex pattern). */
export const highlightParams = z.object({
  month: z
    .string()
    .refine((v) => /^\d{4}-(0[1-9]|1[0-2])$/.test(v), 'Enter the month as YYYY-MM, for example 2026-04')
    .meta({ description: 'YYYY-MM: a London calendar month, not in the future' }),
});

/** The month picker (a GET form). */
export const highlightPickQuery = z.object({
  month: z
    .union([z.literal(''), month('the month')])
    .optional()
    .transform((v) => (v ? v : undefined))
    .meta({ type: 'string', description: 'YYYY-MM: go to that month’s report (not a month in the future)' }),
});

const narrativeShape = Object.fromEntries(THEMES.map((t) => [t.id, optionalText(NARRATIVE_MAX, `${t.title}: the narrative`).meta({ description: t.title })]));

/** API: the narratives, by theme id, over the version read. Themes left out are saved empty. */
export const narrativesBody = z.object({
  version,
  narratives: z.object(narrativeShape).strict().meta({ description: `The Lead's narrative per theme (${THEME_IDS.join(', ')}), up to ${NARRATIVE_MAX} characters each` }),
});

/** The page's form: one textarea per theme, named narrative-<theme id>. */
export const narrativesForm = z
  .object({ version, ...Object.fromEntries(THEMES.map((t) => [`narrative-${t.id}`, optionalText(NARRATIVE_MAX, `${t.title}: the narrative`)])) })
  .transform((b) => ({ version: b.version as number, narratives: Object.fromEntries(THEMES.map((t) => [t.id, (b as Record<string, unknown>)[`narrative-${t.id}`] as string | undefined])) }));

export const approveBody = z.object({ version });

const nullableNumber = z.number().nullable();

export const highlightResource = z.object({
  month: z.string(),
  label: z.string(),
  status: z.enum(['draft', 'approved']),
  locked: z.boolean(),
  version: z.number().int(),
  comparedWith: z.object({ previous: z.string(), yearEarlier: z.string() }),
  themes: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      narrative: z.string(),
      figures: z.array(z.object({ label: z.string(), unit: z.enum(['count', 'minutes', 'hours', 'percent']), current: nullableNumber, previous: nullableNumber, yearEarlier: nullableNumber, trend: z.string() })),
    }),
  ),
  editedByName: z.string().nullable(),
  editedAt: z.date().nullable(),
  approvedByName: z.string().nullable(),
  approvedAt: z.date().nullable(),
});

export function toHighlightResource(view: HighlightView): z.infer<typeof highlightResource> {
  return highlightResource.parse({ ...view, comparedWith: { previous: view.periods.previous.label, yearEarlier: view.periods.yearEarlier.label } });
}
