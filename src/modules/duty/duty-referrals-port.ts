import type { ServiceContext } from '../../platform/audit.js';
import type { ReferralDutyReads, ReferralDutyRow } from '../referrals/referral-duty-reads.js';

// What the duty module needs from the referrals module. The rows are the ones referrals
// publishes for duty (`ReferralDutyRow`: references only, no names); the composition root
// adapts the referrals service to this port (referrals-adapter.ts). Duty never reads the
// referrals tables itself, and referrals never imports duty.

export type DutyReferral = ReferralDutyRow;

/** A line on a referral's timeline, written in duty's transaction (handover sent, accepted, withdrawn). */
export interface TimelineEvent {
  kind: string;
  summary: string;
  data?: Record<string, unknown>;
}

export interface DutyReferralsPort extends Pick<ReferralDutyReads, 'open' | 'forSheet' | 'receivedBetween' | 'completedBetween' | 'get' | 'waits'> {
  /** False until the referrals module is composed: duty pages then show rota and handovers only. */
  readonly available: boolean;
  /** Allocation through the referrals service: version-checked, the reviewer rule enforced there too. */
  allocate(ctx: ServiceContext, referralId: string, command: { amhpId: string; version: number; overrideReason: string | null }): Promise<void>;
  /**
   * Adds a timeline event inside duty's open transaction (`trx` is duty's handle on the shared
   * connection), so the handover and its timeline line commit together.
   */
  addTimelineEvent(trx: unknown, ctx: ServiceContext, referralId: string, event: TimelineEvent): Promise<void>;
}

export const NO_REFERRALS: DutyReferralsPort = {
  available: false,
  open: async () => [],
  forSheet: async () => ({ rows: [], digest: null }),
  receivedBetween: async () => [],
  completedBetween: async () => [],
  get: async () => undefined,
  waits: async () => new Map(),
  allocate: async () => {
    throw new Error('The referrals module is not available');
  },
  addTimelineEvent: async () => undefined,
};
