import { describe, expect, it } from 'vitest';
import {
  actionInputSchema,
  actionStatusInputSchema,
  commentInputSchema,
  comparisonQuerySchema,
  newEvaluationInputSchema,
  riskLevelSchema,
  schemaProblems,
  standardRecordInputSchema,
} from './standards-schemas.js';

function problems(result: { success: boolean; error?: unknown }) {
  return result.success ? [] : schemaProblems(result.error as never);
}

describe('ratings', () => {
  it('refuses a rating outside the scale with a clear message', () => {
    expect(problems(riskLevelSchema.safeParse('severe'))).toEqual([
      { field: 'form', message: 'Choose low, medium or high' },
    ]);
    const record = standardRecordInputSchema.safeParse({
      expectedVersion: '2',
      risk: { amhps: 'critical', service: '', organisation: 'low' },
    });
    expect(problems(record)).toEqual([
      { field: 'risk.amhps', message: 'Risk to AMHPs must be low, medium or high' },
    ]);
  });

  it('reads form posts: empty choices are unanswered, the version is a number, a ticked box is true', () => {
    const record = standardRecordInputSchema.parse({
      expectedVersion: '3',
      extentMet: '',
      effectiveness: 'partly_effective',
      risk: { amhps: 'high', service: '', organisation: '' },
      agreedByGroup: 'yes',
    });
    expect(record).toMatchObject({
      expectedVersion: 3,
      extentMet: null,
      effectiveness: 'partly_effective',
      risk: { amhps: 'high', service: null, organisation: null },
      agreedByGroup: true,
    });
  });

  it('refuses an unknown extent met and evidence without a description', () => {
    const result = standardRecordInputSchema.safeParse({
      expectedVersion: 0,
      extentMet: 'mostly',
      evidence: [{ kind: 'rumour', description: '' }],
    });
    expect(problems(result)).toEqual([
      { field: 'extentMet', message: 'Choose met, partly met or not met' },
      { field: 'evidence.0.kind', message: 'Choose policy, protocol, practice example or other' },
      { field: 'evidence.0.description', message: 'Describe the evidence' },
    ]);
  });

  it('asks for a reload when the version is missing', () => {
    expect(problems(standardRecordInputSchema.safeParse({}))[0]?.message).toBe(
      'The form is out of date: reload the page',
    );
  });
});

describe('actions', () => {
  const schema = actionInputSchema('2025-03-04');
  const valid = {
    standardNumber: '4.2',
    description: 'Write a TOIL policy',
    owner: 'Sanjay Oduya',
    targetDate: '2025-03-04',
  };

  it('accepts an action due on the evaluation date', () => {
    expect(schema.safeParse(valid).success).toBe(true);
  });

  it('refuses an action without an owner', () => {
    expect(problems(schema.safeParse({ ...valid, owner: '   ' }))).toEqual([
      { field: 'owner', message: 'Enter who owns this action' },
    ]);
  });

  it('refuses a due date before the evaluation date', () => {
    expect(problems(schema.safeParse({ ...valid, targetDate: '2025-03-03' }))).toEqual([
      {
        field: 'targetDate',
        message: 'Target date must be on or after the evaluation date (4 March 2025)',
      },
    ]);
  });

  it('refuses an impossible date and an unknown standard', () => {
    expect(
      problems(schema.safeParse({ ...valid, targetDate: '2025-02-30', standardNumber: '7.1' })),
    ).toEqual([
      { field: 'standardNumber', message: 'Choose one of the 28 standards' },
      { field: 'targetDate', message: 'Enter a real date in the format YYYY-MM-DD' },
    ]);
  });

  it('requires a reason to drop an action', () => {
    expect(problems(actionStatusInputSchema.safeParse({ status: 'dropped', note: '' }))).toEqual([
      { field: 'note', message: 'Say why the action is being dropped' },
    ]);
    expect(problems(actionStatusInputSchema.safeParse({ status: 'finished' }))[0]?.message).toBe(
      'Choose not started, in progress, done or dropped',
    );
  });
});

describe('evaluations, comments and comparisons', () => {
  it('needs a service, a date and a chair, and each participant once', () => {
    const result = newEvaluationInputSchema.safeParse({
      serviceId: '',
      evaluationDate: '04/03/2025',
      participants: [
        { personId: 'p1', represents: ['daytime'], attending: 'yes' },
        { personId: 'p1', represents: ['out_of_hours'], attending: 'yes' },
        { personId: 'p2', represents: [], attending: 'yes' },
      ],
    });
    expect(problems(result).map((p) => p.message)).toEqual([
      'Choose the service',
      'Enter a real date in the format YYYY-MM-DD',
      'Choose the chair',
      'Choose which part of the service they represent',
    ]);
  });

  it('accepts a comment on the whole evaluation', () => {
    expect(commentInputSchema.parse({ standardNumber: '', text: 'Good session' })).toEqual({
      standardNumber: null,
      text: 'Good session',
    });
  });

  it('needs two different evaluations to compare', () => {
    expect(problems(comparisonQuerySchema.safeParse({ baseline: 'e1', repeat: 'e1' }))).toEqual([
      { field: 'repeat', message: 'Choose two different evaluations' },
    ]);
  });
});
