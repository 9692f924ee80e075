import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { fieldErrorsFromZod } from '../../platform/http/forms.js';
import {
  actionBody,
  actionForm,
  actionStatusBody,
  commentBody,
  comparisonQuery,
  newEvaluationBody,
  newEvaluationForm,
  participantForm,
  recordBody,
  recordForm,
  reviseActionForm,
  standardParams,
} from './standards-schemas.js';

const ID = '0b5c8f5e-8c1d-4a57-9a3e-3f6f1e2d4c5b';
const OTHER = '6a1e0d2c-6b1f-4c3e-8d2a-1f0e9d8c7b6a';

function problems(result: z.ZodSafeParseResult<unknown>) {
  return result.success ? [] : fieldErrorsFromZod(result.error).map(({ field, message }) => ({ field, message }));
}

describe('a standard’s record', () => {
  it('refuses a rating outside the scale with a clear message', () => {
    const record = recordBody.safeParse({ expectedVersion: 2, risk: { amhps: 'critical', service: null, organisation: 'low' } });
    expect(problems(record)).toEqual([{ field: 'risk.amhps', message: 'Risk to AMHPs must be low, medium or high' }]);
  });

  it('reads the page’s post: empty choices are unanswered, the version is a number, a ticked box is true, nested names nest', () => {
    const record = recordForm.parse({
      expectedVersion: '3',
      extentMet: '',
      effectiveness: 'partly_effective',
      'risk.amhps': 'high',
      'partPositions.0.partKey': 'daytime',
      'partPositions.0.extentMet': 'met',
      'partPositions.1.partKey': 'edt',
      'partPositions.1.extentMet': '',
      'evidence.0.kind': 'policy',
      'evidence.0.description': 'Lone working policy',
      'evidence.1.kind': 'policy',
      'evidence.1.description': '',
      agreedByGroup: 'yes',
      step: 'rate',
    });
    expect(record).toMatchObject({
      expectedVersion: 3,
      extentMet: null,
      effectiveness: 'partly_effective',
      risk: { amhps: 'high', service: null, organisation: null },
      partPositions: [{ partKey: 'daytime', extentMet: 'met', note: '' }],
      evidence: [{ kind: 'policy', description: 'Lone working policy', whereToFind: '', reviewed: false }],
      agreedByGroup: true,
      step: 'rate',
    });
  });

  it('refuses an unknown extent met and evidence without a description', () => {
    const result = recordBody.safeParse({ expectedVersion: 0, extentMet: 'mostly', evidence: [{ kind: 'rumour', description: '' }] });
    expect(problems(result)).toEqual([
      { field: 'extentMet', message: 'Choose met, partly met or not met' },
      { field: 'evidence.0.kind', message: 'Choose policy, protocol, practice example or other' },
      { field: 'evidence.0.description', message: 'Describe the evidence' },
    ]);
  });

  it('asks for a reload when the version is missing', () => {
    expect(problems(recordBody.safeParse({}))[0]).toEqual({ field: 'expectedVersion', message: 'The form is out of date: reload the page' });
  });

  it('names a standard that is not one of the 28, and an id that is not a UUID', () => {
    expect(problems(standardParams.safeParse({ id: 'abc', number: '7.1' }))).toEqual([
      { field: 'id', message: 'Not a valid id' },
      { field: 'number', message: 'Choose one of the 28 standards' },
    ]);
  });
});

