import { describe, expect, it } from 'vitest';
import { fieldErrorsOf } from '../../../../test/support/results.js';
import { nominationBody, repaymentApiBody, repaymentForm, splitForm } from './trainee-schemas.js';

const LSSA = '11111111-1111-4111-8111-111111111111';

describe('nomination', () => {
  const valid = {
    name: 'Robin Example', role: 'EDT officer', team: 'EDT', lssaId: LSSA, employer: 'Northshire Council', employerType: 'lssa',
    profession: 'social_worker', contactNumber: '01632 960 001', email: 'robin@northshire.example', cohort: 'september-2026',
    priority: 'yes', priorityReason: 'The team relies on locums', managerName: 'Sam Sample', managerContactNumber: '01632 960 002',
    managerEmail: 'sam@northshire.example', allocation: 'Funding confirmed',
  };

  it('reads the cohort from the select, or from JSON', () => {
    expect(nominationBody.parse(valid)).toMatchObject({ cohort: { intake: 'september', year: 2026 }, priority: true });
    expect(nominationBody.parse({ ...valid, cohort: { intake: 'april', year: 2027 }, priority: false })).toMatchObject({ cohort: { intake: 'april', year: 2027 }, priority: false });
  });

  it('explains bad email, phone, cohort and a priority without a reason', () => {
    expect(fieldErrorsOf(nominationBody, { ...valid, email: 'robin', contactNumber: 'call me', cohort: 'summer-2026', priorityReason: '' })).toEqual({
      email: 'Enter an email address in the correct format, like name@example.org',
      contactNumber: 'Enter a telephone number, like 01632 960 001 or 07700 900 982',
      cohort: 'Choose the intake (cohort)',
      priorityReason: 'Say why this nomination is a priority',
    });
    expect(fieldErrorsOf(nominationBody, { ...valid, priority: 'no', priorityReason: '' })).toEqual({});
    expect(fieldErrorsOf(nominationBody, { ...valid, priority: undefined }).priority).toBe('Say whether this nomination is a priority');
    expect(fieldErrorsOf(nominationBody, { ...valid, profession: 'doctor' }).profession).toBe('Choose the candidate’s profession');
  });
});

describe('funding calculators', () => {
  it('read pounds into pence on the page, and whole pence in the API', () => {
    expect(repaymentForm.parse({ fundingPence: '£3,000.5', lastDayOfEmployment: '2026-05-01', reason: 'left_employment' })).toEqual({
      fundingPence: 300_050,
      qualifiedOn: undefined,
      lastDayOfEmployment: '2026-05-01',
      reason: 'left_employment',
    });
    expect(fieldErrorsOf(repaymentForm, { fundingPence: '3000.555', lastDayOfEmployment: '2026-05-01', reason: 'left_employment' })).toEqual({
      fundingPence: 'Enter the amount of funding paid in pounds and pence, like 3000 or 2999.50',
    });
    expect(splitForm.parse({ course: '1,000', candidates: '6' })).toEqual({ coursePence: 100_000, candidates: 6 });
    expect(fieldErrorsOf(repaymentApiBody, { fundingPence: 10.5, lastDayOfEmployment: '2026-05-01', reason: 'left_employment' }).fundingPence).toBe('The amount of funding paid in pence must be a whole number');
  });
});
