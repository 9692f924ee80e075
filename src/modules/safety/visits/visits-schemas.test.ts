import { describe, expect, it } from 'vitest';
import { groupDateInputs } from '../../../platform/http/fields.js';
import { at } from '../../../../test/support/builders/safety-builders.js';
import { VISIT_MESSAGES } from './visit.js';
import { checkInBody, codesForm, extendBody, extendForm, visitBody, visitForm } from './visits-schemas.js';

/** Field → message, as the form error summary shows them. */
function errorsOf(result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }): Record<string, string> {
  if (result.success || !result.error) return {};
  return Object.fromEntries(result.error.issues.map((i) => [i.path.map(String).join('.'), i.message]));
}

/** A form as the route hands it to the schema: the date input's boxes grouped. */
const form = (values: Record<string, unknown>) => groupDateInputs(values);

const goodVisitForm = {
  place: ' 14 Example Road ',
  referralId: '',
  with: ['colleague', 'police'],
  colleagueName: 'Sam Colleague',
  phone: '07700 900123',
  'expectedFinishAt-time': '12:30',
  'expectedFinishAt-day': '10',
  'expectedFinishAt-month': '7',
  'expectedFinishAt-year': '2025',
};

describe('the going-out form (phone)', () => {
  it('turns the form into a command, reading the time box as London time (BST in July)', () => {
    const result = visitForm.safeParse(form(goodVisitForm));
    expect(result.success && result.data).toEqual({
      place: '14 Example Road',
      referral: undefined,
      companions: [
        { kind: 'colleague', name: 'Sam Colleague' },
        { kind: 'police', name: null },
      ],
      aloneReason: undefined,
      phone: '07700 900123',
      expectedFinishAt: at('2025-07-10T11:30:00Z'),
    });
  });

  it('a single checkbox arrives as a string', () => {
    const result = visitForm.safeParse(form({ ...goodVisitForm, with: 'ambulance' }));
    expect(result.success && result.data.companions).toEqual([{ kind: 'ambulance', name: null }]);
  });

  it('says what is wrong with the date or the time, never rolling 30 February over', () => {
    expect(errorsOf(visitForm.safeParse(form({ ...goodVisitForm, 'expectedFinishAt-day': '30', 'expectedFinishAt-month': '2' })))).toEqual({
      expectedFinishAt: 'The expected finish must be a real date: February 2025 has 28 days: 30 is not a real day',
    });
    expect(errorsOf(visitForm.safeParse(form({ ...goodVisitForm, 'expectedFinishAt-time': '25:00' })))).toEqual({
      expectedFinishAt: 'Enter a real time using the 24-hour clock, for example 09:30 or 21:30',
    });
    expect(errorsOf(visitForm.safeParse(form({ ...goodVisitForm, 'expectedFinishAt-time': '4pm' })))).toEqual({
      expectedFinishAt: 'Enter the time using the 24-hour clock, for example 09:30 or 21:30',
    });
  });

  it('needs someone going with the AMHP, or "alone" with a reason', () => {
    expect(errorsOf(visitForm.safeParse(form({ ...goodVisitForm, with: undefined })))).toEqual({ with: 'Choose who is going with you, or that you are going alone' });
    expect(errorsOf(visitForm.safeParse(form({ ...goodVisitForm, with: 'alone' })))).toEqual({ aloneReason: VISIT_MESSAGES.aloneReasonRequired });
    const alone = visitForm.safeParse(form({ ...goodVisitForm, with: 'alone', aloneReason: 'Ward, staff present' }));
    expect(alone.success && alone.data).toMatchObject({ companions: [], aloneReason: 'Ward, staff present' });
  });

  it('refuses "alone" ticked with companions, and needs the name of a colleague or other professional', () => {
    expect(errorsOf(visitForm.safeParse(form({ ...goodVisitForm, with: ['alone', 'police'] })))).toEqual({ with: VISIT_MESSAGES.aloneWithCompanions });
    expect(errorsOf(visitForm.safeParse(form({ ...goodVisitForm, colleagueName: ' ' })))).toEqual({ colleagueName: VISIT_MESSAGES.companionNameRequired });
    expect(errorsOf(visitForm.safeParse(form({ ...goodVisitForm, with: 'other_professional' })))).toEqual({ otherProfessionalName: VISIT_MESSAGES.companionNameRequired });
  });

  it('reports every problem of the form at once, for the error summary', () => {
    expect(errorsOf(visitForm.safeParse(form({ ...goodVisitForm, place: '', phone: '999', with: 'alone', 'expectedFinishAt-time': '' })))).toEqual({
      place: VISIT_MESSAGES.placeRequired,
      phone: VISIT_MESSAGES.phoneInvalid,
      aloneReason: VISIT_MESSAGES.aloneReasonRequired,
      expectedFinishAt: 'Enter the time using the 24-hour clock, for example 09:30 or 21:30',
    });
    expect(errorsOf(visitForm.safeParse(form({ ...goodVisitForm, phone: undefined })))).toEqual({ phone: VISIT_MESSAGES.phoneRequired });
  });
});

