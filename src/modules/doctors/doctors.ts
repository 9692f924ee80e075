// Section 12 doctors, the pure rules (issue 16): the approval's state on a date, availability at a
// time, the finder's ranking, the claim checks, fees and the payment cycle. No I/O here.

import { spreadsheetSafeText } from '../../platform/spreadsheet-safe.js';
import { addDays, ageOn, daysBetween, isoWeekday, londonDate, londonParts, type IsoDate } from '../../platform/london-time.js';
import { ok, ruleBroken, type Result } from '../../platform/result.js';

export const SPECIALISMS = ['cyp', 'learning_disability', 'older_adults', 'forensic'] as const;
export type Specialism = (typeof SPECIALISMS)[number];
export const SPECIALISM_LABELS: Record<Specialism, string> = {
  cyp: 'Children and young people',
  learning_disability: 'Learning disability',
  older_adults: 'Older adults',
  forensic: 'Forensic',
};

/** An approval ending within this many days is flagged "expiring". */
export const EXPIRY_WARNING_DAYS = 60;

export type ApprovalState = 'approved' | 'expiring' | 'lapsed' | 'not_approved';
export const APPROVAL_LABELS: Record<ApprovalState, string> = {
  approved: 'Approved',
  expiring: 'Approval expiring',
  lapsed: 'Approval lapsed',
  not_approved: 'Not section 12 approved',
};

export interface ApprovalFacts {
  s12ApprovedFrom: IsoDate | null;
  s12ApprovedUntil: IsoDate | null;
}

/** Was the doctor s12 approved on this date (from ≤ date ≤ until)? */
export function approvedOn(doctor: ApprovalFacts, date: IsoDate): boolean {
  if (!doctor.s12ApprovedUntil) return false;
  if (doctor.s12ApprovedFrom && date < doctor.s12ApprovedFrom) return false;
  return date <= doctor.s12ApprovedUntil;
}

/** The approval as of today: lapsed after its last day; expiring within 60 days of it. */
export function approvalState(doctor: ApprovalFacts, today: IsoDate): { state: ApprovalState; daysLeft: number | null } {
  if (!doctor.s12ApprovedUntil) return { state: 'not_approved', daysLeft: null };
  const daysLeft = daysBetween(today, doctor.s12ApprovedUntil);
  if (daysLeft < 0) return { state: 'lapsed', daysLeft };
  if (doctor.s12ApprovedFrom && today < doctor.s12ApprovedFrom) return { state: 'not_approved', daysLeft };
  return { state: daysLeft <= EXPIRY_WARNING_DAYS ? 'expiring' : 'approved', daysLeft };
}

// ── Availability ───────────────────────────────────────────────────────────────────────────────

export interface Slot {
  kind: 'weekly' | 'one_off' | 'now';
  weekday: number | null;
  startMinute: number | null;
  endMinute: number | null;
  startsAt: Date | null;
  endsAt: Date | null;
}

