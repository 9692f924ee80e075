import { type IsoDate, addDays, londonInstant } from '../../platform/london-time.js';
import { invalid, ok, refused, ruleBroken, wrongState, type Refused, type Result } from '../../platform/result.js';
import { hoursOn, previousWorkingDay } from './service-hours.js';
import type { BankHolidays, ServiceHoursConfig } from './service-hours.js';

// The daily allocation sheet (Daily Expectations §2.5–2.7): one per day, kept by business
// support and the AMHP Lead at the morning handover meeting.

export type AttendeeRole = 'amhp-lead' | 'amhp' | 'support' | 'operational-manager' | 'lead-amhp' | 'line-manager' | 'edt' | 'candidate' | 'admin';

/** How each role reads on the sheet ('admin' is kept for sheets recorded before the real roles were). */
export const ATTENDEE_ROLE_LABELS: Record<AttendeeRole, string> = {
  'amhp-lead': 'AMHP Lead',
  amhp: 'AMHP',
  support: 'Business support',
  'operational-manager': 'AMHP operational manager',
  'lead-amhp': 'Lead AMHP',
  'line-manager': 'Line manager',
  edt: 'EDT',
  candidate: 'AMHP candidate or trainee',
  admin: 'Other',
};

/**
 * Someone at the morning meeting: a person on the staff list, or a candidate or trainee AMHP
 * recorded by name (trainees are often not on the staff list yet).
 */
export interface Attendee {
  personId: string | null;
  role: AttendeeRole;
  /** For a candidate or trainee not on the staff list. */
  name?: string;
}

function attendeeKey(a: Attendee): string {
  return a.personId ?? `name:${(a.name ?? '').trim().toLowerCase()}`;
}

/**
 * previous-day: the outcome was recorded on the previous working day (or since then, before this
 * day: a Monday sheet shows the weekend's outcomes too); pending: still open, received before the
 * previous working day closed; new: arrived since the previous working day closed, which includes
 * everything EDT took overnight, at the weekend or on a bank holiday.
 */
export type SheetSection = 'previous-day' | 'pending' | 'new';

export const SECTION_ORDER: readonly SheetSection[] = ['previous-day', 'pending', 'new'];

export const SECTION_TITLES: Record<SheetSection, string> = {
  'previous-day': "Outcomes of the previous working day's referrals",
  pending: 'Pending or in progress from earlier days',
  new: 'New referrals',
};

/** What the referrals module tells the sheet about one referral. */
export interface SheetReferral {
  referralId: string;
  receivedAt: Date;
  closedAt: Date | null;
  /** Short outcome, e.g. "Detained s2", "No MHAA indicated"; null while open. */
  outcome: string | null;
  /** When the outcome was recorded (or, for a referral closed without an assessment, when it was closed). */
  outcomeAt?: Date | null;
  /** Still open: not closed and no outcome recorded. */
  open?: boolean;
  reviewerId: string | null;
  allocatedAmhpId: string | null;
  /** Set when EDT handed this referral to the daytime service and the handover was accepted. */
  handedOverByEdt: boolean;
}

export type AllocationDecision =
  { kind: 'allocated'; amhpId: string; overrideReason: string | null } | { kind: 'not-allocated'; reason: string };

export interface SheetEntry {
  referralId: string;
  section: SheetSection;
  receivedAt: Date;
  handedOverByEdt: boolean;
  reviewerId: string | null;
  outcome: string | null;
  plan: string | null;
  decision: AllocationDecision | null;
}

export interface Amendment {
  at: Date;
  by: string;
  reason: string;
  referralId: string | null;
  /** Plain words: "Allocation changed from amhp-1 to amhp-2". */
  what: string;
}

export type SheetStatus = 'draft' | 'finalised';

export interface AllocationSheet {
  date: IsoDate;
  status: SheetStatus;
  /** Goes up by one with every change, so two people editing at once can be told apart. */
  version: number;
  attendees: Attendee[];
  entries: SheetEntry[];
  /** "Any challenges or support required by AMHPs" (§2.5). */
  challenges: string | null;
  finalisedBy: string | null;
  finalisedAt: Date | null;
  amendments: Amendment[];
}

