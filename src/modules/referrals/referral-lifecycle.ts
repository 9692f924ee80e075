// The referral lifecycle as a pure state machine.
//
//   received ──decide(proceed)──────────▶ decided(proceed) ──allocate──▶ allocated
//      │  ▲                                                             │ ▲ (reallocate)
//      │  └─information_received──┐                       start_assessment
//      │                          │                                     ▼
//      ├─decide(more_information)─▶ awaiting_information          in_assessment ◀─┐
//      │                                                                │      reopen
//      └─decide(not_proceed)──▶ decided(not_proceed) ──close──┐   record_outcome  │
//                                                             ▼         ▼         │
//                                                          closed ◀─close─ outcome_recorded
//   withdraw: from any open state before an outcome is recorded ──▶ withdrawn
//
// Decisions taken here (see the report of the referrals domain work):
// - "More information needed" is a decision but not a final one: the referral waits in
//   `awaiting_information` and returns to `received` for the Lead to decide again.
// - "Do not proceed" is a signed decision, so it is recorded (`decided`), and the referral
//   is then closed once the referrer has had feedback; it cannot be allocated.
// - Reallocation keeps the status, so an AMHP can hand an assessment in progress to EDT.
// - An outcome can be reopened for correction until the referral is closed.

import type { DecisionKind } from './referral-codes.js';

export type ReferralStatus =
  | 'received'
  | 'awaiting_information'
  | 'decided'
  | 'allocated'
  | 'in_assessment'
  | 'outcome_recorded'
  | 'closed'
  | 'withdrawn';

export const REFERRAL_STATUS_LABELS: Readonly<Record<ReferralStatus, string>> = {
  received: 'Received',
  awaiting_information: 'Awaiting information',
  decided: 'Decided',
  allocated: 'Allocated',
  in_assessment: 'In assessment',
  outcome_recorded: 'Outcome recorded',
  closed: 'Closed',
  withdrawn: 'Withdrawn',
};

export const OPEN_REFERRAL_STATUSES: readonly ReferralStatus[] = [
  'received',
  'awaiting_information',
  'decided',
  'allocated',
  'in_assessment',
  'outcome_recorded',
];

export interface ReferralState {
  readonly status: ReferralStatus;
  /** Set once the Lead has decided to proceed or not; null before that. */
  readonly decision: Exclude<DecisionKind, 'more_information_needed'> | null;
}

export type ReferralEvent =
  | { type: 'decide'; decision: DecisionKind }
  | { type: 'information_received' }
  | { type: 'allocate' }
  | { type: 'start_assessment' }
  | { type: 'record_outcome' }
  | { type: 'reopen_assessment' }
  | { type: 'close' }
  | { type: 'withdraw'; reason: string };

export type ReferralEventType = ReferralEvent['type'];

export const REFERRAL_EVENT_LABELS: Readonly<Record<ReferralEventType, string>> = {
  decide: 'record the decision',
  information_received: 'record that the information has arrived',
  allocate: 'allocate an AMHP',
  start_assessment: 'start the assessment',
  record_outcome: 'record the outcome',
  reopen_assessment: 'reopen the assessment to correct it',
  close: 'close the referral',
  withdraw: 'withdraw the referral',
};

export type TransitionRefusal = {
  ok: false;
  code: 'illegal_transition' | 'reason_required';
  from: ReferralState;
  event: ReferralEventType;
  message: string;
};

export type TransitionResult = { ok: true; state: ReferralState } | TransitionRefusal;

export const INITIAL_REFERRAL_STATE: ReferralState = { status: 'received', decision: null };

const WITHDRAWABLE: readonly ReferralStatus[] = [
  'received',
  'awaiting_information',
  'decided',
  'allocated',
  'in_assessment',
];

