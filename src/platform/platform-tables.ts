import type { ReadOnlyTable } from '../db/column-types.js';
import type { ColumnType, Generated, JSONColumnType, Kysely } from 'kysely';
import { tablesFor, type AnyHandle } from '../db/database.js';
import type { Instant, InstantDefaultNow, IsoDate } from '../db/column-types.js';

// Tables the platform owns (credentials, sessions, tokens, audit, calendar, settings, outbox).
// People, roles, teams and organisations belong to the staff module (modules/staff/staff-tables.ts):
// the platform reads them only through the PeopleDirectory port (platform/auth/people-directory.ts).

/** A one-time message shown on the next page (GOV.UK notification banner). */
export interface Flash {
  heading: string;
  body?: string;
  kind: 'success' | 'important';
}

/** Sign-in credentials of a person (one row a person who has ever had a password). */
export interface CredentialsTable {
  personId: string;
  passwordHash: string | null;
  failedSignInCount: Generated<number>;
  lockedUntil: Date | null;
  lastSignedInAt: Date | null;
  /** Set for a one-time code (the first administrator's): it must be changed at first sign-in. */
  mustChangePassword: Generated<boolean>;
  updatedAt: InstantDefaultNow;
}

export interface SessionsTable {
  idHash: string;
  personId: string;
  csrfToken: string;
  flash: JSONColumnType<Flash, string | null, string | null> | null;
  createdAt: Instant;
  lastSeenAt: Instant;
  expiresAt: Instant;
  mustChangePassword: Generated<boolean>;
  /** Signed in with the password; the two-step code is still to come (opens only the code page). */
  mfaPending: Generated<boolean>;
  /** The person's role requires two-step verification and it is not set up (opens only the set-up page). */
  mustEnrolMfa: Generated<boolean>;
}

/** A person's TOTP secret (RFC 6238); it counts once confirmed with a code. */
export interface MfaFactorsTable {
  personId: string;
  secret: string;
  confirmedAt: Date | null;
  /** The last time step whose code was accepted: that code and older ones are refused. */
  lastUsedStep: number | null;
  createdAt: Instant;
}

/** One-time recovery codes, SHA-256 hashed. */
export interface MfaRecoveryCodesTable {
  id: Generated<string>;
  personId: string;
  codeHash: string;
  usedAt: Date | null;
  createdAt: Instant;
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
  attempts: Generated<number>;
  claimedAt: Date | null;
  /** E-mail attachments: JSON text written, the array read ({ filename, contentType, contentBase64 }). */
  attachments: ColumnType<OutboxAttachment[], string | undefined, string>;
}

export interface OutboxAttachment {
  filename: string;
  contentType: string;
  contentBase64: string;
}

/** Sign-in and token attempts per address, shared by every instance (platform/auth/rate-limit-store.ts). */
export interface RateLimitCountersTable {
  key: string;
  hits: number;
  windowEndsAt: Instant;
}

/** Single-use links to reset a forgotten password (the token's SHA-256 only). */
export interface PasswordResetTokensTable {
  tokenHash: string;
  personId: string;
  createdAt: Instant;
  expiresAt: Instant;
  usedAt: Date | null;
}

/**
 * Published by the staff module (migration 1800): who a person is, for the sign-in. The platform
 * only reads it, joined to its sessions and API tokens (auth-repository.ts).
 */
export interface DirectoryPeopleView {
  id: string;
  name: string;
  email: string;
  active: boolean;
  organisationId: string;
  teamId: string | null;
  roles: string[];
}

export interface PlatformTables {
  passwordResetTokens: PasswordResetTokensTable;
  directoryPeople: ReadOnlyTable<DirectoryPeopleView>;
  credentials: CredentialsTable;
  rateLimitCounters: RateLimitCountersTable;
  sessions: SessionsTable;
  mfaFactors: MfaFactorsTable;
  mfaRecoveryCodes: MfaRecoveryCodesTable;
  apiTokens: ApiTokensTable;
  auditLog: AuditLogTable;
  bankHolidays: BankHolidaysTable;
  settings: SettingsTable;
  notificationOutbox: NotificationOutboxTable;
}

/**
 * A handle (the root's, or a transaction a module opened) seen through the platform's own tables.
 * Platform services take a module's transaction for writes that must commit with the module's
 * change (audit rows, outbox messages, ending sessions); this is the one place that narrows it.
 */
export function platformTables(db: AnyDbHandle): Kysely<PlatformTables> {
  return tablesFor<PlatformTables>(db);
}

/** Any Kysely handle or transaction, whatever tables it is typed with (db/database.ts `AnyHandle`). */
export type AnyDbHandle = AnyHandle;