export const WEEKDAY_LABELS = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export function minutesText(minutes: number): string {
  const h = Math.floor(minutes / 60) % 24;
  return `${String(h).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Is the doctor available at this instant by this slot (weekly slots on London wall-clock time)? */
export function slotCovers(slot: Slot, at: Date): boolean {
  if (slot.kind === 'weekly') {
    const parts = londonParts(at);
    const minute = parts.hour * 60 + parts.minute;
    return isoWeekday(londonDate(at)) === slot.weekday && minute >= (slot.startMinute ?? 0) && minute < (slot.endMinute ?? 0);
  }
  return !!slot.startsAt && !!slot.endsAt && slot.startsAt <= at && at < slot.endsAt;
}

export function availableAt(slots: readonly Slot[], at: Date): boolean {
  return slots.some((slot) => slotCovers(slot, at));
}

/** A one-off or "available now" slot that has ended is history: not shown to the doctor. */
export function slotCurrent(slot: Slot, now: Date): boolean {
  return slot.kind === 'weekly' || (!!slot.endsAt && slot.endsAt > now);
}

// ── The finder ─────────────────────────────────────────────────────────────────────────────────

/** What the referral says of the person, for matching (handed up by the referrals module). */
export interface PersonNeeds {
  dateOfBirth: IsoDate | null;
  firstLanguage: string;
  communicationNeeds: string;
  legalStatus: string;
  lssaId: string | null;
  /** GMC numbers of doctors who have examined the person before, or are recorded as knowing them. */
  knownGmcNumbers: readonly string[];
}

export interface FinderDoctor extends ApprovalFacts {
  id: string;
  gmcNumber: string;
  approvedClinician: boolean;
  specialisms: readonly string[];
  languages: readonly string[];
  areas: readonly string[];
  active: boolean;
  slots: readonly Slot[];
}

export interface Match {
  available: boolean;
  specialisms: Specialism[];
  language: boolean;
  area: boolean;
  acquaintance: boolean;
  score: number;
  reasons: string[];
}

/** The specialisms this person needs: CYP under 18, older adults 65+, LD and forensic from the record's words. */
export function neededSpecialisms(person: PersonNeeds, on: IsoDate): Specialism[] {
  const needs: Specialism[] = [];
  if (person.dateOfBirth) {
    const age = ageOn(person.dateOfBirth, on);
    if (age < 18) needs.push('cyp');
    if (age >= 65) needs.push('older_adults');
  }
  if (/learning disab|\bLD\b|autis/i.test(person.communicationNeeds)) needs.push('learning_disability');
  if (/\b(s|section)\s?(35|36|37|38|41|47|48)\b|forensic|prison|court/i.test(person.legalStatus)) needs.push('forensic');
  return needs;
}

const sameLanguage = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
const isEnglish = (language: string) => language.trim() === '' || sameLanguage(language, 'English');

/**
 * Ranks a doctor for this person at this time. Availability at the time needed counts most,
 * then previous acquaintance (wanted for one of the two recommendations, s12(2)), specialism,
 * language and area. Lapsed or inactive doctors are never offered (the caller drops them).
 */
export function matchDoctor(doctor: FinderDoctor, person: PersonNeeds, at: Date): Match {
  const available = availableAt(doctor.slots, at);
  const needs = neededSpecialisms(person, londonDate(at));
  const specialisms = needs.filter((s) => doctor.specialisms.includes(s));
  const language = !isEnglish(person.firstLanguage) && doctor.languages.some((l) => sameLanguage(l, person.firstLanguage));
  const area = !!person.lssaId && doctor.areas.includes(person.lssaId);
  const acquaintance = person.knownGmcNumbers.includes(doctor.gmcNumber);
  const reasons: string[] = [];
  if (available) reasons.push('Available at the time needed');
  if (acquaintance) reasons.push('Has examined or knows the person (previous acquaintance)');
  for (const s of specialisms) reasons.push(`Specialism: ${SPECIALISM_LABELS[s]}`);
  if (language) reasons.push(`Speaks ${person.firstLanguage}`);
  if (area) reasons.push('Covers the person’s area');
  const score = (available ? 100 : 0) + (acquaintance ? 40 : 0) + specialisms.length * 20 + (language ? 20 : 0) + (area ? 10 : 0);
  return { available, specialisms, language, area, acquaintance, score, reasons };
}

export function offerable(doctor: FinderDoctor, today: IsoDate): boolean {
  const state = approvalState(doctor, today).state;
  return doctor.active && (state === 'approved' || state === 'expiring');
}

/** The doctors to offer, best first (ties: alphabetical by the caller's order kept). */
export function rankDoctors<T extends FinderDoctor>(doctors: readonly T[], person: PersonNeeds, at: Date, today: IsoDate): Array<{ doctor: T; match: Match }> {
  return doctors
    .filter((d) => offerable(d, today))
    .map((doctor) => ({ doctor, match: matchDoctor(doctor, person, at) }))
    .sort((a, b) => b.match.score - a.match.score);
}

// ── Claims ─────────────────────────────────────────────────────────────────────────────────────

export const FEE_TYPES = ['assessment', 'assessment_not_possible'] as const;
export type FeeType = (typeof FEE_TYPES)[number];
export const FEE_TYPE_LABELS: Record<FeeType, string> = {
  assessment: 'Mental Health Act assessment (examination and recommendation or decision)',
  assessment_not_possible: 'Attended, but the assessment was not possible',
};

export const CLAIM_STATUSES = ['submitted', 'approved', 'rejected', 'paid'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];
export const CLAIM_STATUS_LABELS: Record<ClaimStatus, string> = {
  submitted: 'Submitted: waiting for the claims officer',
  approved: 'Approved: to be paid in the next payment batch',
  rejected: 'Rejected',
  paid: 'Paid',
};

export interface ClaimSettings {
  assessmentFeePence: number;
  notPossibleFeePence: number;
  mileagePencePerMile: number;
  /** Days in a payment cycle (14 = fortnightly). */
  cycleDays: number;
  /** The first day of any one cycle; cycles repeat from it. */
  cycleAnchor: IsoDate;
}

export const DEFAULT_CLAIM_SETTINGS: ClaimSettings = {
  assessmentFeePence: 20_000,
  notPossibleFeePence: 10_000,
  mileagePencePerMile: 45,
  cycleDays: 14,
  cycleAnchor: '2026-01-05',
};

export function claimAmounts(settings: ClaimSettings, feeType: FeeType, miles: number): { feePence: number; mileagePence: number; totalPence: number } {
  const feePence = feeType === 'assessment' ? settings.assessmentFeePence : settings.notPossibleFeePence;
  const mileagePence = Math.round(miles * settings.mileagePencePerMile);
  return { feePence, mileagePence, totalPence: feePence + mileagePence };
}

export function pounds(pence: number): string {
  return `£${(pence / 100).toFixed(2)}`;
}

/** What the referrals module says of the assessment a claim is for. */
export interface AssessmentForClaim {
  referralId: string;
  reference: string;
  outcome: string | null;
  /** The London date of the assessment (interview, else outcome recorded, else planned). */
  date: IsoDate | null;
  doctorGmcNumbers: readonly string[];
}

/**
 * A claim is refused, with the reason the doctor reads, unless the doctor is on that assessment,
 * the assessment has ended (an outcome is recorded, "not possible" included), the doctor was s12
 * approved on its date, and there is no claim already.
 */
export function checkClaim(doctor: ApprovalFacts & { gmcNumber: string }, assessment: AssessmentForClaim, feeType: FeeType, alreadyClaimed: boolean): Result<{ date: IsoDate }> {
  if (!assessment.doctorGmcNumbers.includes(doctor.gmcNumber)) {
    return ruleBroken('not_on_assessment', `You are not recorded as a doctor on the assessment for ${assessment.reference}, so you cannot claim for it. Ask the AMHP to add you to the record.`, 'referralId');
  }
  if (!assessment.outcome || !assessment.date) {
    return ruleBroken('assessment_not_finished', `The assessment for ${assessment.reference} has no outcome recorded yet. Claim once the AMHP has recorded it.`, 'referralId');
  }
  if (feeType === 'assessment_not_possible' && assessment.outcome !== 'assessment_not_possible') {
    return ruleBroken('fee_type_mismatch', 'The AMHP recorded an outcome for this assessment, so it was not "not possible": claim the assessment fee.', 'feeType');
  }
  if (!approvedOn(doctor, assessment.date)) {
    return ruleBroken('not_approved_on_date', `Your section 12 approval was not in force on the day of the assessment (${assessment.date}), so the fee cannot be claimed.`, 'referralId');
  }
  if (alreadyClaimed) {
    return ruleBroken('already_claimed', `You have already claimed for the assessment for ${assessment.reference}. Change that claim instead if it was rejected.`, 'referralId');
  }
  return ok({ date: assessment.date });
}

// ── The payment cycle and the batch file ──────────────────────────────────────────────────────

/** The last complete cycle on or before `today`: [from, to] inclusive, as London dates. */
export function lastCompleteCycle(settings: Pick<ClaimSettings, 'cycleDays' | 'cycleAnchor'>, today: IsoDate): { from: IsoDate; to: IsoDate } {
  const since = daysBetween(settings.cycleAnchor, today);
  const cyclesDone = Math.floor(since / settings.cycleDays);
  const currentStart = addDays(settings.cycleAnchor, cyclesDone * settings.cycleDays);
  return { from: addDays(currentStart, -settings.cycleDays), to: addDays(currentStart, -1) };
}

export interface BatchLine {
  claimId: string;
  doctorName: string;
  gmcNumber: string;
  reference: string;
  assessmentDate: IsoDate;
  feeType: FeeType;
  miles: number;
  feePence: number;
  mileagePence: number;
  totalPence: number;
  approvedOn: IsoDate;
}

export const BATCH_COLUMNS = ['Claim', 'Doctor', 'GMC number', 'Referral', 'Assessment date', 'Fee type', 'Miles', 'Fee (£)', 'Mileage (£)', 'Total (£)', 'Approved on'];

function cell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const text = spreadsheetSafeText(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The payment batch CSV (RFC 4180, CRLF), one line per approved claim and a total. */
export function batchCsv(lines: readonly BatchLine[]): string {
  const money = (pence: number) => (pence / 100).toFixed(2);
  const rows: Array<Array<string | number>> = [
    BATCH_COLUMNS,
    ...lines.map((l) => [l.claimId, l.doctorName, l.gmcNumber, l.reference, l.assessmentDate, l.feeType, l.miles, money(l.feePence), money(l.mileagePence), money(l.totalPence), l.approvedOn]),
    ['Total', '', '', '', '', '', '', '', '', money(lines.reduce((sum, l) => sum + l.totalPence, 0)), ''],
  ];
  return `${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}
