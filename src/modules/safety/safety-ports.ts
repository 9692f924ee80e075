import type { Kysely } from 'kysely';
import type { AuditEntry, AuditLog, ServiceContext } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Notifications, OutboundMessage } from '../../platform/notifications.js';
import type { SafetyDb } from './safety-tables.js';

/** The platform's audit log, writing in the caller's safety transaction. */
export interface SafetyAudit {
  record(db: Kysely<SafetyDb>, ctx: ServiceContext, entry: AuditEntry): Promise<void>;
}

/** The platform's outbox, writing in the caller's safety transaction. */
export interface SafetyOutbox {
  enqueue(db: Kysely<SafetyDb>, message: OutboundMessage): Promise<void>;
}

type PlatformHandle = Parameters<AuditLog['record']>[0];

/**
 * The audit log and the outbox are typed with the whole database; the handle given here is the
 * same connection (or open transaction), seen through safety's narrower type. Nothing else of the
 * platform's tables is reachable from safety.
 */
export function safetyAudit(audit: AuditLog): SafetyAudit {
  return { record: (db, ctx, entry) => audit.record(db as unknown as PlatformHandle, ctx, entry) };
}

export function safetyOutbox(notifications: Notifications): SafetyOutbox {
  return { enqueue: (db, message) => notifications.enqueue(db as unknown as PlatformHandle, message) };
}

/** What every safety service is built with. */
export interface SafetyServiceDeps {
  db: Kysely<SafetyDb>;
  clock: Clock;
  audit: SafetyAudit;
  /** Tells open whereabouts boards to refresh. */
  publish(): void;
}

/**
 * The referrals module's reference lookup: a referral id or reference (e.g. "AMHP-2026-00042") to
 * the referral, or null when there is none.
 */
export type LookupReference = (text: string) => Promise<{ id: string; reference: string } | null>;

/** A typed referral: linked by id when the referrals module knows it, else kept as the text typed. */
export async function linkReferral(lookup: LookupReference, text: string | undefined): Promise<{ id: string | null; reference: string | null }> {
  const value = text?.trim();
  if (!value) return { id: null, reference: null };
  const found = await lookup(value).catch(() => null);
  return found ? { id: found.id, reference: found.reference } : { id: null, reference: value };
}
