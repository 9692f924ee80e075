import { describe, it, expect } from 'vitest';
import {
  acknowledgementSchema,
  additionalHoursApiSchema,
  additionalHoursFormSchema,
  checkInSchema,
  claimDecisionSchema,
  debriefCancelSchema,
  debriefHeldFormSchema,
  debriefRequestSchema,
  duressCodeSchema,
  escalationPolicySchema,
  extendVisitApiSchema,
  extendVisitFormSchema,
  longShiftPlanFormSchema,
  resolveAlarmSchema,
  startWorkingDayFormSchema,
  toilTakenFormSchema,
  visitApiSchema,
  visitFormSchema,
} from './safety-schemas.js';
import { VISIT_MESSAGES } from './visit.js';
import { HOURS_MESSAGES } from './additional-hours.js';
import { LONG_SHIFT_MESSAGES } from './long-shift.js';
import { DEBRIEF_MESSAGES } from './debrief.js';
import { ACKNOWLEDGEMENT_MESSAGES } from './overdue-escalation.js';
import { DURESS_CODE_MESSAGES } from './duress-code.js';
import { at } from './safety-test-builders.js';

/** Field → message, as the form error summary shows them. */
function errorsOf(result: {
  success: boolean;
  error?: { issues: { path: PropertyKey[]; message: string }[] };
}): Record<string, string> {
  if (result.success || !result.error) return {};
  return Object.fromEntries(result.error.issues.map((i) => [i.path.map(String).join('.'), i.message]));
}

// 10:00 London on 10 July 2025 (BST) = 09:00 UTC.
const NOW = at('2025-07-10T09:00:00Z');

const goodVisitForm = {
  place: ' 14 Example Road ',
  referralId: '',
  with: ['colleague', 'police'],
  colleagueName: 'Sam Colleague',
  phone: '07700 900123',
  expectedFinishDate: '2025-07-10',
  expectedFinishTime: '12:30',
};

