import { describe, expect, it } from 'vitest';
import {
  INITIAL_REFERRAL_STATE,
  availableEvents,
  canTransition,
  transition,
} from './referral-lifecycle.js';
import type { ReferralEvent, ReferralState } from './referral-lifecycle.js';

function run(...events: ReferralEvent[]): ReferralState {
  let state = INITIAL_REFERRAL_STATE;
  for (const event of events) {
    const result = transition(state, event);
    if (!result.ok) throw new Error(result.message);
    state = result.state;
  }
  return state;
}

const proceed: ReferralEvent = { type: 'decide', decision: 'proceed' };
const notProceed: ReferralEvent = { type: 'decide', decision: 'not_proceed' };
const moreInfo: ReferralEvent = { type: 'decide', decision: 'more_information_needed' };

describe('referral lifecycle: the main path', () => {
  it('goes received → decided → allocated → in assessment → outcome recorded → closed', () => {
    const states = [proceed, { type: 'allocate' }, { type: 'start_assessment' }, { type: 'record_outcome' }, { type: 'close' }] as ReferralEvent[];
    let state = INITIAL_REFERRAL_STATE;
    const seen: string[] = [state.status];
    for (const event of states) {
      const result = transition(state, event);
      expect(result).toMatchObject({ ok: true });
      state = (result as { state: ReferralState }).state;
      seen.push(state.status);
    }
    expect(seen).toEqual(['received', 'decided', 'allocated', 'in_assessment', 'outcome_recorded', 'closed']);
    expect(state.decision).toBe('proceed');
  });
});

describe('decisions', () => {
  it('"more information needed" waits, then returns to the Lead to decide again', () => {
    const waiting = run(moreInfo);
    expect(waiting).toEqual({ status: 'awaiting_information', decision: null });
    expect(run(moreInfo, { type: 'information_received' }).status).toBe('received');
    expect(run(moreInfo, proceed).status).toBe('decided');
  });

  it('"do not proceed" is recorded, cannot be allocated, and then closes', () => {
    const declined = run(notProceed);
    expect(declined).toEqual({ status: 'decided', decision: 'not_proceed' });
    const refused = transition(declined, { type: 'allocate' });
    expect(refused).toMatchObject({ ok: false, code: 'illegal_transition', message: expect.stringContaining('not to proceed') });
    expect(run(notProceed, { type: 'close' }).status).toBe('closed');
  });

  it('cannot decide twice', () => {
    const result = transition(run(proceed), notProceed);
    expect(result.ok).toBe(false);
  });
});

describe('illegal moves are refused with a clear message', () => {
  it('cannot allocate before a decision', () => {
    const result = transition(INITIAL_REFERRAL_STATE, { type: 'allocate' });
    expect(result).toMatchObject({ ok: false, code: 'illegal_transition', event: 'allocate', message: 'The AMHP Lead must record a decision to proceed before an AMHP can be allocated.' });
  });

  it('cannot record an outcome before the assessment starts', () => {
    const result = transition(run(proceed, { type: 'allocate' }), { type: 'record_outcome' });
    expect(result).toMatchObject({ ok: false, message: 'Start the assessment before recording its outcome.' });
  });

  it('cannot close an allocated referral', () => {
    const result = transition(run(proceed, { type: 'allocate' }), { type: 'close' });
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining('Record the outcome') });
  });

  it('nothing happens to a closed or withdrawn referral', () => {
    const closed = run(notProceed, { type: 'close' });
    const withdrawn = run({ type: 'withdraw', reason: 'Referrer confirmed the person has been admitted informally.' });
    for (const state of [closed, withdrawn]) {
      expect(availableEvents(state)).toEqual([]);
      const result = transition(state, proceed);
      expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/Open a new referral/) });
    }
  });
});

describe('reallocation, correction and withdrawal', () => {
  it('reallocating keeps the status', () => {
    expect(run(proceed, { type: 'allocate' }, { type: 'allocate' }).status).toBe('allocated');
    expect(run(proceed, { type: 'allocate' }, { type: 'start_assessment' }, { type: 'allocate' }).status).toBe('in_assessment');
  });

  it('an outcome can be reopened for correction before closing', () => {
    expect(
      run(proceed, { type: 'allocate' }, { type: 'start_assessment' }, { type: 'record_outcome' }, { type: 'reopen_assessment' }).status,
    ).toBe('in_assessment');
  });

  it('can withdraw from any open state before the outcome, with a reason', () => {
    const openStates = [
      INITIAL_REFERRAL_STATE,
      run(moreInfo),
      run(proceed),
      run(proceed, { type: 'allocate' }),
      run(proceed, { type: 'allocate' }, { type: 'start_assessment' }),
    ];
    for (const state of openStates) {
      expect(transition(state, { type: 'withdraw', reason: 'Duplicate of another referral.' })).toMatchObject({ ok: true, state: { status: 'withdrawn' } });
    }
  });

  it('refuses a withdrawal without a reason', () => {
    const result = transition(INITIAL_REFERRAL_STATE, { type: 'withdraw', reason: '   ' });
    expect(result).toMatchObject({ ok: false, code: 'reason_required' });
  });

  it('cannot withdraw once an outcome is recorded', () => {
    const result = transition(run(proceed, { type: 'allocate' }, { type: 'start_assessment' }, { type: 'record_outcome' }), { type: 'withdraw', reason: 'x' });
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining('cannot be withdrawn') });
  });
});

describe('what the page offers', () => {
  it('lists the possible actions for each state', () => {
    expect(availableEvents(INITIAL_REFERRAL_STATE)).toEqual(['decide', 'withdraw']);
    expect(availableEvents(run(moreInfo))).toEqual(['decide', 'information_received', 'withdraw']);
    expect(availableEvents(run(proceed))).toEqual(['allocate', 'withdraw']);
    expect(availableEvents(run(notProceed))).toEqual(['close', 'withdraw']);
    expect(availableEvents(run(proceed, { type: 'allocate' }, { type: 'start_assessment' }, { type: 'record_outcome' }))).toEqual([
      'reopen_assessment',
      'close',
    ]);
    expect(canTransition(run(proceed), 'allocate')).toBe(true);
  });

});
