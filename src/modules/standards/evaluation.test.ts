import { describe, expect, it } from 'vitest';
import {
  addCirculationComment,
  addEarlyThought,
  availableEvents,
  checkCanChange,
  createEvaluation,
  effectiveExtentMet,
  emptyStandardRecord,
  evaluationProgress,
  extentFromParts,
  missingSteps,
  partsDiffer,
  standardTaskStatus,
  transitionEvaluation,
  updateStandardRecord,
} from './evaluation.js';
import type { Evaluation, EvaluationStatus } from './evaluation.js';
import { anEvaluation, aRecord, AT, completedRecords, fieldErrorsOf, messageOf, refusalOf, valueOf } from '../../../test/support/builders/standards-builders.js';

const CHAIR = 'p-chair';
const NOTES = 'p-notes';
const OTHER = 'p-day';

function inStatus(status: EvaluationStatus): Evaluation {
  return anEvaluation({ status });
}

describe('createEvaluation', () => {
  const base = {
    id: 'eval-9',
    serviceId: 'service-wessex',
    serviceName: 'Wessex Vale AMHP Service',
    evaluationDate: '2025-05-01',
    chair: { personId: CHAIR, name: 'Morag Ellery' },
    catalogueVersion: 'AMHP Hub paraphrase 1',
    createdBy: CHAIR,
  };

  it('starts in preparation with daytime and EDT as the default parts of the service', () => {
    const evaluation = valueOf(createEvaluation(base, AT));
    expect(evaluation.status).toBe('preparing');
    expect(evaluation.serviceParts.map((p) => p.key)).toEqual(['daytime', 'edt']);
    expect(evaluation.history).toEqual([{ from: null, to: 'preparing', at: AT, byPersonId: CHAIR }]);
    expect(evaluation.noteTaker).toBeNull();
  });

  it('refuses a person listed twice and a part of the service listed twice', () => {
    const result = createEvaluation(
      {
        ...base,
        participants: [
          { personId: 'a', name: 'Ada Quill', represents: ['daytime'], attending: true },
          { personId: 'a', name: 'Ada Quill', represents: ['council'], attending: true },
        ],
        serviceParts: [
          { key: 'edt', label: 'EDT' },
          { key: 'edt', label: 'EDT again' },
        ],
      },
      AT,
    );
    expect(fieldErrorsOf(result).map((p) => p.field)).toEqual(['serviceParts.1', 'participants.1']);
  });
});

