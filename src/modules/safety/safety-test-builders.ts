// Small builders for the safety tests (imported only by *.test.ts files).

import { type Visit, type NewVisitInput, startVisit } from './visit.js';
import { type LadderStep, escalationPolicy, type EscalationPolicy } from './overdue-escalation.js';
import { type AdditionalHoursClaim } from './additional-hours.js';

export const at = (iso: string): Date => new Date(iso);

export function newVisitInput(overrides: Partial<NewVisitInput> = {}): NewVisitInput {
  return {
    id: 'visit-1',
    amhpId: 'amhp-ava',
    place: '14 Example Road, Anytown',
    referralId: 'ref-100',
    companions: [{ kind: 'colleague', name: 'Sam Colleague' }],
    phone: '07700 900123',
    expectedFinishAt: at('2025-03-10T12:00:00Z'),
    ...overrides,
  };
}

/** A visit started at 10:00 UTC on 10 March 2025, expected to finish at 12:00. */
export function aVisit(overrides: Partial<NewVisitInput> = {}, now = at('2025-03-10T10:00:00Z')): Visit {
  const result = startVisit(newVisitInput(overrides), now);
  if (!result.ok) throw new Error(`bad test visit: ${JSON.stringify(result.errors)}`);
  return result.value;
}

export const LADDER: LadderStep[] = [
  { roleLabel: 'On-call manager', personLabel: 'Pat Oncall', contactNumber: '01632 960001' },
  { roleLabel: 'Team manager', personLabel: null, contactNumber: '01632 960002' },
  { roleLabel: 'Head of service', personLabel: 'Robin Head', contactNumber: '01632 960003' },
];

export function aPolicy(overrides: Partial<Omit<EscalationPolicy, 'ladder'>> = {}, ladder = LADDER): EscalationPolicy {
  return escalationPolicy(ladder, overrides);
}

export function aClaim(overrides: Partial<AdditionalHoursClaim> = {}): AdditionalHoursClaim {
  return {
    id: 'claim-1',
    amhpId: 'amhp-ava',
    startAt: at('2025-03-10T17:00:00Z'),
    endAt: at('2025-03-10T19:30:00Z'),
    reason: 'bed_delay',
    reasonDetail: null,
    referralId: null,
    submittedAt: at('2025-03-11T09:00:00Z'),
    status: 'submitted',
    compensation: null,
    decidedBy: null,
    decidedAt: null,
    declineReason: null,
    ...overrides,
  };
}
