import type { ServiceContext } from '../../platform/audit.js';
import type { ReferralDutyReads } from '../referrals/referral-duty-reads.js';
import type { DutyReferralsPort, TimelineEvent } from './duty-referrals-port.js';

// Duty sits above referrals: the composition root hands duty the reads referrals publishes
// for it and the two writes duty asks of referrals, and this adapts them to duty's port. The
// rows pass through unchanged (one row type, `ReferralDutyRow`).

export interface ReferralWrites {
  allocate(ctx: ServiceContext, referralId: string, command: { amhpId: string; version: number; overrideReason: string | null }): Promise<unknown>;
  addTimelineEvent(trx: never, ctx: ServiceContext, referralId: string, kind: string, summary: string, data?: Record<string, unknown>): Promise<void>;
}

export function referralsPort(reads: ReferralDutyReads, writes: ReferralWrites): DutyReferralsPort {
  return {
    available: true,
    open: (limit) => reads.open(limit),
    forSheet: (input) => reads.forSheet(input),
    receivedBetween: (from, to) => reads.receivedBetween(from, to),
    completedBetween: (from, to) => reads.completedBetween(from, to),
    get: (id) => reads.get(id),
    waits: (ids) => reads.waits(ids),
    allocate: async (ctx, referralId, command) => {
      await writes.allocate(ctx, referralId, command);
    },
    // The transaction is the same connection seen through duty's tables; referrals records its
    // timeline line in it, so both commit or neither does.
    addTimelineEvent: (trx, ctx, referralId, event: TimelineEvent) => writes.addTimelineEvent(trx as never, ctx, referralId, event.kind, event.summary, event.data),
  };
}
