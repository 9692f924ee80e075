import type { Kysely } from 'kysely';
import type { AnyHandle } from '../../db/database.js';
import type { AuditEntry, AuditLog, ServiceContext } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { IsoDate } from '../../platform/london-time.js';
import type { Notifications, OutboundMessage } from '../../platform/notifications.js';
import type { SettingsService } from '../../platform/settings-service.js';
import type { DoctorsDb } from './doctors-tables.js';

/**
 * What the doctors module needs of the referrals module below it, handed in by the composition
 * root (the referrals module's `doctorLinks`). The referrals module never imports this one.
 */
export interface ReferralLinks {
  finderFacts(referralId: string): Promise<{
    referralId: string;
    reference: string;
    status: string;
    dateOfBirth: IsoDate | null;
    firstLanguage: string;
    interpreterNeeded: boolean;
    communicationNeeds: string;
    legalStatus: string;
    lssaId: string | null;
    plannedAt: Date | null;
    knownGmcNumbers: string[];
  }>;
  assessmentForClaim(referralId: string): Promise<{ referralId: string; reference: string; outcome: string | null; date: IsoDate | null; doctorGmcNumbers: string[] }>;
  assessmentsWithDoctor(gmcNumber: string): Promise<Array<{ referralId: string; reference: string }>>;
  logContact(handle: AnyHandle, ctx: ServiceContext, referralId: string, entry: { doctorName: string; s12Approved: boolean; at: Date; result: 'available' | 'declined' | 'no_answer' | 'left_message'; note: string; timeline: string }): Promise<string>;
  addInvitedDoctor(handle: AnyHandle, ctx: ServiceContext, referralId: string, doctor: { name: string; gmcNumber: string; s12Approved: boolean; approvedClinician: boolean; requestedAt: Date }): Promise<string>;
}

/** The platform's audit log and outbox, writing in the caller's doctors transaction. */
export interface DoctorsPlatform {
  audit(db: Kysely<DoctorsDb>, ctx: ServiceContext, entry: AuditEntry): Promise<void>;
  enqueue(db: Kysely<DoctorsDb>, message: OutboundMessage): Promise<void>;
}

type PlatformHandle = Parameters<AuditLog['record']>[0];

export function doctorsPlatform(audit: AuditLog, notifications: Notifications): DoctorsPlatform {
  return {
    audit: (db, ctx, entry) => audit.record(db as unknown as PlatformHandle, ctx, entry),
    enqueue: (db, message) => notifications.enqueue(db as unknown as PlatformHandle, message),
  };
}

export interface DoctorsServiceDeps {
  db: Kysely<DoctorsDb>;
  clock: Clock;
  platform: DoctorsPlatform;
  settings: Pick<SettingsService, 'get' | 'put'>;
  referrals: ReferralLinks;
  serviceName: string;
}
