import { describe, expect, it } from 'vitest';
import {
  amendSheet,
  addMissingEntries,
  buildSheetEntries,
  decideAllocation,
  draftSheet,
  entriesBySection,
  finaliseSheet,
  recordAttendance,
  recordChallenges,
  sheetWindows,
  undecidedEntries,
} from './allocation-sheet.js';
import type { AllocationSheet, SheetChange, SheetReferral } from './allocation-sheet.js';
import type { Refusal, Result } from '../../platform/result.js';
import { DEFAULT_SERVICE_HOURS } from './service-hours.js';

const config = DEFAULT_SERVICE_HOURS;
const bankHolidays = new Set(['2025-04-18', '2025-04-21', '2025-05-05']);

function referral(id: string, receivedAt: string, traits: Partial<SheetReferral> = {}): SheetReferral {
  return {
    referralId: id,
    receivedAt: new Date(receivedAt),
    closedAt: null,
    outcome: null,
    reviewerId: null,
    allocatedAmhpId: null,
    handedOverByEdt: false,
    ...traits,
  };
}

function ok(result: Result<SheetChange>): AllocationSheet {
  if (!result.ok) throw new Error(`Refused: ${JSON.stringify(result.refusal)}`);
  return result.value.sheet;
}

function warningsOf(result: Result<SheetChange>): string[] {
  if (!result.ok) throw new Error(`Refused: ${JSON.stringify(result.refusal)}`);
  return result.value.warnings;
}

function refusalOf(result: Result<unknown>): Refusal {
  if (result.ok) throw new Error('Expected a refusal');
  return result.refusal;
}

/** The stable code of a rule or state refusal, else its kind. */
function codeOf(result: Result<unknown>): string {
  const refusal = refusalOf(result);
  return 'code' in refusal ? refusal.code : refusal.kind;
}

describe('the previous working day', () => {
  it('for a Monday is the Friday, whose service closed at 16:30', () => {
    const w = sheetWindows('2025-03-31', config, bankHolidays);
    expect(w.previousWorkingDay).toBe('2025-03-28');
    expect(w.newFrom.toISOString()).toBe('2025-03-28T16:30:00.000Z');
    expect(w.previousDayFrom.toISOString()).toBe('2025-03-27T17:00:00.000Z');
  });

  it('after Easter is the Thursday before Good Friday', () => {
    const w = sheetWindows('2025-04-22', config, bankHolidays);
    expect(w.previousWorkingDay).toBe('2025-04-17');
    expect(w.newFrom.toISOString()).toBe('2025-04-17T16:00:00.000Z'); // 17:00 BST
  });

  it('crosses a month boundary', () => {
    expect(sheetWindows('2025-06-02', config, bankHolidays).previousWorkingDay).toBe('2025-05-30');
  });
});