/** A change to the sheet, with what the Lead should know about it (nothing that stops it). */
export interface SheetChange {
  sheet: AllocationSheet;
  warnings: string[];
}

function changed(sheet: AllocationSheet, warnings: string[] = []): Result<SheetChange> {
  return ok({ sheet, warnings });
}

export interface SheetWindows {
  previousWorkingDay: IsoDate;
  /** Outcomes recorded from here (the start of the previous working day) up to `dayStart` are reviewed. */
  previousDayStart: Date;
  /** The start of the sheet's own day. */
  dayStart: Date;
  /** From here referrals belong to the previous working day's review. */
  previousDayFrom: Date;
  /** From here referrals are new on this sheet: the previous working day's closing time. */
  newFrom: Date;
}

function closingOf(date: IsoDate, config: ServiceHoursConfig, bankHolidays: BankHolidays): Date {
  const closes = hoursOn(date, config, bankHolidays).daytime?.closes ?? '17:00';
  return londonInstant(date, closes);
}

/** The time windows that sort referrals into sections, using weekends and bank holidays. */
export function sheetWindows(date: IsoDate, config: ServiceHoursConfig, bankHolidays: BankHolidays): SheetWindows {
  const previous = previousWorkingDay(date, config, bankHolidays) ?? addDays(date, -1);
  const beforeThat = previousWorkingDay(previous, config, bankHolidays) ?? addDays(previous, -1);
  return {
    previousWorkingDay: previous,
    previousDayStart: londonInstant(previous, '00:00'),
    dayStart: londonInstant(date, '00:00'),
    previousDayFrom: closingOf(beforeThat, config, bankHolidays),
    newFrom: closingOf(previous, config, bankHolidays),
  };
}

/**
 * Which section a referral belongs in, or null when it is not for this meeting: new if it arrived
 * since the previous working day closed; the previous working day's outcomes if its outcome was
 * recorded then (not one with no outcome, not one settled before, not one closed today); pending
 * if it is still open.
 */
export function sectionFor(referral: SheetReferral, windows: SheetWindows): SheetSection | null {
  const received = referral.receivedAt.getTime();
  if (received >= windows.newFrom.getTime()) return 'new';
  const outcomeAt = referral.outcomeAt !== undefined ? referral.outcomeAt : referral.outcome ? referral.closedAt : null;
  if (referral.outcome && outcomeAt && outcomeAt.getTime() >= windows.previousDayStart.getTime() && outcomeAt.getTime() < windows.dayStart.getTime()) return 'previous-day';
  const open = referral.open ?? (referral.closedAt === null && outcomeAt === null);
  if (open) return 'pending';
  return null;
}

function entryFor(referral: SheetReferral, section: SheetSection): SheetEntry {
  return {
    referralId: referral.referralId,
    section,
    receivedAt: referral.receivedAt,
    handedOverByEdt: referral.handedOverByEdt,
    reviewerId: referral.reviewerId,
    outcome: referral.outcome,
    plan: null,
    decision: referral.allocatedAmhpId
      ? { kind: 'allocated', amhpId: referral.allocatedAmhpId, overrideReason: null }
      : null,
  };
}

function sortEntries(entries: SheetEntry[]): SheetEntry[] {
  return [...entries].sort(
    (a, b) =>
      SECTION_ORDER.indexOf(a.section) - SECTION_ORDER.indexOf(b.section) ||
      a.receivedAt.getTime() - b.receivedAt.getTime() ||
      a.referralId.localeCompare(b.referralId),
  );
}

export function buildSheetEntries(
  date: IsoDate,
  referrals: readonly SheetReferral[],
  config: ServiceHoursConfig,
  bankHolidays: BankHolidays,
): SheetEntry[] {
  const windows = sheetWindows(date, config, bankHolidays);
  const entries: SheetEntry[] = [];
  for (const referral of referrals) {
    const section = sectionFor(referral, windows);
    if (section) entries.push(entryFor(referral, section));
  }
  return sortEntries(entries);
}