describe('visit form (phone)', () => {
  it('turns the form into a visit, reading the time as London time', () => {
    const result = visitFormSchema(NOW).safeParse(goodVisitForm);
    expect(result.success && result.data).toEqual({
      place: '14 Example Road',
      referralId: null,
      companions: [
        { kind: 'colleague', name: 'Sam Colleague' },
        { kind: 'police', name: null },
      ],
      aloneReason: null,
      phone: '07700 900123',
      expectedFinishAt: at('2025-07-10T11:30:00Z'),
    });
  });

  it('a single checkbox arrives as a string', () => {
    const result = visitFormSchema(NOW).safeParse({ ...goodVisitForm, with: 'ambulance' });
    expect(result.success && result.data.companions).toEqual([{ kind: 'ambulance', name: null }]);
  });

  it('refuses an expected finish in the past (London 10:00 is now)', () => {
    expect(errorsOf(visitFormSchema(NOW).safeParse({ ...goodVisitForm, expectedFinishTime: '10:00' }))).toEqual({
      expectedFinishTime: VISIT_MESSAGES.expectedFinishInPast,
    });
    expect(visitFormSchema(NOW).safeParse({ ...goodVisitForm, expectedFinishTime: '10:01' }).success).toBe(true);
  });

  it('refuses an expected finish more than 24 hours ahead', () => {
    expect(
      errorsOf(
        visitFormSchema(NOW).safeParse({
          ...goodVisitForm,
          expectedFinishDate: '2025-07-11',
          expectedFinishTime: '10:01',
        }),
      ),
    ).toEqual({
      expectedFinishTime: VISIT_MESSAGES.expectedFinishTooFar,
    });
  });

  it('says which date or time field is wrong', () => {
    expect(
      errorsOf(
        visitFormSchema(NOW).safeParse({
          ...goodVisitForm,
          expectedFinishDate: '2025-02-30',
          expectedFinishTime: '25:00',
        }),
      ),
    ).toEqual({
      expectedFinishDate: 'Enter a real date',
      expectedFinishTime: 'Enter a time in 24-hour format, like 17:30',
    });
  });

  it('needs someone going with the AMHP, or "alone" with a reason', () => {
    expect(errorsOf(visitFormSchema(NOW).safeParse({ ...goodVisitForm, with: undefined }))).toEqual({
      with: 'Choose who is going with you, or that you are going alone',
    });
    expect(errorsOf(visitFormSchema(NOW).safeParse({ ...goodVisitForm, with: 'alone' }))).toEqual({
      aloneReason: VISIT_MESSAGES.aloneReasonRequired,
    });
    const alone = visitFormSchema(NOW).safeParse({
      ...goodVisitForm,
      with: 'alone',
      aloneReason: 'Ward, staff present',
    });
    expect(alone.success && alone.data).toMatchObject({ companions: [], aloneReason: 'Ward, staff present' });
  });

  it('refuses "alone" ticked with companions', () => {
    expect(errorsOf(visitFormSchema(NOW).safeParse({ ...goodVisitForm, with: ['alone', 'police'] }))).toEqual({
      with: VISIT_MESSAGES.aloneWithCompanions,
    });
  });

  it('needs the name of a colleague or other professional ticked', () => {
    expect(errorsOf(visitFormSchema(NOW).safeParse({ ...goodVisitForm, colleagueName: ' ' }))).toEqual({
      colleagueName: VISIT_MESSAGES.companionNameRequired,
    });
    expect(errorsOf(visitFormSchema(NOW).safeParse({ ...goodVisitForm, with: 'other_professional' }))).toEqual({
      otherProfessionalName: VISIT_MESSAGES.companionNameRequired,
    });
  });

  it('reports every problem at once, for the error summary', () => {
    expect(
      errorsOf(
        visitFormSchema(NOW).safeParse({ ...goodVisitForm, place: '', with: 'alone', expectedFinishTime: '09:00' }),
      ),
    ).toEqual({
      place: VISIT_MESSAGES.placeRequired,
      aloneReason: VISIT_MESSAGES.aloneReasonRequired,
      expectedFinishTime: VISIT_MESSAGES.expectedFinishInPast,
    });
  });

  it('needs a place and a UK phone number', () => {
    expect(errorsOf(visitFormSchema(NOW).safeParse({ ...goodVisitForm, place: '', phone: '999' }))).toEqual({
      place: VISIT_MESSAGES.placeRequired,
      phone: VISIT_MESSAGES.phoneInvalid,
    });
    expect(errorsOf(visitFormSchema(NOW).safeParse({ ...goodVisitForm, phone: undefined }))).toEqual({
      phone: VISIT_MESSAGES.phoneRequired,
    });
  });
});

describe('visit API', () => {
  const body = {
    place: 'Ward 3, Example Hospital',
    companions: [{ kind: 'other_professional', name: 'Dr Example' }],
    phone: '+44 7700 900123',
    expectedFinishAt: '2025-07-10T12:00:00+01:00',
  };

  it('takes ISO instants with an offset', () => {
    const result = visitApiSchema(NOW).safeParse(body);
    expect(result.success && result.data.expectedFinishAt).toEqual(at('2025-07-10T11:00:00Z'));
  });

  it('refuses an expected finish in the past, and an instant without an offset', () => {
    expect(errorsOf(visitApiSchema(NOW).safeParse({ ...body, expectedFinishAt: '2025-07-10T09:59:00+01:00' }))).toEqual(
      {
        expectedFinishAt: VISIT_MESSAGES.expectedFinishInPast,
      },
    );
    expect(errorsOf(visitApiSchema(NOW).safeParse({ ...body, expectedFinishAt: '2025-07-10T12:00:00' }))).toEqual({
      expectedFinishAt: 'Enter a date and time in ISO 8601 format with an offset',
    });
  });

  it('needs companions or a reason for going alone', () => {
    expect(errorsOf(visitApiSchema(NOW).safeParse({ ...body, companions: [] }))).toEqual({
      aloneReason: VISIT_MESSAGES.aloneReasonRequired,
    });
    expect(errorsOf(visitApiSchema(NOW).safeParse({ ...body, companions: [{ kind: 'colleague', name: '' }] }))).toEqual(
      {
        'companions.0.name': VISIT_MESSAGES.companionNameRequired,
      },
    );
    expect(errorsOf(visitApiSchema(NOW).safeParse({ ...body, companions: [{ kind: 'friend', name: 'x' }] }))).toEqual({
      'companions.0.kind': 'Choose who the companion is',
    });
  });
});

