// Restriction of processing (UK GDPR Art. 18; docs/privacy.md). A referral with a restriction not
// yet lifted is read-only (the database's guard, migration 1980, refuses every change to its
// record) and is left out of lists and searches for everyone but the people who manage
// restrictions. The privacy module (above) drives this through the module's published service.

import { sql } from 'kysely';
import { inTransaction } from '../../../db/database.js';
import type { AuditLog, ServiceContext } from '../../../platform/audit.js';
import type { Clock } from '../../../platform/clock.js';
import { ConflictError, NotFoundError, StateError, ValidationError } from '../../../platform/errors.js';
import { requireRole } from '../../../platform/roles.js';
import { notRestricted, RESTRICTION_MANAGERS } from './referral-restriction-rules.js';
import type { ReferralsDb } from './referral-repository.js';

/** Closed records are the only ones a retention review may find. */
const FINISHED = ['closed', 'withdrawn'] as const;

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
  if (text.length > REASON_MAX) return `${what[0]!.toUpperCase()}${what.slice(1)} must be ${REASON_MAX} characters or fewer`;
  return null;
}

export class ReferralPrivacyService {
  constructor(private readonly deps: { db: ReferralsDb; clock: Clock; audit: AuditLog }) {}

  /**
   * The referrals about one person: every referral with this NHS number, or the referral with this
   * reference together with every other referral carrying its NHS number.
   */
  async referralsOfSubject(ctx: ServiceContext, by: { nhsNumber: string } | { reference: string }): Promise<SubjectReferral[]> {
    requireRole(ctx.actor, RESTRICTION_MANAGERS, 'find a person’s records');
    const db = this.deps.db;
    const columns = ['id', 'reference', 'givenName', 'familyName', 'dateOfBirth', 'nhsNumber', 'status', 'receivedAt', 'closedAt'] as const;
    let rows: SubjectReferral[];
    if ('nhsNumber' in by) {
      rows = await db.selectFrom('referrals').select(columns).where('nhsNumber', '=', by.nhsNumber).orderBy('receivedAt').execute();
    } else {
      const first = await db.selectFrom('referrals').select(columns).where('reference', '=', by.reference).executeTakeFirst();
      rows = !first ? [] : first.nhsNumber ? await db.selectFrom('referrals').select(columns).where('nhsNumber', '=', first.nhsNumber).orderBy('receivedAt').execute() : [first];
    }
    await this.deps.audit.record(db, ctx, { action: 'privacy_subject_found', entityType: 'referral', summary: { by: 'nhsNumber' in by ? 'nhs_number' : 'reference', results: rows.length, shown: rows.map((r) => r.id) } });
    return rows;
  }

  /** Every restriction (current and lifted) of these referrals, newest first. */
  async restrictionsOf(referralIds: readonly string[]): Promise<RestrictionRecord[]> {
    if (referralIds.length === 0) return [];
    return this.deps.db
      .selectFrom('referralRestrictions as x')
      .leftJoin('people as rb', 'rb.id', 'x.restrictedBy')
      .leftJoin('people as lb', 'lb.id', 'x.liftedBy')
      .select(['x.id', 'x.referralId', 'x.reason', 'x.restrictedBy', 'rb.name as restrictedByName', 'x.restrictedAt', 'x.liftReason', 'lb.name as liftedByName', 'x.liftedAt', 'x.version'])
      .where('x.referralId', 'in', [...referralIds])
      .orderBy('x.restrictedAt', 'desc')
      .execute();
  }

  /** Of these referrals, the ones restricted now. */
  async restrictedNow(referralIds: readonly string[]): Promise<Set<string>> {
    if (referralIds.length === 0) return new Set();
    const rows = await this.deps.db.selectFrom('referralRestrictions').select('referralId').where('referralId', 'in', [...referralIds]).where('liftedAt', 'is', null).execute();
    return new Set(rows.map((r) => r.referralId));
  }

