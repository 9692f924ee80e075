// The population denominators an administrator imports as CSV (ONS Census 2021 tables: see
// docs/reports.md). Pure: reads text, says what is wrong with row and column, or gives the rows.
import { z } from 'zod';
import { parseCsv } from '../returns/sheet.js';
import { DIMENSIONS, DIMENSION_LABELS, groupsOf, type Dimension } from './disparity.js';

export const DENOMINATOR_HEADERS = ['lssa', 'dimension', 'group', 'population'] as const;

export interface DenominatorProblem {
  /** The spreadsheet row (the header is row 1), or null for the file as a whole. */
  row: number | null;
  column: string | null;
  message: string;
}

export interface ParsedDenominator {
  row: number;
  lssaId: string;
  lssaName: string;
  dimension: Dimension;
  group: string;
  population: number;
}

export interface LssaOption {
  id: string;
  name: string;
  shortName: string;
}

const rowSchema = z.object({
  lssa: z.string().trim().min(1, 'Give the LSSA (its name or short name)'),
  dimension: z.enum(DIMENSIONS, { error: `Give the dimension: ${DIMENSIONS.join(', ')}` }),
  group: z.string().trim().min(1, 'Give the group (an NHS ethnic category code, female or male, or an age band such as 25-34)'),
  population: z
    .string()
    .trim()
    .min(1, 'Give the population')
    .regex(/^-?\d+$/, 'The population must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(0, 'The population cannot be negative').max(100_000_000, 'The population is too large')),
});

export const MAX_DENOMINATOR_ROWS = 20_000;

/**
 * Reads the file. Every row is checked (LSSA known, dimension and group known, population a
 * whole number of 0 or more, no row twice), and each LSSA and dimension in the file must give
 * every group of that dimension, so a rate is never computed against a half-loaded population.
 * Any problem means nothing is imported.
 */
export function readDenominators(text: string, lssas: readonly LssaOption[]): { rows: ParsedDenominator[]; problems: DenominatorProblem[] } {
  const records = parseCsv(text);
  const problems: DenominatorProblem[] = [];
  const [head, ...body] = records;
  const headers = (head ?? []).map((h) => h.trim().toLowerCase().replace(/[\s-]+/g, '_'));
  const missing = DENOMINATOR_HEADERS.filter((h) => !headers.includes(h));
  const unknown = headers.filter((h) => !(DENOMINATOR_HEADERS as readonly string[]).includes(h));
  if (records.length === 0) return { rows: [], problems: [{ row: null, column: null, message: 'The file is empty: it needs the header lssa,dimension,group,population and a row per group' }] };
  if (missing.length > 0 || unknown.length > 0) {
    const parts = [missing.length > 0 ? `missing ${missing.join(', ')}` : '', unknown.length > 0 ? `not expected ${unknown.join(', ')}` : ''].filter(Boolean);
    return { rows: [], problems: [{ row: 1, column: null, message: `The header must be lssa,dimension,group,population (${parts.join('; ')})` }] };
  }
  if (body.length === 0) return { rows: [], problems: [{ row: null, column: null, message: 'The file has a header but no rows' }] };
  if (body.length > MAX_DENOMINATOR_ROWS) return { rows: [], problems: [{ row: null, column: null, message: `The file has ${body.length} rows; at most ${MAX_DENOMINATOR_ROWS} can be imported at once` }] };
  const byName = new Map<string, LssaOption>();
  for (const l of lssas) {
    byName.set(l.name.trim().toLowerCase(), l);
    byName.set(l.shortName.trim().toLowerCase(), l);
  }
  const rows: ParsedDenominator[] = [];
  const seen = new Map<string, number>();
  body.forEach((record, index) => {
    const row = index + 2;
    const raw = Object.fromEntries(headers.map((h, i) => [h, record[i] ?? '']));
    const parsed = rowSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push({ row, column: String(issue.path[0] ?? ''), message: issue.message });
      return;
    }
    const v = parsed.data;
    const lssa = byName.get(v.lssa.toLowerCase());
    if (!lssa) {
      problems.push({ row, column: 'lssa', message: `“${v.lssa}” is not an LSSA set up in the service` });
      return;
    }
    const group = groupsOf(v.dimension).find((g) => g.code.toLowerCase() === v.group.toLowerCase());
    if (!group) {
      problems.push({ row, column: 'group', message: `“${v.group}” is not a ${DIMENSION_LABELS[v.dimension].toLowerCase()} group (${groupsOf(v.dimension).map((g) => g.code).join(', ')})` });
      return;
    }
    const key = `${lssa.id}|${v.dimension}|${group.code}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      problems.push({ row, column: 'group', message: `${lssa.name} ${DIMENSION_LABELS[v.dimension].toLowerCase()} ${group.code} is already given on row ${earlier}` });
      return;
    }
    seen.set(key, row);
    rows.push({ row, lssaId: lssa.id, lssaName: lssa.name, dimension: v.dimension, group: group.code, population: v.population });
  });
  if (problems.length === 0) {
    const given = new Map<string, Set<string>>();
    for (const r of rows) {
      const key = `${r.lssaId}|${r.dimension}`;
      given.set(key, (given.get(key) ?? new Set()).add(r.group));
    }
    for (const [key, groups] of given) {
      const [lssaId, dimension] = key.split('|') as [string, Dimension];
      const absent = groupsOf(dimension).filter((g) => !groups.has(g.code));
      if (absent.length > 0) {
        const name = lssas.find((l) => l.id === lssaId)?.name ?? lssaId;
        problems.push({ row: null, column: 'group', message: `${name}: the ${DIMENSION_LABELS[dimension].toLowerCase()} groups ${absent.map((g) => `${g.code} (${g.label})`).join(', ')} are missing; give every group of a dimension` });
      }
    }
  }
  return { rows: problems.length === 0 ? rows : [], problems };
}
