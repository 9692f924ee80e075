import { describe, expect, it } from 'vitest';
import {
  acceptHandoverSchema,
  allocationDecisionSchema,
  amendAllocationSchema,
  attendanceSchema,
  createHandoverSchema,
  frequencyAgreementSchema,
  isoDateSchema,
  monthSchema,
  planShiftSchema,
  reportWritingDaySchema,
  sicknessSchema,
  sitrepRequestSchema,
  withdrawHandoverSchema,
} from './duty-schemas.js';

/** The messages a user would see in the error summary. */
function messages(result: { success: boolean; error?: { issues: { message: string }[] } }): string[] {
  return result.success ? [] : (result.error?.issues.map((i) => i.message) ?? []);
}

describe('dates and months', () => {
  it('accepts a real date and refuses impossible ones', () => {
    expect(isoDateSchema.parse(' 2024-02-29 ')).toBe('2024-02-29');
    expect(messages(isoDateSchema.safeParse('2025-02-29'))).toEqual(['Enter a real date']);
    expect(messages(isoDateSchema.safeParse('24/03/2025'))).toEqual([
      'Enter a date in the format YYYY-MM-DD, for example 2025-03-24',
    ]);
  });

  it('accepts a month and refuses month 13', () => {
    expect(monthSchema.parse('2025-12')).toBe('2025-12');
    expect(messages(monthSchema.safeParse('2025-13'))).toHaveLength(1);
  });
});

describe('rota forms', () => {
  it('plans a shift with the usual hours', () => {
    expect(planShiftSchema.parse({ personId: 'p1', date: '2025-03-24', kind: 'edt' })).toEqual({
      personId: 'p1',
      date: '2025-03-24',
      kind: 'edt',
    });
  });

  it('asks for both times or neither', () => {
    expect(
      messages(planShiftSchema.safeParse({ personId: 'p1', date: '2025-03-24', kind: 'daytime', startTime: '10:00' })),
    ).toEqual(['Enter both a start and an end time, or leave both empty for the usual hours']);
  });

  it('asks for an AMHP and the kind of shift', () => {
    expect(messages(planShiftSchema.safeParse({ personId: ' ', date: '2025-03-24', kind: 'night' }))).toEqual([
      'Select an AMHP',
      'Select daytime or EDT',
    ]);
  });

  it('keeps the agreed frequency between 1 and 4 shifts a month', () => {
    expect(frequencyAgreementSchema.parse({ personId: 'p1', shiftsPerMonth: '4' }).shiftsPerMonth).toBe(4);
    expect(messages(frequencyAgreementSchema.safeParse({ personId: 'p1', shiftsPerMonth: '5' }))).toEqual([
      'Agreed shifts a month must be between 1 and 4',
    ]);
    expect(messages(frequencyAgreementSchema.safeParse({ personId: 'p1', shiftsPerMonth: '0' }))).toEqual([
      'Agreed shifts a month must be between 1 and 4',
    ]);
    expect(messages(frequencyAgreementSchema.safeParse({ personId: 'p1', shiftsPerMonth: '2.5' }))).toEqual([
      'Enter a whole number of shifts',
    ]);
  });

  it('reads the report-writing day checkbox', () => {
    expect(reportWritingDaySchema.parse({ shiftId: 's1', flag: 'yes' }).flag).toBe(true);
    expect(reportWritingDaySchema.parse({ shiftId: 's1' }).flag).toBe(false);
  });

  it('needs a back-up AMHP when the manager decides to use one', () => {
    expect(messages(sicknessSchema.safeParse({ shiftId: 's1', useBackup: 'yes', backupPersonId: '' }))).toEqual([
      'Select the back-up AMHP',
    ]);
    expect(sicknessSchema.parse({ shiftId: 's1', useBackup: 'no', backupPersonId: 'p2', note: '' })).toEqual({
      shiftId: 's1',
      backupPersonId: null,
      note: null,
    });
    expect(messages(sicknessSchema.safeParse({ shiftId: 's1' }))).toEqual(['Select whether to use the back-up AMHP']);
  });
});

