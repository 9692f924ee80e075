import { CHUNK, drain, type Steps } from '../../../platform/chunked.js';
import { formatDate } from '../../../platform/london-time.js';
import type { RegisterImportInput, RegisterImportOutcome, RegisterImportRecord } from '../../register/imports/register-import.js';
import { PROFESSIONS, type Profession } from '../../register/approvals/approval.js';
import { SUPERVISION_TYPES, type SupervisionType } from '../../register/supervision/supervision.js';
import { cellsOf, type ImportRow } from '../setup-tables.js';
import type { FileProblem } from './import-file.js';
import { countsOf, headerProblems, type ImportPlan, type PlanRow } from './staff-import.js';
import { parseUkDate } from './uk-date.js';

// The AMHP register import, the file's side: one row per record (an approval, an authorisation
// for another council, a training record or a supervision), people matched by e-mail (as the
// staff import left them), councils by their official code or name. Pure. The register module
// then checks the records against the register and each other (register/imports/register-import.ts).

export const REGISTER_RECORD_KINDS = ['approval', 'authorisation', 'training', 'supervision'] as const;
type RecordKind = (typeof REGISTER_RECORD_KINDS)[number];

export const REGISTER_COLUMNS = [
  { name: 'record', required: true, description: 'What the row is: approval, authorisation (to act for another council), training or supervision.' },
  { name: 'email', required: true, description: 'The AMHP’s work e-mail address, as in the staff import (they must hold the AMHP role).' },
  { name: 'profession', required: false, description: `For someone not on the register yet, on any one of their rows: ${PROFESSIONS.map((p) => p.label).join('; ')} (or the codes, e.g. social_worker).` },
  { name: 'registration_number', required: false, description: 'Their professional registration number (with the profession).' },
  { name: 'council', required: false, description: 'Approval: the approving council (LSSA); authorisation: the council authorising them. Its official local-authority code (as on the set-up checklist) or its name.' },
  { name: 'start_date', required: false, description: 'Approval or authorisation: the first day, DD/MM/YYYY.' },
  { name: 'end_date', required: false, description: 'Approval or authorisation: the last day, DD/MM/YYYY. Blank: an approval runs its five years, an authorisation to the end of the approval.' },
  { name: 'date', required: false, description: 'Training or supervision: the day, DD/MM/YYYY.' },
  { name: 'title', required: false, description: 'Training: the course or event.' },
  { name: 'provider', required: false, description: 'Training: who gave it (blank: not recorded).' },
  { name: 'hours', required: false, description: 'Training: hours (e.g. 3 or 1.5), more than 0 and at most 24.' },
  { name: 'legal_update', required: false, description: 'Training: yes if it was a legal update (blank: no).' },
  { name: 'amhp_specific', required: false, description: 'Training: yes if it was AMHP-specific (blank: no).' },
  { name: 'supervisor_email', required: false, description: 'Supervision: the supervisor’s e-mail address (someone in the service).' },
  { name: 'supervision_type', required: false, description: `Supervision: ${SUPERVISION_TYPES.map((t) => `${t.code} (${t.label})`).join('; ')}. Blank: professional_1_1.` },
] as const;

export const REGISTER_TEMPLATE_EXAMPLES: Array<Record<string, string>> = [
  { record: 'approval', email: 'ava.example@council.example.org', profession: 'Social worker', registration_number: 'SW123456', council: 'E10000099', start_date: '01/04/2024' },
  { record: 'authorisation', email: 'ava.example@council.example.org', council: 'Example Borough Council', start_date: '01/04/2024' },
  { record: 'training', email: 'ava.example@council.example.org', date: '14/05/2025', title: 'Mental Health Act legal update', provider: 'Example Training', hours: '3', legal_update: 'yes', amhp_specific: 'yes' },
  { record: 'supervision', email: 'ava.example@council.example.org', date: '02/06/2025', supervisor_email: 'mo.manager@council.example.org', supervision_type: 'professional_1_1' },
];

export interface RegisterDirectory {
  people: ReadonlyArray<{ id: string; email: string; roles: readonly string[] }>;
  /** The councils (LSSAs) the service acts for, with their official codes if recorded. */
  councils: ReadonlyArray<{ id: string; name: string; code: string | null }>;
}