function nextState(state: ReferralState, event: ReferralEvent): ReferralState | null {
  const { status } = state;
  switch (event.type) {
    case 'decide':
      if (status !== 'received' && status !== 'awaiting_information') return null;
      if (event.decision === 'more_information_needed') {
        return { status: 'awaiting_information', decision: null };
      }
      return { status: 'decided', decision: event.decision };
    case 'information_received':
      return status === 'awaiting_information' ? { status: 'received', decision: null } : null;
    case 'allocate':
      if (status === 'decided' && state.decision === 'proceed') return { ...state, status: 'allocated' };
      if (status === 'allocated' || status === 'in_assessment') return state;
      return null;
    case 'start_assessment':
      return status === 'allocated' ? { ...state, status: 'in_assessment' } : null;
    case 'record_outcome':
      return status === 'in_assessment' ? { ...state, status: 'outcome_recorded' } : null;
    case 'reopen_assessment':
      return status === 'outcome_recorded' ? { ...state, status: 'in_assessment' } : null;
    case 'close':
      if (status === 'outcome_recorded') return { ...state, status: 'closed' };
      if (status === 'decided' && state.decision === 'not_proceed') return { ...state, status: 'closed' };
      return null;
    case 'withdraw':
      return WITHDRAWABLE.includes(status) ? { ...state, status: 'withdrawn' } : null;
  }
}

function refusalMessage(state: ReferralState, event: ReferralEvent): string {
  const action = REFERRAL_EVENT_LABELS[event.type];
  const current = REFERRAL_STATUS_LABELS[state.status].toLowerCase();
  switch (state.status) {
    case 'closed':
      return `This referral is closed, so you cannot ${action}. Open a new referral if the person needs another assessment.`;
    case 'withdrawn':
      return `This referral was withdrawn, so you cannot ${action}. Open a new referral if the person needs another assessment.`;
    default:
      break;
  }
  if (event.type === 'allocate' && state.status === 'decided' && state.decision === 'not_proceed') {
    return 'The decision was not to proceed to an assessment, so there is nothing to allocate. Close the referral once the referrer has had feedback.';
  }
  if (event.type === 'allocate' && (state.status === 'received' || state.status === 'awaiting_information')) {
    return 'The AMHP Lead must record a decision to proceed before an AMHP can be allocated.';
  }
  if (event.type === 'close' && state.status !== 'outcome_recorded') {
    return `The referral is ${current}. Record the outcome (or a decision not to proceed) before closing it, or withdraw it if it is no longer needed.`;
  }
  if (event.type === 'record_outcome' && state.status === 'allocated') {
    return 'Start the assessment before recording its outcome.';
  }
  if (event.type === 'withdraw' && state.status === 'outcome_recorded') {
    return 'An outcome has been recorded, so the referral cannot be withdrawn. Reopen the assessment to correct it, or close the referral.';
  }
  return `The referral is ${current}, so you cannot ${action} now.`;
}

export function transition(state: ReferralState, event: ReferralEvent): TransitionResult {
  const next = nextState(state, event);
  if (next === null) {
    return { ok: false, code: 'illegal_transition', from: state, event: event.type, message: refusalMessage(state, event) };
  }
  if (event.type === 'withdraw' && event.reason.trim().length === 0) {
    return {
      ok: false,
      code: 'reason_required',
      from: state,
      event: event.type,
      message: 'Say why the referral is being withdrawn (for example, the referrer no longer needs an assessment).',
    };
  }
  return { ok: true, state: next };
}

const PROBE_EVENTS: Readonly<Record<ReferralEventType, ReferralEvent>> = {
  decide: { type: 'decide', decision: 'proceed' },
  information_received: { type: 'information_received' },
  allocate: { type: 'allocate' },
  start_assessment: { type: 'start_assessment' },
  record_outcome: { type: 'record_outcome' },
  reopen_assessment: { type: 'reopen_assessment' },
  close: { type: 'close' },
  withdraw: { type: 'withdraw', reason: 'probe' },
};

/** Whether the event could happen now (ignoring its details, such as a blank reason). */
export function canTransition(state: ReferralState, eventType: ReferralEventType): boolean {
  return nextState(state, PROBE_EVENTS[eventType]) !== null;
}

/** The actions to offer on the page for a referral in this state. */
export function availableEvents(state: ReferralState): ReferralEventType[] {
  return (Object.keys(PROBE_EVENTS) as ReferralEventType[]).filter((type) => canTransition(state, type));
}