export function draftSheet(
  date: IsoDate,
  referrals: readonly SheetReferral[],
  config: ServiceHoursConfig,
  bankHolidays: BankHolidays,
): AllocationSheet {
  return {
    date,
    status: 'draft',
    version: 1,
    attendees: [],
    entries: buildSheetEntries(date, referrals, config, bankHolidays),
    challenges: null,
    finalisedBy: null,
    finalisedAt: null,
    amendments: [],
  };
}

function stale(sheet: AllocationSheet, expectedVersion: number | undefined): boolean {
  return expectedVersion !== undefined && expectedVersion !== sheet.version;
}

const STALE_MESSAGE =
  'Someone else changed this allocation sheet since you opened it. Check the current sheet and try again.';

function staleRefusal(sheet: AllocationSheet): Refused {
  return refused({ kind: 'conflict', message: STALE_MESSAGE, currentVersion: sheet.version });
}

function guardDraft(sheet: AllocationSheet, expectedVersion: number | undefined): Refused | null {
  if (stale(sheet, expectedVersion)) return staleRefusal(sheet);
  if (sheet.status === 'finalised') {
    return wrongState('sheet_finalised', `The allocation sheet for ${sheet.date} has been finalised. Record the change as an amendment with a reason.`);
  }
  return null;
}

function bump(sheet: AllocationSheet, changes: Partial<AllocationSheet>): AllocationSheet {
  return { ...sheet, ...changes, version: sheet.version + 1 };
}

/**
 * Bring a draft up to date with the referrals: add new ones, move entries whose section changed,
 * keeping decisions already taken. `checked`, when given, names the referrals `entries` were
 * worked out from: the sheet's other entries are left as they are (a draft re-checks only the
 * referrals that may have changed, not every referral it holds).
 */
export function addMissingEntries(
  sheet: AllocationSheet,
  entries: readonly SheetEntry[],
  expectedVersion?: number,
  checked?: ReadonlySet<string>,
): Result<SheetChange> {
  const refusal = guardDraft(sheet, expectedVersion);
  if (refusal) return refusal;
  // A draft follows the referrals: an entry moves to the section it now belongs in, and an
  // "outcome" entry that is no longer one (and was not decided on) leaves the sheet. One pass
  // over the sheet finds whether anything changes: a draft holds every open referral (20,000 in
  // the load bench), `entries` only those read again (issue 17).
  const now = new Map(entries.map((e) => [e.referralId, e.section]));
  const leaves = (e: SheetEntry) => e.section === 'previous-day' && e.decision === null && e.plan === null && (!checked || checked.has(e.referralId));
  const held = new Set<string>();
  let moved = false;
  for (const e of sheet.entries) {
    const section = now.get(e.referralId);
    if (section !== undefined) held.add(e.referralId);
    if (section === undefined ? leaves(e) : section !== e.section) moved = true;
  }
  const added = entries.filter((e) => !held.has(e.referralId));
  if (added.length === 0 && !moved) return changed(sheet);
  const kept = sheet.entries.flatMap((e) => {
    const section = now.get(e.referralId);
    if (section === undefined) return leaves(e) ? [] : [e];
    return [section === e.section ? e : { ...e, section }];
  });
  return changed(bump(sheet, { entries: sortEntries([...kept, ...added]) }));
}

/** The entries of `entries` for referrals the sheet does not hold yet. */
export function entriesNotOnSheet(sheet: AllocationSheet, entries: readonly SheetEntry[]): SheetEntry[] {
  const wanted = new Set(entries.map((e) => e.referralId));
  for (const e of sheet.entries) wanted.delete(e.referralId);
  return entries.filter((e) => wanted.has(e.referralId));
}

export function recordAttendance(
  sheet: AllocationSheet,
  attendees: readonly Attendee[],
  expectedVersion?: number,
): Result<SheetChange> {
  const refusal = guardDraft(sheet, expectedVersion);
  if (refusal) return refusal;
  const unique = new Map<string, Attendee>();
  for (const a of attendees) {
    if (a.personId === null && !a.name?.trim()) return invalid('attendees', 'Give the name of each candidate or trainee who attended');
    unique.set(attendeeKey(a), a.personId === null ? { personId: null, role: 'candidate', name: (a.name ?? '').trim() } : a);
  }
  return changed(bump(sheet, { attendees: [...unique.values()] }));
}

