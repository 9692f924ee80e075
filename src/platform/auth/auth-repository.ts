import { sql, type Kysely } from 'kysely';
import type { DirectoryPeopleView, Flash, PlatformTables } from '../platform-tables.js';

type AuthDb = Kysely<PlatformTables>;

export interface Credentials {
  personId: string;
  passwordHash: string | null;
  failedSignInCount: number;
  lockedUntil: Date | null;
  lastSignedInAt: Date | null;
  mustChangePassword: boolean;
}

export interface SessionRow {
  idHash: string;
  personId: string;
  csrfToken: string;
  flash: Flash | null;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  mustChangePassword: boolean;
  mfaPending: boolean;
  mustEnrolMfa: boolean;
}

// ── credentials ──────────────────────────────────────────────────────────────────────────────

export async function findCredentials(db: AuthDb, personId: string): Promise<Credentials | undefined> {
  return db
    .selectFrom('credentials')
    .select(['personId', 'passwordHash', 'failedSignInCount', 'lockedUntil', 'lastSignedInAt', 'mustChangePassword'])
    .where('personId', '=', personId)
    .executeTakeFirst();
}

/**
 * A new password: any failure count and lock are cleared with it. `mustChangePassword` marks a
 * one-time code (false for every password a person chose or an administrator set).
 */
export async function storePasswordHash(db: AuthDb, personId: string, passwordHash: string, now: Date, mustChangePassword = false): Promise<void> {
  await db
    .insertInto('credentials')
    .values({ personId, passwordHash, failedSignInCount: 0, lockedUntil: null, mustChangePassword, updatedAt: now })
    .onConflict((oc) => oc.column('personId').doUpdateSet({ passwordHash, failedSignInCount: 0, lockedUntil: null, mustChangePassword, updatedAt: now }))
    .execute();
}

/** Ends every session of a person but one (the one that just changed the password). */
export async function deleteOtherSessionsOf(db: AuthDb, personId: string, keepIdHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('personId', '=', personId).where('idHash', '<>', keepIdHash).execute();
}

export async function clearSessionMustEnrol(db: AuthDb, idHash: string): Promise<void> {
  await db.updateTable('sessions').set({ mustEnrolMfa: false }).where('idHash', '=', idHash).execute();
}

export async function clearSessionPasswordChange(db: AuthDb, idHash: string): Promise<void> {
  await db.updateTable('sessions').set({ mustChangePassword: false }).where('idHash', '=', idHash).execute();
}

/**
 * Claims one sign-in attempt for an account before its password is checked, in one statement so
 * parallel attempts get consecutive numbers (on PostgreSQL the row lock orders them; a statement
 * waiting on it re-reads the row, so once the lock is set nobody else gets through). The attempt
 * that reaches `maxFailures` sets the lock itself; a later success clears it (`recordSignIn`).
 * An expired lock starts the count again. Undefined while the account is locked.
 */
export async function claimSignInAttempt(db: AuthDb, personId: string, now: Date, maxFailures: number, lockUntil: Date): Promise<{ attempt: number } | undefined> {
  const attempt = sql<number>`(case when credentials.locked_until is not null and credentials.locked_until <= ${now} then 1 else credentials.failed_sign_in_count + 1 end)`;
  const row = await db
    .updateTable('credentials')
    .set({
      failedSignInCount: attempt,
      lockedUntil: sql<Date | null>`case when ${attempt} >= ${maxFailures} then ${lockUntil}::timestamptz else null end`,
      updatedAt: now,
    })
    .where('personId', '=', personId)
    .where((eb) => eb.or([eb('lockedUntil', 'is', null), eb('lockedUntil', '<=', now)]))
    .returning('failedSignInCount')
    .executeTakeFirst();
  return row ? { attempt: row.failedSignInCount } : undefined;
}

export async function recordSignIn(db: AuthDb, personId: string, now: Date): Promise<void> {
  await db.updateTable('credentials').set({ failedSignInCount: 0, lockedUntil: null, lastSignedInAt: now, updatedAt: now }).where('personId', '=', personId).execute();
}

// ── sessions ─────────────────────────────────────────────────────────────────────────────────

export async function insertSession(db: AuthDb, session: SessionRow): Promise<void> {
  await db
    .insertInto('sessions')
    .values({ ...session, flash: session.flash ? JSON.stringify(session.flash) : null })
    .execute();
}

export async function findSession(db: AuthDb, idHash: string): Promise<SessionRow | undefined> {
  return db.selectFrom('sessions').select(['idHash', 'personId', 'csrfToken', 'flash', 'createdAt', 'lastSeenAt', 'expiresAt', 'mustChangePassword', 'mfaPending', 'mustEnrolMfa']).where('idHash', '=', idHash).executeTakeFirst();
}

/** A session with the person it belongs to (null if they are no longer in the directory). */
export interface SessionWithPerson extends SessionRow {
  person: DirectoryPeopleView | null;
}

const DIRECTORY_COLUMNS = ['d.id as directoryId', 'd.name', 'd.email', 'd.active', 'd.organisationId', 'd.teamId', 'd.roles'] as const;

interface DirectoryColumns {
  directoryId: string | null;
  name: string | null;
  email: string | null;
  active: boolean | null;
  organisationId: string | null;
  teamId: string | null;
  roles: string[] | null;
}

