// Restriction of processing (UK GDPR Art. 18; docs/privacy.md). A referral with a restriction not
// yet lifted is read-only (the database's guard, migration 1980, refuses every change to its
// record) and is left out of lists and searches for everyone but the people who manage
// restrictions. The privacy module (above) drives this through the module's published service,
// which also finds a person's referrals and the referrals past their retention period.

import { inTransaction } from '../../../db/database.js';
import type { AuditLog, ServiceContext } from '../../../platform/audit.js';
import type { Clock } from '../../../platform/clock.js';
import { ConflictError, NotFoundError, StateError, ValidationError } from '../../../platform/errors.js';
import { requireRole } from '../../../platform/roles.js';
import { ReferralPrivacyRepository } from './referral-privacy-repository.js';
import type { ReferralsDb } from './referral-repository.js';
import { RESTRICTION_MANAGERS } from './referral-restriction-rules.js';

export const REASON_MIN = 10;
export const REASON_MAX = 2000;

export interface SubjectReferral {
  id: string;
  reference: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string | null;
  nhsNumber: string | null;
  status: string;
  receivedAt: Date;
  closedAt: Date | null;
}

export interface RestrictionRecord {
  id: string;
  referralId: string;
  reason: string;
  restrictedBy: string;
  restrictedByName: string | null;
  restrictedAt: Date;
  liftReason: string | null;
  liftedByName: string | null;
  liftedAt: Date | null;
  version: number;
}

export interface RetentionCandidate {
  id: string;
  reference: string;
  lastActivityAt: Date;
}

function reasonProblem(reason: string, what: string): string | null {
  const text = reason.trim();
  if (text.length < REASON_MIN) return `Enter ${what} (at least ${REASON_MIN} characters)`;
  if (text.length > REASON_MAX) return `The reason must be ${REASON_MAX} characters or fewer`;
  return null;
}

export class ReferralPrivacyService {
  private readonly repository = new ReferralPrivacyRepository();

  constructor(private readonly deps: { db: ReferralsDb; clock: Clock; audit: AuditLog }) {}

  /**
   * The referrals about one person: every referral with this NHS number, or the referral with this
   * reference together with every other referral carrying its NHS number. Audited.
   */
  async referralsOfSubject(ctx: ServiceContext, by: { nhsNumber: string } | { reference: string }): Promise<SubjectReferral[]> {
    requireRole(ctx.actor, RESTRICTION_MANAGERS, 'find a person’s records');
    const db = this.deps.db;
    let rows: SubjectReferral[];
    if ('nhsNumber' in by) {
      rows = await this.repository.byNhsNumber(db, by.nhsNumber);
    } else {
      const first = await this.repository.byReference(db, by.reference);
      rows = !first ? [] : first.nhsNumber ? await this.repository.byNhsNumber(db, first.nhsNumber) : [first];
    }
    await this.deps.audit.record(db, ctx, { action: 'privacy_subject_found', entityType: 'referral', summary: { by: 'nhsNumber' in by ? 'nhs_number' : 'reference', results: rows.length, shown: rows.map((r) => r.id) } });
    return rows;
  }

  /** Every restriction (current and lifted) of these referrals, newest first. */
  async restrictionsOf(referralIds: readonly string[], db: ReferralsDb = this.deps.db): Promise<RestrictionRecord[]> {
    return referralIds.length === 0 ? [] : this.repository.restrictionsOf(db, referralIds);
  }

  /** Of these referrals, the ones restricted now. */
  async restrictedNow(referralIds: readonly string[], db: ReferralsDb = this.deps.db): Promise<Set<string>> {
    return referralIds.length === 0 ? new Set() : this.repository.restrictedNow(db, referralIds);
  }

  /** Restricts processing of a referral's record, with the reason (audited). */
  async restrict(ctx: ServiceContext, referralId: string, reason: string): Promise<RestrictionRecord> {
    requireRole(ctx.actor, RESTRICTION_MANAGERS, 'restrict processing of a record');
    const problem = reasonProblem(reason, 'why processing is restricted');
    if (problem) throw ValidationError.of('reason', problem);
    return inTransaction(this.deps.db, async (trx) => {
      if (!(await this.repository.referralExistsForUpdate(trx, referralId))) throw new NotFoundError('The referral');
      if (await this.repository.currentForUpdate(trx, referralId)) throw new StateError('This record is already restricted.', 'already_restricted');
      const id = await this.repository.insertRestriction(trx, { referralId, reason: reason.trim(), restrictedBy: ctx.actor.personId, restrictedAt: this.deps.clock.now() });
      await this.deps.audit.record(trx, ctx, { action: 'processing_restricted', entityType: 'referral', entityId: referralId, summary: { restrictionId: id } });
      return (await this.restrictionsOf([referralId], trx)).find((r) => r.id === id)!;
    });
  }

  /** Lifts the current restriction, with the reason (audited); `version` is the restriction's. */
  async lift(ctx: ServiceContext, referralId: string, reason: string, version: number): Promise<RestrictionRecord> {
    requireRole(ctx.actor, RESTRICTION_MANAGERS, 'lift a restriction of processing');
    const problem = reasonProblem(reason, 'why the restriction is lifted');
    if (problem) throw ValidationError.of('reason', problem);
    return inTransaction(this.deps.db, async (trx) => {
      const current = await this.repository.currentForUpdate(trx, referralId);
      if (!current) throw new StateError('This record is not restricted.', 'not_restricted');
      if (current.version !== version) throw new ConflictError(undefined, { currentVersion: current.version });
      await this.repository.liftRestriction(trx, current.id, { liftReason: reason.trim(), liftedBy: ctx.actor.personId, liftedAt: this.deps.clock.now(), version: current.version + 1 });
      await this.deps.audit.record(trx, ctx, { action: 'processing_restriction_lifted', entityType: 'referral', entityId: referralId, summary: { restrictionId: current.id } });
      return (await this.restrictionsOf([referralId], trx)).find((r) => r.id === current.id)!;
    });
  }

  /**
   * Closed or withdrawn referrals whose last activity (closing, the latest change or timeline
   * entry) is before `cutoff`, and that are not restricted: what the retention review finds.
   */
  retentionCandidates(db: ReferralsDb, cutoff: Date, limit: number): Promise<RetentionCandidate[]> {
    return this.repository.retentionCandidates(db, cutoff, limit);
  }
}