export function recordChallenges(
  sheet: AllocationSheet,
  challenges: string,
  expectedVersion?: number,
): Result<SheetChange> {
  const refusal = guardDraft(sheet, expectedVersion);
  if (refusal) return refusal;
  return changed(bump(sheet, { challenges: challenges.trim() || null }));
}

export interface DecisionInput {
  referralId: string;
  decision: AllocationDecision;
  plan?: string | null;
  /** AMHPs on the rota today; allocating someone else is allowed but warned about. */
  onDutyAmhpIds?: ReadonlySet<string>;
  expectedVersion?: number;
}

/** Daily Expectations §2.9: whoever reviewed a referral should not then assess it. */
function checkDecision(
  entry: SheetEntry,
  decision: AllocationDecision,
  onDuty: ReadonlySet<string> | undefined,
): Result<{ decision: AllocationDecision; warnings: string[] }> {
  if (decision.kind === 'not-allocated') {
    const reason = decision.reason.trim();
    if (!reason) return invalid('notAllocatedReason', 'Give a reason for not allocating an AMHP');
    return ok({ decision: { kind: 'not-allocated', reason }, warnings: [] });
  }
  const overrideReason = decision.overrideReason?.trim() || null;
  const isReviewer = entry.reviewerId !== null && entry.reviewerId === decision.amhpId;
  if (isReviewer && !overrideReason) {
    return ruleBroken(
      'reviewer_cannot_assess',
      'The AMHP who reviewed this referral should not also assess it. Choose another AMHP, or give a reason for overriding this rule.',
      'amhpId',
    );
  }
  const warnings: string[] = [];
  if (onDuty && !onDuty.has(decision.amhpId)) warnings.push('This AMHP is not on the duty rota today');
  return ok({ decision: { kind: 'allocated', amhpId: decision.amhpId, overrideReason: isReviewer ? overrideReason : null }, warnings });
}

function findEntry(sheet: AllocationSheet, referralId: string): SheetEntry | undefined {
  return sheet.entries.find((e) => e.referralId === referralId);
}

function notOnSheet(): Refused {
  return ruleBroken('referral_not_on_sheet', 'That referral is not on this allocation sheet', 'referralId');
}

export function decideAllocation(sheet: AllocationSheet, input: DecisionInput): Result<SheetChange> {
  const refusal = guardDraft(sheet, input.expectedVersion);
  if (refusal) return refusal;
  const entry = findEntry(sheet, input.referralId);
  if (!entry) return notOnSheet();
  const checked = checkDecision(entry, input.decision, input.onDutyAmhpIds);
  if (!checked.ok) return checked;
  const entries = sheet.entries.map((e) =>
    e.referralId === entry.referralId
      ? { ...e, decision: checked.value.decision, plan: input.plan === undefined ? e.plan : input.plan?.trim() || null }
      : e,
  );
  return changed(bump(sheet, { entries }), checked.value.warnings);
}

/** Entries the meeting still has to decide: new and pending referrals with no decision. */
export function undecidedEntries(sheet: AllocationSheet): SheetEntry[] {
  return sheet.entries.filter((e) => e.section !== 'previous-day' && e.decision === null);
}

/** After finalising the sheet is read-only; warnings list what the Lead may have missed. */
export function finaliseSheet(
  sheet: AllocationSheet,
  by: string,
  at: Date,
  expectedVersion?: number,
): Result<SheetChange> {
  if (stale(sheet, expectedVersion)) return staleRefusal(sheet);
  if (sheet.status === 'finalised') {
    return wrongState('already_finalised', `The allocation sheet for ${sheet.date} was already finalised`);
  }
  const warnings: string[] = [];
  if (sheet.attendees.length === 0) warnings.push('No one is recorded as attending the handover meeting');
  const undecided = undecidedEntries(sheet).length;
  if (undecided > 0) {
    warnings.push(`${undecided} referral${undecided === 1 ? ' has' : 's have'} no allocation decision`);
  }
  return changed(bump(sheet, { status: 'finalised', finalisedBy: by, finalisedAt: at }), warnings);
}

