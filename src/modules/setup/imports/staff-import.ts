import { z } from 'zod';
import { ROLE_LABELS, ROLES, type Role } from '../../../platform/roles.js';
import type { PersonImportChange } from '../../staff/staff-service.js';
import { cellsOf, type ImportRow } from '../setup-tables.js';
import { CHUNK, drain, type Steps } from '../../../platform/chunked.js';
import type { FileProblem } from './import-file.js';

// The staff import: people, their roles, teams and line managers, matched on e-mail address.
// Pure: given the file's rows and the directory as it is, says row by row what would happen.

export const STAFF_COLUMNS = [
  { name: 'email', required: true, description: 'Their work e-mail address: the key an import matches on (not case-sensitive).' },
  { name: 'name', required: true, description: 'Full name.' },
  { name: 'organisation', required: true, description: 'Employing organisation, by its name or short name as under Administration → Organisations and teams.' },
  { name: 'roles', required: true, description: `One or more roles, separated by semicolons: ${ROLES.map((r) => ROLE_LABELS[r]).join('; ')} (or the codes, e.g. amhp; amhp_lead).` },
  { name: 'team', required: false, description: 'Team, by its name (blank: no team).' },
  { name: 'job_title', required: false, description: 'Job title.' },
  { name: 'phone', required: false, description: 'Work phone number (digits, spaces and + ( ) - only).' },
  { name: 'line_manager_email', required: false, description: 'Their line manager’s e-mail address: someone in this file or already in the service.' },
] as const;

export const STAFF_TEMPLATE_EXAMPLE: Record<string, string> = {
  email: 'ava.example@council.example.org',
  name: 'Ava Example',
  organisation: 'Example County Council',
  roles: 'AMHP; AMHP Lead',
  team: 'Example AMHP Service',
  job_title: 'Senior Practitioner',
  phone: '01632 960123',
  line_manager_email: 'mo.manager@council.example.org',
};

export interface DirectorySnapshot {
  people: ReadonlyArray<{ id: string; email: string; name: string; jobTitle: string; phone: string; employingOrganisationId: string; teamId: string | null; lineManagerId: string | null; roles: readonly Role[]; version: number }>;
  organisations: ReadonlyArray<{ id: string; name: string; shortName: string }>;
  teams: ReadonlyArray<{ id: string; name: string }>;
}

export type PlanAction = 'create' | 'change' | 'unchanged' | 'error';

export interface PlanRow {
  row: number;
  key: string;
  action: PlanAction;
  /** What would change, by column (change only). */
  changes: string[];
  errors: FileProblem[];
}

export interface ImportPlan {
  rows: PlanRow[];
  /** File-level problems (headers, size, formulas) and every row's errors, in order. */
  errors: FileProblem[];
  counts: Record<PlanAction, number>;
}

export interface StaffPlan extends ImportPlan {
  changes: PersonImportChange[];
}

const emailFormat = z.email();
const PHONE = /^[0-9 +()-]*$/;

function roleOf(text: string): Role | undefined {
  const wanted = text.trim().toLowerCase();
  return ROLES.find((role) => role === wanted.replace(/[\s-]+/g, '_') || ROLE_LABELS[role].toLowerCase() === wanted);
}

export function headerProblems(headers: readonly string[], columns: ReadonlyArray<{ name: string; required: boolean }>): FileProblem[] {
  const problems: FileProblem[] = [];
  const known = new Set(columns.map((c) => c.name));
  for (const column of columns) if (column.required && !headers.includes(column.name)) problems.push({ row: 1, column: column.name, message: `The column ${column.name} is missing: the first row must name the columns as in the template` });
  for (const header of headers) if (header && !known.has(header)) problems.push({ row: 1, column: header, message: `The column ${header} is not one this import knows: check its spelling against the template` });
  return problems;
}

export function countsOf(rows: readonly PlanRow[]): Record<PlanAction, number> {
  const counts: Record<PlanAction, number> = { create: 0, change: 0, unchanged: 0, error: 0 };
  for (const row of rows) counts[row.action] += 1;
  return counts;
}

