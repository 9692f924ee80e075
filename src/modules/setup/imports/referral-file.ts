import { CHUNK, drain, type Steps } from '../../../platform/chunked.js';
import { formatDateTime, londonDate } from '../../../platform/london-time.js';
import { validateNhsNumber } from '../../referrals/nhs-number.js';
import {
  CURRENT_LEGAL_STATUSES,
  REFERRAL_CHANNELS,
  REFERRAL_SOURCE_TYPES,
  URGENCY_LEVELS,
  type CodedOption,
  type CurrentLegalStatus,
  type ReferralChannel,
  type ReferralSourceType,
  type UrgencyLevel,
} from '../../referrals/referral-codes.js';
import { referralImportKey, type OpenReferralImport } from '../../referrals/intake/referral-import-service.js';
import { cellsOf, type ImportRow } from '../setup-tables.js';
import type { FileProblem } from './import-file.js';
import { countsOf, headerProblems, type ImportPlan, type PlanRow } from './staff-import.js';
import { parseUkDate, parseUkDateTime } from './uk-date.js';

// The open-referrals import, the file's side: the current caseload, one referral a row, each
// received at its original time (London clock), so its timeline starts then. Pure.

const codes = <C extends string>(options: readonly CodedOption<C>[]) => options.map((o) => `${o.code} (${o.label})`).join('; ');

export const REFERRAL_COLUMNS = [
  { name: 'received_at', required: true, description: 'When the referral was received, as the London clock showed it: DD/MM/YYYY HH:MM (24-hour). The referral’s timeline starts then.' },
  { name: 'previous_reference', required: false, description: 'Its reference in the previous system (kept on the timeline). The service gives it a new reference.' },
  { name: 'received_via', required: false, description: `How it arrived: ${codes(REFERRAL_CHANNELS)}. Blank: other.` },
  { name: 'source_type', required: true, description: `Who it is from: ${codes(REFERRAL_SOURCE_TYPES)}.` },
  { name: 'referrer_name', required: true, description: 'The referrer’s name.' },
  { name: 'referrer_organisation', required: false, description: 'The referrer’s organisation.' },
  { name: 'referrer_contact', required: true, description: 'The referrer’s phone number or e-mail.' },
  { name: 'given_name', required: true, description: 'The person’s first name.' },
  { name: 'family_name', required: true, description: 'The person’s last name.' },
  { name: 'date_of_birth', required: false, description: 'DD/MM/YYYY.' },
  { name: 'nhs_number', required: false, description: 'Ten digits (spaces allowed); must pass the NHS number check.' },
  { name: 'address', required: false, description: 'Where the person lives.' },
  { name: 'postcode', required: false, description: 'Postcode.' },
  { name: 'council', required: false, description: 'The council area (LSSA) the person lives in: its official code or name.' },
  { name: 'current_location', required: true, description: 'Where the person is now.' },
  { name: 'legal_status', required: true, description: `Current legal status: ${codes(CURRENT_LEGAL_STATUSES)}.` },
  { name: 'legal_status_since', required: false, description: 'When that status started, DD/MM/YYYY HH:MM (required for s136: arrival at the place of safety).' },
  { name: 'reason', required: true, description: 'The reason for the referral.' },
  { name: 'risks', required: false, description: 'Known risks.' },
  { name: 'urgency', required: true, description: `How urgent: ${codes(URGENCY_LEVELS)}.` },
] as const;

export const REFERRAL_TEMPLATE_EXAMPLES: Array<Record<string, string>> = [
  {
    received_at: '01/03/2026 14:30',
    previous_reference: 'OLD-1234',
    received_via: 'phone',
    source_type: 'gp',
    referrer_name: 'Dr Example',
    referrer_organisation: 'Example Surgery',
    referrer_contact: '01632 960555',
    given_name: 'Alex',
    family_name: 'Example',
    date_of_birth: '14/07/1980',
    nhs_number: '',
    address: '1 Example Road, Northtown',
    postcode: 'NX1 1AA',
    council: 'E10000099',
    current_location: 'At home',
    legal_status: 'community',
    legal_status_since: '',
    reason: 'GP asks for a Mental Health Act assessment',
    risks: '',
    urgency: 'routine',
  },
];