  /** Restricts processing of a referral's record, with the reason (audited). */
  async restrict(ctx: ServiceContext, referralId: string, reason: string): Promise<RestrictionRecord> {
    requireRole(ctx.actor, RESTRICTION_MANAGERS, 'restrict processing of a record');
    const problem = reasonProblem(reason, 'why processing is restricted');
    if (problem) throw ValidationError.of('reason', problem);
    return inTransaction(this.deps.db, async (trx) => {
      const referral = await trx.selectFrom('referrals').select('id').where('id', '=', referralId).forUpdate().executeTakeFirst();
      if (!referral) throw new NotFoundError('The referral');
      const current = await trx.selectFrom('referralRestrictions').select('id').where('referralId', '=', referralId).where('liftedAt', 'is', null).executeTakeFirst();
      if (current) throw new StateError('This record is already restricted.', 'already_restricted');
      const now = this.deps.clock.now();
      const { id } = await trx.insertInto('referralRestrictions').values({ referralId, reason: reason.trim(), restrictedBy: ctx.actor.personId, restrictedAt: now }).returning('id').executeTakeFirstOrThrow();
      await this.deps.audit.record(trx, ctx, { action: 'processing_restricted', entityType: 'referral', entityId: referralId, summary: { restrictionId: id } });
      return (await this.restrictionsOfIn(trx, referralId))[0]!;
    });
  }

  /** Lifts the current restriction, with the reason (audited); `version` is the restriction's. */
  async lift(ctx: ServiceContext, referralId: string, reason: string, version: number): Promise<RestrictionRecord> {
    requireRole(ctx.actor, RESTRICTION_MANAGERS, 'lift a restriction of processing');
    const problem = reasonProblem(reason, 'why the restriction is lifted');
    if (problem) throw ValidationError.of('reason', problem);
    return inTransaction(this.deps.db, async (trx) => {
      const current = await trx.selectFrom('referralRestrictions').select(['id', 'version']).where('referralId', '=', referralId).where('liftedAt', 'is', null).forUpdate().executeTakeFirst();
      if (!current) throw new StateError('This record is not restricted.', 'not_restricted');
      if (current.version !== version) throw new ConflictError(undefined, { currentVersion: current.version });
      await trx
        .updateTable('referralRestrictions')
        .set({ liftReason: reason.trim(), liftedBy: ctx.actor.personId, liftedAt: this.deps.clock.now(), version: current.version + 1 })
        .where('id', '=', current.id)
        .execute();
      await this.deps.audit.record(trx, ctx, { action: 'processing_restriction_lifted', entityType: 'referral', entityId: referralId, summary: { restrictionId: current.id } });
      return (await this.restrictionsOfIn(trx, referralId)).find((r) => r.id === current.id)!;
    });
  }

  /**
   * Closed or withdrawn referrals whose last activity (closing, the latest change or timeline
   * entry) is before `cutoff`, and that are not restricted: what the retention review finds.
   */
  async retentionCandidates(db: ReferralsDb, cutoff: Date, limit: number): Promise<RetentionCandidate[]> {
    const rows = await db
      .selectFrom('referrals as r')
      .select(['r.id', 'r.reference', sql<Date>`greatest(r.updated_at, coalesce(r.closed_at, r.updated_at), coalesce((select max(e.occurred_at) from referral_events e where e.referral_id = r.id), r.updated_at))`.as('lastActivityAt')])
      .where('r.status', 'in', [...FINISHED])
      .where(notRestricted())
      .where(sql<boolean>`greatest(r.updated_at, coalesce(r.closed_at, r.updated_at), coalesce((select max(e.occurred_at) from referral_events e where e.referral_id = r.id), r.updated_at)) < ${cutoff}`)
      .orderBy('r.receivedAt')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ ...r, lastActivityAt: new Date(r.lastActivityAt) }));
  }

  private restrictionsOfIn(db: ReferralsDb, referralId: string): Promise<RestrictionRecord[]> {
    return new ReferralPrivacyService({ ...this.deps, db }).restrictionsOf([referralId]);
  }
}