export function planStaffImport(headers: readonly string[], rows: readonly ImportRow[], fileProblems: readonly FileProblem[], directory: DirectorySnapshot, importer: { personId: string }): StaffPlan {
  return drain(planStaffImportSteps(headers, rows, fileProblems, directory, importer));
}

/** The same, in steps of CHUNK rows (./chunked.ts): yields the number of rows checked so far. */
export function* planStaffImportSteps(headers: readonly string[], rows: readonly ImportRow[], fileProblems: readonly FileProblem[], directory: DirectorySnapshot, importer: { personId: string }): Steps<StaffPlan> {
  // A file that could not be read at all (not a workbook, no sheet to use): say that only.
  if (headers.length === 0 && fileProblems.length > 0) return { rows: [], errors: [...fileProblems], counts: countsOf([]), changes: [] };
  const headerErrors = headerProblems(headers, STAFF_COLUMNS);
  const has = (column: string) => headers.includes(column);
  const byEmail = new Map(directory.people.map((p) => [p.email.toLowerCase(), p]));
  const fileEmails = new Map<string, number>();
  for (const r of rows) {
    const email = (cellsOf(headers, r).email ?? '').toLowerCase();
    if (email && !fileEmails.has(email)) fileEmails.set(email, r.row);
  }
  const findOrganisation = (text: string) => directory.organisations.find((o) => o.name.toLowerCase() === text.toLowerCase() || o.shortName.toLowerCase() === text.toLowerCase());
  const findTeam = (text: string) => directory.teams.find((t) => t.name.toLowerCase() === text.toLowerCase());

  const planRows: PlanRow[] = [];
  const changes: PersonImportChange[] = [];
  if (headerErrors.some((p) => p.message.includes('is missing'))) {
    return { rows: [], errors: [...fileProblems, ...headerErrors], counts: countsOf([]), changes: [] };
  }
  const byId = new Map(directory.people.map((p) => [p.id, p]));
  const managerOf = new Map<string, string | null>(directory.people.map((p) => [p.email.toLowerCase(), p.lineManagerId ? (byId.get(p.lineManagerId)?.email.toLowerCase() ?? null) : null]));

  for (const [index, r] of rows.entries()) {
    if (index > 0 && index % CHUNK === 0) yield index;
    const errors: FileProblem[] = [];
    const cells = cellsOf(headers, r);
    const cell = (column: string) => cells[column] ?? '';
    const fail = (column: string, message: string) => errors.push({ row: r.row, column, message });
    const email = cell('email');
    const key = email.toLowerCase();
    if (!email) fail('email', 'Give the e-mail address');
    else if (!emailFormat.safeParse(email).success) fail('email', `${email} is not an e-mail address`);
    else if (fileEmails.get(key) !== r.row) fail('email', `${email} is also on row ${fileEmails.get(key)}: each person once`);
    const name = cell('name');
    if (!name) fail('name', 'Give the name');
    else if (name.length > 200) fail('name', 'The name must be 200 characters or fewer');
    const organisation = findOrganisation(cell('organisation'));
    if (!cell('organisation')) fail('organisation', 'Give the employing organisation');
    else if (!organisation) fail('organisation', `There is no organisation called ${cell('organisation')}: add it under Organisations and teams first, or correct the name`);
    const roleTexts = cell('roles').split(/[;,]/).map((t) => t.trim()).filter(Boolean);
    const roles = [...new Set(roleTexts.map(roleOf).filter((role): role is Role => role !== undefined))].sort();
    for (const text of roleTexts) if (!roleOf(text)) fail('roles', `${text} is not a role. Roles: ${ROLES.map((role) => ROLE_LABELS[role]).join(', ')}`);
    if (roleTexts.length === 0) fail('roles', 'Give at least one role');
    let teamId: string | null | undefined;
    if (has('team')) {
      const team = cell('team') ? findTeam(cell('team')) : null;
      if (team === undefined) fail('team', `There is no team called ${cell('team')}: add it under Organisations and teams first, or correct the name`);
      teamId = team?.id ?? null;
    }
    if (has('phone') && (cell('phone').length > 30 || !PHONE.test(cell('phone')))) fail('phone', 'Give a phone number using digits, spaces and + ( ) - only');
    if (has('job_title') && cell('job_title').length > 200) fail('job_title', 'The job title must be 200 characters or fewer');
    let managerEmail: string | null | undefined;
    if (has('line_manager_email')) {
      managerEmail = cell('line_manager_email').toLowerCase() || null;
      if (managerEmail && managerEmail === key) fail('line_manager_email', 'A person cannot be their own line manager');
      else if (managerEmail && !byEmail.has(managerEmail) && !fileEmails.has(managerEmail)) fail('line_manager_email', `${cell('line_manager_email')} is neither in this file nor in the service`);
      else if (key) managerOf.set(key, managerEmail);
    }

    const existing = byEmail.get(key);
    if (existing && existing.id === importer.personId && existing.roles.includes('admin') && roleTexts.length > 0 && !roles.includes('admin')) fail('roles', 'You cannot remove your own System administrator role');
    if (errors.length > 0 || !organisation) {
      planRows.push({ row: r.row, key: email, action: 'error', changes: [], errors });
      continue;
    }
    const details = {
      name,
      email,
      jobTitle: has('job_title') ? cell('job_title') : (existing?.jobTitle ?? ''),
      phone: has('phone') ? cell('phone') : (existing?.phone ?? ''),
      employingOrganisationId: organisation.id,
      teamId: teamId === undefined ? (existing?.teamId ?? null) : teamId,
    };
    const wantedManager = managerEmail === undefined ? (existing ? ((existing.lineManagerId ? byId.get(existing.lineManagerId) : undefined)?.email.toLowerCase() ?? null) : null) : managerEmail;
    if (!existing) {
      planRows.push({ row: r.row, key: email, action: 'create', changes: [], errors: [] });
      changes.push({ kind: 'create', row: r.row, details, roles, lineManagerEmail: wantedManager });
      continue;
    }
    const existingManagerEmail = (existing.lineManagerId ? byId.get(existing.lineManagerId) : undefined)?.email.toLowerCase() ?? null;
    const changed: string[] = [];
    if (existing.name !== details.name) changed.push('name');
    if (existing.email !== details.email) changed.push('email');
    if (existing.jobTitle !== details.jobTitle) changed.push('job_title');
    if (existing.phone !== details.phone) changed.push('phone');
    if (existing.employingOrganisationId !== details.employingOrganisationId) changed.push('organisation');
    if (existing.teamId !== details.teamId) changed.push('team');
    if ([...existing.roles].sort().join() !== roles.join()) changed.push('roles');
    if (existingManagerEmail !== wantedManager) changed.push('line_manager_email');
    planRows.push({ row: r.row, key: email, action: changed.length > 0 ? 'change' : 'unchanged', changes: changed, errors: [] });
    if (changed.length > 0) changes.push({ kind: 'update', row: r.row, personId: existing.id, version: existing.version, details, roles, lineManagerEmail: wantedManager, changed });
  }

  // Line management must not loop (A manages B manages A), counting the file and the service.
  for (const [index, planRow] of planRows.entries()) {
    if (index > 0 && index % CHUNK === 0) yield rows.length;
    if (planRow.action === 'error') continue;
    const start = planRow.key.toLowerCase();
    let current = managerOf.get(start) ?? null;
    for (let depth = 0; current && depth < 100; depth += 1) {
      if (current === start) {
        planRow.action = 'error';
        planRow.errors.push({ row: planRow.row, column: 'line_manager_email', message: 'This line management goes round in a loop (someone would manage their own manager)' });
        break;
      }
      current = managerOf.get(current) ?? null;
    }
  }
  const failed = new Set(planRows.filter((p) => p.action === 'error').map((p) => p.row));
  return {
    rows: planRows,
    errors: [...fileProblems, ...headerErrors, ...planRows.flatMap((p) => p.errors)],
    counts: countsOf(planRows),
    changes: changes.filter((c) => !failed.has(c.row)),
  };
}
