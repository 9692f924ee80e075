import { describe, expect, it } from 'vitest';
import { groupDateInputs } from '../../../platform/http/fields.js';
import { at } from '../../../../test/support/builders/safety-builders.js';
import { claimBody, claimForm, decisionBody, planBody, planForm, startDayForm, toilForm } from './hours-schemas.js';

function errorsOf(result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }): Record<string, string> {
  if (result.success || !result.error) return {};
  return Object.fromEntries(result.error.issues.map((i) => [i.path.map(String).join('.'), i.message]));
}
const form = (values: Record<string, unknown>) => groupDateInputs(values);
const date = (name: string, day: string, month: string, year: string) => ({ [`${name}-day`]: day, [`${name}-month`]: month, [`${name}-year`]: year });

describe('the working day and long-shift plans', () => {
  it('starts a working day at a London date and time', () => {
    const result = startDayForm.safeParse(form({ kind: 'edt', 'startedAt-time': '08:30', ...date('startedAt', '10', '7', '2025') }));
    expect(result.success && result.data).toEqual({ kind: 'edt', startedAt: at('2025-07-10T07:30:00Z') });
    expect(errorsOf(startDayForm.safeParse(form({ 'startedAt-time': '08:30', ...date('startedAt', '10', '7', '2025') })))).toEqual({ kind: 'Choose daytime AMHP service or EDT' });
  });

  it('a plan needs who agreed it; the expected finish is optional on the form and the API', () => {
    expect(errorsOf(planForm.safeParse(form({ option: 'hand_over', handOverTo: 'EDT' })))).toEqual({ agreedWith: 'Enter who agreed the plan' });
    const noEnd = planForm.safeParse(form({ option: 'hand_over', agreedWith: 'Lead', handOverTo: 'EDT', 'expectedEndAt-time': '', ...date('expectedEndAt', '', '', '') }));
    expect(noEnd.success && noEnd.data).toMatchObject({ option: 'hand_over', expectedEndAt: undefined, handOverTo: 'EDT' });
    const withEnd = planBody.safeParse({ option: 'continue', agreedWith: 'Lead', expectedEndAt: '2025-07-10T21:00' });
    expect(withEnd.success && withEnd.data.expectedEndAt).toEqual(at('2025-07-10T20:00:00Z'));
  });
});

describe('additional hours', () => {
  const claim = { 'startAt-time': '17:00', ...date('startAt', '10', '7', '2025'), 'endAt-time': '19:30', reason: 'bed_delay' };

  it('form: an end date left blank means the start date', () => {
    const result = claimForm.safeParse(form(claim));
    expect(result.success && result.data).toEqual({ startAt: at('2025-07-10T16:00:00Z'), endAt: at('2025-07-10T18:30:00Z'), reason: 'bed_delay', reasonDetail: undefined, referral: undefined });
    const overnight = claimForm.safeParse(form({ ...claim, 'endAt-time': '01:00', ...date('endAt', '11', '7', '2025') }));
    expect(overnight.success && overnight.data.endAt).toEqual(at('2025-07-11T00:00:00Z'));
  });

  it('form and API: a reason from the list; a bad time on its own field', () => {
    expect(errorsOf(claimForm.safeParse(form({ ...claim, reason: 'because' })))).toEqual({ reason: 'Choose the reason for the additional hours' });
    expect(errorsOf(claimForm.safeParse(form({ ...claim, 'endAt-time': '7.30pm' })))).toEqual({ endAt: 'Enter the time using the 24-hour clock, for example 09:30 or 21:30' });
    expect(Object.keys(errorsOf(claimBody.safeParse({ startAt: 'yesterday', endAt: '2025-07-10T19:30', reason: 'bed_delay' })))).toEqual(['startAt']);
  });

  it('a decision approves as TOIL or payment, or declines with the reason given', () => {
    expect(decisionBody.parse({ decision: 'approve_toil' })).toEqual({ outcome: 'approve', compensation: 'toil' });
    expect(decisionBody.parse({ decision: 'approve_payment' })).toEqual({ outcome: 'approve', compensation: 'payment' });
    expect(decisionBody.parse({ decision: 'decline', declineReason: 'Paid on timesheet' })).toEqual({ outcome: 'decline', reason: 'Paid on timesheet' });
    expect(errorsOf(decisionBody.safeParse({ decision: 'maybe' }))).toEqual({ decision: 'Choose approve as TOIL, approve for payment, or decline' });
  });

  it('TOIL taken is a date and hours and minutes, blank meaning none', () => {
    expect(toilForm.parse(form({ ...date('date', '21', '3', '2025'), hours: '2', minutes: '' }))).toEqual({ date: '2025-03-21', minutes: 120, claimId: undefined });
    expect(errorsOf(toilForm.safeParse(form({ ...date('date', '31', '4', '2025'), hours: '1' })))).toEqual({ date: 'The date taken must be a real date: April 2025 has 30 days: 31 is not a real day' });
    expect(errorsOf(toilForm.safeParse(form({ ...date('date', '21', '3', '2025'), minutes: '75' })))).toEqual({ minutes: 'Minutes must be 59 or less' });
  });
});