describe('evaluation lifecycle', () => {
  it('goes preparing → in meeting → circulating → closed, recording who and when', () => {
    let evaluation = inStatus('preparing');
    const step = (event: 'start_meeting' | 'circulate' | 'close', personId: string) => {
      const result = transitionEvaluation(evaluation, event, {
        personId,
        at: AT,
        records: completedRecords(),
      });
      evaluation = valueOf(result);
    };
    step('start_meeting', NOTES);
    step('circulate', CHAIR);
    step('close', CHAIR);
    expect(evaluation.status).toBe('closed');
    expect(evaluation.history.map((h) => `${h.from}→${h.to}`)).toEqual([
      'preparing→in_meeting',
      'in_meeting→circulating',
      'circulating→closed',
    ]);
  });

  it('lets the chair close straight from the meeting, skipping circulation', () => {
    const result = transitionEvaluation(inStatus('in_meeting'), 'close', {
      personId: CHAIR,
      at: AT,
      records: completedRecords(),
    });
    expect(result.ok && result.value.status).toBe('closed');
  });

  it('lets only the chair circulate and close, but the note-taker may start the meeting', () => {
    expect(
      transitionEvaluation(inStatus('preparing'), 'start_meeting', { personId: OTHER, at: AT }).ok,
    ).toBe(false);
    const byNotes = transitionEvaluation(inStatus('in_meeting'), 'close', {
      personId: NOTES,
      at: AT,
      records: completedRecords(),
    });
    expect(refusalOf(byNotes)).toEqual({ kind: 'forbidden', message: 'Only the chair (Morag Ellery) can close the evaluation' });
    expect(
      transitionEvaluation(inStatus('in_meeting'), 'circulate', { personId: NOTES, at: AT }).ok,
    ).toBe(false);
  });

  it('refuses events out of order', () => {
    const result = transitionEvaluation(inStatus('preparing'), 'circulate', {
      personId: CHAIR,
      at: AT,
    });
    expect(refusalOf(result)).toEqual({ kind: 'state', code: 'invalid_transition', message: 'You cannot circulate for comments while the evaluation is preparing' });
  });

  it('refuses to close while any standard is not completed, listing them', () => {
    const records = completedRecords()
      .map((r) => (r.standardNumber === '3.3' ? { ...r, agreedByGroup: false } : r))
      .filter((r) => r.standardNumber !== '6.4');
    const result = transitionEvaluation(inStatus('circulating'), 'close', {
      personId: CHAIR,
      at: AT,
      records,
    });
    const refusal = refusalOf(result);
    expect(refusal).toMatchObject({ kind: 'rule', code: 'incomplete_standards', message: '2 of the 28 standards are not completed yet, so the evaluation cannot be closed' });
    expect(refusal.kind === 'rule' ? refusal.failures.map((f) => [f.rule, f.message, f.field]) : []).toEqual([
      ['incomplete_standards', 'Standard 3.3 is not completed', 'standard-3.3'],
      ['incomplete_standards', 'Standard 6.4 is not completed', 'standard-6.4'],
    ]);
  });

  it('treats a closed evaluation as final', () => {
    const closed = anEvaluation({
      status: 'closed',
      history: [
        {
          from: 'circulating',
          to: 'closed',
          at: new Date('2025-03-20T16:00:00Z'),
          byPersonId: CHAIR,
        },
      ],
    });
    const result = transitionEvaluation(closed, 'close', { personId: CHAIR, at: AT });
    expect(refusalOf(result)).toEqual({ kind: 'state', code: 'evaluation_closed', message: 'This evaluation was closed on 20 March 2025 and is read-only' });
    expect(availableEvents(closed, CHAIR)).toEqual([]);
  });

  it('offers each person only the events they may trigger', () => {
    expect(availableEvents(inStatus('preparing'), NOTES)).toEqual(['start_meeting']);
    expect(availableEvents(inStatus('in_meeting'), CHAIR)).toEqual(['circulate', 'close']);
    expect(availableEvents(inStatus('in_meeting'), NOTES)).toEqual([]);
    expect(availableEvents(inStatus('circulating'), CHAIR)).toEqual(['close']);
  });
});

describe('what may change when', () => {
  it.each<[EvaluationStatus, string, boolean]>([
    ['preparing', 'early_thoughts', true],
    ['in_meeting', 'early_thoughts', false],
    ['preparing', 'standard_records', true],
    ['in_meeting', 'standard_records', true],
    ['circulating', 'standard_records', true],
    ['closed', 'standard_records', false],
    ['in_meeting', 'comments', false],
    ['circulating', 'comments', true],
    ['circulating', 'participants', false],
    ['closed', 'plan_actions', false],
  ])('%s: %s allowed = %s', (status, change, allowed) => {
    expect(checkCanChange(inStatus(status), change as never).ok).toBe(allowed);
  });

  it('explains a change refused because of the stage, and one refused because the evaluation is closed', () => {
    const early = checkCanChange(inStatus('in_meeting'), 'early_thoughts');
    expect(refusalOf(early)).toMatchObject({ kind: 'state', code: 'not_allowed_now' });
    expect(messageOf(early)).toMatch(/gathered before the meeting starts/);
    const closed = checkCanChange(inStatus('closed'), 'comments');
    expect(refusalOf(closed)).toMatchObject({ kind: 'state', code: 'evaluation_closed' });
  });
});