describe('sorting referrals into the sections of the sheet', () => {
  // Sheet for Tuesday 22 April 2025, after the Easter weekend.
  const referrals = [
    referral('weekend-edt', '2025-04-19T14:00:00Z', { handedOverByEdt: true }),
    referral('thu-evening', '2025-04-17T16:00:00Z'),
    referral('thu-afternoon', '2025-04-17T15:59:00Z', {
      closedAt: new Date('2025-04-17T18:00:00Z'),
      outcome: 'Detained s2',
    }),
    referral('wed-evening', '2025-04-16T16:00:00Z'),
    referral('older-open', '2025-04-14T10:00:00Z'),
    referral('older-closed-thu', '2025-04-10T10:00:00Z', {
      closedAt: new Date('2025-04-17T11:00:00Z'),
      outcome: 'Informal admission',
    }),
    referral('older-closed-long-ago', '2025-04-10T10:00:00Z', { closedAt: new Date('2025-04-15T11:00:00Z') }),
    referral('this-morning', '2025-04-22T07:30:00Z'),
    // Closed on Thursday without an outcome (e.g. withdrawn with nothing to review): not an outcome.
    referral('closed-thu-no-outcome', '2025-04-16T09:00:00Z', { closedAt: new Date('2025-04-17T10:00:00Z') }),
    // From last year, closed with an outcome this morning: not the previous working day's.
    referral('last-year-closed-today', '2024-12-30T10:00:00Z', { closedAt: new Date('2025-04-22T07:00:00Z'), outcome: 'No further action' }),
    // Outcome recorded on Thursday, referral not yet closed.
    referral('outcome-thu-open', '2025-04-15T09:00:00Z', { outcomeAt: new Date('2025-04-17T13:00:00Z'), outcome: 'Detained s3', open: false }),
    // Outcome recorded last week: settled before the previous working day.
    referral('outcome-last-week', '2025-04-09T09:00:00Z', { outcomeAt: new Date('2025-04-11T13:00:00Z'), outcome: 'Detained s2', open: false }),
  ];
  const sections = entriesBySection(draftSheet('2025-04-22', referrals, config, bankHolidays));
  const ids = (s: keyof typeof sections) => sections[s].map((e) => e.referralId);

  it('new: everything since Thursday closed, including the weekend EDT handover, oldest first', () => {
    expect(ids('new')).toEqual(['thu-evening', 'weekend-edt', 'this-morning']);
    expect(sections.new.find((e) => e.referralId === 'weekend-edt')?.handedOverByEdt).toBe(true);
  });

  it('previous day: only referrals whose outcome was recorded on the previous working day (Thursday before Easter)', () => {
    expect(ids('previous-day')).toEqual(['older-closed-thu', 'outcome-thu-open', 'thu-afternoon']);
    expect(sections['previous-day'].find((e) => e.referralId === 'thu-afternoon')?.outcome).toBe('Detained s2');
  });

  it('pending: received before today and still open, whatever day it came; long-closed ones are left off', () => {
    expect(ids('pending')).toEqual(['older-open', 'wed-evening']);
    const all = [...ids('new'), ...ids('previous-day'), ...ids('pending')];
    for (const left of ['older-closed-long-ago', 'closed-thu-no-outcome', 'last-year-closed-today', 'outcome-last-week']) expect(all).not.toContain(left);
  });

  it('carries over an allocation already made in the referral', () => {
    const [entry] = buildSheetEntries(
      '2025-04-22',
      [referral('r', '2025-04-22T07:00:00Z', { allocatedAmhpId: 'aisha' })],
      config,
      bankHolidays,
    );
    expect(entry?.decision).toEqual({ kind: 'allocated', amhpId: 'aisha', overrideReason: null });
  });
});

describe('allocating at the morning meeting', () => {
  const sheet = draftSheet(
    '2025-03-24',
    [referral('r1', '2025-03-24T08:00:00Z', { reviewerId: 'lead-kofi' }), referral('r2', '2025-03-24T08:10:00Z')],
    config,
    bankHolidays,
  );

  it('allocates an AMHP and moves the version on', () => {
    const next = ok(
      decideAllocation(sheet, {
        referralId: 'r1',
        decision: { kind: 'allocated', amhpId: 'aisha', overrideReason: null },
      }),
    );
    expect(next.entries[0]?.decision).toEqual({ kind: 'allocated', amhpId: 'aisha', overrideReason: null });
    expect(next.version).toBe(sheet.version + 1);
  });

  it('refuses allocating the reviewer to assess the referral they reviewed', () => {
    const refused = decideAllocation(sheet, {
      referralId: 'r1',
      decision: { kind: 'allocated', amhpId: 'lead-kofi', overrideReason: '   ' },
    });
    expect(refusalOf(refused)).toMatchObject({ kind: 'rule', code: 'reviewer_cannot_assess', message: expect.stringMatching(/should not also assess it/) });
  });

  it('allows the reviewer to assess when overridden with a reason, and keeps the reason', () => {
    const next = ok(
      decideAllocation(sheet, {
        referralId: 'r1',
        decision: { kind: 'allocated', amhpId: 'lead-kofi', overrideReason: 'Only AMHP on duty who speaks Polish' },
      }),
    );
    expect(next.entries[0]?.decision).toMatchObject({ overrideReason: 'Only AMHP on duty who speaks Polish' });
  });

  it('drops an override reason that was not needed', () => {
    const next = ok(
      decideAllocation(sheet, {
        referralId: 'r1',
        decision: { kind: 'allocated', amhpId: 'aisha', overrideReason: 'x' },
      }),
    );
    expect(next.entries[0]?.decision).toMatchObject({ overrideReason: null });
  });

  it('needs a reason for not allocating', () => {
    expect(refusalOf(decideAllocation(sheet, { referralId: 'r2', decision: { kind: 'not-allocated', reason: ' ' } }))).toEqual({
      kind: 'invalid',
      fieldErrors: [{ field: 'notAllocatedReason', message: 'Give a reason for not allocating an AMHP' }],
    });
  });

  it('warns when the AMHP is not on the rota today', () => {
    const result = decideAllocation(sheet, {
      referralId: 'r2',
      decision: { kind: 'allocated', amhpId: 'noor', overrideReason: null },
      onDutyAmhpIds: new Set(['aisha']),
    });
    expect(warningsOf(result)).toEqual(['This AMHP is not on the duty rota today']);
  });

  it('the second of two people allocating from the same version is told the sheet changed', () => {
    const first = ok(
      decideAllocation(sheet, {
        referralId: 'r2',
        decision: { kind: 'allocated', amhpId: 'aisha', overrideReason: null },
        expectedVersion: 1,
      }),
    );
    const second = decideAllocation(first, {
      referralId: 'r2',
      decision: { kind: 'allocated', amhpId: 'noor', overrideReason: null },
      expectedVersion: 1,
    });
    expect(refusalOf(second)).toMatchObject({ kind: 'conflict', currentVersion: 2 });
  });

  it('refuses a referral that is not on the sheet', () => {
    expect(codeOf(decideAllocation(sheet, { referralId: 'nope', decision: { kind: 'not-allocated', reason: 'x' } }))).toBe('referral_not_on_sheet');
  });

  it('records attendance once per person and the challenges raised', () => {
    const next = ok(
      recordAttendance(sheet, [
        { personId: 'lead-kofi', role: 'amhp-lead' },
        { personId: 'aisha', role: 'amhp' },
        { personId: 'aisha', role: 'amhp' },
        { personId: 'sam', role: 'admin' },
      ]),
    );
    expect(next.attendees).toHaveLength(3);
    expect(ok(recordChallenges(next, ' Bed shortage in the north ')).challenges).toBe('Bed shortage in the north');
  });
});

