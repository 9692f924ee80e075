import { describe, expect, it } from 'vitest';
import {
  absenceOn,
  backupRefusal,
  cancelShift,
  changeBackup,
  dutyDatesFor,
  flagReportWritingDay,
  frequencyAgainstPlan,
  offSickFor,
  onDutyAt,
  planShift,
  recordSickness,
  reportWritingDayAfter,
  standardShiftTimes,
} from './rota.js';
import type { DutyShift, MayAct, ShiftDraft, ShiftKind } from './rota.js';
import { DEFAULT_SERVICE_HOURS } from './service-hours.js';
import type { Refusal, Result } from '../../platform/result.js';

const config = DEFAULT_SERVICE_HOURS;
const bankHolidays = new Set(['2025-04-18', '2025-04-21', '2025-05-05', '2025-12-25', '2025-12-26']);

// Invented AMHPs. Priya's approval ended on 31 March 2025.
const everyoneApproved: MayAct = () => ({ eligible: true });
const approvalUntil: Record<string, string> = { priya: '2025-03-31', tomasz: '2026-06-30', aisha: '2027-01-10' };
const mayAct: MayAct = (personId, date) => {
  const until = approvalUntil[personId];
  if (!until) return { eligible: false, reason: 'no AMHP approval is recorded' };
  return date <= until ? { eligible: true } : { eligible: false, reason: `approval expired on ${until}` };
};

function draft(id: string, personId: string, date: string, kind: ShiftKind = 'daytime'): ShiftDraft {
  const times = standardShiftTimes(date, kind, config, bankHolidays);
  if (!times) throw new Error(`no ${kind} shift on ${date}`);
  return { id, personId, date, kind, ...times };
}

function valueOf<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`Refused: ${JSON.stringify(result.refusal)}`);
  return result.value;
}

function refusalOf(result: Result<unknown>): Refusal {
  if (result.ok) throw new Error('Expected a refusal');
  return result.refusal;
}

function rotaOf(...drafts: ShiftDraft[]): DutyShift[] {
  let shifts: DutyShift[] = [];
  for (const d of drafts) {
    shifts = valueOf(planShift(shifts, d, everyoneApproved)).shifts;
  }
  return shifts;
}

describe('standard shift times', () => {
  it('a daytime shift runs from opening to closing, 16:30 on a Friday', () => {
    const friday = standardShiftTimes('2025-03-28', 'daytime', config, bankHolidays);
    expect(friday?.start.toISOString()).toBe('2025-03-28T09:00:00.000Z');
    expect(friday?.end.toISOString()).toBe('2025-03-28T16:30:00.000Z');
  });

  it('there is no daytime shift on a weekend or bank holiday', () => {
    expect(standardShiftTimes('2025-03-29', 'daytime', config, bankHolidays)).toBeNull();
    expect(standardShiftTimes('2025-04-18', 'daytime', config, bankHolidays)).toBeNull();
  });

  it('a Friday EDT shift starts when EDT takes MHA work (17:00) and ends at the Saturday morning handover', () => {
    const edt = standardShiftTimes('2025-03-28', 'edt', config, bankHolidays);
    expect(edt?.start.toISOString()).toBe('2025-03-28T17:00:00.000Z');
    expect(edt?.end.toISOString()).toBe('2025-03-29T09:00:00.000Z');
  });

  it('an EDT shift across the spring clock change is an hour shorter', () => {
    const edt = standardShiftTimes('2025-03-29', 'edt', config, bankHolidays);
    expect(edt?.start.toISOString()).toBe('2025-03-29T09:00:00.000Z');
    expect(edt?.end.toISOString()).toBe('2025-03-30T08:00:00.000Z');
  });

  it('a daytime shift after the spring change starts at 09:00 BST', () => {
    expect(standardShiftTimes('2025-03-31', 'daytime', config, bankHolidays)?.start.toISOString()).toBe(
      '2025-03-31T08:00:00.000Z',
    );
  });
});

