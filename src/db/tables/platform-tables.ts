import type { ColumnType, Generated, JSONColumnType } from 'kysely';

/** A timestamptz column: read as Date, written as Date. */
export type Instant = ColumnType<Date, Date, Date>;
export type InstantDefaultNow = ColumnType<Date, Date | undefined, Date>;
/** A date column: read and written as 'YYYY-MM-DD'. */
export type IsoDate = string;

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

export interface OrganisationsTable {
  id: Generated<string>;
  name: string;
  shortName: string;
  kind: 'lssa' | 'nhs_trust' | 'other';
  active: Generated<boolean>;
  createdAt: InstantDefaultNow;
}

export interface TeamsTable {
  id: Generated<string>;
  name: string;
  kind: 'daytime' | 'edt' | 'other';
  organisationId: string;
  createdAt: InstantDefaultNow;
}

export interface PeopleTable {
  id: Generated<string>;
  email: string;
  name: string;
  jobTitle: Generated<string>;
  phone: Generated<string>;
  employingOrganisationId: string;
  lineManagerId: string | null;
  teamId: string | null;
  passwordHash: string | null;
  active: Generated<boolean>;
  deactivatedAt: Date | null;
  deactivatedReason: string | null;
  approvalExpiresOn: IsoDate | null;
  failedSignInCount: Generated<number>;
  lockedUntil: Date | null;
  lastSignedInAt: Date | null;
  version: Generated<number>;
  createdAt: InstantDefaultNow;
  updatedAt: InstantDefaultNow;
}

export interface PersonRolesTable {
  personId: string;
  role: string;
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
  organisations: OrganisationsTable;
  teams: TeamsTable;
  people: PeopleTable;
  personRoles: PersonRolesTable;
  sessions: SessionsTable;
  apiTokens: ApiTokensTable;
  auditLog: AuditLogTable;
  bankHolidays: BankHolidaysTable;
  settings: SettingsTable;
  notificationOutbox: NotificationOutboxTable;
}
