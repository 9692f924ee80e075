import { type IsoDate, type LocalTime, addDays, londonInstant } from '../../platform/london-time.js';
import { ok, refused, ruleBroken, wrongState, type Refused, type Result } from '../../platform/result.js';
import { formatDayTime, monthOf, WEEKDAYS } from './duty-calendar.js';
import { hoursOn, nextWorkingDay } from './service-hours.js';
import type { BankHolidays, ServiceHoursConfig, ServiceTeam } from './service-hours.js';

export type ShiftKind = ServiceTeam;

/** planned: on the rota; unavailable: off sick (or otherwise unable) on the day; cancelled: taken off the rota. */
export type ShiftStatus = 'planned' | 'unavailable' | 'cancelled';

export interface DutyShift {
  id: string;
  date: IsoDate;
  kind: ShiftKind;
  personId: string;
  start: Date;
  end: Date;
  status: ShiftStatus;
  /** Set on a back-up AMHP's shift: the shift of the AMHP it covers. */
  coversShiftId: string | null;
  /** The day kept clear for writing reports after this duty, when flagged. */
  reportWritingDay: IsoDate | null;
}

export interface Eligibility {
  eligible: boolean;
  /** Why not, in words a rota planner understands ("approval expired on 3 March 2025"). */
  reason?: string;
}

/**
 * Supplied by the caller: whether a person may act as an AMHP on a date (the register's rule,
 * looked up by the service before the pure rota functions run).
 */
export type MayAct = (personId: string, date: IsoDate) => Eligibility;

const KIND_LABEL: Record<ShiftKind, string> = { daytime: 'daytime', edt: 'EDT' };

function firstOpeningTime(config: ServiceHoursConfig): LocalTime {
  for (const day of WEEKDAYS) {
    const opens = config.days[day].daytime?.opens;
    if (opens) return opens;
  }
  return '09:00';
}

/**
 * The usual start and end of a shift from the service hours. Daytime: opening to closing
 * (null on a weekend or bank holiday). EDT: from when it takes MHA work (or the morning
 * handover time on a day the daytime service is closed) to the next morning's handover.
 */
export function standardShiftTimes(
  date: IsoDate,
  kind: ShiftKind,
  config: ServiceHoursConfig,
  bankHolidays: BankHolidays,
): { start: Date; end: Date } | null {
  const today = hoursOn(date, config, bankHolidays);
  if (kind === 'daytime') {
    if (!today.daytime) return null;
    return { start: londonInstant(date, today.daytime.opens), end: londonInstant(date, today.daytime.closes) };
  }
  const morning = firstOpeningTime(config);
  let start: LocalTime = morning;
  if (today.daytime) {
    const closes = today.daytime.closes;
    start = today.edtMhaWorkFrom && today.edtMhaWorkFrom > closes ? today.edtMhaWorkFrom : closes;
  }
  const tomorrow = addDays(date, 1);
  const end = hoursOn(tomorrow, config, bankHolidays).daytime?.opens ?? morning;
  return { start: londonInstant(date, start), end: londonInstant(tomorrow, end) };
}

function describeShift(shift: DutyShift): string {
  return `${KIND_LABEL[shift.kind]} shift ${formatDayTime(shift.start)} to ${formatDayTime(shift.end)}`;
}

/** Shifts the person is actually expected to work, which are the only ones that can clash. */
function isActive(shift: DutyShift): boolean {
  return shift.status === 'planned';
}

export function findOverlappingShift(
  shifts: readonly DutyShift[],
  personId: string,
  start: Date,
  end: Date,
  ignoreShiftId?: string,
): DutyShift | null {
  return (
    shifts.find(
      (s) =>
        s.personId === personId &&
        s.id !== ignoreShiftId &&
        isActive(s) &&
        s.start.getTime() < end.getTime() &&
        start.getTime() < s.end.getTime(),
    ) ?? null
  );
}

export interface ShiftDraft {
  id: string;
  date: IsoDate;
  kind: ShiftKind;
  personId: string;
  start: Date;
  end: Date;
}