describe('planning shifts', () => {
  it('puts an approved AMHP on the rota', () => {
    const result = planShift([], draft('s1', 'tomasz', '2025-03-24'), mayAct);
    expect(valueOf(result).shift).toMatchObject({ status: 'planned', coversShiftId: null, reportWritingDay: null });
  });

  it('refuses an AMHP whose approval is not current on the duty date, with the reason', () => {
    expect(planShift([], draft('s1', 'priya', '2025-03-31'), mayAct).ok).toBe(true);
    const refused = planShift([], draft('s1', 'priya', '2025-04-01'), mayAct);
    expect(refusalOf(refused)).toMatchObject({
      kind: 'rule',
      code: 'amhp_not_eligible',
      message: 'This person cannot be put on the rota: approval expired on 2025-03-31',
      failures: [{ rule: 'amhp_not_eligible', severity: 'E', field: 'personId' }],
    });
  });

  it('refuses someone with no approval at all', () => {
    expect(refusalOf(planShift([], draft('s1', 'unknown', '2025-03-24'), mayAct))).toMatchObject({
      message: 'This person cannot be put on the rota: no AMHP approval is recorded',
    });
  });

  it('refuses rostering an AMHP twice on overlapping shifts and says which shift clashes', () => {
    const shifts = rotaOf(draft('s1', 'tomasz', '2025-03-24'));
    const again = planShift(shifts, draft('s2', 'tomasz', '2025-03-24'), mayAct);
    expect(refusalOf(again)).toMatchObject({
      kind: 'rule',
      code: 'overlapping_shift',
      message: 'This AMHP is already on the daytime shift Mon 24 Mar 09:00 to Mon 24 Mar 17:00, which overlaps this shift',
    });
  });

  it('allows an EDT shift that starts exactly when the same AMHP’s daytime shift ends', () => {
    const shifts = rotaOf(draft('s1', 'tomasz', '2025-03-24'));
    expect(planShift(shifts, draft('s2', 'tomasz', '2025-03-24', 'edt'), mayAct).ok).toBe(true);
  });

  it('refuses an overlap of a single minute', () => {
    const shifts = rotaOf(draft('s1', 'tomasz', '2025-03-24'));
    const late = { ...draft('s2', 'tomasz', '2025-03-24', 'edt'), start: new Date('2025-03-24T16:59:00Z') };
    expect(refusalOf(planShift(shifts, late, mayAct))).toMatchObject({ code: 'overlapping_shift' });
  });

  it('lets two different AMHPs share a shift', () => {
    const shifts = rotaOf(draft('s1', 'tomasz', '2025-03-24'));
    expect(planShift(shifts, draft('s2', 'aisha', '2025-03-24'), mayAct).ok).toBe(true);
  });

  it('refuses a shift that ends before it starts', () => {
    const backwards = { ...draft('s1', 'tomasz', '2025-03-24'), end: new Date('2025-03-24T08:00:00Z') };
    expect(refusalOf(planShift([], backwards, mayAct))).toMatchObject({ code: 'shift_ends_before_start' });
  });

  it('a cancelled shift no longer blocks rostering the same AMHP', () => {
    const shifts = rotaOf(draft('s1', 'tomasz', '2025-03-24'));
    const cancelled = valueOf(cancelShift(shifts, 's1'));
    expect(planShift(cancelled, draft('s2', 'tomasz', '2025-03-24'), mayAct).ok).toBe(true);
    expect(refusalOf(cancelShift(cancelled, 's1'))).toMatchObject({ kind: 'state', code: 'already_cancelled' });
    expect(refusalOf(cancelShift(cancelled, 'nope'))).toEqual({ kind: 'not_found', what: 'The shift' });
  });
});

describe('agreed frequency against the plan', () => {
  const shifts = rotaOf(
    draft('a', 'tomasz', '2025-03-03'),
    draft('b', 'tomasz', '2025-03-31'),
    draft('c', 'tomasz', '2025-04-01'),
    draft('d', 'aisha', '2025-03-10'),
    draft('e', 'aisha', '2025-03-17'),
    draft('f', 'aisha', '2025-03-24'),
    draft('g', 'noor', '2025-03-12'),
  );

  it('counts shifts in the month only, at both month boundaries', () => {
    const rows = frequencyAgainstPlan(
      [
        { personId: 'tomasz', shiftsPerMonth: 2 },
        { personId: 'aisha', shiftsPerMonth: 4 },
        { personId: 'priya', shiftsPerMonth: 1 },
      ],
      shifts,
      '2025-03',
    );
    expect(rows).toEqual([
      { personId: 'tomasz', agreed: 2, planned: 2, asBackup: 0, difference: 0, status: 'met' },
      { personId: 'aisha', agreed: 4, planned: 3, asBackup: 0, difference: -1, status: 'under' },
      { personId: 'priya', agreed: 1, planned: 0, asBackup: 0, difference: -1, status: 'under' },
      { personId: 'noor', agreed: null, planned: 1, asBackup: 0, difference: null, status: 'no-agreement' },
    ]);
  });

  it('shows more shifts than agreed as over, and back-up cover separately', () => {
    const sick = valueOf(recordSickness(
      shifts,
      {
        shiftId: 'd',
        reportedAt: new Date('2025-03-10T07:30:00Z'),
        recordedBy: 'admin1',
        decidedBy: 'opsmgr',
        backup: { personId: 'tomasz', shiftId: 'cover-d' },
      },
      everyoneApproved,
    ));
    const rows = frequencyAgainstPlan([{ personId: 'tomasz', shiftsPerMonth: 1 }], sick.shifts, '2025-03');
    expect(rows[0]).toMatchObject({ planned: 2, asBackup: 1, difference: 1, status: 'over' });
  });
});

