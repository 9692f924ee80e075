import { describe, expect, it } from 'vitest';
import { fieldErrorsOf } from '../../../../test/support/results.js';
import { approvalApiBody, approvalForm, authorisationForm, earlyEndForm, entryBody, suspensionForm } from './approval-schemas.js';

const LSSA = '11111111-1111-4111-8111-111111111111';
const APPROVAL = '22222222-2222-4222-8222-222222222222';

describe('approval form and API body', () => {
  it('accepts a start date alone (the term is filled in later) and treats a blank end as absent', () => {
    expect(approvalForm.parse({ approvingLssaId: LSSA, startDate: { day: '1', month: '4', year: '2026' }, endDate: { day: '', month: '', year: '' } })).toEqual({
      approvingLssaId: LSSA,
      startDate: '2026-04-01',
      endDate: undefined,
      notes: undefined,
    });
    expect(approvalApiBody.parse({ approvingLssaId: LSSA, startDate: '2026-04-01' }).endDate).toBeUndefined();
  });

  it('explains a missing LSSA, an impossible date and an end before the start', () => {
    expect(fieldErrorsOf(approvalForm, { startDate: { day: '30', month: '2', year: '2026' } })).toEqual({
      approvingLssaId: 'Choose the LSSA giving the approval',
      startDate: 'The approval start date must be a real date: February 2026 has 28 days: 30 is not a real day',
    });
    expect(fieldErrorsOf(approvalApiBody, { approvingLssaId: LSSA, startDate: '2026-02-30' })).toEqual({ startDate: 'February 2026 has 28 days: 30 is not a real day' });
    expect(fieldErrorsOf(approvalApiBody, { approvingLssaId: LSSA, startDate: '2026-04-01', endDate: '2026-04-01' })).toEqual({
      endDate: 'The approval end date must be after the start date',
    });
  });

  it('requires a reason to end an approval early', () => {
    expect(fieldErrorsOf(earlyEndForm, { endedOn: '2026-04-01' })).toEqual({ reason: 'Choose why the approval is ending' });
  });
});

describe('authorisation and suspension forms', () => {
  it('list every problem at once, including cross-field ones', () => {
    expect(fieldErrorsOf(authorisationForm, { startDate: '2026-04-02', endDate: '2026-04-01' })).toEqual({
      approvalId: 'Choose the approval this authorisation depends on',
      lssaId: 'Choose the LSSA the AMHP is authorised to act for',
      endDate: 'The authorisation must end on or after the day it starts',
    });
  });

  it('refuse an end before the start and a blank reason', () => {
    expect(fieldErrorsOf(authorisationForm, { approvalId: APPROVAL, lssaId: LSSA, startDate: '2026-04-02', endDate: '2026-04-01' })).toEqual({
      endDate: 'The authorisation must end on or after the day it starts',
    });
    expect(fieldErrorsOf(suspensionForm, { approvalId: APPROVAL, startDate: '2026-04-02', reason: '' })).toEqual({ reason: 'Enter the reason for the suspension' });
  });
});

describe('register entry', () => {
  it('names a malformed person id and a missing arrangement', () => {
    expect(fieldErrorsOf(entryBody, { personId: 'not-an-id', profession: 'social_worker', registrationNumber: 'SW1' })).toEqual({
      personId: 'Choose the person',
      arrangement: 'Choose how the AMHP works (this sets how often supervision is due)',
    });
  });
});
