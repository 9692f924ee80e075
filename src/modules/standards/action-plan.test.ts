import { describe, expect, it } from 'vitest';
import {
  addProgressNote,
  carryForward,
  changeActionStatus,
  createPlannedAction,
  developmentPlan,
  isOverdue,
  daysOverdue,
  reviseActionCommitment,
  summarisePlan,
  supersededActionIds,
} from './action-plan.js';
import type { DevelopmentAction } from './action-plan.js';
import { anEvaluation, aRecord, AT, fieldErrorsOf, messageOf, refusalOf, valueOf } from '../../../test/support/builders/standards-builders.js';

const note = { noteId: 'n1', at: AT, personId: 'p-lead', name: 'Sanjay Oduya' };

function anAction(overrides: Partial<DevelopmentAction> = {}): DevelopmentAction {
  return {
    id: 'a1',
    evaluationId: 'eval-1',
    serviceId: 'service-wessex',
    standardNumber: '4.2',
    description: 'Agree a TOIL policy for late finishes',
    owner: 'AMHP service manager',
    ownerPersonId: null,
    targetDate: '2025-06-30',
    status: 'not_started',
    progressNotes: [],
    createdAt: AT,
    completedOn: null,
    carriedForwardFrom: null,
    needsReview: false,
    ...overrides,
  };
}

describe('createPlannedAction', () => {
  const input = {
    id: 'a1',
    standardNumber: '4.2' as const,
    description: 'Agree a TOIL policy',
    owner: 'Sanjay Oduya',
    targetDate: '2025-03-04',
  };

  it('accepts a target date on the evaluation date', () => {
    const result = createPlannedAction(anEvaluation(), input, AT);
    expect(result.ok && result.value).toMatchObject({
      status: 'not_started',
      evaluationId: 'eval-1',
      serviceId: 'service-wessex',
      standardNumber: '4.2',
    });
  });

  it('refuses a target date the day before the evaluation', () => {
    const result = createPlannedAction(anEvaluation(), { ...input, targetDate: '2025-03-03' }, AT);
    expect(fieldErrorsOf(result)).toEqual([
      {
        field: 'targetDate',
        message: 'Target date must be on or after the evaluation date (4 March 2025)',
        anchor: 'day',
      },
    ]);
  });

  it('refuses an action without an owner or description, and an impossible date', () => {
    const result = createPlannedAction(
      anEvaluation(),
      { ...input, owner: '  ', description: '', targetDate: '2025-02-30' },
      AT,
    );
    expect(fieldErrorsOf(result).map((p) => p.message)).toEqual([
      'Describe the action',
      'Enter who owns this action',
      'Target date must be a real date',
    ]);
  });

  it('refuses new actions once the evaluation is closed', () => {
    const result = createPlannedAction(anEvaluation({ status: 'closed' }), input, AT);
    expect(refusalOf(result)).toMatchObject({ kind: 'state', code: 'evaluation_closed' });
  });
});

