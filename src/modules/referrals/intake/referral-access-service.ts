// Need-to-know with break-glass (docs/access.md). Every read of a referral (page, API, assessment,
// letters) asks `assertMayRead`; every change to an assessment asks `assertMayEdit`. A person
// outside need-to-know records a reason, which opens the record for them for a while, is audited,
// and waits in the AMHP Lead's review list.

import { inTransaction } from '../../../db/database.js';
import type { AuditLog, ServiceContext } from '../../../platform/audit.js';
import type { Clock } from '../../../platform/clock.js';
import { ConflictError, ForbiddenError, NotFoundError, ReasonRequiredError, StateError, ValidationError } from '../../../platform/errors.js';
import { requireRole } from '../../../platform/roles.js';
import { referralPaths } from '../referrals-paths.js';
import { ACCESS_LOG_READERS, REFERRAL_READERS } from './referral-access.js';
import { ReferralAccessRepository, type AccessGrantRow } from './referral-access-repository.js';
import type { ReferralRepository, ReferralsDb } from './referral-repository.js';
import { ASSESSMENT_TAKE_OVER_ROLES, editAccess, grantExpiry, readAccess, reasonProblem, seesWholeService, type GrantKind, type RecordFacts } from './need-to-know.js';

/** What the access rules are built with (the same as every referral use case). */
export interface ReferralAccessDeps {
  db: ReferralsDb;
  clock: Clock;
  audit: AuditLog;
}

export interface AccessFacts extends RecordFacts {
  id: string;
}

export class ReferralAccessService {
  private readonly grants = new ReferralAccessRepository();

  constructor(
    private readonly deps: ReferralAccessDeps,
    private readonly referrals: ReferralRepository,
  ) {}

  /**
   * The instant a grant must outlast to count now: for a page that reads the grants this person
   * holds with the record, in the same statement (`held` below), instead of asking again.
   */
  grantsValidAt(): Date {
    return this.deps.clock.now();
  }

  /**
   * Throws ReasonRequiredError when the record is outside the reader's need-to-know. `held`: the
   * kinds of grant this person holds on it now, when already read with the record (else read here).
   */
  async assertMayRead(ctx: ServiceContext, referral: AccessFacts, db: ReferralsDb = this.deps.db, held?: ReadonlySet<GrantKind>): Promise<void> {
    const first = readAccess(ctx.actor, referral, false);
    if (first.may) return;
    const kinds = held ?? (await this.grants.activeKinds(db, ctx.actor.personId, referral.id, this.deps.clock.now()));
    const access = readAccess(ctx.actor, referral, kinds.size > 0);
    if (!access.may) {
      throw new ReasonRequiredError(access.why, { action: referralPaths.reason({ id: referral.id }), apiAction: referralPaths.apiReasons({ id: referral.id }), kind: 'break_glass', returnTo: referralPaths.show({ id: referral.id }) });
    }
  }

  /** Whether this person may change the referral's assessment (the record shows its form or not). */
  async mayEdit(ctx: ServiceContext, referral: AccessFacts, db: ReferralsDb = this.deps.db, held?: ReadonlySet<GrantKind>): Promise<{ may: boolean; why: string | null; takeOverPossible: boolean }> {
    const first = editAccess(ctx.actor, referral, false);
    if (first.may) return { may: true, why: null, takeOverPossible: false };
    const kinds = held ?? (await this.grants.activeKinds(db, ctx.actor.personId, referral.id, this.deps.clock.now()));
    const access = editAccess(ctx.actor, referral, kinds.has('take_over'));
    return access.may ? { may: true, why: null, takeOverPossible: false } : { may: false, why: access.why, takeOverPossible: access.takeOverPossible };
  }

  /** Throws when this person may not change the referral's assessment (a Lead is offered the take-over). */
  async assertMayEdit(ctx: ServiceContext, referral: AccessFacts, returnTo: string, db: ReferralsDb = this.deps.db): Promise<void> {
    const access = await this.mayEdit(ctx, referral, db);
    if (access.may) return;
    if (access.takeOverPossible) {
      throw new ReasonRequiredError(access.why ?? '', { action: `${referralPaths.reason({ id: referral.id })}?kind=take_over`, apiAction: referralPaths.apiReasons({ id: referral.id }), kind: 'take_over', returnTo });
    }
    throw new ForbiddenError(access.why ?? 'Only the allocated AMHP records this assessment.');
  }

  /** For lists and search: the person whose need-to-know limits the rows, or null for the whole service. */
  limitedTo(ctx: ServiceContext): string | null {
    return seesWholeService(ctx.actor) ? null : ctx.actor.personId;
  }

