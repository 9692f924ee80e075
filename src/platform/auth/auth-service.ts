import type { AppConfig } from '../../config.js';
import { inTransaction, type Db } from '../../db/database.js';
import type { Flash } from '../platform-tables.js';
import type { AuditLog } from '../audit.js';
import type { Clock } from '../clock.js';
import { isRole, type Actor } from '../roles.js';
import { burnVerificationTime, verifyPassword } from './passwords.js';
import { digest, newSecret } from './tokens.js';

export interface ResolvedSession {
  actor: Actor;
  sessionId: string;
  csrfToken: string;
  flash: Flash | null;
}

export type SessionLookup =
  | { status: 'valid'; session: ResolvedSession }
  | { status: 'expired' }
  | { status: 'none' };

export type SignInResult =
  | { ok: true; sessionToken: string; actor: Actor }
  | { ok: false };

const TOUCH_AFTER_MS = 60_000;

export class AuthService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
    private readonly config: AppConfig,
  ) {}

  async loadActor(personId: string): Promise<Actor | undefined> {
    const person = await this.db
      .selectFrom('people')
      .select(['id', 'name', 'email', 'employingOrganisationId', 'teamId', 'active'])
      .where('id', '=', personId)
      .executeTakeFirst();
    if (!person?.active) return undefined;
    const roles = await this.db.selectFrom('personRoles').select('role').where('personId', '=', personId).execute();
    return {
      personId: person.id,
      name: person.name,
      email: person.email,
      roles: roles.map((r) => r.role).filter(isRole),
      organisationId: person.employingOrganisationId,
      teamId: person.teamId,
    };
  }

  /**
   * Email + password. Every failure looks the same to the caller (no user enumeration) and
   * costs the same time; repeated failures lock the account for a while.
   */
  async signIn(email: string, password: string, requestId: string): Promise<SignInResult> {
    const now = this.clock.now();
    const person = await this.db
      .selectFrom('people')
      .select(['id', 'passwordHash', 'active', 'lockedUntil', 'failedSignInCount'])
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email.trim().toLowerCase()))
      .executeTakeFirst();
    const system = { actor: null, requestId };

    if (!person?.passwordHash) {
      await burnVerificationTime(password);
      await this.audit.record(this.db, system, { action: 'sign_in_failed', entityType: 'session', summary: { reason: 'unknown_account' } });
      return { ok: false };
    }
    const passwordMatches = await verifyPassword(person.passwordHash, password);
    const locked = person.lockedUntil !== null && person.lockedUntil > now;
    if (!passwordMatches || locked || !person.active) {
      const reason = locked ? 'locked' : !person.active ? 'deactivated' : 'wrong_password';
      await inTransaction(this.db, async (trx) => {
        if (reason === 'wrong_password') {
          const failures = person.failedSignInCount + 1;
          const lock = failures >= this.config.signInMaxFailures;
          await trx
            .updateTable('people')
            .set({
              failedSignInCount: lock ? 0 : failures,
              ...(lock ? { lockedUntil: new Date(now.getTime() + this.config.signInLockoutMinutes * 60_000) } : {}),
            })
            .where('id', '=', person.id)
            .execute();
          if (lock) {
            await this.audit.record(trx, system, { action: 'account_locked', entityType: 'person', entityId: person.id, summary: { minutes: this.config.signInLockoutMinutes } });
          }
        }
        await this.audit.record(trx, system, { action: 'sign_in_failed', entityType: 'person', entityId: person.id, summary: { reason } });
      });
      return { ok: false };
    }

    const actor = await this.loadActor(person.id);
    if (!actor) return { ok: false };
    const sessionToken = newSecret();
    await inTransaction(this.db, async (trx) => {
      await trx
        .updateTable('people')
        .set({ failedSignInCount: 0, lockedUntil: null, lastSignedInAt: now })
        .where('id', '=', person.id)
        .execute();
      await trx
        .insertInto('sessions')
        .values({
          idHash: digest(sessionToken),
          personId: person.id,
          csrfToken: newSecret(),
          flash: null,
          createdAt: now,
          lastSeenAt: now,
          expiresAt: new Date(now.getTime() + this.config.sessionAbsoluteHours * 3_600_000),
        })
        .execute();
      await this.audit.record(trx, { actor, requestId }, { action: 'sign_in', entityType: 'session', entityId: person.id });
    });
    return { ok: true, sessionToken, actor };
  }

  async resolveSession(sessionToken: string): Promise<SessionLookup> {
    const now = this.clock.now();
    const idHash = digest(sessionToken);
    const row = await this.db.selectFrom('sessions').selectAll().where('idHash', '=', idHash).executeTakeFirst();
    if (!row) return { status: 'none' };
    const idleLimit = row.lastSeenAt.getTime() + this.config.sessionIdleMinutes * 60_000;
    if (row.expiresAt <= now || idleLimit <= now.getTime()) {
      await this.db.deleteFrom('sessions').where('idHash', '=', idHash).execute();
      return { status: 'expired' };
    }
    const actor = await this.loadActor(row.personId);
    if (!actor) {
      await this.db.deleteFrom('sessions').where('idHash', '=', idHash).execute();
      return { status: 'none' };
    }
    if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_AFTER_MS || row.flash) {
      await this.db.updateTable('sessions').set({ lastSeenAt: now, flash: null }).where('idHash', '=', idHash).execute();
    }
    return { status: 'valid', session: { actor, sessionId: idHash, csrfToken: row.csrfToken, flash: row.flash } };
  }

  async setFlash(sessionId: string, flash: Flash): Promise<void> {
    await this.db.updateTable('sessions').set({ flash: JSON.stringify(flash) }).where('idHash', '=', sessionId).execute();
  }

  async signOut(sessionId: string, actor: Actor, requestId: string): Promise<void> {
    await inTransaction(this.db, async (trx) => {
      await trx.deleteFrom('sessions').where('idHash', '=', sessionId).execute();
      await this.audit.record(trx, { actor, requestId }, { action: 'sign_out', entityType: 'session', entityId: actor.personId });
    });
  }

  /** Ends every session and API token of a person (deactivation, role removal, password reset). */
  async endAllAccess(trx: Db, personId: string): Promise<void> {
    await trx.deleteFrom('sessions').where('personId', '=', personId).execute();
    await trx.updateTable('apiTokens').set({ revokedAt: this.clock.now() }).where('personId', '=', personId).where('revokedAt', 'is', null).execute();
  }

  async issueApiToken(email: string, password: string, requestId: string): Promise<{ token: string; expiresAt: Date } | undefined> {
    const signIn = await this.signInWithoutSession(email, password, requestId);
    if (!signIn) return undefined;
    const now = this.clock.now();
    const token = newSecret();
    const expiresAt = new Date(now.getTime() + this.config.apiTokenHours * 3_600_000);
    await inTransaction(this.db, async (trx) => {
      await trx.insertInto('apiTokens').values({ tokenHash: digest(token), personId: signIn.personId, createdAt: now, expiresAt }).execute();
      await this.audit.record(trx, { actor: signIn, requestId }, { action: 'api_token_issued', entityType: 'api_token', entityId: signIn.personId });
    });
    return { token, expiresAt };
  }

  private async signInWithoutSession(email: string, password: string, requestId: string): Promise<Actor | undefined> {
    const result = await this.signIn(email, password, requestId);
    if (!result.ok) return undefined;
    // signIn made a browser session: an API client has no use for it.
    await this.db.deleteFrom('sessions').where('idHash', '=', digest(result.sessionToken)).execute();
    return result.actor;
  }

  async resolveApiToken(token: string): Promise<{ actor: Actor; tokenHash: string } | undefined> {
    const now = this.clock.now();
    const tokenHash = digest(token);
    const row = await this.db
      .selectFrom('apiTokens')
      .select(['personId', 'expiresAt', 'revokedAt', 'lastUsedAt'])
      .where('tokenHash', '=', tokenHash)
      .executeTakeFirst();
    if (!row || row.revokedAt || row.expiresAt <= now) return undefined;
    const actor = await this.loadActor(row.personId);
    if (!actor) return undefined;
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOUCH_AFTER_MS) {
      await this.db.updateTable('apiTokens').set({ lastUsedAt: now }).where('tokenHash', '=', tokenHash).execute();
    }
    return { actor, tokenHash };
  }

  async revokeApiToken(tokenHash: string, actor: Actor, requestId: string): Promise<void> {
    await inTransaction(this.db, async (trx) => {
      await trx.updateTable('apiTokens').set({ revokedAt: this.clock.now() }).where('tokenHash', '=', tokenHash).execute();
      await this.audit.record(trx, { actor, requestId }, { action: 'api_token_revoked', entityType: 'api_token', entityId: actor.personId });
    });
  }
}
