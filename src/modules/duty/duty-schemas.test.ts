import { describe, expect, it } from 'vitest';
import { groupDateInputs } from '../../platform/http/fields.js';
import { instantOf } from '../../platform/london-time.js';
import { amendBody, amendForm, attendanceBody, attendanceForm, decisionBody, decisionForm } from './allocation-sheet-schemas.js';
import { acceptHandoverBody, sendHandoverBody, sendHandoverForm, withdrawHandoverBody } from './handover-schemas.js';
import { agreementBody, planShiftBody, planShiftForm, reportDayForm, sicknessBody, sicknessForm } from './rota-schemas.js';
import { serviceHoursForm } from './service-hours-schemas.js';

// The duty module's forms and API bodies: what they accept, the command they make, and the
// sentence a person reads when they refuse.

const P1 = '11111111-1111-4111-8111-111111111111';
const P2 = '22222222-2222-4222-8222-222222222222';
const R1 = '33333333-3333-4333-8333-333333333333';

/** The messages a user would see in the error summary. */
function messages(result: { success: boolean; error?: { issues: { message: string }[] } }): string[] {
  return result.success ? [] : (result.error?.issues.map((i) => i.message) ?? []);
}

/** A form as the route wrapper hands it over: GOV.UK date inputs grouped. */
const form = (values: Record<string, unknown>) => groupDateInputs(values);

describe('rota: planning a shift', () => {
  const day = { 'date-day': '24', 'date-month': '3', 'date-year': '2025' };

  it('the form plans the usual hours from a GOV.UK date input', () => {
    expect(planShiftForm.parse(form({ personId: P1, ...day, kind: 'edt' }))).toEqual({ personId: P1, date: '2025-03-24', kind: 'edt', hours: null });
  });

  it('the form reads 24-hour times as London time, an end before the start being the next morning', () => {
    const summer = planShiftForm.parse(form({ personId: P1, 'date-day': '14', 'date-month': '7', 'date-year': '2026', kind: 'edt', startTime: '2000', endTime: '08:30' }));
    expect(summer.hours).toEqual({ start: instantOf('2026-07-14T19:00Z'), end: instantOf('2026-07-15T07:30Z') });
  });

  it('asks for both times or neither, and refuses a time the clocks skip', () => {
    expect(messages(planShiftForm.safeParse(form({ personId: P1, ...day, kind: 'daytime', startTime: '10:00' })))).toEqual(['Enter both a start and an end time, or leave both empty for the usual hours']);
    const gap = planShiftForm.safeParse(form({ personId: P1, 'date-day': '29', 'date-month': '3', 'date-year': '2026', kind: 'edt', startTime: '01:30', endTime: '09:00' }));
    expect(messages(gap)[0]).toMatch(/did not happen in the UK/);
  });

  it('asks for an AMHP, a real date and the kind of shift', () => {
    expect(messages(planShiftForm.safeParse(form({ personId: ' ', 'date-day': '30', 'date-month': '2', 'date-year': '2026', kind: 'night' })))).toEqual([
      'Select an AMHP',
      'The date of the shift must be a real date: February 2026 has 28 days: 30 is not a real day',
      'Select daytime or EDT',
    ]);
  });

  it('the API takes instants by the one time rule, or neither for the usual hours', () => {
    expect(planShiftBody.parse({ personId: P1, date: '2026-07-14', kind: 'edt', startsAt: '2026-07-14T20:00', endsAt: '2026-07-15T08:30+01:00' }).hours).toEqual({
      start: instantOf('2026-07-14T19:00Z'),
      end: instantOf('2026-07-15T07:30Z'),
    });
    expect(planShiftBody.parse({ personId: P1, date: '2026-07-14', kind: 'daytime' }).hours).toBeNull();
    expect(messages(planShiftBody.safeParse({ personId: P1, date: '2026-02-30', kind: 'daytime' }))).toEqual(['February 2026 has 28 days: 30 is not a real day']);
    expect(messages(planShiftBody.safeParse({ personId: P1, date: '2026-07-14', kind: 'edt', endsAt: '2026-07-15T08:30' }))).toEqual([
      'Enter both a start and an end time, or leave both empty for the usual hours',
    ]);
  });
});