describe('report-writing day', () => {
  it('is the next day after a midweek duty', () => {
    expect(reportWritingDayAfter('2025-03-25', config, bankHolidays)).toBe('2025-03-26');
  });

  it('is the Monday after a Friday duty, and the Tuesday after Easter', () => {
    expect(reportWritingDayAfter('2025-03-28', config, bankHolidays)).toBe('2025-03-31');
    expect(reportWritingDayAfter('2025-04-17', config, bankHolidays)).toBe('2025-04-22');
  });

  it('crosses the month end', () => {
    expect(reportWritingDayAfter('2025-04-30', config, bankHolidays)).toBe('2025-05-01');
  });

  it('is set on the shift when flagged', () => {
    const [shift] = rotaOf(draft('s1', 'tomasz', '2025-03-28'));
    if (!shift) throw new Error('no shift');
    expect(flagReportWritingDay(shift, config, bankHolidays).reportWritingDay).toBe('2025-03-31');
  });
});

describe('an AMHP’s own duty dates', () => {
  it('lists upcoming duties soonest first, including cover, but not cancelled ones', () => {
    const shifts = rotaOf(
      draft('late', 'aisha', '2025-04-14'),
      draft('past', 'aisha', '2025-03-03'),
      draft('soon', 'aisha', '2025-03-26'),
      draft('gone', 'aisha', '2025-03-27'),
    );
    const cancelled = valueOf(cancelShift(shifts, 'gone'));
    expect(dutyDatesFor(cancelled, 'aisha', '2025-03-20').map((s) => s.id)).toEqual(['soon', 'late']);
  });
});

describe('sickness on a duty day', () => {
  const shifts = rotaOf(draft('t', 'tomasz', '2025-03-24'), draft('n', 'noor', '2025-03-24', 'edt'));
  const base = {
    shiftId: 't',
    reportedAt: new Date('2025-03-24T07:45:00Z'),
    recordedBy: 'admin1',
    decidedBy: 'opsmgr',
  };

  it('marks the AMHP unavailable, puts the back-up on the same hours and records the change', () => {
    const result = valueOf(recordSickness(shifts, { ...base, backup: { personId: 'aisha', shiftId: 'cover' } }, mayAct));
    expect(result.shifts.find((s) => s.id === 't')?.status).toBe('unavailable');
    expect(result.backupShift).toMatchObject({
      personId: 'aisha',
      coversShiftId: 't',
      start: new Date('2025-03-24T09:00:00Z'),
      end: new Date('2025-03-24T17:00:00Z'),
    });
    expect(result.change).toEqual({
      kind: 'sickness',
      at: base.reportedAt,
      date: '2025-03-24',
      shiftKind: 'daytime',
      shiftId: 't',
      absentPersonId: 'tomasz',
      backupPersonId: 'aisha',
      backupShiftId: 'cover',
      recordedBy: 'admin1',
      decidedBy: 'opsmgr',
      note: null,
    });
    expect(result.warnings).toEqual([]);
  });

  it('records the manager’s decision not to use the back-up, with a warning that the day is short', () => {
    const result = valueOf(recordSickness(shifts, { ...base, backup: null, note: '  quiet day  ' }, mayAct));
    expect(result.change).toMatchObject({ backupPersonId: null, note: 'quiet day' });
    expect(result.warnings[0]).toMatch(/one AMHP short/);
  });

  it('refuses the sick AMHP as their own back-up', () => {
    expect(refusalOf(recordSickness(shifts, { ...base, backup: { personId: 'tomasz', shiftId: 'x' } }, mayAct))).toMatchObject({
      code: 'backup_is_absent_amhp',
    });
  });

  it('refuses a back-up whose approval is not current, with the reason', () => {
    const april = rotaOf(draft('t', 'tomasz', '2025-04-02'));
    const result = recordSickness(april, { ...base, backup: { personId: 'priya', shiftId: 'x' } }, mayAct);
    expect(refusalOf(result)).toMatchObject({
      code: 'backup_not_eligible',
      message: 'The back-up AMHP cannot cover this shift: approval expired on 2025-03-31',
    });
  });

  it('refuses a back-up already on an overlapping shift', () => {
    const busy = rotaOf(draft('t', 'tomasz', '2025-03-24'), draft('a', 'aisha', '2025-03-24'));
    expect(refusalOf(recordSickness(busy, { ...base, backup: { personId: 'aisha', shiftId: 'x' } }, mayAct))).toMatchObject({
      code: 'backup_already_on_duty',
    });
  });

  it('refuses recording sickness twice for the same shift', () => {
    const once = valueOf(recordSickness(shifts, { ...base, backup: null }, mayAct));
    expect(refusalOf(recordSickness(once.shifts, { ...base, backup: null }, mayAct))).toMatchObject({
      kind: 'state',
      code: 'already_unavailable',
    });
  });

  it('takes the sick AMHP off the list of who is on duty and shows the back-up instead', () => {
    const result = valueOf(recordSickness(shifts, { ...base, backup: { personId: 'aisha', shiftId: 'cover' } }, mayAct));
    expect(onDutyAt(result.shifts, new Date('2025-03-24T12:00:00Z')).map((s) => s.personId)).toEqual(['aisha']);
    expect(onDutyAt(result.shifts, new Date('2025-03-24T17:00:00Z')).map((s) => s.personId)).toEqual(['noor']);
  });
});

