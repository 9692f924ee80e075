import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  approvalSchema,
  authorisationSchema,
  competencyRecordSchema,
  earlyEndSchema,
  leaverRepaymentSchema,
  nominationSchema,
  suspensionSchema,
  supervisionContractSchema,
  supervisionRecordSchema,
  trainingRecordSchema,
} from './register-schemas.js';

/** The message shown against each field, as the form's error summary would list them. */
function errorsOf(schema: z.ZodType, input: unknown): Record<string, string> {
  const result = schema.safeParse(input);
  if (result.success) return {};
  const out: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.join('.') || '_';
    out[key] ??= issue.message;
  }
  return out;
}

describe('approval form', () => {
  it('accepts a start date alone (the term is filled in later) and treats a blank end as absent', () => {
    expect(approvalSchema.parse({ approvingLssaId: 'lssa-n', startDate: '2026-04-01', endDate: '' })).toEqual({
      approvingLssaId: 'lssa-n',
      startDate: '2026-04-01',
      endDate: undefined,
      notes: undefined,
    });
  });
  it('explains a missing LSSA, an impossible date and an end before the start', () => {
    expect(errorsOf(approvalSchema, { startDate: '2026-02-30' })).toEqual({
      approvingLssaId: 'Choose the LSSA giving the approval',
      startDate: 'The approval start date must be a real date, for example 2026-03-27',
    });
    expect(errorsOf(approvalSchema, { approvingLssaId: 'x', startDate: '2026-04-01', endDate: '2026-04-01' })).toEqual({
      endDate: 'The approval end date must be after the start date',
    });
  });
  it('requires a reason to end an approval early', () => {
    expect(errorsOf(earlyEndSchema, { endedOn: '2026-04-01' })).toEqual({ reason: 'Choose why the approval is ending' });
  });
});

describe('authorisation and suspension forms', () => {
  it('list every problem at once, including cross-field ones', () => {
    expect(errorsOf(authorisationSchema, { startDate: '2026-04-02', endDate: '2026-04-01' })).toEqual({
      approvalId: 'Choose the approval this authorisation depends on',
      lssaId: 'Choose the LSSA the AMHP is authorised to act for',
      endDate: 'The authorisation must end on or after the day it starts',
    });
  });
  it('refuse an end before the start', () => {
    expect(errorsOf(authorisationSchema, { approvalId: 'a', lssaId: 'l', startDate: '2026-04-02', endDate: '2026-04-01' })).toEqual({
      endDate: 'The authorisation must end on or after the day it starts',
    });
    expect(errorsOf(suspensionSchema, { approvalId: 'a', startDate: '2026-04-02', reason: '' })).toEqual({
      reason: 'Enter the reason for the suspension',
    });
  });
});

describe('training record form', () => {
  const valid = { date: '2026-05-01', title: 'Legal update', provider: 'Northshire Council', hours: '3.5', legalUpdate: 'yes' };
  it('reads hours from text and unticked checkboxes as no', () => {
    expect(trainingRecordSchema.parse(valid)).toEqual({ ...valid, hours: 3.5, amhpSpecific: false, legalUpdate: true });
  });
  it('refuses 0, over 24, blank and non-numeric hours with a clear message', () => {
    expect(errorsOf(trainingRecordSchema, { ...valid, hours: '0' }).hours).toBe('Training hours must be more than 0');
    expect(errorsOf(trainingRecordSchema, { ...valid, hours: '-2' }).hours).toBe('Training hours must be more than 0');
    expect(errorsOf(trainingRecordSchema, { ...valid, hours: '24.5' }).hours).toBe('Training hours must be 24 or fewer in one day');
    expect(errorsOf(trainingRecordSchema, { ...valid, hours: '24' })).toEqual({});
    expect(errorsOf(trainingRecordSchema, { ...valid, hours: '' }).hours).toBe('Enter the number of hours as a number, for example 3.5');
    expect(errorsOf(trainingRecordSchema, { ...valid, hours: 'three' }).hours).toBe('Enter the number of hours as a number, for example 3.5');
  });
});