describe('actions', () => {
  const valid = { standardNumber: '4.2', description: 'Write a TOIL policy', owner: 'Sanjay Oduya', targetDate: '2025-03-04' };

  it('accepts an action with an owner and a real target date', () => {
    expect(actionBody.parse(valid)).toEqual({ ...valid, ownerPersonId: undefined });
  });

  it('refuses an impossible date and an unknown standard (the order against the evaluation date is the domain’s)', () => {
    expect(problems(actionBody.safeParse({ ...valid, targetDate: '2025-02-30', standardNumber: '7.1' }))).toEqual([
      { field: 'standardNumber', message: 'Choose one of the 28 standards' },
      { field: 'targetDate', message: 'February 2025 has 28 days: 30 is not a real day' },
    ]);
  });

  it('reads the page’s GOV.UK date input', () => {
    expect(actionForm.parse({ description: 'x', owner: 'y', targetDate: { day: '4', month: '3', year: '2025' } }).targetDate).toBe('2025-03-04');
    expect(problems(actionForm.safeParse({ description: 'x', owner: 'y', targetDate: { day: '', month: '', year: '' } }))).toEqual([
      { field: 'targetDate', message: 'Enter the target date' },
    ]);
  });

  it('takes a status from the list only', () => {
    expect(problems(actionStatusBody.safeParse({ status: 'finished' }))[0]?.message).toBe('Choose not started, in progress, done or dropped');
    expect(actionStatusBody.parse({ status: 'dropped' })).toEqual({ status: 'dropped' });
  });

  it('lets the revise form leave the new date blank', () => {
    expect(reviseActionForm.parse({ owner: 'Lead AMHP', targetDate: { day: '', month: '', year: '' }, reason: 'Leave', version: '2' })).toEqual({
      owner: 'Lead AMHP',
      targetDate: undefined,
      reason: 'Leave',
      version: 2,
    });
  });
});

describe('evaluations, comments and comparisons', () => {
  it('needs a service, a date and a chair, and each participant once', () => {
    const result = newEvaluationBody.safeParse({
      serviceId: '',
      evaluationDate: '04/03/2025',
      participants: [
        { personId: ID, represents: ['daytime'], attending: true },
        { personId: ID, represents: ['out_of_hours'], attending: true },
        { personId: OTHER, represents: [], attending: true },
      ],
    });
    expect(problems(result).map((p) => p.message)).toEqual([
      'Choose the service',
      expect.stringContaining('YYYY-MM-DD'),
      'Choose the chair',
      'Choose which part of the service they represent',
    ]);
  });

  it('reads the set-up form: a GOV.UK date and the parts of the service one per line', () => {
    const parsed = newEvaluationForm.parse({
      serviceId: ID,
      evaluationDate: { day: '10', month: '9', year: '2025' },
      chairPersonId: OTHER,
      noteTakerPersonId: '',
      baselineEvaluationId: '',
      serviceParts: 'Daytime AMHP service\r\n\r\nEmergency Duty Team (out of hours)\n',
    });
    expect(parsed).toEqual({
      serviceId: ID,
      evaluationDate: '2025-09-10',
      chairPersonId: OTHER,
      noteTakerPersonId: undefined,
      baselineEvaluationId: undefined,
      participants: [],
      serviceParts: [
        { key: 'daytime-amhp-service', label: 'Daytime AMHP service' },
        { key: 'emergency-duty-team-out-of-hours', label: 'Emergency Duty Team (out of hours)' },
      ],
    });
    expect(problems(newEvaluationForm.safeParse({ serviceId: ID, evaluationDate: { day: '31', month: '11', year: '2025' }, chairPersonId: OTHER, serviceParts: ' ' }))).toEqual([
      { field: 'evaluationDate', message: expect.stringContaining('must be a real date') },
    ]);
  });

  it('needs at least one part of the service they represent, from a checkbox or several', () => {
    expect(participantForm.parse({ personId: ID, represents: 'daytime', attending: 'yes' })).toEqual({ personId: ID, represents: ['daytime'], attending: true });
    expect(problems(participantForm.safeParse({ personId: ID }))).toEqual([{ field: 'represents', message: 'Choose which part of the service they represent' }]);
  });

  it('accepts a comment on the whole evaluation', () => {
    expect(commentBody.parse({ standardNumber: '', text: 'Good session' })).toEqual({ standardNumber: null, text: 'Good session' });
    expect(commentBody.parse({ text: 'Good session' })).toEqual({ standardNumber: null, text: 'Good session' });
  });

  it('needs two different evaluations to compare', () => {
    expect(problems(comparisonQuery.safeParse({ baseline: ID, repeat: ID }))).toEqual([{ field: 'repeat', message: 'Choose two different evaluations' }]);
  });
});
