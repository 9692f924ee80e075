import type { Kysely } from 'kysely';
import type { AuditEntry, AuditLog, ServiceContext } from '../../platform/audit.js';
import type { CalendarService } from '../../platform/calendar-service.js';
import type { Clock } from '../../platform/clock.js';
import type { Notifications, OutboundMessage } from '../../platform/notifications.js';
import type { EscalationsDb } from './escalations-tables.js';

/** The platform's audit log and outbox, writing in the caller's escalations transaction. */
export interface EscalationsPlatform {
  audit(db: Kysely<EscalationsDb>, ctx: ServiceContext, entry: AuditEntry): Promise<void>;
  enqueue(db: Kysely<EscalationsDb>, message: OutboundMessage): Promise<void>;
}

type PlatformHandle = Parameters<AuditLog['record']>[0];

/** The same connection (or open transaction), seen through the platform's type for its own tables. */
export function escalationsPlatform(audit: AuditLog, notifications: Notifications): EscalationsPlatform {
  return {
    audit: (db, ctx, entry) => audit.record(db as unknown as PlatformHandle, ctx, entry),
    enqueue: (db, message) => notifications.enqueue(db as unknown as PlatformHandle, message),
  };
}

/** Published by the referrals module: a referral id or reference to the referral, or null. */
export type LookupReference = (text: string) => Promise<{ id: string; reference: string } | null>;

/**
 * Published by duty and safety, passed down by the root: a handover's or a visit's label when the
 * id names one this person may see, or null (an escalation links to it by id only).
 */
export interface LinkChecks {
  handover(ctx: ServiceContext, id: string): Promise<string | null>;
  visit(ctx: ServiceContext, id: string): Promise<string | null>;
}

export interface EscalationsServiceDeps {
  db: Kysely<EscalationsDb>;
  clock: Clock;
  platform: EscalationsPlatform;
  calendar: Pick<CalendarService, 'calendar'>;
  lookupReference: LookupReference;
  /** Handovers and visits an escalation may be linked to (none checked when left out). */
  links?: LinkChecks | undefined;
  /** Tells open boards to refresh (live events). */
  publish(): void;
}

/**
 * Published by the referrals module (its service's addTimelineEvent), passed down by the root:
 * a line on a referral's timeline, written in the caller's transaction. Never referrals' tables.
 */
export type ReferralTimeline = (db: Kysely<EscalationsDb>, ctx: ServiceContext, referralId: string, kind: string, summary: string, data?: Record<string, unknown>) => Promise<void>;