describe('extending a visit', () => {
  it('form: London date and time plus a reason, in the future', () => {
    const ok = extendVisitFormSchema(NOW).safeParse({
      newExpectedFinishDate: '2025-07-10',
      newExpectedFinishTime: '13:00',
      reason: 'Bed search',
    });
    expect(ok.success && ok.data).toEqual({ newExpectedFinishAt: at('2025-07-10T12:00:00Z'), reason: 'Bed search' });
    expect(
      errorsOf(
        extendVisitFormSchema(NOW).safeParse({
          newExpectedFinishDate: '2025-07-10',
          newExpectedFinishTime: '09:00',
          reason: '',
        }),
      ),
    ).toEqual({
      reason: VISIT_MESSAGES.extensionReasonRequired,
      newExpectedFinishTime: VISIT_MESSAGES.expectedFinishInPast,
    });
    expect(
      errorsOf(
        extendVisitFormSchema(NOW).safeParse({
          newExpectedFinishDate: '2025-07-10',
          newExpectedFinishTime: '09:00',
          reason: 'x',
        }),
      ),
    ).toEqual({
      newExpectedFinishTime: VISIT_MESSAGES.expectedFinishInPast,
    });
  });

  it('API: instant in the future', () => {
    expect(
      errorsOf(extendVisitApiSchema(NOW).safeParse({ newExpectedFinishAt: '2025-07-10T09:00:00Z', reason: 'x' })),
    ).toEqual({
      newExpectedFinishAt: VISIT_MESSAGES.expectedFinishInPast,
    });
  });
});

describe('check-ins, alarms and acknowledgements', () => {
  it('check-in is safe, home or help, with an optional code', () => {
    expect(checkInSchema.safeParse({ action: 'home' }).success).toBe(true);
    expect(checkInSchema.safeParse({ action: 'safe', code: '2580' }).success).toBe(true);
    expect(errorsOf(checkInSchema.safeParse({ action: 'later' }))).toEqual({
      action: 'Choose how you are checking in',
    });
  });

  it('closing an alarm needs a note', () => {
    expect(errorsOf(resolveAlarmSchema.safeParse({ note: ' ' }))).toEqual({
      note: VISIT_MESSAGES.resolutionNoteRequired,
    });
  });

  it('"not reached" needs a note; other outcomes do not', () => {
    expect(errorsOf(acknowledgementSchema.safeParse({ outcome: 'not_reached', note: '' }))).toEqual({
      note: ACKNOWLEDGEMENT_MESSAGES.noteRequiredWhenNotReached,
    });
    expect(acknowledgementSchema.safeParse({ outcome: 'reached_amhp' }).success).toBe(true);
  });
});

describe('escalation policy settings', () => {
  const good = {
    graceMinutes: '15',
    stepIntervalMinutes: '15',
    alarmStepIntervalMinutes: '5',
    ladder: [{ roleLabel: 'On-call manager', personLabel: '', contactNumber: '01632 960001' }],
  };

  it('takes form strings as numbers', () => {
    const result = escalationPolicySchema.safeParse(good);
    expect(result.success && result.data).toEqual({
      graceMinutes: 15,
      stepIntervalMinutes: 15,
      alarmStepIntervalMinutes: 5,
      ladder: [{ roleLabel: 'On-call manager', personLabel: null, personId: null, contactNumber: '01632 960001' }],
    });
  });

  it('refuses out-of-range minutes, an empty ladder and bad numbers', () => {
    expect(
      errorsOf(escalationPolicySchema.safeParse({ ...good, graceMinutes: '-1', stepIntervalMinutes: '0', ladder: [] })),
    ).toEqual({
      graceMinutes: 'Grace period must be a whole number of minutes from 0 to 120',
      stepIntervalMinutes: 'Time before escalating must be from 1 to 120 minutes',
      ladder: 'Add at least one person to alert',
    });
    expect(
      errorsOf(escalationPolicySchema.safeParse({ ...good, ladder: [{ roleLabel: 'x', contactNumber: '12' }] })),
    ).toEqual({
      'ladder.0.contactNumber': VISIT_MESSAGES.phoneInvalid,
    });
  });
});