export interface ReadRegisterFile {
  input: RegisterImportInput;
  /** Rows with their key and file-level errors (the register's outcome is merged in later). */
  rows: PlanRow[];
  errors: FileProblem[];
}

const YES = new Set(['yes', 'y', 'true', '1']);
const NO = new Set(['no', 'n', 'false', '0', '']);
const FIELD_COLUMNS: Record<string, string> = {
  startDate: 'start_date',
  endDate: 'end_date',
  lssaId: 'council',
  date: 'date',
  title: 'title',
  hours: 'hours',
  legalUpdate: 'legal_update',
  supervisorId: 'supervisor_email',
  type: 'supervision_type',
  profession: 'profession',
};

function professionOf(text: string): Profession | undefined {
  const wanted = text.trim().toLowerCase();
  return PROFESSIONS.find((p) => p.code === wanted.replace(/[\s-]+/g, '_') || p.label.toLowerCase() === wanted)?.code;
}

export function readRegisterRows(headers: readonly string[], rows: readonly ImportRow[], fileProblems: readonly FileProblem[], directory: RegisterDirectory): ReadRegisterFile {
  return drain(readRegisterRowsSteps(headers, rows, fileProblems, directory));
}

/** The same in steps of CHUNK rows (platform/chunked.ts). */
export function* readRegisterRowsSteps(headers: readonly string[], rows: readonly ImportRow[], fileProblems: readonly FileProblem[], directory: RegisterDirectory): Steps<ReadRegisterFile> {
  const empty = { entries: [], records: [] };
  if (headers.length === 0 && fileProblems.length > 0) return { input: empty, rows: [], errors: [...fileProblems] };
  const headerErrors = headerProblems(headers, REGISTER_COLUMNS);
  if (headerErrors.some((p) => p.message.includes('is missing'))) return { input: empty, rows: [], errors: [...fileProblems, ...headerErrors] };
  const byEmail = new Map(directory.people.map((p) => [p.email.toLowerCase(), p]));
  const council = (text: string) => directory.councils.find((c) => c.code?.toLowerCase() === text.toLowerCase() || c.name.toLowerCase() === text.toLowerCase());
  const records: RegisterImportRecord[] = [];
  const entries = new Map<string, RegisterImportInput['entries'][number]>();
  const planRows: PlanRow[] = [];

  for (const [index, r] of rows.entries()) {
    if (index > 0 && index % CHUNK === 0) yield index;
    const cells = cellsOf(headers, r);
    const cell = (column: string) => cells[column] ?? '';
    const errors: FileProblem[] = [];
    const fail = (column: string, message: string) => errors.push({ row: r.row, column, message });
    const date = (column: string, required: boolean): string | null => {
      if (!cell(column)) {
        if (required) fail(column, `Give the ${column.replace('_', ' ')} (DD/MM/YYYY)`);
        return null;
      }
      const parsed = parseUkDate(cell(column));
      if (!parsed.ok) {
        fail(column, parsed.message);
        return null;
      }
      return parsed.date;
    };
    const kind = cell('record').toLowerCase() as RecordKind;
    const email = cell('email');
    const person = byEmail.get(email.toLowerCase());
    if (!REGISTER_RECORD_KINDS.includes(kind)) fail('record', `${cell('record') || 'A blank'} is not a kind of record: approval, authorisation, training or supervision`);
    if (!email) fail('email', 'Give the AMHP’s e-mail address');
    else if (!person) fail('email', `There is nobody with the e-mail address ${email} in the service: import them with the staff import first`);
    else if (!person.roles.includes('amhp')) fail('email', `${email} does not hold the AMHP role: give it in the staff import first`);

    if (cell('profession') || cell('registration_number')) {
      const profession = professionOf(cell('profession'));
      if (!cell('profession')) fail('profession', 'Give the profession with the registration number');
      else if (!profession) fail('profession', `${cell('profession')} is not a profession an AMHP may have: ${PROFESSIONS.map((p) => p.label).join(', ')}`);
      if (!cell('registration_number')) fail('registration_number', 'Give the registration number with the profession');
      else if (cell('registration_number').length > 50) fail('registration_number', 'The registration number must be 50 characters or fewer');
      if (person && profession && cell('registration_number') && !entries.has(person.id)) entries.set(person.id, { row: r.row, personId: person.id, profession, registrationNumber: cell('registration_number') });
    }

    let record: RegisterImportRecord | null = null;
    if (kind === 'approval' || kind === 'authorisation') {
      const lssa = cell('council') ? council(cell('council')) : undefined;
      if (!cell('council')) fail('council', kind === 'approval' ? 'Give the approving council (its code or name)' : 'Give the council authorising them (its code or name)');
      else if (!lssa) fail('council', `There is no council with the code or name ${cell('council')} among the councils the service acts for: add it (and its code) on the set-up checklist, or correct it`);
      const startDate = date('start_date', true);
      const endDate = date('end_date', false);
      if (startDate && endDate && endDate < startDate) fail('end_date', `The ${kind} ends (${cell('end_date')}) before it starts (${cell('start_date')})`);
      if (person && lssa && startDate && errors.length === 0) record = { kind, row: r.row, personId: person.id, lssaId: lssa.id, startDate, endDate };
    } else if (kind === 'training') {
      const day = date('date', true);
      const title = cell('title');
      if (!title) fail('title', 'Give the training’s title');
      else if (title.length > 300) fail('title', 'The title must be 300 characters or fewer');
      const hours = Number(cell('hours'));
      if (!cell('hours') || !Number.isFinite(hours) || hours <= 0 || hours > 24 || !/^\d+(\.\d{1,2})?$/.test(cell('hours'))) fail('hours', `Give the hours as a number more than 0 and at most 24, e.g. 3 or 1.5${cell('hours') ? ` (not ${cell('hours')})` : ''}`);
      const flag = (column: string): boolean => {
        const value = cell(column).toLowerCase();
        if (YES.has(value)) return true;
        if (!NO.has(value)) fail(column, `Give yes or no (not ${cell(column)})`);
        return false;
      };
      const legalUpdate = flag('legal_update');
      const amhpSpecific = flag('amhp_specific');
      if (cell('provider').length > 200) fail('provider', 'The provider must be 200 characters or fewer');
      if (person && day && errors.length === 0) record = { kind, row: r.row, personId: person.id, date: day, title, provider: cell('provider'), hours, legalUpdate, amhpSpecific };
    } else if (kind === 'supervision') {
      const day = date('date', true);
      const supervisor = byEmail.get(cell('supervisor_email').toLowerCase());
      if (!cell('supervisor_email')) fail('supervisor_email', 'Give the supervisor’s e-mail address');
      else if (!supervisor) fail('supervisor_email', `There is nobody with the e-mail address ${cell('supervisor_email')} in the service`);
      const typeText = cell('supervision_type').toLowerCase() || 'professional_1_1';
      const type = SUPERVISION_TYPES.find((t) => t.code === typeText || t.label.toLowerCase() === typeText)?.code as SupervisionType | undefined;
      if (!type) fail('supervision_type', `${cell('supervision_type')} is not a kind of supervision: ${SUPERVISION_TYPES.map((t) => t.code).join(', ')}`);
      if (person && supervisor && day && type && errors.length === 0) record = { kind, row: r.row, personId: person.id, supervisorId: supervisor.id, date: day, type };
    }
    if (record) records.push(record);
    const when = cell('start_date') || cell('date');
    planRows.push({ row: r.row, key: [kind, email, when].filter(Boolean).join(' '), action: errors.length > 0 ? 'error' : 'create', changes: [], errors });
  }
  return { input: { entries: [...entries.values()], records }, rows: planRows, errors: [...fileProblems, ...headerErrors] };
}

/** The file's rows with the register's outcome merged in: the dry run's plan. */
export function registerPlan(read: ReadRegisterFile, outcomes: readonly RegisterImportOutcome[]): ImportPlan {
  const byRow = new Map(outcomes.map((o) => [o.row, o]));
  const rows = read.rows.map((row): PlanRow => {
    const outcome = byRow.get(row.row);
    if (row.action === 'error' || !outcome) return row;
    const errors = outcome.errors.map((e) => ({ row: row.row, column: FIELD_COLUMNS[e.field] ?? e.field, message: e.message }));
    return { ...row, action: outcome.action, errors, changes: outcome.action === 'create' && outcome.endDate ? [`ends ${formatDate(outcome.endDate)}`] : [] };
  });
  return { rows, errors: [...read.errors, ...rows.flatMap((r) => r.errors)], counts: countsOf(rows) };
}