describe('the going-out API body', () => {
  const body = { place: 'Ward 3, Example Hospital', companions: [{ kind: 'other_professional', name: 'Dr Example' }], phone: '+44 7700 900123', expectedFinishAt: '2025-07-10T12:00:00+01:00' };

  it('takes RFC 3339 instants with an offset, and wall-clock times as London time', () => {
    const withOffset = visitBody.safeParse(body);
    expect(withOffset.success && withOffset.data.expectedFinishAt).toEqual(at('2025-07-10T11:00:00Z'));
    const wallClock = visitBody.safeParse({ ...body, expectedFinishAt: '2025-07-10T12:00' });
    expect(wallClock.success && wallClock.data.expectedFinishAt).toEqual(at('2025-07-10T11:00:00Z'));
  });

  it('refuses an impossible or partial instant on its own field, and an unknown companion', () => {
    expect(errorsOf(visitBody.safeParse({ ...body, expectedFinishAt: '2025-11-31T10:00' }))).toEqual({ expectedFinishAt: 'November 2025 has 30 days: 31 is not a real day' });
    expect(Object.keys(errorsOf(visitBody.safeParse({ ...body, expectedFinishAt: '2025-07' })))).toEqual(['expectedFinishAt']);
    expect(errorsOf(visitBody.safeParse({ ...body, companions: [{ kind: 'friend', name: 'x' }] }))).toEqual({ 'companions.0.kind': 'Choose who the companion is' });
  });

  it('leaves whether going alone is allowed to the visit itself (no companions, no reason is still a command)', () => {
    const alone = visitBody.safeParse({ ...body, companions: undefined });
    expect(alone.success && alone.data).toMatchObject({ companions: [], aloneReason: undefined });
  });
});

describe('extending, checking in and codes', () => {
  it('extends with a London date and time plus a reason (form), or an instant (API)', () => {
    const fromForm = extendForm.safeParse(form({ 'newExpectedFinishAt-time': '13:00', 'newExpectedFinishAt-day': '10', 'newExpectedFinishAt-month': '7', 'newExpectedFinishAt-year': '2025', reason: 'Waiting for the doctor' }));
    expect(fromForm.success && fromForm.data).toEqual({ newExpectedFinishAt: at('2025-07-10T12:00:00Z'), reason: 'Waiting for the doctor' });
    expect(errorsOf(extendBody.safeParse({ newExpectedFinishAt: '2025-07-10T13:00' }))).toEqual({ reason: 'Enter why the visit is running on' });
  });

  it('checks in as safe, home or help, with an optional code', () => {
    expect(checkInBody.safeParse({ action: 'safe', code: '2580' }).success).toBe(true);
    expect(checkInBody.safeParse({ action: 'help' }).success).toBe(true);
    expect(errorsOf(checkInBody.safeParse({ action: 'later' }))).toEqual({ action: 'Choose how you are checking in' });
  });

  it('the codes form sets codes, or removes them', () => {
    expect(codesForm.safeParse({ remove: 'yes' }).data).toEqual({ remove: 'yes', checkinCode: '', checkinConfirmation: '', duressCode: '', duressConfirmation: '' });
    expect(codesForm.safeParse({ checkinCode: '2580', checkinConfirmation: '2580', duressCode: '7391', duressConfirmation: '7391' }).success).toBe(true);
  });
});