describe('long shifts', () => {
  it('start of the working day cannot be in the future or over 24 hours ago', () => {
    const ok = startWorkingDayFormSchema(NOW).safeParse({ kind: 'edt', startDate: '2025-07-10', startTime: '08:30' });
    expect(ok.success && ok.data).toEqual({ kind: 'edt', startedAt: at('2025-07-10T07:30:00Z') });
    expect(
      errorsOf(
        startWorkingDayFormSchema(NOW).safeParse({ kind: 'daytime', startDate: '2025-07-10', startTime: '10:01' }),
      ),
    ).toEqual({
      startTime: LONG_SHIFT_MESSAGES.startInFuture,
    });
    expect(
      errorsOf(
        startWorkingDayFormSchema(NOW).safeParse({ kind: 'daytime', startDate: '2025-07-09', startTime: '09:59' }),
      ),
    ).toEqual({
      startDate: LONG_SHIFT_MESSAGES.startTooOld,
    });
  });

  it('the plan asks for what each option needs', () => {
    const base = { agreedWith: 'Lead and line manager' };
    expect(errorsOf(longShiftPlanFormSchema(NOW).safeParse({ ...base, option: 'continue' }))).toEqual({
      expectedEndTime: LONG_SHIFT_MESSAGES.expectedEndRequired,
    });
    expect(
      errorsOf(
        longShiftPlanFormSchema(NOW).safeParse({
          ...base,
          option: 'continue',
          expectedEndDate: '2025-07-10',
          expectedEndTime: '09:30',
        }),
      ),
    ).toEqual({
      expectedEndTime: LONG_SHIFT_MESSAGES.expectedEndInPast,
    });
    expect(errorsOf(longShiftPlanFormSchema(NOW).safeParse({ ...base, option: 'hand_over' }))).toEqual({
      handOverTo: LONG_SHIFT_MESSAGES.handOverToRequired,
    });
    expect(errorsOf(longShiftPlanFormSchema(NOW).safeParse({ ...base, option: 'another_amhp_allocated' }))).toEqual({
      allocatedAmhpId: LONG_SHIFT_MESSAGES.allocatedAmhpRequired,
    });
    const ok = longShiftPlanFormSchema(NOW).safeParse({
      ...base,
      option: 'continue',
      expectedEndDate: '2025-07-10',
      expectedEndTime: '21:00',
      handOverTo: 'EDT',
    });
    expect(ok.success && ok.data).toMatchObject({ expectedEndAt: at('2025-07-10T20:00:00Z'), handOverTo: null });
  });
});

