// TRANSITION (module shell): the assessment feature's ports, implemented here from the intake
// half's ReferralService and the platform's audit log so that the assessment worktree runs. The
// intake half owns the real implementation of AssessmentReferralPort; the coordinator keeps one.

import type { Kysely } from 'kysely';
import { tablesFor, type AnyHandle, type Tx } from '../../db/database.js';
import { NotFoundError } from '../../platform/errors.js';
import type { AuditLog } from '../../platform/audit.js';
import type { AssessmentAudit, AssessmentReferralPort, AssessmentTx } from './assessment/assessment-port.js';
import { AssessmentPortRepository } from './assessment-port-repository.js';
import type { ReferralService } from './referral-service.js';
import type { ReferralsModuleTables, ReferralsTables } from './referrals-tables.js';

/** The same transaction, seen with the referrals tables (one unit of work across the two halves). */
const asReferralTx = (trx: AssessmentTx): Tx<ReferralsTables> => trx as unknown as Tx<ReferralsTables>;

export function assessmentReferralPort(referrals: ReferralService, db: AnyHandle): AssessmentReferralPort {
  const repository = new AssessmentPortRepository();
  const own: Kysely<ReferralsTables> = tablesFor<ReferralsTables>(db);
  return {
    async getReferral(ctx, id) {
      const referral = await repository.referral(own, id);
      if (!referral) throw new NotFoundError('The referral');
      await referrals.access.assertMayRead(ctx, referral);
      return referral;
    },
    async getReferralForRecord(ctx, id) {
      const row = await repository.referralWithGrants(own, id, ctx.actor.personId, referrals.access.grantsValidAt());
      if (!row) throw new NotFoundError('The referral');
      const { heldGrants, ...referral } = row;
      const held = new Set(heldGrants);
      await referrals.access.assertMayRead(ctx, referral, undefined, held);
      return { referral, editing: await referrals.access.mayEdit(ctx, referral, undefined, held) };
    },
    mayEdit: (ctx, referral) => referrals.access.mayEdit(ctx, referral),
    assertMayEdit: (trx, ctx, referral, returnTo) => referrals.access.assertMayEdit(ctx, referral, returnTo, tablesFor<ReferralsModuleTables>(trx as unknown as AnyHandle)),
    findForUpdate: (trx, id) => referrals.findForUpdate(asReferralTx(trx), id),
    applyLifecycleEvent: (trx, ctx, referralId, event) => referrals.applyLifecycleEvent(asReferralTx(trx), ctx, referralId, event),
    addTimelineEvent: (trx, ctx, referralId, kind, summary, data) => referrals.addTimelineEvent(asReferralTx(trx), ctx, referralId, kind, summary, data),
    referralIdsAllocatedTo: (personId) => repository.idsAllocatedTo(own, personId),
    demoReferralsInAssessment: () => repository.demoInAssessment(own),
  };
}

/** The audit log writing in the assessment's transaction. */
export function assessmentAudit(audit: AuditLog): AssessmentAudit {
  return { record: (trx, ctx, entry) => audit.record(trx as unknown as AnyHandle, ctx, entry) };
}
