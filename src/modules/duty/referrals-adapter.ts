import type { ReferralDutyReads, ReferralDutyRow } from '../referrals/referral-duty-reads.js';
import type { ReferralService } from '../referrals/referral-service.js';
import type { DutyReferral, DutyReferralsPort } from './duty-referrals-port.js';

// Duty sits above referrals: it adapts the referrals service to what the duty day needs.

function toDuty(r: ReferralDutyRow): DutyReferral {
  return {
    id: r.id,
    reference: r.reference,
    status: r.status,
    stageLabel: r.stageLabel,
    open: r.open,
    receivedAt: r.receivedAt,
    // For the sheet a referral with its outcome recorded is done, even before it is closed.
    closedAt: r.closedAt ?? r.outcomeRecordedAt,
    outcome: r.outcome,
    reviewerId: r.reviewerId,
    allocatedAmhpId: r.allocatedAmhpId,
    lssaId: r.lssaId,
    source: r.source,
    urgency: r.urgency,
    version: r.version,
  };
}

export function referralsPort(service: ReferralService, reads: ReferralDutyReads): DutyReferralsPort {
  return {
    available: true,
    openReferrals: async () => (await reads.open()).map(toDuty),
    referralsActiveSince: async (from) => (await reads.activeSince(from)).map(toDuty),
    receivedBetween: async (from, to) => (await reads.receivedBetween(from, to)).map(toDuty),
    closedBetween: async (from, to) => (await reads.completedBetween(from, to)).map((r) => ({ ...toDuty(r), closedAt: r.outcomeRecordedAt ?? r.closedAt })),
    get: async (id) => {
      const row = await reads.get(id);
      return row ? toDuty(row) : undefined;
    },
    allocate: async (ctx, referralId, amhpId, expectedVersion, overrideReason) => {
      await service.allocate(ctx, referralId, { amhpId, version: expectedVersion, ...(overrideReason ? { overrideReason } : {}) });
    },
    addTimelineEvent: (trx, ctx, referralId, event) => service.addTimelineEvent(trx, ctx, referralId, event.kind, event.summary, event.data),
    delaysOn: async (from, to) =>
      (await reads.completedBetween(from, to)).filter((r) => r.delayCause !== null).map((r) => ({ referralId: r.id, cause: r.delayCause as string })),
  };
}
