/**
 * The out-of-hours on-call ladder, live (Partnership Working Practice Guidance, Multi Agency
 * Escalation Practice §6.1):
 *  a) call the On-Call Manager on the directory number (and only that number, b);
 *  c) no answer: await a call back;
 *  d) urgent: call the On-Call Manager again; no answer: the EDT Team Manager or Service Manager;
 *  e) no answer: the Head of Service or Assistant Director;
 *  f) not urgent: wait 15 minutes and call the On-Call Manager again, repeated, then escalate.
 * Every attempt is recorded (time, number, answered or not) so the trail is evidence. Pure.
 */
import { addMinutes } from '../../platform/london-time.js';

export const LADDER_STEPS = ['on_call_manager', 'on_call_manager_again', 'team_manager', 'head_of_service'] as const;
export type LadderStepKey = (typeof LADDER_STEPS)[number];
export const LADDER_STEP_LABELS: Record<LadderStepKey, string> = {
  on_call_manager: 'Call the on-call manager',
  on_call_manager_again: 'Call the on-call manager again',
  team_manager: 'Call the EDT team manager or service manager',
  head_of_service: 'Call the head of service or assistant director',
};
/** Which rung of the directory's out-of-hours contacts each step calls. */
export const STEP_RUNG: Record<LadderStepKey, 1 | 2 | 3> = { on_call_manager: 1, on_call_manager_again: 1, team_manager: 2, head_of_service: 3 };

/** §6.1 f: a matter that is not urgent waits this long between calls. */
export const RETRY_MINUTES = 15;
/** Not urgent: after this many unanswered calls to the on-call manager, "the situation will be escalated". */
export const NOT_URGENT_ON_CALL_TRIES = 3;

export interface CallAttempt {
  step: LadderStepKey;
  at: Date;
  answered: boolean;
}

export type NextStep =
  | { kind: 'call'; step: LadderStepKey }
  | { kind: 'wait'; until: Date; then: LadderStepKey }
  | { kind: 'reached'; step: LadderStepKey; at: Date }
  | { kind: 'exhausted' };

function nextAfter(attempts: readonly CallAttempt[], urgent: boolean): LadderStepKey | null {
  const last = attempts.at(-1);
  if (!last) return 'on_call_manager';
  if (urgent) {
    const index = LADDER_STEPS.indexOf(last.step);
    return LADDER_STEPS[index + 1] ?? null;
  }
  const onCallTries = attempts.filter((a) => STEP_RUNG[a.step] === 1).length;
  if (STEP_RUNG[last.step] === 1) return onCallTries < NOT_URGENT_ON_CALL_TRIES ? 'on_call_manager_again' : 'team_manager';
  return last.step === 'team_manager' ? 'head_of_service' : null;
}

/** What the officer does next, given the calls so far (oldest first). */
export function nextStep(attempts: readonly CallAttempt[], urgent: boolean, now: Date): NextStep {
  const answered = attempts.find((a) => a.answered);
  if (answered) return { kind: 'reached', step: answered.step, at: answered.at };
  const step = nextAfter(attempts, urgent);
  if (!step) return { kind: 'exhausted' };
  const last = attempts.at(-1);
  if (!urgent && last) {
    const until = addMinutes(last.at, RETRY_MINUTES);
    if (now.getTime() < until.getTime()) return { kind: 'wait', until, then: step };
  }
  return { kind: 'call', step };
}