describe('rota: frequency, report days and sickness', () => {
  it('keeps the agreed frequency between 1 and 4 whole shifts a month', () => {
    expect(agreementBody.parse({ personId: P1, shiftsPerMonth: '4' }).shiftsPerMonth).toBe(4);
    expect(messages(agreementBody.safeParse({ personId: P1, shiftsPerMonth: '5' }))).toEqual(['The agreed number of shifts a month must be 4 or less']);
    expect(messages(agreementBody.safeParse({ personId: P1, shiftsPerMonth: '0' }))).toEqual(['The agreed number of shifts a month must be 1 or more']);
    expect(messages(agreementBody.safeParse({ personId: P1, shiftsPerMonth: '2.5' }))).toEqual(['The agreed number of shifts a month must be a whole number']);
  });

  it('reads the report-writing day button', () => {
    expect(reportDayForm.parse({ flag: 'yes' }).flag).toBe(true);
    expect(reportDayForm.parse({}).flag).toBe(false);
  });

  it('needs a back-up AMHP when the manager decides to use one, and drops one not used', () => {
    expect(messages(sicknessForm.safeParse({ useBackup: 'yes', backupPersonId: '' }))).toEqual(['Select the back-up AMHP']);
    expect(sicknessForm.parse({ useBackup: 'no', backupPersonId: P2, note: '' })).toEqual({ backupPersonId: null, note: null });
    expect(messages(sicknessForm.safeParse({}))).toEqual(['Select whether to use a back-up AMHP']);
    expect(sicknessBody.parse({ backupPersonId: P2, note: 'Reported at 08:10' })).toEqual({ backupPersonId: P2, note: 'Reported at 08:10' });
    expect(sicknessBody.parse({})).toEqual({ backupPersonId: null, note: null });
  });
});

describe('allocation sheet', () => {
  it('turns a card on the page into a decision', () => {
    expect(decisionForm.parse({ referralId: R1, decision: 'allocate', amhpId: P1, overrideReason: '', version: '3', referralVersion: '2' })).toEqual({
      referralId: R1,
      plan: null,
      version: 3,
      referralVersion: 2,
      decision: { kind: 'allocated', amhpId: P1, overrideReason: null },
    });
  });

  it('asks for the AMHP, or for why none is allocated', () => {
    expect(messages(decisionForm.safeParse({ referralId: R1, decision: 'allocate', version: 1 }))).toEqual(['Select the AMHP to allocate']);
    expect(messages(decisionForm.safeParse({ referralId: R1, decision: 'do-not-allocate', version: 1 }))).toEqual(['Enter why no AMHP is allocated']);
  });

  it('asks for the version the Lead read', () => {
    expect(messages(decisionForm.safeParse({ referralId: R1, decision: 'do-not-allocate', notAllocatedReason: 'x' }))).toEqual(['Enter the version you last read']);
  });

  it('the API states the decision as one value', () => {
    expect(decisionBody.parse({ referralId: R1, decision: { kind: 'not-allocated', reason: 'Awaiting GP information' }, version: 2 })).toMatchObject({ decision: { kind: 'not-allocated', reason: 'Awaiting GP information' } });
    expect(messages(decisionBody.safeParse({ referralId: R1, decision: { kind: 'allocated' }, version: 2 }))).toEqual(['Select the AMHP to allocate']);
  });

  it('needs a reason for an amendment', () => {
    expect(messages(amendForm.safeParse({ referralId: R1, decision: 'allocate', amhpId: P2, reason: ' ', version: 4 }))).toEqual(['Enter the reason for amending the finalised sheet']);
    expect(messages(amendBody.safeParse({ referralId: R1, decision: { kind: 'allocated', amhpId: P2 }, version: 4 }))).toEqual(['Enter the reason for amending the finalised sheet']);
  });

  it('reads attendance checkboxes ("personId|role") and checks each role', () => {
    expect(attendanceForm.parse({ attendees: `${P1}|amhp-lead`, challenges: ' Bed shortage ', version: '1' })).toEqual({ attendees: [{ personId: P1, role: 'amhp-lead' }], challenges: 'Bed shortage', version: 1 });
    expect(messages(attendanceForm.safeParse({ attendees: [`${P1}|visitor`], version: '1' }))).toEqual(['Select who attended from the list']);
    expect(messages(attendanceBody.safeParse({ attendees: [{ personId: P1, role: 'visitor' }], version: 1 }))).toEqual(['Select the role of each person who attended']);
    expect(attendanceBody.parse({ attendees: [], version: 1 }).challenges).toBeUndefined();
  });
});

