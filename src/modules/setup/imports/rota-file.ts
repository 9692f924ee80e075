import { CHUNK, drain, type Steps } from '../../../platform/chunked.js';
import { formatDate } from '../../../platform/london-time.js';
import type { RotaImportRow } from '../../duty/rota-service.js';
import { cellsOf, type ImportRow } from '../setup-tables.js';
import type { FileProblem } from './import-file.js';
import { countsOf, headerProblems, type ImportPlan, type PlanRow } from './staff-import.js';
import { parseUkDate } from './uk-date.js';

// The rota import, the file's side: one shift a row (the day, daytime or EDT, the AMHP by
// e-mail). The duty module checks each against the service hours and the rota's rules. Pure.

export const ROTA_COLUMNS = [
  { name: 'date', required: true, description: 'The day of the shift, DD/MM/YYYY (an EDT shift runs into the next morning).' },
  { name: 'shift', required: true, description: 'daytime or edt. The shift takes the service’s usual hours that day (Duty → Service hours).' },
  { name: 'email', required: true, description: 'The AMHP’s work e-mail address, as in the staff import. They must be approved (and not suspended) on that day.' },
] as const;

export const ROTA_TEMPLATE_EXAMPLES: Array<Record<string, string>> = [
  { date: '06/04/2026', shift: 'daytime', email: 'ava.example@council.example.org' },
  { date: '06/04/2026', shift: 'edt', email: 'eddie.example@council.example.org' },
];

export interface ReadRotaFile {
  shifts: RotaImportRow[];
  rows: PlanRow[];
  errors: FileProblem[];
}

export function readRotaRows(headers: readonly string[], rows: readonly ImportRow[], fileProblems: readonly FileProblem[], people: ReadonlyArray<{ id: string; email: string }>): ReadRotaFile {
  return drain(readRotaRowsSteps(headers, rows, fileProblems, people));
}

/** The same in steps of CHUNK rows (platform/chunked.ts). */
export function* readRotaRowsSteps(headers: readonly string[], rows: readonly ImportRow[], fileProblems: readonly FileProblem[], people: ReadonlyArray<{ id: string; email: string }>): Steps<ReadRotaFile> {
  if (headers.length === 0 && fileProblems.length > 0) return { shifts: [], rows: [], errors: [...fileProblems] };
  const headerErrors = headerProblems(headers, ROTA_COLUMNS);
  if (headerErrors.some((p) => p.message.includes('is missing'))) return { shifts: [], rows: [], errors: [...fileProblems, ...headerErrors] };
  const byEmail = new Map(people.map((p) => [p.email.toLowerCase(), p]));
  const shifts: RotaImportRow[] = [];
  const planRows: PlanRow[] = [];
  for (const [index, r] of rows.entries()) {
    if (index > 0 && index % CHUNK === 0) yield index;
    const cells = cellsOf(headers, r);
    const cell = (column: string) => cells[column] ?? '';
    const errors: FileProblem[] = [];
    const fail = (column: string, message: string) => errors.push({ row: r.row, column, message });
    let date: string | null = null;
    if (!cell('date')) fail('date', 'Give the day of the shift (DD/MM/YYYY)');
    else {
      const parsed = parseUkDate(cell('date'));
      if (parsed.ok) date = parsed.date;
      else fail('date', parsed.message);
    }
    const kind = cell('shift').toLowerCase();
    if (kind !== 'daytime' && kind !== 'edt') fail('shift', `${cell('shift') || 'A blank'} is not a shift: daytime or edt`);
    const person = byEmail.get(cell('email').toLowerCase());
    if (!cell('email')) fail('email', 'Give the AMHP’s e-mail address');
    else if (!person) fail('email', `There is nobody with the e-mail address ${cell('email')} in the service: import them with the staff import first`);
    if (errors.length === 0 && date && person && (kind === 'daytime' || kind === 'edt')) shifts.push({ row: r.row, date, kind, personId: person.id });
    planRows.push({ row: r.row, key: [date ? formatDate(date) : cell('date'), kind === 'edt' ? 'EDT' : kind, cell('email')].filter(Boolean).join(' '), action: errors.length > 0 ? 'error' : 'create', changes: [], errors });
  }
  return { shifts, rows: planRows, errors: [...fileProblems, ...headerErrors] };
}

const FIELD_COLUMNS: Record<string, string> = { personId: 'email', date: 'date', kind: 'shift', endsAt: 'date' };

/** The file's rows with the rota's outcome merged in: the dry run's plan. */
export function rotaPlan(read: ReadRotaFile, outcomes: ReadonlyArray<{ row: number; action: 'create' | 'unchanged' | 'error'; errors: Array<{ field: string; message: string }> }>): ImportPlan {
  const byRow = new Map(outcomes.map((o) => [o.row, o]));
  const rows = read.rows.map((row): PlanRow => {
    const outcome = byRow.get(row.row);
    if (row.action === 'error' || !outcome) return row;
    return { ...row, action: outcome.action, errors: outcome.errors.map((e) => ({ row: row.row, column: FIELD_COLUMNS[e.field] ?? 'date', message: e.message })) };
  });
  return { rows, errors: [...read.errors, ...rows.flatMap((r) => r.errors)], counts: countsOf(rows) };
}