export interface ReferralFileContext {
  now: Date;
  councils: ReadonlyArray<{ id: string; name: string; code: string | null }>;
}

export interface ReadReferralFile {
  referrals: OpenReferralImport[];
  rows: PlanRow[];
  errors: FileProblem[];
}

function codeOf<C extends string>(options: readonly CodedOption<C>[], text: string): C | undefined {
  const wanted = text.trim().toLowerCase();
  return options.find((o) => o.code === wanted.replace(/[\s-]+/g, '_') || o.label.toLowerCase() === wanted)?.code;
}

export function readReferralRows(headers: readonly string[], rows: readonly ImportRow[], fileProblems: readonly FileProblem[], context: ReferralFileContext): ReadReferralFile {
  return drain(readReferralRowsSteps(headers, rows, fileProblems, context));
}

/** The same in steps of CHUNK rows (platform/chunked.ts). */
export function* readReferralRowsSteps(headers: readonly string[], rows: readonly ImportRow[], fileProblems: readonly FileProblem[], context: ReferralFileContext): Steps<ReadReferralFile> {
  if (headers.length === 0 && fileProblems.length > 0) return { referrals: [], rows: [], errors: [...fileProblems] };
  const headerErrors = headerProblems(headers, REFERRAL_COLUMNS);
  if (headerErrors.some((p) => p.message.includes('is missing'))) return { referrals: [], rows: [], errors: [...fileProblems, ...headerErrors] };
  const council = (text: string) => context.councils.find((c) => c.code?.toLowerCase() === text.toLowerCase() || c.name.toLowerCase() === text.toLowerCase());
  const referrals: OpenReferralImport[] = [];
  const planRows: PlanRow[] = [];
  const keys = new Map<string, number>();

  for (const [index, r] of rows.entries()) {
    if (index > 0 && index % CHUNK === 0) yield index;
    const cells = cellsOf(headers, r);
    const cell = (column: string) => cells[column] ?? '';
    const errors: FileProblem[] = [];
    const fail = (column: string, message: string) => errors.push({ row: r.row, column, message });
    const text = (column: string, max: number, required: boolean) => {
      const value = cell(column);
      if (required && !value) fail(column, `Give the ${column.replace(/_/g, ' ')}`);
      else if (value.length > max) fail(column, `The ${column.replace(/_/g, ' ')} must be ${max} characters or fewer`);
      return value;
    };
    const coded = <C extends string>(column: string, options: readonly CodedOption<C>[], fallback?: C): C | undefined => {
      if (!cell(column)) {
        if (fallback) return fallback;
        fail(column, `Give the ${column.replace(/_/g, ' ')}: ${options.map((o) => o.code).join(', ')}`);
        return undefined;
      }
      const value = codeOf(options, cell(column));
      if (!value) fail(column, `${cell(column)} is not one of: ${options.map((o) => o.code).join(', ')}`);
      return value;
    };
    let receivedAt: Date | null = null;
    if (!cell('received_at')) fail('received_at', 'Give when the referral was received (DD/MM/YYYY HH:MM)');
    else {
      const parsed = parseUkDateTime(cell('received_at'));
      if (!parsed.ok) fail('received_at', parsed.message);
      else if (parsed.instant.getTime() > context.now.getTime()) fail('received_at', `${cell('received_at')} is in the future: an open referral was received in the past`);
      else receivedAt = parsed.instant;
    }
    const receivedVia = coded<ReferralChannel>('received_via', REFERRAL_CHANNELS, 'other');
    const sourceType = coded<ReferralSourceType>('source_type', REFERRAL_SOURCE_TYPES);
    const legalStatus = coded<CurrentLegalStatus>('legal_status', CURRENT_LEGAL_STATUSES);
    const urgency = coded<UrgencyLevel>('urgency', URGENCY_LEVELS);
    const givenName = text('given_name', 100, true);
    const familyName = text('family_name', 100, true);
    let dateOfBirth: string | null = null;
    if (cell('date_of_birth')) {
      const parsed = parseUkDate(cell('date_of_birth'));
      if (!parsed.ok) fail('date_of_birth', parsed.message);
      else if (receivedAt && parsed.date > londonDate(receivedAt)) fail('date_of_birth', 'The date of birth is after the referral was received');
      else dateOfBirth = parsed.date;
    }
    let nhsNumber: string | null = null;
    if (cell('nhs_number')) {
      const checked = validateNhsNumber(cell('nhs_number'));
      if (checked.ok) nhsNumber = checked.value;
      else fail('nhs_number', checked.message);
    }
    let lssaId: string | null = null;
    if (cell('council')) {
      const found = council(cell('council'));
      if (!found) fail('council', `There is no council with the code or name ${cell('council')} among the councils the service acts for`);
      else lssaId = found.id;
    }
    let legalStatusSince: Date | null = null;
    if (cell('legal_status_since')) {
      const parsed = parseUkDateTime(cell('legal_status_since'));
      if (!parsed.ok) fail('legal_status_since', parsed.message);
      else legalStatusSince = parsed.instant;
    } else if (legalStatus === 's136') fail('legal_status_since', 'Give when the section 136 detention started (arrival at the place of safety): the 24-hour period runs from then');
    const values = {
      previousReference: text('previous_reference', 100, false),
      referrerName: text('referrer_name', 200, true),
      referrerOrganisation: text('referrer_organisation', 200, false),
      referrerContact: text('referrer_contact', 200, true),
      address: text('address', 500, false),
      postcode: text('postcode', 10, false).toUpperCase(),
      currentLocation: text('current_location', 300, true),
      reason: text('reason', 5000, true),
      risks: text('risks', 5000, false),
    };
    let key = `${givenName} ${familyName}`;
    if (receivedAt) {
      key = `${givenName} ${familyName}, received ${formatDateTime(receivedAt)}`;
      const matchKey = referralImportKey({ receivedAt, givenName, familyName, dateOfBirth });
      const earlier = keys.get(matchKey);
      if (earlier !== undefined) fail('received_at', `The same referral (received then, same name and date of birth) is also on row ${earlier}: each referral once`);
      else keys.set(matchKey, r.row);
    }
    if (errors.length === 0 && receivedAt && receivedVia && sourceType && legalStatus && urgency) {
      referrals.push({ row: r.row, receivedAt, receivedVia, sourceType, legalStatus, urgency, givenName, familyName, dateOfBirth, nhsNumber, lssaId, legalStatusSince, ...values });
    }
    planRows.push({ row: r.row, key, action: errors.length > 0 ? 'error' : 'create', changes: [], errors });
  }
  return { referrals, rows: planRows, errors: [...fileProblems, ...headerErrors] };
}

/** The rows with those already in the service marked unchanged: the dry run's plan. */
export function referralPlan(read: ReadReferralFile, existing: ReadonlyMap<string, string>): ImportPlan & { toCreate: OpenReferralImport[] } {
  const there = new Map(read.referrals.filter((r) => existing.has(referralImportKey(r))).map((r) => [r.row, existing.get(referralImportKey(r))!]));
  const rows = read.rows.map((row): PlanRow => (there.has(row.row) ? { ...row, action: 'unchanged', changes: [`already in the service as ${there.get(row.row)!}`] } : row));
  return { rows, errors: [...read.errors, ...rows.flatMap((r) => r.errors)], counts: countsOf(rows), toCreate: read.referrals.filter((r) => !there.has(r.row)) };
}
