import { describe, expect, it } from 'vitest';
import { instantOf } from '../../platform/london-time.js';
import { type CallAttempt, nextStep } from './on-call-ladder.js';

const at = (time: string) => instantOf(`2026-03-10T${time}`);
const missed = (step: CallAttempt['step'], time: string): CallAttempt => ({ step, at: at(time), answered: false });

describe('the on-call ladder (§6.1)', () => {
  it('starts with the on-call manager', () => {
    expect(nextStep([], true, at('23:00'))).toEqual({ kind: 'call', step: 'on_call_manager' });
  });

  it('urgent: no answer → call again → team or service manager → head of service → nobody left', () => {
    const calls: CallAttempt[] = [];
    const steps: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const next = nextStep(calls, true, at('23:10'));
      steps.push(next.kind === 'call' ? next.step : next.kind);
      if (next.kind === 'call') calls.push(missed(next.step, '23:05'));
    }
    expect(steps).toEqual(['on_call_manager', 'on_call_manager_again', 'team_manager', 'head_of_service', 'exhausted']);
  });

  it('not urgent: waits 15 minutes after an unanswered call, then calls the on-call manager again', () => {
    const calls = [missed('on_call_manager', '23:00')];
    expect(nextStep(calls, false, at('23:14'))).toEqual({ kind: 'wait', until: at('23:15'), then: 'on_call_manager_again' });
    expect(nextStep(calls, false, at('23:15'))).toEqual({ kind: 'call', step: 'on_call_manager_again' });
  });

  it('not urgent: after three unanswered calls, escalates to the team manager', () => {
    const calls = [missed('on_call_manager', '23:00'), missed('on_call_manager_again', '23:15'), missed('on_call_manager_again', '23:30')];
    expect(nextStep(calls, false, at('23:46'))).toEqual({ kind: 'call', step: 'team_manager' });
  });

  it('stops once someone answers', () => {
    const calls = [missed('on_call_manager', '23:00'), { step: 'on_call_manager_again' as const, at: at('23:02'), answered: true }];
    expect(nextStep(calls, true, at('23:10'))).toEqual({ kind: 'reached', step: 'on_call_manager_again', at: at('23:02') });
  });
});