  /** Of these rows, the ones this person may open now (the others are shown as restricted). */
  async openable(ctx: ServiceContext, rows: readonly AccessFacts[], db: ReferralsDb = this.deps.db): Promise<Set<string>> {
    if (seesWholeService(ctx.actor)) return new Set(rows.map((row) => row.id));
    const closedToThem = rows.filter((row) => !readAccess(ctx.actor, row, false).may).map((row) => row.id);
    const byReason = await this.grants.openedByReason(db, ctx.actor.personId, closedToThem, this.deps.clock.now());
    return new Set(rows.filter((row) => readAccess(ctx.actor, row, byReason.has(row.id)).may).map((row) => row.id));
  }

  /**
   * Records the reason. A break-glass reason opens the record for BREAK_GLASS_HOURS; a take-over
   * (a Lead only, on an assessment allocated to someone else) lets the Lead record it, and is on
   * the referral's timeline for everyone to see.
   */
  async recordReason(ctx: ServiceContext, referralId: string, kind: GrantKind, reason: string): Promise<{ grantId: string; expiresAt: Date }> {
    requireRole(ctx.actor, kind === 'take_over' ? ASSESSMENT_TAKE_OVER_ROLES : REFERRAL_READERS, kind === 'take_over' ? 'take over assessments' : 'open referrals');
    const problem = reasonProblem(reason);
    if (problem) throw ValidationError.of('reason', problem);
    return inTransaction(this.deps.db, async (trx) => {
      const referral = await this.referrals.findForUpdate(trx, referralId);
      if (!referral) throw new NotFoundError('The referral');
      if (kind === 'take_over') {
        if (referral.allocatedAmhpId === null) throw new StateError('Nobody is allocated to this referral yet: allocate it instead of taking it over.', 'not_allocated');
        if (referral.allocatedAmhpId === ctx.actor.personId) throw new StateError('This assessment is already allocated to you.', 'already_yours');
      }
      const now = this.deps.clock.now();
      const expiresAt = grantExpiry(now);
      const grantId = await this.grants.insert(trx, { referralId, personId: ctx.actor.personId, kind, reason: reason.trim(), grantedAt: now, expiresAt });
      await this.deps.audit.record(trx, ctx, { action: kind === 'take_over' ? 'assessment_taken_over' : 'referral_break_glass', entityType: 'referral', entityId: referralId, summary: { grantId, expiresAt: expiresAt.toISOString() } });
      if (kind === 'take_over') {
        await this.referrals.insertEvent(trx, { referralId, occurredAt: now, actorId: ctx.actor.personId, kind: 'assessment_taken_over', summary: `${ctx.actor.name} took over the assessment: ${reason.trim()}`, data: { grantId } });
      }
      return { grantId, expiresAt };
    });
  }

  /** The AMHP Lead's review list: reasons not yet reviewed (oldest first), or the latest reviewed. */
  async reviewList(ctx: ServiceContext, reviewed = false): Promise<AccessGrantRow[]> {
    requireRole(ctx.actor, ACCESS_LOG_READERS, 'review reasons given to open records');
    const rows = await this.grants.forReview(this.deps.db, { reviewed, limit: 200 });
    await this.deps.audit.record(this.deps.db, ctx, { action: 'access_reasons_listed', entityType: 'referral', summary: { reviewed, results: rows.length, shown: [...new Set(rows.map((row) => row.referralId))] } });
    return rows;
  }

  /** Marks one reason reviewed, with a note (which may say it was not justified). */
  async markReviewed(ctx: ServiceContext, grantId: string, note: string, expectedVersion: number): Promise<void> {
    requireRole(ctx.actor, ACCESS_LOG_READERS, 'review reasons given to open records');
    await inTransaction(this.deps.db, async (trx) => {
      const grant = await this.grants.findForUpdate(trx, grantId);
      if (!grant) throw new NotFoundError('The reason');
      if (grant.version !== expectedVersion) throw new ConflictError(undefined, { currentVersion: grant.version });
      if (grant.reviewedAt) throw new StateError('This reason has already been reviewed.', 'already_reviewed');
      if (grant.personId === ctx.actor.personId) throw new ForbiddenError('Someone else reviews the reasons you gave.');
      await this.grants.markReviewed(trx, grantId, ctx.actor.personId, this.deps.clock.now(), note.trim());
      await this.deps.audit.record(trx, ctx, { action: 'access_reason_reviewed', entityType: 'referral', entityId: grant.referralId, summary: { grantId } });
    });
  }
}