describe('supervision forms', () => {
  it('reads cases one per line and needs two cases or a topic', () => {
    const parsed = supervisionRecordSchema.parse({ superviseeId: 'a', supervisorId: 'b', date: '2026-05-01', type: 'professional_1_1', casesDiscussed: 'Case 1\r\n\r\nCase 2\n' });
    expect(parsed.casesDiscussed).toEqual(['Case 1', 'Case 2']);
    expect(errorsOf(supervisionRecordSchema, { superviseeId: 'a', supervisorId: 'b', date: '2026-05-01', type: 'group', casesDiscussed: 'Case 1' })).toEqual({
      casesDiscussed: 'Enter at least two cases discussed, or the topic discussed if there were no assessments',
    });
    expect(errorsOf(supervisionRecordSchema, { superviseeId: 'a', supervisorId: 'b', date: '2026-05-01', type: 'group', topic: 'Case law update' })).toEqual({});
  });
  it('names an unknown type and self-supervision', () => {
    expect(errorsOf(supervisionRecordSchema, { superviseeId: 'a', supervisorId: 'a', date: '2026-05-01', type: 'coffee', topic: 't' })).toEqual({
      type: 'Choose the type of supervision',
      supervisorId: 'The supervisor must be someone other than the AMHP',
    });
  });
  it('needs the arrangement on a contract', () => {
    expect(errorsOf(supervisionContractSchema, { superviseeId: 'a', supervisorId: 'b', startDate: '2026-05-01' })).toEqual({
      arrangement: 'Choose how the AMHP works (this sets how often supervision is due)',
    });
  });
});

describe('competency record form', () => {
  const all = {
    recordedOn: '2026-05-01',
    competence1Status: 'met', competence1Evidence: 'Reflective log on values',
    competence2Status: 'met', competence2Evidence: 'Legal update attended',
    competence3Status: 'not_yet_met',
    competence4Status: 'met', competence4Evidence: 'Risk plan in supervision',
    competence5Status: 'met', competence5Evidence: 'Report audit',
  };
  it('turns the flat form into five entries', () => {
    const parsed = competencyRecordSchema.parse(all);
    expect(parsed.entries).toHaveLength(5);
    expect(parsed.entries[2]).toEqual({ competence: 3, status: 'not_yet_met', evidence: '' });
  });
  it('asks for evidence for each competence marked met, and a status for each', () => {
    expect(errorsOf(competencyRecordSchema, { ...all, competence2Evidence: ' ', competence5Status: '' })).toEqual({
      competence5Status: 'Say whether Key Competence 5 is met or not yet met',
      competence2Evidence: 'Add evidence notes showing how Key Competence 2 is met',
    });
    expect(errorsOf(competencyRecordSchema, { ...all, competence2Evidence: ' ' })).toEqual({
      competence2Evidence: 'Add evidence notes showing how Key Competence 2 is met',
    });
  });
});

describe('nomination form', () => {
  const valid = {
    name: 'Robin Example', role: 'EDT officer', team: 'EDT', lssaId: 'lssa-n', employer: 'Northshire Council', employerType: 'lssa',
    profession: 'social_worker', contactNumber: '01632 960 001', email: 'robin@northshire.example', cohort: 'september-2026',
    priority: 'yes', priorityReason: 'The team relies on locums', managerName: 'Sam Sample', managerContactNumber: '01632 960 002',
    managerEmail: 'sam@northshire.example', allocation: 'Funding confirmed',
  };
  it('accepts the nomination form fields and reads the cohort from the select', () => {
    expect(nominationSchema.parse(valid)).toMatchObject({ cohort: { intake: 'september', year: 2026 }, priority: true });
  });
  it('explains bad email, phone, cohort and a priority without a reason', () => {
    expect(errorsOf(nominationSchema, { ...valid, email: 'robin', contactNumber: 'call me', cohort: 'summer-2026', priorityReason: '' })).toEqual({
      email: 'Enter an email address in the correct format, like name@example.org',
      contactNumber: 'Enter a telephone number, like 01632 960 001 or 07700 900 982',
      cohort: 'Choose the intake (cohort)',
      priorityReason: 'Say why this nomination is a priority',
    });
    expect(errorsOf(nominationSchema, { ...valid, priority: 'no', priorityReason: '' })).toEqual({});
    expect(errorsOf(nominationSchema, { ...valid, priority: undefined }).priority).toBe('Say whether this nomination is a priority');
    expect(errorsOf(nominationSchema, { ...valid, profession: 'doctor' }).profession).toBe('Choose the candidate’s profession');
  });
});

describe('leaver repayment form', () => {
  it('reads pounds into pence', () => {
    expect(leaverRepaymentSchema.parse({ fundingPence: '£3,000.5', lastDayOfEmployment: '2026-05-01', reason: 'left_employment' })).toEqual({
      fundingPence: 300_050,
      qualifiedOn: undefined,
      lastDayOfEmployment: '2026-05-01',
      reason: 'left_employment',
    });
    expect(errorsOf(leaverRepaymentSchema, { fundingPence: '3000.555', lastDayOfEmployment: '2026-05-01', reason: 'left_employment' })).toEqual({
      fundingPence: 'Enter the amount of funding paid in pounds and pence, like 3000 or 2999.50',
    });
  });
});