describe('updateStandardRecord', () => {
  const save = (expectedVersion = 0) => ({ expectedVersion, personId: NOTES, at: AT });

  it('saves each step as it goes and bumps the version', () => {
    const record = emptyStandardRecord('eval-1', '2.1');
    const result = updateStandardRecord(
      anEvaluation(),
      record,
      { extentMet: 'partly_met', mapNotes: 'Legal advice hard to reach at night' },
      save(),
    );
    expect(valueOf(result)).toMatchObject({
      extentMet: 'partly_met',
      version: 1,
      updatedAt: AT,
      updatedByPersonId: NOTES,
    });
  });

  it('detects two people editing the same standard: the second save is refused with a conflict', () => {
    const record = { ...emptyStandardRecord('eval-1', '2.1'), version: 3 };
    const result = updateStandardRecord(anEvaluation(), record, { extentMet: 'met' }, save(2));
    expect(refusalOf(result)).toMatchObject({ kind: 'conflict', currentVersion: 3 });
    expect(messageOf(result)).toMatch(/Someone else saved standard 2\.1/);
  });

  it('refuses edits to a closed evaluation', () => {
    const result = updateStandardRecord(
      inStatus('closed'),
      emptyStandardRecord('eval-1', '1.1'),
      { extentMet: 'met' },
      save(),
    );
    expect(refusalOf(result)).toMatchObject({ kind: 'state', code: 'evaluation_closed' });
  });

  it('records differing positions of the parts of the service, and derives the overall extent', () => {
    const result = updateStandardRecord(
      anEvaluation(),
      emptyStandardRecord('eval-1', '4.2'),
      {
        partPositions: [
          { partKey: 'daytime', extentMet: 'not_met', note: 'No TOIL policy' },
          { partKey: 'edt', extentMet: 'met', note: '' },
        ],
      },
      save(),
    );
    expect(partsDiffer(valueOf(result))).toBe(true);
    expect(effectiveExtentMet(valueOf(result))).toBe('partly_met');
  });

  it('refuses an overall extent that contradicts the parts (met overall while daytime does not meet it)', () => {
    const result = updateStandardRecord(
      anEvaluation(),
      emptyStandardRecord('eval-1', '4.2'),
      {
        extentMet: 'met',
        partPositions: [
          { partKey: 'daytime', extentMet: 'not_met', note: '' },
          { partKey: 'edt', extentMet: 'met', note: '' },
        ],
      },
      save(),
    );
    expect(fieldErrorsOf(result)[0]).toEqual({
      field: 'extentMet',
      message:
        'The parts of the service are recorded as not met by Daytime AMHP service and met by Emergency Duty Team (out of hours), so overall the standard is partly met, not met',
    });
  });

  it('refuses unknown or repeated parts of the service', () => {
    const result = updateStandardRecord(
      anEvaluation(),
      emptyStandardRecord('eval-1', '4.2'),
      {
        partPositions: [
          { partKey: 'edt', extentMet: 'met', note: '' },
          { partKey: 'edt', extentMet: 'met', note: '' },
          { partKey: 'night-owls', extentMet: 'met', note: '' },
        ],
      },
      save(),
    );
    expect(fieldErrorsOf(result).map((p) => p.message)).toEqual([
      'Record each part of the service once',
      '"night-owls" is not a part of this service',
    ]);
  });

  it('only lets the group agree a standard once Map, Evaluate and Rate are recorded', () => {
    const partial = aRecord('1.3').partlyMet().build();
    const refused = updateStandardRecord(anEvaluation(), partial, { agreedByGroup: true }, save());
    expect(fieldErrorsOf(refused)[0]?.message).toBe(
      'Record how effective the evidence is and all three risk ratings before marking the standard as agreed by the group',
    );
    const complete = aRecord('1.3').partlyMet().rated('high', 'medium', 'low').build();
    const agreed = updateStandardRecord(anEvaluation(), complete, { agreedByGroup: true }, save());
    expect(agreed.ok && agreed.value.agreedByGroup).toBe(true);
  });

  it('withdraws agreement when the judgement changes afterwards, but not for a notes edit', () => {
    const agreed = aRecord('1.3').partlyMet().rated('high', 'medium', 'low').agreed().build();
    const notes = updateStandardRecord(anEvaluation(), agreed, { mapNotes: 'typo fixed' }, save());
    expect(notes.ok && notes.value.agreedByGroup).toBe(true);
    const sameValue = updateStandardRecord(
      anEvaluation(),
      agreed,
      { extentMet: 'partly_met' },
      save(),
    );
    expect(sameValue.ok && sameValue.value.agreedByGroup).toBe(true);
    const changed = updateStandardRecord(
      anEvaluation(),
      agreed,
      { risk: { amhps: 'low', service: 'medium', organisation: 'low' } },
      save(),
    );
    expect(changed.ok && changed.value.agreedByGroup).toBe(false);
    const changedAndAgreed = updateStandardRecord(
      anEvaluation(),
      agreed,
      { extentMet: 'met', agreedByGroup: true },
      save(),
    );
    expect(changedAndAgreed.ok && changedAndAgreed.value.agreedByGroup).toBe(true);
  });
});

