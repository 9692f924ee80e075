/**
 * Open referrals brought across from the spreadsheet a service runs on today (issue 19): the
 * one way the setup module's referral import reads and writes referrals. Each becomes a referral
 * received at its original time (the timeline starts then, not at the import), with a reference
 * of the year it was received, and a timeline note that it was imported. A referral is matched
 * on when it was received and the person's names and date of birth, so a re-import adds nothing.
 */
import { tablesFor, type AnyHandle } from '../../../db/database.js';
import type { ServiceContext } from '../../../platform/audit.js';
import { requireRole } from '../../../platform/roles.js';
import type { CurrentLegalStatus, ReferralChannel, ReferralSourceType, UrgencyLevel } from '../referral-codes.js';
import type { ReferralsModuleTables } from '../referrals-tables.js';
import type { ReferralServiceDeps } from './referral-records-service.js';
import { formatReferralReference, referenceYearFor } from './referral-reference.js';
import { ReferralRepository } from './referral-repository.js';

export interface OpenReferralImport {
  row: number;
  previousReference: string;
  receivedAt: Date;
  receivedVia: ReferralChannel;
  sourceType: ReferralSourceType;
  referrerName: string;
  referrerOrganisation: string;
  referrerContact: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string | null;
  nhsNumber: string | null;
  address: string;
  postcode: string;
  lssaId: string | null;
  currentLocation: string;
  legalStatus: CurrentLegalStatus;
  legalStatusSince: Date | null;
  reason: string;
  risks: string;
  urgency: UrgencyLevel;
}

/** The match key: received (to the minute) + names + date of birth. */
export function referralImportKey(r: { receivedAt: Date; givenName: string; familyName: string; dateOfBirth: string | null }): string {
  return [r.receivedAt.toISOString().slice(0, 16), r.givenName.trim().toLowerCase(), r.familyName.trim().toLowerCase(), r.dateOfBirth ?? ''].join('|');
}

export class ReferralImportService {
  private readonly repository = new ReferralRepository();

  constructor(private readonly deps: ReferralServiceDeps) {}

  /** The keys of these referrals that are already in the service (with their references). */
  async existing(ctx: ServiceContext, referrals: readonly OpenReferralImport[], handle?: AnyHandle): Promise<Map<string, string>> {
    requireRole(ctx.actor, ['admin'], 'import referrals');
    const db = handle ? tablesFor<ReferralsModuleTables>(handle) : this.deps.db;
    const found = await this.repository.byReceivedAt(db, [...new Set(referrals.map((r) => r.receivedAt.getTime()))].map((t) => new Date(t)));
    return new Map(found.map((r) => [referralImportKey(r), r.reference]));
  }

  /** Adds those not already there, in the caller's transaction; audited per referral and once with the file's hash. */
  async apply(trx: AnyHandle, ctx: ServiceContext, referrals: readonly OpenReferralImport[], file: { sha256: string }): Promise<{ created: number; unchanged: number }> {
    const db = tablesFor<ReferralsModuleTables>(trx);
    const already = await this.existing(ctx, referrals, trx);
    const now = this.deps.clock.now();
    let created = 0;
    for (const r of [...referrals].sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime())) {
      if (already.has(referralImportKey(r))) continue;
      const year = referenceYearFor(r.receivedAt);
      const reference = formatReferralReference(year, await this.repository.nextReferenceSequence(db, year));
      const id = await this.repository.insert(db, {
        reference,
        status: 'received',
        receivedAt: r.receivedAt,
        receivedVia: r.receivedVia,
        sourceType: r.sourceType,
        referrerName: r.referrerName,
        referrerOrganisation: r.referrerOrganisation,
        referrerContact: r.referrerContact,
        givenName: r.givenName,
        familyName: r.familyName,
        dateOfBirth: r.dateOfBirth,
        nhsNumber: r.nhsNumber,
        address: r.address,
        postcode: r.postcode,
        lssaId: r.lssaId,
        currentLocation: r.currentLocation,
        legalStatus: r.legalStatus,
        legalStatusSince: r.legalStatusSince,
        reason: r.reason,
        risks: r.risks,
        urgency: r.urgency,
        createdBy: ctx.actor.personId,
        createdAt: now,
        updatedAt: now,
      });
      await this.repository.insertEvent(db, {
        referralId: id,
        occurredAt: r.receivedAt,
        actorId: null,
        kind: 'received',
        summary: `Referral received by ${r.receivedVia.replace(/_/g, ' ')} from ${r.referrerName}${r.referrerOrganisation ? ` (${r.referrerOrganisation})` : ''}`,
        data: { sourceType: r.sourceType, urgency: r.urgency, legalStatus: r.legalStatus, imported: true },
      });
      await this.repository.insertEvent(db, {
        referralId: id,
        occurredAt: now,
        actorId: ctx.actor.personId,
        kind: 'imported',
        summary: `Brought across from the previous system${r.previousReference ? ` (its reference ${r.previousReference})` : ''} by ${ctx.actor.name}`,
        data: { previousReference: r.previousReference, fileSha256: file.sha256 },
      });
      await this.deps.audit.record(db, ctx, { action: 'referral_created', entityType: 'referral', entityId: id, summary: { reference, imported: true, urgency: r.urgency, legalStatus: r.legalStatus } });
      created += 1;
    }
    await this.deps.audit.record(db, ctx, { action: 'referrals_imported', entityType: 'import', summary: { fileSha256: file.sha256, created, unchanged: referrals.length - created } });
    return { created, unchanged: referrals.length - created };
  }
}