describe('finalising and amending', () => {
  let sheet: AllocationSheet = draftSheet(
    '2025-03-24',
    [referral('r1', '2025-03-24T08:00:00Z', { reviewerId: 'lead-kofi' }), referral('r2', '2025-03-24T08:10:00Z')],
    config,
    bankHolidays,
  );
  sheet = ok(recordAttendance(sheet, [{ personId: 'lead-kofi', role: 'amhp-lead' }]));
  sheet = ok(
    decideAllocation(sheet, {
      referralId: 'r1',
      decision: { kind: 'allocated', amhpId: 'aisha', overrideReason: null },
    }),
  );

  it('finalises with a warning about referrals still without a decision', () => {
    expect(undecidedEntries(sheet).map((e) => e.referralId)).toEqual(['r2']);
    const result = finaliseSheet(sheet, 'lead-kofi', new Date('2025-03-24T09:40:00Z'));
    expect(ok(result)).toMatchObject({ status: 'finalised', finalisedBy: 'lead-kofi' });
    expect(warningsOf(result)).toEqual(['1 referral has no allocation decision']);
  });

  it('warns when nobody is recorded as attending', () => {
    const empty = draftSheet('2025-03-24', [], config, bankHolidays);
    const result = finaliseSheet(empty, 'lead-kofi', new Date('2025-03-24T09:40:00Z'));
    expect(warningsOf(result)).toEqual(['No one is recorded as attending the handover meeting']);
  });

  const finalised = ok(finaliseSheet(sheet, 'lead-kofi', new Date('2025-03-24T09:40:00Z')));

  it('is read-only once finalised', () => {
    expect(codeOf(decideAllocation(finalised, { referralId: 'r2', decision: { kind: 'not-allocated', reason: 'x' } }))).toBe('sheet_finalised');
    expect(codeOf(recordAttendance(finalised, []))).toBe('sheet_finalised');
    expect(codeOf(addMissingEntries(finalised, []))).toBe('sheet_finalised');
    expect(codeOf(finaliseSheet(finalised, 'lead-kofi', new Date()))).toBe('already_finalised');
  });

  it('records a later change as an amendment with who, when, what and why', () => {
    const at = new Date('2025-03-24T13:15:00Z');
    const amended = ok(
      amendSheet(finalised, {
        by: 'lead-kofi',
        at,
        reason: 'Aisha called away to an urgent assessment',
        change: {
          kind: 'decision',
          referralId: 'r1',
          decision: { kind: 'allocated', amhpId: 'noor', overrideReason: null },
        },
      }),
    );
    expect(amended.status).toBe('finalised');
    expect(amended.entries[0]?.decision).toMatchObject({ amhpId: 'noor' });
    expect(amended.amendments).toEqual([
      {
        at,
        by: 'lead-kofi',
        reason: 'Aisha called away to an urgent assessment',
        referralId: 'r1',
        what: 'Allocation changed from allocated to aisha to allocated to noor',
      },
    ]);
  });

  it('applies the reviewer rule to amendments too', () => {
    expect(
      codeOf(
        amendSheet(finalised, {
          by: 'lead-kofi',
          at: new Date(),
          reason: 'cover',
          change: {
            kind: 'decision',
            referralId: 'r1',
            decision: { kind: 'allocated', amhpId: 'lead-kofi', overrideReason: null },
          },
        }),
      ),
    ).toBe('reviewer_cannot_assess');
  });

  it('needs a reason, and only amends finalised sheets', () => {
    const change = { kind: 'outcome' as const, referralId: 'r1', outcome: 'Detained s2' };
    expect(refusalOf(amendSheet(finalised, { by: 'x', at: new Date(), reason: '', change }))).toMatchObject({
      kind: 'invalid',
      fieldErrors: [{ field: 'reason', message: 'Give a reason for amending a finalised sheet' }],
    });
    expect(codeOf(amendSheet(sheet, { by: 'x', at: new Date(), reason: 'why', change }))).toBe('sheet_not_finalised');
  });

  it('adds a late referral and a late attendee as amendments, refusing duplicates', () => {
    const [late] = buildSheetEntries('2025-03-24', [referral('r3', '2025-03-24T12:00:00Z')], config, bankHolidays);
    if (!late) throw new Error('no entry');
    const withLate = ok(
      amendSheet(finalised, {
        by: 'sam',
        at: new Date(),
        reason: 'Arrived after meeting',
        change: { kind: 'add-referral', entry: late },
      }),
    );
    expect(withLate.entries.map((e) => e.referralId)).toEqual(['r1', 'r2', 'r3']);
    expect(withLate.amendments[0]?.what).toBe('Referral added to new referrals');
    expect(
      codeOf(
        amendSheet(withLate, {
          by: 'sam',
          at: new Date(),
          reason: 'again',
          change: { kind: 'add-referral', entry: late },
        }),
      ),
    ).toBe('referral_already_on_sheet');
    const withAttendee = ok(
      amendSheet(finalised, {
        by: 'sam',
        at: new Date(),
        reason: 'Joined late',
        change: { kind: 'attendee', attendee: { personId: 'jo', role: 'candidate' } },
      }),
    );
    expect(withAttendee.attendees.map((a) => a.personId)).toEqual(['lead-kofi', 'jo']);
  });
});