describe('back-up cover: who can cover a sick colleague (issue 12)', () => {
  // Monday 24 March 2025: Tomasz on the daytime duty, off sick. Aisha is free; Priya-less world:
  // everyone approved. Noor is off sick on her EDT shift that evening; Omar is on leave.
  const monday = '2025-03-24';
  const planned = rotaOf(draft('t', 'tomasz', monday), draft('n', 'noor', monday, 'edt'), draft('b', 'bea', monday));
  const shifts = planned.map((s) => (s.id === 'n' ? { ...s, status: 'unavailable' as const } : s));
  const absences = [{ personId: 'omar', kind: 'leave' as const, startsOn: '2025-03-22', endsOn: '2025-03-30' }];
  const sick = { shiftId: 't', reportedAt: new Date('2025-03-24T07:45:00Z'), recordedBy: 'opsmgr', decidedBy: 'opsmgr' };

  it('refuses a back-up off sick that day, on leave, or already on duty, each with its reason', () => {
    const tomasz = shifts.find((s) => s.id === 't') as DutyShift;
    const reasons = Object.fromEntries(['noor', 'omar', 'bea', 'tomasz', 'aisha'].map((p) => [p, backupRefusal(shifts, absences, tomasz, p, everyoneApproved)?.refusal]));
    expect(reasons.noor).toMatchObject({ code: 'backup_off_sick' });
    expect(reasons.omar).toMatchObject({ code: 'backup_on_leave' });
    expect(reasons.bea).toMatchObject({ code: 'backup_already_on_duty' });
    expect(reasons.tomasz).toMatchObject({ code: 'backup_is_absent_amhp' });
    expect(reasons.aisha).toBeUndefined();
    expect(refusalOf(recordSickness(shifts, { ...sick, backup: { personId: 'noor', shiftId: 'x' } }, everyoneApproved, absences))).toMatchObject({ code: 'backup_off_sick' });
  });

  it('corrects a wrongly recorded back-up: the old cover shift goes, the new one covers, the change is updated', () => {
    const recorded = valueOf(recordSickness(shifts, { ...sick, backup: { personId: 'aisha', shiftId: 'cover1' } }, everyoneApproved, absences));
    expect(refusalOf(recordSickness(recorded.shifts, { ...sick, backup: null }, everyoneApproved))).toMatchObject({ code: 'already_unavailable' });
    const changed = valueOf(changeBackup(recorded.shifts, recorded.change, { decidedBy: 'linemgr', backup: { personId: 'zara', shiftId: 'cover2' } }, everyoneApproved, absences));
    expect(changed.cancelledShiftId).toBe('cover1');
    expect(changed.backupShift).toMatchObject({ personId: 'zara', coversShiftId: 't', status: 'planned' });
    expect(changed.change).toMatchObject({ backupPersonId: 'zara', backupShiftId: 'cover2', decidedBy: 'linemgr' });
    expect(refusalOf(changeBackup(recorded.shifts, recorded.change, { decidedBy: 'linemgr', backup: { personId: 'omar', shiftId: 'c3' } }, everyoneApproved, absences))).toMatchObject({ code: 'backup_on_leave' });
    expect(refusalOf(changeBackup(recorded.shifts, recorded.change, { decidedBy: 'linemgr', backup: { personId: 'aisha', shiftId: 'c4' } }, everyoneApproved, absences))).toMatchObject({ code: 'same_backup' });
  });

  it('knows who is off sick for a shift: an unavailable shift that day, or a sickness absence', () => {
    const tomasz = shifts.find((s) => s.id === 't') as DutyShift;
    expect(offSickFor(shifts, [], 'noor', tomasz)).toBe(true);
    expect(offSickFor(shifts, [{ personId: 'aisha', kind: 'sickness', startsOn: monday, endsOn: monday }], 'aisha', tomasz)).toBe(true);
    expect(offSickFor(shifts, absences, 'omar', tomasz)).toBe(false);
    expect(absenceOn(absences, 'omar', monday)?.kind).toBe('leave');
  });
});
