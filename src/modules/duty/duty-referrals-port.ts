import type { Tx } from '../../db/database.js';
import type { ServiceContext } from '../../platform/audit.js';

// What the duty module needs from the referrals module. The composition root adapts
// `services.referrals` to this port; duty never reads the referrals tables itself.

export interface DutyReferral {
  id: string;
  reference: string;
  status: string;
  /** Words for the board: "Received", "Allocated", "In assessment"… */
  stageLabel: string;
  open: boolean;
  receivedAt: Date;
  closedAt: Date | null;
  /** Short outcome once known ("Detained s2"), else null. */
  outcome: string | null;
  /** Whoever reviewed (decided) the referral: they should not then assess it. */
  reviewerId: string | null;
  allocatedAmhpId: string | null;
  lssaId: string | null;
  source: string | null;
  urgency: string | null;
  version: number;
}

export interface DutyReferralsPort {
  /** False until the referrals module is composed: duty pages then show rota and handovers only. */
  readonly available: boolean;
  openReferrals(): Promise<DutyReferral[]>;
  /** Open referrals plus any received or closed at or after `from`. */
  referralsActiveSince(from: Date): Promise<DutyReferral[]>;
  receivedBetween(from: Date, to: Date): Promise<DutyReferral[]>;
  closedBetween(from: Date, to: Date): Promise<DutyReferral[]>;
  get(id: string): Promise<DutyReferral | undefined>;
  /** Allocation through the referrals service: version-checked, reviewer rule enforced there too. */
  allocate(ctx: ServiceContext, referralId: string, amhpId: string, expectedVersion: number, overrideReason: string | null): Promise<void>;
  /** A line on the referral's timeline (who holds responsibility, handover sent/accepted). */
  addTimelineEvent(trx: Tx, ctx: ServiceContext, referralId: string, event: { kind: string; summary: string; data?: Record<string, unknown> }): Promise<void>;
  /** Delays recorded against referrals on a London date, with their cause label. */
  delaysOn(from: Date, to: Date): Promise<Array<{ referralId: string; cause: string }>>;
}

export const NO_REFERRALS: DutyReferralsPort = {
  available: false,
  openReferrals: async () => [],
  referralsActiveSince: async () => [],
  receivedBetween: async () => [],
  closedBetween: async () => [],
  get: async () => undefined,
  allocate: async () => {
    throw new Error('The referrals module is not available');
  },
  addTimelineEvent: async () => undefined,
  delaysOn: async () => [],
};
