import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { Instant, InstantDefaultNow, IsoDate } from '../db/column-types.js';

// Tables the platform owns (sessions, tokens, audit, calendar, settings, outbox). People,
// roles, teams and organisations belong to the staff module (modules/staff/staff-tables.ts).

/** A one-time message shown on the next page (GOV.UK notification banner). */
export interface Flash {
  heading: string;
  body?: string;
  kind: 'success' | 'important';
}

export interface SchemaMigrationsTable {
  name: string;
  appliedAt: Generated<Date>;
}

export interface SessionsTable {
  idHash: string;
  personId: string;
  csrfToken: string;
  flash: JSONColumnType<Flash, string | null, string | null> | null;
  createdAt: Instant;
  lastSeenAt: Instant;
  expiresAt: Instant;
}

export interface ApiTokensTable {
  id: Generated<string>;
  tokenHash: string;
  personId: string;
  createdAt: Instant;
  expiresAt: Instant;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  occurredAt: Instant;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  requestId: string | null;
  summary: JSONColumnType<Record<string, unknown>, string, string>;
}

export interface BankHolidaysTable {
  holidayDate: IsoDate;
  name: string;
  createdAt: InstantDefaultNow;
}

export interface SettingsTable {
  key: string;
  value: ColumnType<unknown, string, string>;
  version: Generated<number>;
  updatedAt: InstantDefaultNow;
  updatedBy: string | null;
}

export interface NotificationOutboxTable {
  id: Generated<string>;
  createdAt: Instant;
  recipientPersonId: string | null;
  recipientAddress: Generated<string>;
  subject: string;
  body: string;
  status: Generated<'pending' | 'sent' | 'failed' | 'not_sent'>;
  sentAt: Date | null;
  failure: string | null;
}

export interface PlatformTables {
  schemaMigrations: SchemaMigrationsTable;
  sessions: SessionsTable;
  apiTokens: ApiTokensTable;
  auditLog: AuditLogTable;
  bankHolidays: BankHolidaysTable;
  settings: SettingsTable;
  notificationOutbox: NotificationOutboxTable;
}