/** A row read joined to the directory, its directory columns folded into `person` (null if not in it). */
function withDirectoryPerson<T extends DirectoryColumns>(row: T): Omit<T, keyof DirectoryColumns> & { person: DirectoryPeopleView | null } {
  const { directoryId, name, email, active, organisationId, teamId, roles, ...rest } = row;
  const person =
    directoryId && name !== null && email !== null && active !== null && organisationId !== null
      ? { id: directoryId, name, email, active, organisationId, teamId, roles: roles ?? [] }
      : null;
  return { ...rest, person };
}

/**
 * The session and its person in one round trip: what every signed-in request reads first. The
 * person comes from the staff module's `directory_people` view (migration 1800), never cached,
 * so a deactivation or a role change counts from the next request.
 */
export async function findSessionWithPerson(db: AuthDb, idHash: string): Promise<SessionWithPerson | undefined> {
  const row = await db
    .selectFrom('sessions as s')
    .leftJoin('directoryPeople as d', 'd.id', 's.personId')
    .select([
      's.idHash',
      's.personId',
      's.csrfToken',
      's.flash',
      's.createdAt',
      's.lastSeenAt',
      's.expiresAt',
      's.mustChangePassword',
      's.mfaPending',
      's.mustEnrolMfa',
      ...DIRECTORY_COLUMNS,
    ])
    .where('s.idHash', '=', idHash)
    .executeTakeFirst();
  return row && withDirectoryPerson(row);
}

export async function deleteSession(db: AuthDb, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('idHash', '=', idHash).execute();
}

/** Marks the session seen now and clears its flash (it has been shown). */
export async function touchSession(db: AuthDb, idHash: string, now: Date): Promise<void> {
  await db.updateTable('sessions').set({ lastSeenAt: now, flash: null }).where('idHash', '=', idHash).execute();
}

export async function setSessionFlash(db: AuthDb, idHash: string, flash: Flash): Promise<void> {
  await db.updateTable('sessions').set({ flash: JSON.stringify(flash) }).where('idHash', '=', idHash).execute();
}

export async function deleteSessionsOf(db: AuthDb, personId: string): Promise<void> {
  await db.deleteFrom('sessions').where('personId', '=', personId).execute();
}

// ── API tokens ───────────────────────────────────────────────────────────────────────────────

export async function insertApiToken(db: AuthDb, token: { tokenHash: string; personId: string; createdAt: Date; expiresAt: Date }): Promise<void> {
  await db.insertInto('apiTokens').values(token).execute();
}

/**
 * A bearer token and its person in one round trip (every API request reads it first), like the
 * session: the person from the directory as they are now, never cached.
 */
export async function findApiTokenWithPerson(
  db: AuthDb,
  tokenHash: string,
): Promise<{ personId: string; expiresAt: Date; revokedAt: Date | null; lastUsedAt: Date | null; person: DirectoryPeopleView | null } | undefined> {
  const row = await db
    .selectFrom('apiTokens as t')
    .leftJoin('directoryPeople as d', 'd.id', 't.personId')
    .select(['t.personId', 't.expiresAt', 't.revokedAt', 't.lastUsedAt', ...DIRECTORY_COLUMNS])
    .where('t.tokenHash', '=', tokenHash)
    .executeTakeFirst();
  return row && withDirectoryPerson(row);
}

export async function touchApiToken(db: AuthDb, tokenHash: string, now: Date): Promise<void> {
  await db.updateTable('apiTokens').set({ lastUsedAt: now }).where('tokenHash', '=', tokenHash).execute();
}

export async function revokeApiToken(db: AuthDb, tokenHash: string, now: Date): Promise<void> {
  await db.updateTable('apiTokens').set({ revokedAt: now }).where('tokenHash', '=', tokenHash).execute();
}

export async function revokeApiTokensOf(db: AuthDb, personId: string, now: Date): Promise<void> {
  await db.updateTable('apiTokens').set({ revokedAt: now }).where('personId', '=', personId).where('revokedAt', 'is', null).execute();
}

// ── password reset links ─────────────────────────────────────────────────────────────────────

export async function insertResetToken(db: AuthDb, token: { tokenHash: string; personId: string; createdAt: Date; expiresAt: Date }): Promise<void> {
  await db.insertInto('passwordResetTokens').values({ ...token, usedAt: null }).execute();
}

export async function findResetToken(db: AuthDb, tokenHash: string): Promise<{ personId: string; expiresAt: Date; usedAt: Date | null } | undefined> {
  return db.selectFrom('passwordResetTokens').select(['personId', 'expiresAt', 'usedAt']).where('tokenHash', '=', tokenHash).executeTakeFirst();
}

/** Marks a link used, in one statement, if it is unused and unexpired: the person it was for. */
export async function claimResetToken(db: AuthDb, tokenHash: string, now: Date): Promise<{ personId: string } | undefined> {
  return db
    .updateTable('passwordResetTokens')
    .set({ usedAt: now })
    .where('tokenHash', '=', tokenHash)
    .where('usedAt', 'is', null)
    .where('expiresAt', '>', now)
    .returning('personId')
    .executeTakeFirst();
}

export async function retireResetTokensOf(db: AuthDb, personId: string, now: Date): Promise<void> {
  await db.updateTable('passwordResetTokens').set({ usedAt: now }).where('personId', '=', personId).where('usedAt', 'is', null).execute();
}