describe('additional hours', () => {
  const form = { startDate: '2025-07-09', startTime: '17:00', endTime: '19:30', reason: 'bed_delay' };

  it('form: an end date left blank means the start date', () => {
    const result = additionalHoursFormSchema(NOW).safeParse(form);
    expect(result.success && result.data).toEqual({
      startAt: at('2025-07-09T16:00:00Z'),
      endAt: at('2025-07-09T18:30:00Z'),
      reason: 'bed_delay',
      reasonDetail: null,
      referralId: null,
    });
  });

  it('form: refuses an end before the start, and says so on the end time', () => {
    expect(errorsOf(additionalHoursFormSchema(NOW).safeParse({ ...form, endTime: '16:00' }))).toEqual({
      endTime: HOURS_MESSAGES.endBeforeStart,
    });
    const overnight = additionalHoursFormSchema(NOW).safeParse({
      ...form,
      startTime: '23:00',
      endDate: '2025-07-10',
      endTime: '01:00',
    });
    expect(overnight.success).toBe(true);
  });

  it('form: refuses hours not yet worked, and "other" without a description', () => {
    expect(
      errorsOf(
        additionalHoursFormSchema(NOW).safeParse({
          ...form,
          startDate: '2025-07-10',
          startTime: '09:00',
          endTime: '11:00',
        }),
      ),
    ).toEqual({
      endTime: HOURS_MESSAGES.endInFuture,
    });
    expect(errorsOf(additionalHoursFormSchema(NOW).safeParse({ ...form, reason: 'other' }))).toEqual({
      reasonDetail: HOURS_MESSAGES.reasonDetailRequired,
    });
    expect(errorsOf(additionalHoursFormSchema(NOW).safeParse({ ...form, reason: 'weather' }))).toEqual({
      reason: 'Choose the reason for the additional hours',
    });
  });

  it('API: a malformed instant is reported on its own field', () => {
    expect(
      errorsOf(
        additionalHoursApiSchema(NOW).safeParse({
          startAt: 'yesterday',
          endAt: '2025-07-09T17:00:00Z',
          reason: 'bed_delay',
        }),
      ),
    ).toEqual({
      startAt: 'Enter a date and time in ISO 8601 format with an offset',
    });
    expect(errorsOf(extendVisitApiSchema(NOW).safeParse({ newExpectedFinishAt: 'soon', reason: 'x' }))).toEqual({
      newExpectedFinishAt: 'Enter a date and time in ISO 8601 format with an offset',
    });
  });

  it('API: end before start refused', () => {
    expect(
      errorsOf(
        additionalHoursApiSchema(NOW).safeParse({
          startAt: '2025-07-09T18:00:00Z',
          endAt: '2025-07-09T17:00:00Z',
          reason: 'transport_delay',
        }),
      ),
    ).toEqual({
      endAt: HOURS_MESSAGES.endBeforeStart,
    });
  });

  it('decision: approve as TOIL or payment, decline with a reason', () => {
    expect(claimDecisionSchema.parse({ decision: 'approve_toil' })).toEqual({
      outcome: 'approve',
      compensation: 'toil',
    });
    expect(claimDecisionSchema.parse({ decision: 'approve_payment' })).toEqual({
      outcome: 'approve',
      compensation: 'payment',
    });
    expect(claimDecisionSchema.parse({ decision: 'decline', declineReason: 'Duplicate' })).toEqual({
      outcome: 'decline',
      reason: 'Duplicate',
    });
    expect(errorsOf(claimDecisionSchema.safeParse({ decision: 'decline' }))).toEqual({
      declineReason: HOURS_MESSAGES.declineReasonRequired,
    });
  });

  it('TOIL taken in hours and minutes, more than nothing', () => {
    expect(toilTakenFormSchema.parse({ date: '2025-07-11', hours: '2', minutes: '30' })).toEqual({
      date: '2025-07-11',
      minutes: 150,
    });
    expect(errorsOf(toilTakenFormSchema.safeParse({ date: '2025-07-11', hours: '0', minutes: '0' }))).toEqual({
      hours: HOURS_MESSAGES.toilMinutesPositive,
    });
  });
});

describe('debriefs', () => {
  it('request needs a reason; held cannot be in the future; cancelling needs a reason', () => {
    expect(errorsOf(debriefRequestSchema.safeParse({ reason: '' }))).toEqual({
      reason: DEBRIEF_MESSAGES.reasonRequired,
    });
    expect(debriefRequestSchema.parse({ reason: 'Hard day', amhpId: '' })).toEqual({
      reason: 'Hard day',
      amhpId: null,
      referralId: null,
    });
    expect(
      errorsOf(debriefHeldFormSchema(NOW).safeParse({ heldBy: 'm', heldDate: '2025-07-10', heldTime: '10:01' })),
    ).toEqual({
      heldTime: DEBRIEF_MESSAGES.heldInFuture,
    });
    const held = debriefHeldFormSchema(NOW).safeParse({ heldBy: 'm', heldDate: '2025-07-10', heldTime: '10:00' });
    expect(held.success && held.data).toEqual({ heldBy: 'm', heldAt: NOW });
    expect(errorsOf(debriefCancelSchema.safeParse({}))).toEqual({
      cancelReason: DEBRIEF_MESSAGES.cancelReasonRequired,
    });
  });
});

describe('duress code', () => {
  it('uses the duress code rules and needs the confirmation to match', () => {
    expect(duressCodeSchema.safeParse({ code: '2580', confirmation: '2580' }).success).toBe(true);
    expect(errorsOf(duressCodeSchema.safeParse({ code: '1234', confirmation: '1234' }))).toEqual({
      code: DURESS_CODE_MESSAGES.sequence,
    });
    expect(errorsOf(duressCodeSchema.safeParse({ code: '2580', confirmation: '2581' }))).toEqual({
      confirmation: DURESS_CODE_MESSAGES.confirmationMismatch,
    });
  });
});