describe('handovers', () => {
  const item = { referralId: R1, done: 'Doctors booked', outstanding: 'Assessment', contingency: 'Call bed manager' };
  const flat = (i: number, values: Record<string, string>) => Object.fromEntries(Object.entries(values).map(([k, v]) => [`items.${i}.${k}`, v]));

  it('the form builds the parties from the direction, the items from flat fields, documents from lines', () => {
    const parsed = sendHandoverForm.parse({ direction: 'daytime-to-edt', ...flat(0, item), documentsSent: 'Referral form\r\n \r\nRisk summary' });
    expect(parsed).toEqual({
      from: { kind: 'team', team: 'daytime' },
      to: { kind: 'team', team: 'edt' },
      items: [{ ...item, warrantApplication: false, warrantReason: null }],
      documentsSent: ['Referral form', 'Risk summary'],
    });
  });

  it('names the other service and which of our teams is involved', () => {
    expect(messages(sendHandoverForm.safeParse({ direction: 'to-other-service', ...flat(0, item) }))).toEqual(['Enter the name of the other service', 'Select the daytime AMHP service or EDT']);
    expect(sendHandoverForm.parse({ direction: 'from-other-service', ourTeam: 'edt', otherServiceName: 'Crisis team', ...flat(0, item) })).toMatchObject({
      from: { kind: 'other-service', name: 'Crisis team' },
      to: { kind: 'team', team: 'edt' },
    });
  });

  it('asks for what was done, what is outstanding and the contingency plan', () => {
    expect(messages(sendHandoverBody.safeParse({ from: { kind: 'team', team: 'edt' }, to: { kind: 'team', team: 'daytime' }, items: [{ referralId: R1 }] }))).toEqual([
      'Enter what has been done',
      'Enter what is outstanding',
      'Enter the contingency plan, or “None agreed”',
    ]);
  });

  it('needs at least one referral', () => {
    expect(messages(sendHandoverBody.safeParse({ from: { kind: 'team', team: 'edt' }, to: { kind: 'team', team: 'daytime' }, items: [] }))).toEqual(['Add at least one referral to the handover']);
    expect(messages(sendHandoverForm.safeParse({ direction: 'edt-to-daytime' }))).toEqual(['Select at least one referral to hand over']);
    // Notes typed against a row with no referral chosen are refused against that row, not dropped.
    expect(messages(sendHandoverForm.safeParse({ direction: 'edt-to-daytime', ...flat(0, item), 'items.1.done': 'Doctors booked' }))).toContain('Select a referral to hand over');
  });

  it('needs a reason when a warrant application is handed over', () => {
    expect(messages(sendHandoverForm.safeParse({ direction: 'daytime-to-edt', ...flat(0, { ...item, warrantApplication: 'yes' }) }))).toEqual(['Enter why the warrant (s135) application is being handed over']);
    expect(messages(sendHandoverBody.safeParse({ from: { kind: 'team', team: 'daytime' }, to: { kind: 'team', team: 'edt' }, items: [{ ...item, warrantApplication: true }] }))).toEqual([
      'Enter why the warrant (s135) application is being handed over',
    ]);
  });

  it('accepts and withdraws', () => {
    expect(acceptHandoverBody.parse({})).toEqual({});
    expect(messages(withdrawHandoverBody.safeParse({ reason: '' }))).toEqual(['Enter why the handover is being withdrawn']);
  });
});

describe('service hours form', () => {
  it('puts each problem against its box, naming the day', () => {
    const result = serviceHoursForm.safeParse({ version: '0', 'monday.open': 'yes', 'monday.opens': '17:00', 'monday.closes': '09:00', bankHolidaysToEdt: 'yes' });
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['monday.closes', 'Monday: The daytime service must close after it opens']]);
  });
});