describe('action status and progress', () => {
  it('moves through in progress to done, stamping the London date it was done and keeping a note', () => {
    const started = valueOf(changeActionStatus(anAction(), 'in_progress', note));
    const done = changeActionStatus(started, 'done', {
      ...note,
      at: new Date('2025-07-31T23:30:00Z'),
      note: 'Policy signed off',
    });
    expect(done.ok && done.value.completedOn).toBe('2025-08-01');
    expect(done.ok && done.value.progressNotes.map((n) => n.text)).toEqual([
      'Status changed from not started to in progress',
      'Status changed from in progress to done: Policy signed off',
    ]);
  });

  it('requires a reason to drop an action', () => {
    const result = changeActionStatus(anAction(), 'dropped', note);
    expect(messageOf(result)).toBe('Say why the action is being dropped');
    expect(
      changeActionStatus(anAction(), 'dropped', { ...note, note: 'Superseded by regional policy' })
        .ok,
    ).toBe(true);
  });

  it('allows reopening a done action but refuses meaningless changes', () => {
    expect(
      changeActionStatus(
        anAction({ status: 'done', completedOn: '2025-05-01' }),
        'in_progress',
        note,
      ).ok,
    ).toBe(true);
    const same = changeActionStatus(anAction({ status: 'in_progress' }), 'in_progress', note);
    expect(refusalOf(same)).toMatchObject({ kind: 'state', code: 'invalid_status_change' });
    expect(changeActionStatus(anAction({ status: 'done' }), 'not_started', note).ok).toBe(false);
  });

  it('keeps progress notes, refusing empty ones', () => {
    const result = addProgressNote(anAction(), ' Draft shared with HR ', note);
    expect(result.ok && result.value.progressNotes[0]).toMatchObject({
      text: 'Draft shared with HR',
      byName: 'Sanjay Oduya',
    });
    expect(addProgressNote(anAction(), '   ', note).ok).toBe(false);
  });

  it('records why the owner or target date changed, after the evaluation has closed too', () => {
    const result = reviseActionCommitment(
      anAction(),
      '2025-03-04',
      { owner: 'Lead AMHP', targetDate: '2025-09-30' },
      { ...note, reason: 'Manager on long-term leave' },
    );
    expect(result.ok && result.value.progressNotes.at(-1)?.text).toBe(
      'Owner changed from AMHP service manager to Lead AMHP; target date changed from 30 June 2025 to 30 September 2025: Manager on long-term leave',
    );
    const noReason = reviseActionCommitment(
      anAction(),
      '2025-03-04',
      { owner: 'Lead AMHP' },
      { ...note, reason: '' },
    );
    expect(fieldErrorsOf(noReason)[0]?.field).toBe('reason');
    const early = reviseActionCommitment(
      anAction(),
      '2025-03-04',
      { targetDate: '2025-03-01' },
      { ...note, reason: 'x' },
    );
    expect(early.ok).toBe(false);
  });
});

describe('overdue', () => {
  const action = anAction({ targetDate: '2025-06-30' });

  it('is not overdue on its target date (London time), and is the next day', () => {
    expect(isOverdue(action, new Date('2025-06-30T22:59:00Z'))).toBe(false); // 23:59 BST on 30 June
    expect(isOverdue(action, new Date('2025-06-30T23:00:00Z'))).toBe(true); // 00:00 BST on 1 July
    expect(daysOverdue(action, new Date('2025-07-10T12:00:00Z'))).toBe(10);
  });

  it('is never overdue once done or dropped', () => {
    const late = new Date('2026-01-01T12:00:00Z');
    expect(isOverdue(anAction({ status: 'done' }), late)).toBe(false);
    expect(isOverdue(anAction({ status: 'dropped' }), late)).toBe(false);
    expect(isOverdue(anAction({ status: 'in_progress' }), late)).toBe(true);
  });
});

describe('developmentPlan', () => {
  const now = new Date('2025-08-01T09:00:00Z');
  const actions = [
    anAction({ id: 'later', targetDate: '2025-12-01' }),
    anAction({ id: 'done', status: 'done', targetDate: '2025-04-01' }),
    anAction({ id: 'slightly-late', targetDate: '2025-07-25' }),
    anAction({ id: 'very-late', targetDate: '2025-05-01', standardNumber: '1.1' }),
    anAction({ id: 'sooner', targetDate: '2025-09-01' }),
  ];

  it('lists overdue actions first, most overdue first, then open ones by date, then closed ones', () => {
    expect(developmentPlan(actions, now).map((r) => r.action.id)).toEqual([
      'very-late',
      'slightly-late',
      'sooner',
      'later',
      'done',
    ]);
    expect(
      developmentPlan(actions, now, { includeClosed: false }).map((r) => r.action.id),
    ).not.toContain('done');
  });

  it('shows a carried-forward action once, as its newest copy', () => {
    const withCopy = [
      ...actions,
      anAction({
        id: 'later-copy',
        evaluationId: 'eval-2',
        carriedForwardFrom: 'later',
        targetDate: '2025-12-01',
      }),
    ];
    const ids = developmentPlan(withCopy, now).map((r) => r.action.id);
    expect(ids).toContain('later-copy');
    expect(ids).not.toContain('later');
    expect(supersededActionIds(withCopy)).toEqual(new Set(['later']));
  });

  it('summarises counts by status, overdue and awaiting review', () => {
    expect(summarisePlan(actions, now)).toEqual({
      total: 5,
      byStatus: { not_started: 4, in_progress: 0, done: 1, dropped: 0 },
      overdue: 2,
      needsReview: 0,
    });
  });
});