describe('keeping a draft up to date', () => {
  it('adds referrals that arrived since the draft was made and keeps decisions', () => {
    let sheet = draftSheet('2025-03-24', [referral('r1', '2025-03-24T08:00:00Z')], config, bankHolidays);
    sheet = ok(
      decideAllocation(sheet, {
        referralId: 'r1',
        decision: { kind: 'allocated', amhpId: 'aisha', overrideReason: null },
      }),
    );
    const fresh = buildSheetEntries(
      '2025-03-24',
      [referral('r1', '2025-03-24T08:00:00Z'), referral('r2', '2025-03-24T08:30:00Z')],
      config,
      bankHolidays,
    );
    const updated = ok(addMissingEntries(sheet, fresh));
    expect(updated.entries.map((e) => [e.referralId, e.decision?.kind ?? null])).toEqual([
      ['r1', 'allocated'],
      ['r2', null],
    ]);
    expect(ok(addMissingEntries(updated, fresh)).version).toBe(updated.version);
  });

  it('moves a draft made under the old rules to the right sections: an open referral to pending, a non-outcome off the outcomes', () => {
    // A draft as the old rules made it (issue 12): an open referral and one closed today, both listed as outcomes.
    const stale = draftSheet('2025-03-25', [], config, bankHolidays);
    const oldEntry = (id: string, receivedAt: string) => ({ referralId: id, section: 'previous-day' as const, receivedAt: new Date(receivedAt), handedOverByEdt: false, reviewerId: null, outcome: null, plan: null, decision: null });
    const withOld = { ...stale, entries: [oldEntry('open-monday', '2025-03-24T10:00:00Z'), oldEntry('closed-today', '2024-11-02T10:00:00Z')] };
    const now = buildSheetEntries('2025-03-25', [referral('open-monday', '2025-03-24T10:00:00Z'), referral('closed-today', '2024-11-02T10:00:00Z', { closedAt: new Date('2025-03-25T07:00:00Z'), outcome: 'No further action' })], config, bankHolidays);
    const refreshed = ok(addMissingEntries(withOld, now));
    expect(refreshed.entries.map((e) => [e.referralId, e.section])).toEqual([['open-monday', 'pending']]);
    expect(refreshed.version).toBe(withOld.version + 1);
  });
});