describe('task list', () => {
  it('shows not started, in progress and completed', () => {
    expect(standardTaskStatus(undefined)).toBe('not_started');
    expect(standardTaskStatus(emptyStandardRecord('e', '1.1'))).toBe('not_started');
    expect(
      standardTaskStatus({ ...emptyStandardRecord('e', '1.1'), planNotes: 'ask the DASS' }),
    ).toBe('in_progress');
    expect(standardTaskStatus(aRecord('1.1').met().rated('low', 'low', 'low').build())).toBe(
      'in_progress',
    );
    expect(
      standardTaskStatus(aRecord('1.1').met().rated('low', 'low', 'low').agreed().build()),
    ).toBe('completed');
  });

  it('names the missing steps', () => {
    expect(missingSteps(emptyStandardRecord('e', '1.1'))).toEqual(['map', 'evaluate', 'rate']);
    expect(missingSteps(aRecord('1.1').parts(['edt', 'met']).build())).toEqual([
      'evaluate',
      'rate',
    ]);
  });

  it('counts progress through the 28 standards overall and by chapter', () => {
    const records = completedRecords().slice(0, 9); // chapters 1 and 2 done
    records.push(aRecord('3.1').notMet().build());
    const progress = evaluationProgress(records);
    expect(progress).toMatchObject({
      total: 28,
      completed: 9,
      inProgress: 1,
      notStarted: 18,
      percentComplete: 32,
    });
    expect(progress.chapters.map((c) => `${c.completed}/${c.total}`)).toEqual([
      '4/4',
      '5/5',
      '0/4',
      '0/5',
      '0/6',
      '0/4',
    ]);
  });

  it('never shows 100% until all 28 are completed', () => {
    expect(evaluationProgress(completedRecords().slice(0, 27)).percentComplete).toBe(96);
    expect(evaluationProgress(completedRecords()).percentComplete).toBe(100);
  });
});

describe('extentFromParts', () => {
  it.each([
    [['met', 'met'], 'met'],
    [['not_met', 'not_met'], 'not_met'],
    [['met', 'not_met'], 'partly_met'],
    [['partly_met', 'not_met'], 'partly_met'],
    [[], null],
  ] as const)('%j → %s', (extents, expected) => {
    expect(
      extentFromParts(extents.map((extentMet, i) => ({ partKey: `p${i}`, extentMet, note: '' }))),
    ).toBe(expected);
  });
});

describe('early thoughts and comments', () => {
  const author = { personId: 'p-day', name: 'Ines Marchetti' };

  it('takes early thoughts, including views gathered from people who cannot attend, only before the meeting', () => {
    const thought = {
      id: 't1',
      standardNumber: '4.1' as const,
      author,
      text: ' Lone visits still happen at night ',
      gatheredFrom: 'Two EDT AMHPs',
      createdAt: AT,
    };
    const before = addEarlyThought(inStatus('preparing'), thought);
    expect(before.ok && before.value).toMatchObject({
      evaluationId: 'eval-1',
      text: 'Lone visits still happen at night',
      gatheredFrom: 'Two EDT AMHPs',
    });
    expect(addEarlyThought(inStatus('in_meeting'), thought).ok).toBe(false);
    const empty = addEarlyThought(inStatus('preparing'), { ...thought, text: '  ' });
    expect(messageOf(empty)).toBe('Enter your thoughts');
  });

  it('takes comments only while circulating', () => {
    const comment = {
      id: 'c1',
      standardNumber: null,
      author,
      text: 'Agree with the priorities',
      createdAt: AT,
    };
    expect(addCirculationComment(inStatus('circulating'), comment).ok).toBe(true);
    expect(addCirculationComment(inStatus('in_meeting'), comment).ok).toBe(false);
    const closed = addCirculationComment(inStatus('closed'), comment);
    expect(refusalOf(closed)).toMatchObject({ kind: 'state', code: 'evaluation_closed' });
  });
});