/** Put an AMHP on the rota, refusing with a reason a planner can act on. */
export function planShift(
  shifts: readonly DutyShift[],
  draft: ShiftDraft,
  mayAct: MayAct,
): Result<{ shifts: DutyShift[]; shift: DutyShift }> {
  if (draft.end.getTime() <= draft.start.getTime()) {
    return ruleBroken('shift_ends_before_start', 'The shift must end after it starts', 'endsAt');
  }
  if (shifts.some((s) => s.id === draft.id)) {
    return wrongState('duplicate_shift', 'This shift is already on the rota');
  }
  const eligibility = mayAct(draft.personId, draft.date);
  if (!eligibility.eligible) {
    return ruleBroken(
      'amhp_not_eligible',
      `This person cannot be put on the rota: ${eligibility.reason ?? 'they are not a currently approved AMHP'}`,
      'personId',
    );
  }
  const clash = findOverlappingShift(shifts, draft.personId, draft.start, draft.end);
  if (clash) {
    return ruleBroken('overlapping_shift', `This AMHP is already on the ${describeShift(clash)}, which overlaps this shift`, 'personId');
  }
  const shift: DutyShift = { ...draft, status: 'planned', coversShiftId: null, reportWritingDay: null };
  return ok({ shifts: [...shifts, shift], shift });
}

const SHIFT_NOT_FOUND = refused({ kind: 'not_found', what: 'The shift' });

export function cancelShift(shifts: readonly DutyShift[], shiftId: string): Result<DutyShift[]> {
  const shift = shifts.find((s) => s.id === shiftId);
  if (!shift) return SHIFT_NOT_FOUND;
  if (shift.status === 'cancelled') return wrongState('already_cancelled', 'That shift was already cancelled');
  return ok(shifts.map((s) => (s.id === shiftId ? { ...s, status: 'cancelled' as const } : s)));
}

/**
 * Working Hours §2.6 recommends a clear diary the day after a duty to write reports; after a
 * Friday or pre-bank-holiday duty that is the next working day.
 */
export function reportWritingDayAfter(date: IsoDate, config: ServiceHoursConfig, bankHolidays: BankHolidays): IsoDate {
  return nextWorkingDay(date, config, bankHolidays) ?? addDays(date, 1);
}

export function flagReportWritingDay(
  shift: DutyShift,
  config: ServiceHoursConfig,
  bankHolidays: BankHolidays,
): DutyShift {
  return { ...shift, reportWritingDay: reportWritingDayAfter(shift.date, config, bankHolidays) };
}

export function clearReportWritingDay(shift: DutyShift): DutyShift {
  return { ...shift, reportWritingDay: null };
}

/** An AMHP's own duties from a date on, soonest first, including cover for colleagues. */
export function dutyDatesFor<S extends DutyShift>(shifts: readonly S[], personId: string, fromDate: IsoDate): S[] {
  return shifts
    .filter((s) => s.personId === personId && s.status !== 'cancelled' && s.date >= fromDate)
    .sort((a, b) => a.start.getTime() - b.start.getTime());
}

export interface FrequencyAgreement {
  personId: string;
  /** Agreed with the AMHP's employer: 1–4 duty shifts a month. */
  shiftsPerMonth: number;
}

export type FrequencyStatus = 'under' | 'met' | 'over' | 'no-agreement';

export interface FrequencyRow {
  personId: string;
  agreed: number | null;
  /** Shifts the person is rostered on in the month (including ones they were later off sick for). */
  planned: number;
  /** Shifts worked as back-up for a colleague; shown separately so cover does not hide a gap. */
  asBackup: number;
  /** planned minus agreed; negative means fewer shifts than agreed. */
  difference: number | null;
  status: FrequencyStatus;
}

/** Each AMHP's agreed frequency against what is planned for a month ('YYYY-MM'). */
export function frequencyAgainstPlan(
  agreements: readonly FrequencyAgreement[],
  shifts: readonly DutyShift[],
  month: string,
): FrequencyRow[] {
  const inMonth = shifts.filter((s) => monthOf(s.date) === month && s.status !== 'cancelled');
  const count = (personId: string, backup: boolean) =>
    inMonth.filter((s) => s.personId === personId && (s.coversShiftId !== null) === backup).length;
  const rows: FrequencyRow[] = agreements.map((a) => {
    const planned = count(a.personId, false);
    const difference = planned - a.shiftsPerMonth;
    const status: FrequencyStatus = difference < 0 ? 'under' : difference === 0 ? 'met' : 'over';
    return {
      personId: a.personId,
      agreed: a.shiftsPerMonth,
      planned,
      asBackup: count(a.personId, true),
      difference,
      status,
    };
  });
  const known = new Set(agreements.map((a) => a.personId));
  const others = [...new Set(inMonth.map((s) => s.personId))].filter((p) => !known.has(p)).sort();
  for (const personId of others) {
    rows.push({
      personId,
      agreed: null,
      planned: count(personId, false),
      asBackup: count(personId, true),
      difference: null,
      status: 'no-agreement',
    });
  }
  return rows;
}