describe('allocation sheet forms', () => {
  it('turns an allocation into a decision', () => {
    expect(
      allocationDecisionSchema.parse({
        referralId: 'r1',
        decision: 'allocate',
        amhpId: 'p1',
        overrideReason: '',
        expectedVersion: '3',
      }),
    ).toEqual({
      referralId: 'r1',
      plan: null,
      expectedVersion: 3,
      decision: { kind: 'allocated', amhpId: 'p1', overrideReason: null },
    });
  });

  it('asks for the AMHP, or for why none is allocated', () => {
    expect(
      messages(allocationDecisionSchema.safeParse({ referralId: 'r1', decision: 'allocate', expectedVersion: 1 })),
    ).toEqual(['Select the AMHP to allocate']);
    expect(
      messages(
        allocationDecisionSchema.safeParse({ referralId: 'r1', decision: 'do-not-allocate', expectedVersion: 1 }),
      ),
    ).toEqual(['Enter why no AMHP is allocated']);
  });

  it('tells the user to reload when the version is missing', () => {
    expect(
      messages(
        allocationDecisionSchema.safeParse({ referralId: 'r1', decision: 'do-not-allocate', notAllocatedReason: 'x' }),
      ),
    ).toEqual(['The form is missing its version: reload the page and try again']);
  });

  it('needs a reason for an amendment', () => {
    expect(
      messages(
        amendAllocationSchema.safeParse({
          referralId: 'r1',
          decision: 'allocate',
          amhpId: 'p2',
          reason: ' ',
          expectedVersion: 4,
        }),
      ),
    ).toEqual(['Enter the reason for amending the finalised sheet']);
  });

  it('checks each attendee has a role', () => {
    expect(
      messages(attendanceSchema.safeParse({ attendees: [{ personId: 'p1', role: 'visitor' }], expectedVersion: 1 })),
    ).toEqual(['Select the role of each person who attended']);
  });
});

describe('handover forms', () => {
  const item = { referralId: 'r1', done: 'Doctors booked', outstanding: 'Assessment', contingency: 'Call bed manager' };

  it('builds the parties from the direction', () => {
    const parsed = createHandoverSchema.parse({
      direction: 'daytime-to-edt',
      items: [item],
      documentsSent: ['Referral form', ' '],
    });
    expect(parsed).toMatchObject({
      from: { kind: 'team', team: 'daytime' },
      to: { kind: 'team', team: 'edt' },
      documentsSent: ['Referral form'],
    });
    expect(parsed.items[0]?.warrantApplication).toBe(false);
  });

  it('names the other service and which of our teams is involved', () => {
    expect(messages(createHandoverSchema.safeParse({ direction: 'to-other-service', items: [item] }))).toEqual([
      'Enter the name of the other service',
      'Select the daytime AMHP service or EDT',
    ]);
    expect(
      createHandoverSchema.parse({
        direction: 'from-other-service',
        ourTeam: 'edt',
        otherServiceName: 'Crisis team',
        items: [item],
      }),
    ).toMatchObject({ from: { kind: 'other-service', name: 'Crisis team' }, to: { kind: 'team', team: 'edt' } });
  });

  it('asks for what was done, what is outstanding and the contingency plan', () => {
    expect(
      messages(createHandoverSchema.safeParse({ direction: 'edt-to-daytime', items: [{ referralId: 'r1' }] })),
    ).toEqual([
      'Enter what has been done',
      'Enter what is outstanding',
      'Enter the contingency plan, or “None agreed”',
    ]);
  });

  it('needs at least one referral', () => {
    expect(messages(createHandoverSchema.safeParse({ direction: 'edt-to-daytime', items: [] }))).toEqual([
      'Add at least one referral to the handover',
    ]);
  });

  it('needs a reason when a warrant application is handed over', () => {
    expect(
      messages(
        createHandoverSchema.safeParse({
          direction: 'daytime-to-edt',
          items: [{ ...item, warrantApplication: 'yes' }],
        }),
      ),
    ).toEqual(['Enter why the warrant (s135) application is being handed over']);
  });

  it('accepts and withdraws', () => {
    expect(acceptHandoverSchema.parse({})).toEqual({ externalAcceptorName: null });
    expect(messages(withdrawHandoverSchema.safeParse({ reason: '' }))).toEqual([
      'Enter why the handover is being withdrawn',
    ]);
  });
});

describe('SITREP request', () => {
  it('defaults to the page and refuses unknown formats', () => {
    expect(sitrepRequestSchema.parse({ date: '2025-03-24' })).toEqual({ date: '2025-03-24', format: 'html' });
    expect(sitrepRequestSchema.safeParse({ date: '2025-03-24', format: 'docx' }).success).toBe(false);
  });
});