export type AmendmentChange =
  | { kind: 'decision'; referralId: string; decision: AllocationDecision }
  | { kind: 'outcome'; referralId: string; outcome: string }
  | { kind: 'add-referral'; entry: SheetEntry }
  | { kind: 'attendee'; attendee: Attendee };

export interface AmendmentInput {
  by: string;
  at: Date;
  reason: string;
  change: AmendmentChange;
  onDutyAmhpIds?: ReadonlySet<string>;
  expectedVersion?: number;
}

function describeDecision(decision: AllocationDecision | null): string {
  if (!decision) return 'no decision';
  return decision.kind === 'allocated' ? `allocated to ${decision.amhpId}` : `not allocated (${decision.reason})`;
}

/** A change to a finalised sheet, kept beside the sheet with who, when, what and why. */
export function amendSheet(sheet: AllocationSheet, input: AmendmentInput): Result<SheetChange> {
  if (stale(sheet, input.expectedVersion)) return staleRefusal(sheet);
  if (sheet.status !== 'finalised') {
    return wrongState('sheet_not_finalised', 'This sheet is still a draft: change it directly');
  }
  const reason = input.reason.trim();
  if (!reason) return invalid('reason', 'Give a reason for amending a finalised sheet');
  const change = input.change;
  const record = (referralId: string | null, what: string): Amendment => ({
    at: input.at,
    by: input.by,
    reason,
    referralId,
    what,
  });
  switch (change.kind) {
    case 'decision': {
      const entry = findEntry(sheet, change.referralId);
      if (!entry) return notOnSheet();
      const checked = checkDecision(entry, change.decision, input.onDutyAmhpIds);
      if (!checked.ok) return checked;
      const what = `Allocation changed from ${describeDecision(entry.decision)} to ${describeDecision(checked.value.decision)}`;
      const entries = sheet.entries.map((e) =>
        e.referralId === entry.referralId ? { ...e, decision: checked.value.decision } : e,
      );
      return changed(
        bump(sheet, { entries, amendments: [...sheet.amendments, record(entry.referralId, what)] }),
        checked.value.warnings,
      );
    }
    case 'outcome': {
      const entry = findEntry(sheet, change.referralId);
      if (!entry) return notOnSheet();
      const outcome = change.outcome.trim();
      const what = `Outcome changed from ${entry.outcome ?? 'none'} to ${outcome}`;
      const entries = sheet.entries.map((e) => (e.referralId === entry.referralId ? { ...e, outcome } : e));
      return changed(bump(sheet, { entries, amendments: [...sheet.amendments, record(entry.referralId, what)] }));
    }
    case 'add-referral': {
      if (findEntry(sheet, change.entry.referralId)) {
        return wrongState('referral_already_on_sheet', 'That referral is already on this allocation sheet');
      }
      const what = `Referral added to ${SECTION_TITLES[change.entry.section].toLowerCase()}`;
      return changed(
        bump(sheet, {
          entries: sortEntries([...sheet.entries, change.entry]),
          amendments: [...sheet.amendments, record(change.entry.referralId, what)],
        }),
      );
    }
    case 'attendee': {
      if (sheet.attendees.some((a) => attendeeKey(a) === attendeeKey(change.attendee))) {
        return wrongState('already_attending', 'That person is already recorded as attending');
      }
      const what = `Attendance added: ${change.attendee.name ?? change.attendee.personId} (${ATTENDEE_ROLE_LABELS[change.attendee.role]})`;
      return changed(
        bump(sheet, {
          attendees: [...sheet.attendees, change.attendee],
          amendments: [...sheet.amendments, record(null, what)],
        }),
      );
    }
  }
}

export function entriesBySection(sheet: AllocationSheet): Record<SheetSection, SheetEntry[]> {
  const grouped: Record<SheetSection, SheetEntry[]> = { 'previous-day': [], pending: [], new: [] };
  for (const entry of sheet.entries) grouped[entry.section].push(entry);
  return grouped;
}