export interface SicknessInput {
  shiftId: string;
  reportedAt: Date;
  recordedBy: string;
  /**
   * Who decided whether to use a back-up (Working Hours §4.1: the operational manager, or the
   * line manager the AMHP told); null while an AMHP's own report waits for that decision.
   */
  decidedBy: string | null;
  backup: { personId: string; shiftId: string } | null;
  note?: string;
}

/** What changed on the rota and why; stored and shown on the duty board. */
export interface RotaChange {
  kind: 'sickness';
  at: Date;
  date: IsoDate;
  shiftKind: ShiftKind;
  shiftId: string;
  absentPersonId: string;
  backupPersonId: string | null;
  backupShiftId: string | null;
  recordedBy: string;
  decidedBy: string | null;
  note: string | null;
}

export type AbsenceKind = 'sickness' | 'leave';

/** Sickness or leave over whole days (London dates, both included). */
export interface Absence {
  personId: string;
  kind: AbsenceKind;
  startsOn: IsoDate;
  endsOn: IsoDate;
}

/** The person's absence covering a date, sickness first. */
export function absenceOn(absences: readonly Absence[], personId: string, date: IsoDate): Absence | null {
  const covering = absences.filter((a) => a.personId === personId && a.startsOn <= date && date <= a.endsOn);
  return covering.find((a) => a.kind === 'sickness') ?? covering[0] ?? null;
}

/** Off sick for a shift: marked unavailable on a shift that day or overlapping it, or a sickness absence that day. */
export function offSickFor(shifts: readonly DutyShift[], absences: readonly Absence[], personId: string, shift: Pick<DutyShift, 'date' | 'start' | 'end'>): boolean {
  const unavailable = shifts.some(
    (s) => s.personId === personId && s.status === 'unavailable' && (s.date === shift.date || (s.start.getTime() < shift.end.getTime() && shift.start.getTime() < s.end.getTime())),
  );
  return unavailable || absenceOn(absences, personId, shift.date)?.kind === 'sickness';
}

/**
 * Why a person cannot be the back-up for a sick colleague's shift, or null if they can: not the
 * absent AMHP, approved on the day, not off sick, not on leave, not already on duty then.
 */
export function backupRefusal(
  shifts: readonly DutyShift[],
  absences: readonly Absence[],
  shift: DutyShift,
  backupPersonId: string,
  mayAct: MayAct,
): Refused | null {
  if (backupPersonId === shift.personId) {
    return ruleBroken('backup_is_absent_amhp', 'Choose a different AMHP as back-up: this is the AMHP who is off sick', 'backupPersonId');
  }
  const eligibility = mayAct(backupPersonId, shift.date);
  if (!eligibility.eligible) {
    return ruleBroken('backup_not_eligible', `The back-up AMHP cannot cover this shift: ${eligibility.reason ?? 'they are not a currently approved AMHP'}`, 'backupPersonId');
  }
  if (offSickFor(shifts, absences, backupPersonId, shift)) {
    return ruleBroken('backup_off_sick', 'The back-up AMHP is off sick that day: choose an AMHP who is well', 'backupPersonId');
  }
  if (absenceOn(absences, backupPersonId, shift.date)?.kind === 'leave') {
    return ruleBroken('backup_on_leave', 'The back-up AMHP is on leave that day: choose an AMHP who is working', 'backupPersonId');
  }
  const clash = findOverlappingShift(shifts, backupPersonId, shift.start, shift.end);
  if (clash) {
    return ruleBroken('backup_already_on_duty', `The back-up AMHP is already on duty then (the ${describeShift(clash)}): choose an AMHP who is free`, 'backupPersonId');
  }
  return null;
}

function backupShiftFor(shift: DutyShift, backup: { personId: string; shiftId: string }): DutyShift {
  return {
    id: backup.shiftId,
    date: shift.date,
    kind: shift.kind,
    personId: backup.personId,
    start: shift.start,
    end: shift.end,
    status: 'planned',
    coversShiftId: shift.id,
    reportWritingDay: null,
  };
}

/**
 * Mark an AMHP unavailable on a duty through sickness and, if the operational manager
 * decides so, put a back-up AMHP on the same hours.
 */