describe('carry forward into a repeat evaluation', () => {
  const baseline = anEvaluation({ status: 'closed' });
  const repeat = anEvaluation({
    id: 'eval-2',
    status: 'preparing',
    evaluationDate: '2026-03-10',
    baselineEvaluationId: 'eval-1',
  });
  let counter = 0;
  const newId = () => `new-${++counter}`;
  const baselineRecords = [
    aRecord('4.2')
      .partlyMet()
      .rated('high', 'medium', 'low')
      .evidence({ kind: 'policy', description: 'Lone working policy v3' })
      .agreed()
      .build(),
    aRecord('1.1').met().rated('low', 'low', 'low').agreed().build(),
  ];
  const baselineActions = [
    anAction({ id: 'open', status: 'in_progress' }),
    anAction({ id: 'finished', status: 'done' }),
    anAction({ id: 'abandoned', status: 'dropped' }),
    anAction({ id: 'other-eval', evaluationId: 'eval-0' }),
  ];

  it('carries evidence for review but not the ratings, and open actions only', () => {
    const result = carryForward({
      baseline,
      baselineRecords,
      baselineActions,
      repeat,
      newId,
      at: AT,
    });
    const carried = valueOf(result);
    const record = carried.records.find((r) => r.standardNumber === '4.2');
    expect(record).toMatchObject({
      evaluationId: 'eval-2',
      extentMet: null,
      effectiveness: null,
      agreedByGroup: false,
      version: 0,
    });
    expect(record?.risk).toEqual({ amhps: null, service: null, organisation: null });
    expect(record?.evidence).toEqual([
      expect.objectContaining({
        description: 'Lone working policy v3',
        carriedForwardFrom: 'eval-1',
        needsReview: true,
      }),
    ]);
    expect(record?.evidence[0]?.id).not.toBe(baselineRecords[0]?.evidence[0]?.id);
    expect(carried.actions).toHaveLength(1);
    expect(carried.actions[0]).toMatchObject({
      evaluationId: 'eval-2',
      carriedForwardFrom: 'open',
      status: 'in_progress',
      needsReview: true,
    });
    expect(carried.actions[0]?.progressNotes.at(-1)?.text).toBe(
      'Carried forward from the evaluation of 4 March 2025 for review',
    );
  });

  it('does not carry an action twice', () => {
    const already = [
      ...baselineActions,
      anAction({ id: 'copy', evaluationId: 'eval-x', carriedForwardFrom: 'open' }),
    ];
    const result = carryForward({
      baseline,
      baselineRecords,
      baselineActions: already,
      repeat,
      newId,
      at: AT,
    });
    expect(result.ok && result.value.actions).toEqual([]);
  });

  it('refuses a baseline that is still open, of another service, or not earlier', () => {
    const open = carryForward({
      baseline: anEvaluation({ status: 'circulating' }),
      baselineRecords,
      baselineActions,
      repeat,
      newId,
      at: AT,
    });
    expect(messageOf(open)).toBe(
      'Close the earlier evaluation before starting a repeat from it',
    );
    const other = carryForward({
      baseline,
      baselineRecords,
      baselineActions,
      repeat: { ...repeat, serviceId: 'service-fenmoor' },
      newId,
      at: AT,
    });
    expect(refusalOf(other)).toMatchObject({ kind: 'rule', code: 'different_services' });
    const sameDay = carryForward({
      baseline,
      baselineRecords,
      baselineActions,
      repeat: { ...repeat, evaluationDate: '2025-03-04' },
      newId,
      at: AT,
    });
    expect(fieldErrorsOf(sameDay)).toEqual([{ field: 'evaluationDate', message: 'Choose a date after 4 March 2025', anchor: 'day' }]);
  });
});