export function recordSickness(
  shifts: readonly DutyShift[],
  input: SicknessInput,
  mayAct: MayAct,
  absences: readonly Absence[] = [],
): Result<{ shifts: DutyShift[]; change: RotaChange; backupShift: DutyShift | null; warnings: string[] }> {
  const shift = shifts.find((s) => s.id === input.shiftId);
  if (!shift) return SHIFT_NOT_FOUND;
  if (shift.status === 'unavailable') {
    return wrongState('already_unavailable', 'This AMHP is already marked unavailable for that shift: change the back-up instead');
  }
  if (shift.status === 'cancelled') {
    return wrongState('shift_cancelled', 'That shift was cancelled, so there is no one to cover');
  }
  const warnings: string[] = [];
  let backupShift: DutyShift | null = null;
  if (input.backup) {
    const refusal = backupRefusal(shifts, absences, shift, input.backup.personId, mayAct);
    if (refusal) return refusal;
    if (shifts.some((s) => s.id === input.backup?.shiftId)) {
      return wrongState('duplicate_shift', 'This back-up shift is already on the rota');
    }
    backupShift = backupShiftFor(shift, input.backup);
  } else {
    warnings.push(`No back-up AMHP: the ${KIND_LABEL[shift.kind]} rota for this shift is one AMHP short`);
  }
  const updated = shifts.map((s) => (s.id === shift.id ? { ...s, status: 'unavailable' as const } : s));
  if (backupShift) updated.push(backupShift);
  const change: RotaChange = {
    kind: 'sickness',
    at: input.reportedAt,
    date: shift.date,
    shiftKind: shift.kind,
    shiftId: shift.id,
    absentPersonId: shift.personId,
    backupPersonId: backupShift?.personId ?? null,
    backupShiftId: backupShift?.id ?? null,
    recordedBy: input.recordedBy,
    decidedBy: input.decidedBy,
    note: input.note?.trim() || null,
  };
  return ok({ shifts: updated, change, backupShift, warnings });
}

export interface BackupChangeInput {
  /** Who decides the back-up now (line manager, operational manager or AMHP Lead). */
  decidedBy: string;
  backup: { personId: string; shiftId: string } | null;
  note?: string;
}

/**
 * Choose, change or remove the back-up for a shift already marked unavailable: the wrong back-up
 * recorded is corrected (their cover shift is cancelled), or the back-up is chosen after an AMHP
 * reported their own sickness.
 */
export function changeBackup(
  shifts: readonly DutyShift[],
  change: RotaChange,
  input: BackupChangeInput,
  mayAct: MayAct,
  absences: readonly Absence[] = [],
): Result<{ change: RotaChange; cancelledShiftId: string | null; backupShift: DutyShift | null; warnings: string[] }> {
  const shift = shifts.find((s) => s.id === change.shiftId);
  if (!shift) return SHIFT_NOT_FOUND;
  if (shift.status !== 'unavailable') {
    return wrongState('not_unavailable', 'This AMHP is not marked unavailable for that shift: record the sickness first');
  }
  if (input.backup && input.backup.personId === change.backupPersonId) {
    return ruleBroken('same_backup', 'That AMHP is already the back-up for this shift', 'backupPersonId');
  }
  if (!input.backup && change.backupPersonId === null && change.decidedBy !== null) {
    return ruleBroken('no_backup_already', 'No back-up is recorded for this shift: choose one, or leave it as it is', 'backupPersonId');
  }
  // The current back-up's cover shift is about to go: it does not count against the new one.
  const others = shifts.filter((s) => s.id !== change.backupShiftId);
  let backupShift: DutyShift | null = null;
  const warnings: string[] = [];
  if (input.backup) {
    const refusal = backupRefusal(others, absences, shift, input.backup.personId, mayAct);
    if (refusal) return refusal;
    backupShift = backupShiftFor(shift, input.backup);
  } else {
    warnings.push(`No back-up AMHP: the ${KIND_LABEL[shift.kind]} rota for this shift is one AMHP short`);
  }
  return ok({
    change: { ...change, backupPersonId: backupShift?.personId ?? null, backupShiftId: backupShift?.id ?? null, decidedBy: input.decidedBy, note: input.note?.trim() || change.note },
    cancelledShiftId: change.backupShiftId,
    backupShift,
    warnings,
  });
}

/** Shifts that put someone on duty at an instant (for the board: who is on now). */
export function onDutyAt(shifts: readonly DutyShift[], instant: Date): DutyShift[] {
  const t = instant.getTime();
  return shifts.filter((s) => isActive(s) && s.start.getTime() <= t && t < s.end.getTime());
}
