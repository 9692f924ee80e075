import type { Kysely } from 'kysely';
import type { AppConfig } from '../../config.js';
import { inTransaction } from '../../db/database.js';
import type { AnyDbHandle, DirectoryPeopleView, Flash, PlatformTables } from '../platform-tables.js';
import type { AuditLog } from '../audit.js';
import type { Clock } from '../clock.js';
import { isRole, type Actor } from '../roles.js';
import { ForbiddenError, UnauthenticatedError, ValidationError } from '../errors.js';
import type { ServiceContext } from '../audit.js';
import {
  clearSessionMustEnrol,
  clearSessionPasswordChange,
  deleteOtherSessionsOf,
  deleteSession,
  findApiTokenWithPerson,
  findCredentials,
  findSession,
  findSessionWithPerson,
  insertApiToken,
  insertSession,
  claimSignInAttempt,
  recordSignIn,
  revokeApiToken,
  revokeApiTokensOf,
  setSessionFlash,
  touchApiToken,
  touchSession,
} from './auth-repository.js';
import type { CredentialsService } from './credentials-service.js';
import type { MfaService } from './mfa-service.js';
import { burnVerificationTime, verifyPassword } from './passwords.js';
import type { DirectoryPerson, PeopleDirectory } from './people-directory.js';
import { digest, newSecret } from './tokens.js';

export interface ResolvedSession {
  actor: Actor;
  sessionId: string;
  csrfToken: string;
  flash: Flash | null;
  /** Signed in with a one-time code: every page leads to "change your password" until it is. */
  mustChangePassword: boolean;
  /** The person's role requires two-step verification and it is not set up: only the set-up page opens. */
  mustEnrolMfa: boolean;
}

export type SessionLookup =
  | { status: 'valid'; session: ResolvedSession }
  /** The password was right; the two-step code is still to come. Opens only the code page. */
  | { status: 'mfa_pending'; pending: { sessionId: string; csrfToken: string } }
  | { status: 'expired' }
  | { status: 'none' };

/** After the password: signed in ('done'), the code still to come ('pending'), or set-up required first ('enrol'). */
export type SecondStep = 'done' | 'pending' | 'enrol';

export type SignInResult =
  | { ok: true; sessionToken: string; actor: Actor; mustChangePassword: boolean; mfa: SecondStep }
  | { ok: false };

export interface AuthDependencies {
  db: Kysely<PlatformTables>;
  clock: Clock;
  audit: AuditLog;
  config: Pick<AppConfig, 'signInMaxFailures' | 'signInLockoutMinutes' | 'signInFailureFloorMs' | 'sessionAbsoluteHours' | 'sessionIdleMinutes' | 'apiTokenHours'>;
  /** Who people are (the staff module implements it). */
  people: PeopleDirectory;
  credentials: CredentialsService;
  mfa: MfaService;
}

/** How long the code page waits after a right password before signing in must start again. */
const MFA_PENDING_MS = 10 * 60_000;

const TOUCH_AFTER_MS = 60_000;

function actorOf(person: DirectoryPerson): Actor {
  return { personId: person.id, name: person.name, email: person.email, roles: person.roles, organisationId: person.organisationId, teamId: person.teamId };
}

/** Who a session or token acts as: its person while they are active, with the roles the platform knows. */
function activeActorOf(person: DirectoryPeopleView | null): Actor | undefined {
  return person?.active ? actorOf({ ...person, roles: person.roles.filter(isRole) }) : undefined;
}

/** Signing in and out, browser sessions and API tokens. People are read through the directory. */
export class AuthService {
  private readonly db: Kysely<PlatformTables>;
  private readonly clock: Clock;
  private readonly audit: AuditLog;
  private readonly config: AuthDependencies['config'];
  private readonly people: PeopleDirectory;
  private readonly credentials: CredentialsService;
  private readonly mfa: MfaService;

  constructor(deps: AuthDependencies) {
    this.db = deps.db;
    this.clock = deps.clock;
    this.audit = deps.audit;
    this.config = deps.config;
    this.people = deps.people;
    this.credentials = deps.credentials;
    this.mfa = deps.mfa;
  }

  /** The actor for an active person; undefined for someone unknown or deactivated. */
  async loadActor(personId: string): Promise<Actor | undefined> {
    const person = await this.people.byId(personId);
    return person?.active ? actorOf(person) : undefined;
  }

  /**
   * Email + password. Every failure looks the same to the caller (no user enumeration) and takes
   * the same time: an unknown account is verified against a dummy hash, and every refusal is
   * answered no sooner than the configured floor. The attempt is claimed before the password is
   * checked, so a burst of parallel guesses cannot get more than the allowed number checked.
   */
  async signIn(email: string, password: string, requestId: string): Promise<SignInResult> {
    const refused = this.refusal();
    const now = this.clock.now();
    const person = await this.people.byEmail(email.trim());
    const credentials = person ? await findCredentials(this.db, person.id) : undefined;
    const system = { actor: null, requestId };

    if (!person || !credentials?.passwordHash) {
      await burnVerificationTime(password);
      await this.audit.record(this.db, system, { action: 'sign_in_failed', entityType: 'session', summary: { reason: 'unknown_account' } });
      return refused();
    }
    const lockUntil = new Date(now.getTime() + this.config.signInLockoutMinutes * 60_000);
    const claim = await claimSignInAttempt(this.db, person.id, now, this.config.signInMaxFailures, lockUntil);
    if (!claim) {
      await burnVerificationTime(password);
      await this.audit.record(this.db, system, { action: 'sign_in_failed', entityType: 'person', entityId: person.id, summary: { reason: 'locked' } });
      return refused();
    }
    const passwordMatches = await verifyPassword(credentials.passwordHash, password);
    if (!passwordMatches || !person.active) {
      const reason = !passwordMatches ? 'wrong_password' : 'deactivated';
      await inTransaction(this.db, async (trx) => {
        if (reason === 'wrong_password' && claim.attempt === this.config.signInMaxFailures) {
          await this.audit.record(trx, system, { action: 'account_locked', entityType: 'person', entityId: person.id, summary: { minutes: this.config.signInLockoutMinutes } });
        }
        await this.audit.record(trx, system, { action: 'sign_in_failed', entityType: 'person', entityId: person.id, summary: { reason, attempt: claim.attempt } });
      });
      return refused();
    }

    const actor = actorOf(person);
    const sessionToken = newSecret();
    // Two-step verification set up: the password alone opens only the code page, for a few
    // minutes, and the failure count is not cleared until the code is right too.
    if (await this.mfa.isEnrolled(person.id)) {
      await inTransaction(this.db, async (trx) => {
        await insertSession(trx, this.newSession(sessionToken, person.id, now, { mustChangePassword: credentials.mustChangePassword, mfaPending: true }));
        await this.audit.record(trx, system, { action: 'sign_in_password_accepted', entityType: 'person', entityId: person.id, summary: { secondStep: 'code' } });
      });
      return { ok: true, sessionToken, actor, mustChangePassword: credentials.mustChangePassword, mfa: 'pending' };
    }
    const mustEnrolMfa = await this.mfa.isRequiredFor(person.roles);
    await inTransaction(this.db, async (trx) => {
      await recordSignIn(trx, person.id, now);
      await insertSession(trx, this.newSession(sessionToken, person.id, now, { mustChangePassword: credentials.mustChangePassword, mustEnrolMfa }));
      await this.audit.record(trx, { actor, requestId }, { action: 'sign_in', entityType: 'session', entityId: person.id, ...(mustEnrolMfa ? { summary: { mfa: 'must_enrol' } } : {}) });
    });
    return { ok: true, sessionToken, actor, mustChangePassword: credentials.mustChangePassword, mfa: mustEnrolMfa ? 'enrol' : 'done' };
  }

  /**
   * Single sign-on: the identity provider has signed someone in and vouched for their e-mail
   * address. An active person with that address gets a session; the provider's own checks (its
   * MFA policy, conditional access) stand in for the password and the code here, and a local
   * one-time password does not have to be changed. Anyone else is refused, audited without the
   * address (it may be personal data of someone who is not staff).
   */
  async signInWithIdentity(email: string, requestId: string): Promise<SignInResult> {
    const now = this.clock.now();
    const person = await this.people.byEmail(email.trim());
    const system = { actor: null, requestId };
    if (!person?.active) {
      await this.audit.record(this.db, system, { action: 'sign_in_failed', entityType: person ? 'person' : 'session', entityId: person?.id ?? null, summary: { reason: person ? 'deactivated' : 'unknown_account', method: 'oidc' } });
      return { ok: false };
    }
    const actor = actorOf(person);
    const sessionToken = newSecret();
    await inTransaction(this.db, async (trx) => {
      await recordSignIn(trx, person.id, now);
      await insertSession(trx, this.newSession(sessionToken, person.id, now, { mustChangePassword: false }));
      await this.audit.record(trx, { actor, requestId }, { action: 'sign_in', entityType: 'session', entityId: person.id, summary: { method: 'oidc' } });
    });
    return { ok: true, sessionToken, actor, mustChangePassword: false, mfa: 'done' };
  }

  /** Every refusal is answered no sooner than the configured floor after it started. */
  private refusal(): () => Promise<{ ok: false }> {
    const started = performance.now();
    return async () => {
      const wait = this.config.signInFailureFloorMs - (performance.now() - started);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      return { ok: false };
    };
  }

  private newSession(token: string, personId: string, now: Date, flags: { mustChangePassword: boolean; mfaPending?: boolean; mustEnrolMfa?: boolean }) {
    const lifetime = flags.mfaPending ? MFA_PENDING_MS : this.config.sessionAbsoluteHours * 3_600_000;
    return {
      idHash: digest(token),
      personId,
      csrfToken: newSecret(),
      flash: null,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + lifetime),
      mustChangePassword: flags.mustChangePassword,
      mfaPending: flags.mfaPending ?? false,
      mustEnrolMfa: flags.mustEnrolMfa ?? false,
    };
  }

  /**
   * The second step: a code from the authenticator app (or a recovery code) for the person whose
   * password was right. Each code is one claimed attempt on the same per-account count as the
   * password, so guessing codes locks the account like guessing passwords. Undefined on refusal.
   */
  private async checkSecondStep(personId: string, code: string, requestId: string): Promise<Actor | undefined> {
    const now = this.clock.now();
    const system = { actor: null, requestId };
    const person = await this.people.byId(personId);
    if (!person?.active) return undefined;
    const lockUntil = new Date(now.getTime() + this.config.signInLockoutMinutes * 60_000);
    const claim = await claimSignInAttempt(this.db, person.id, now, this.config.signInMaxFailures, lockUntil);
    if (!claim) {
      await this.audit.record(this.db, system, { action: 'sign_in_failed', entityType: 'person', entityId: person.id, summary: { reason: 'locked', step: 'code' } });
      return undefined;
    }
    const method = await inTransaction(this.db, async (trx) => {
      const verified = await this.mfa.verify(trx, system, person.id, code);
      if (!verified) {
        if (claim.attempt === this.config.signInMaxFailures) {
          await this.audit.record(trx, system, { action: 'account_locked', entityType: 'person', entityId: person.id, summary: { minutes: this.config.signInLockoutMinutes } });
        }
        await this.audit.record(trx, system, { action: 'sign_in_failed', entityType: 'person', entityId: person.id, summary: { reason: 'wrong_code', attempt: claim.attempt } });
      }
      return verified;
    });
    return method ? actorOf(person) : undefined;
  }

  /**
   * The code page: the pending session becomes a signed-in one under a new id (rotation), or
   * stays pending after a wrong code (ended once the account locks).
   */
  async completeSignIn(pendingSessionId: string, code: string, requestId: string): Promise<SignInResult> {
    const refused = this.refusal();
    const now = this.clock.now();
    const row = await findSession(this.db, pendingSessionId);
    if (!row?.mfaPending || row.expiresAt <= now) return refused();
    const actor = await this.checkSecondStep(row.personId, code, requestId);
    if (!actor) {
      const credentials = await findCredentials(this.db, row.personId);
      if (credentials?.lockedUntil && credentials.lockedUntil > now) await deleteSession(this.db, pendingSessionId);
      return refused();
    }
    const sessionToken = newSecret();
    await inTransaction(this.db, async (trx) => {
      await recordSignIn(trx, actor.personId, now);
      await deleteSession(trx, pendingSessionId);
      await insertSession(trx, this.newSession(sessionToken, actor.personId, now, { mustChangePassword: row.mustChangePassword }));
      await this.audit.record(trx, { actor, requestId }, { action: 'sign_in', entityType: 'session', entityId: actor.personId, summary: { mfa: true } });
    });
    return { ok: true, sessionToken, actor, mustChangePassword: row.mustChangePassword, mfa: 'done' };
  }

  /** After confirming the set-up, the session is no longer held on the set-up page. */
  async enrolmentConfirmed(sessionId: string): Promise<void> {
    await clearSessionMustEnrol(this.db, sessionId);
  }

  async resolveSession(sessionToken: string): Promise<SessionLookup> {
    const now = this.clock.now();
    const idHash = digest(sessionToken);
    // One round trip: the session and the person as they are now (deactivation, roles).
    const row = await findSessionWithPerson(this.db, idHash);
    if (!row) return { status: 'none' };
    const idleLimit = row.lastSeenAt.getTime() + this.config.sessionIdleMinutes * 60_000;
    if (row.expiresAt <= now || idleLimit <= now.getTime()) {
      await deleteSession(this.db, idHash);
      return { status: 'expired' };
    }
    if (row.mfaPending) return { status: 'mfa_pending', pending: { sessionId: idHash, csrfToken: row.csrfToken } };
    const actor = activeActorOf(row.person);
    if (!actor) {
      await deleteSession(this.db, idHash);
      return { status: 'none' };
    }
    if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_AFTER_MS || row.flash) await touchSession(this.db, idHash, now);
    return { status: 'valid', session: { actor, sessionId: idHash, csrfToken: row.csrfToken, flash: row.flash, mustChangePassword: row.mustChangePassword, mustEnrolMfa: row.mustEnrolMfa } };
  }

  async setFlash(sessionId: string, flash: Flash): Promise<void> {
    await setSessionFlash(this.db, sessionId, flash);
  }

  async signOut(sessionId: string, actor: Actor, requestId: string): Promise<void> {
    await inTransaction(this.db, async (trx) => {
      await deleteSession(trx, sessionId);
      await this.audit.record(trx, { actor, requestId }, { action: 'sign_out', entityType: 'session', entityId: actor.personId });
    });
  }

  /** Ends every session and API token of a person, in the caller's transaction. */
  async endAllAccess(trx: AnyDbHandle, personId: string): Promise<void> {
    await this.credentials.endAllAccess(trx, personId);
  }

  async issueApiToken(email: string, password: string, requestId: string, code?: string): Promise<{ token: string; expiresAt: Date } | undefined> {
    const signIn = await this.signInWithoutSession(email, password, requestId, code);
    if (!signIn) return undefined;
    const now = this.clock.now();
    const token = newSecret();
    const expiresAt = new Date(now.getTime() + this.config.apiTokenHours * 3_600_000);
    await inTransaction(this.db, async (trx) => {
      await insertApiToken(trx, { tokenHash: digest(token), personId: signIn.personId, createdAt: now, expiresAt });
      await this.audit.record(trx, { actor: signIn, requestId }, { action: 'api_token_issued', entityType: 'api_token', entityId: signIn.personId });
    });
    return { token, expiresAt };
  }

  /**
   * The API's sign-in honours two-step verification: with it set up, the request carries the
   * code too (`code`); with it required and not set up, no token until it is set up on the web.
   */
  private async signInWithoutSession(email: string, password: string, requestId: string, code?: string): Promise<Actor | undefined> {
    const result = await this.signIn(email, password, requestId);
    if (!result.ok) return undefined;
    // signIn made a browser session: an API client has no use for it.
    await deleteSession(this.db, digest(result.sessionToken));
    if (result.mustChangePassword) throw new ForbiddenError('This account has a one-time code: sign in on the web and choose a password first');
    if (result.mfa === 'enrol') throw new ForbiddenError('This account must use two-step verification: sign in on the web and set it up first');
    if (result.mfa === 'pending') {
      const refused = this.refusal();
      if (!code) throw new UnauthenticatedError('This account uses two-step verification: send the 6-digit code from the authenticator app (or a recovery code) as "code"');
      const actor = await this.checkSecondStep(result.actor.personId, code, requestId);
      if (!actor) {
        await refused();
        return undefined;
      }
      await recordSignIn(this.db, actor.personId, this.clock.now());
      return actor;
    }
    return result.actor;
  }

  /**
   * A signed-in person changes their own password (the one-time code at first sign-in, or any
   * time): the current one is checked, the new one must meet the rules and differ from it.
   * Every other session and every API token of theirs ends; this session stays signed in.
   */
  async changeOwnPassword(ctx: ServiceContext, sessionId: string, command: { currentPassword: string; newPassword: string }): Promise<void> {
    const credentials = await findCredentials(this.db, ctx.actor.personId);
    if (!credentials?.passwordHash || !(await verifyPassword(credentials.passwordHash, command.currentPassword))) {
      throw ValidationError.of('currentPassword', 'Your current password (or one-time code) is not right');
    }
    if (command.newPassword === command.currentPassword) throw ValidationError.of('newPassword', 'Choose a password different from the current one');
    const prepared = await this.credentials.preparePassword(command.newPassword).catch((error: unknown) => {
      if (error instanceof ValidationError) throw ValidationError.of('newPassword', error.fieldErrors[0]?.message ?? error.message);
      throw error;
    });
    await inTransaction(this.db, async (trx) => {
      await this.credentials.storePassword(trx, ctx.actor.personId, prepared);
      await deleteOtherSessionsOf(trx, ctx.actor.personId, sessionId);
      await clearSessionPasswordChange(trx, sessionId);
      await revokeApiTokensOf(trx, ctx.actor.personId, this.clock.now());
      await this.audit.record(trx, ctx, { action: 'password_changed', entityType: 'person', entityId: ctx.actor.personId, summary: { oneTimeCode: credentials.mustChangePassword } });
    });
  }

  async resolveApiToken(token: string): Promise<{ actor: Actor; tokenHash: string } | undefined> {
    const now = this.clock.now();
    const tokenHash = digest(token);
    // One round trip: the token and the person as they are now (deactivation, roles).
    const row = await findApiTokenWithPerson(this.db, tokenHash);
    if (!row || row.revokedAt || row.expiresAt <= now) return undefined;
    const actor = activeActorOf(row.person);
    if (!actor) return undefined;
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOUCH_AFTER_MS) await touchApiToken(this.db, tokenHash, now);
    return { actor, tokenHash };
  }

  async revokeApiToken(tokenHash: string, actor: Actor, requestId: string): Promise<void> {
    await inTransaction(this.db, async (trx) => {
      await revokeApiToken(trx, tokenHash, this.clock.now());
      await this.audit.record(trx, { actor, requestId }, { action: 'api_token_revoked', entityType: 'api_token', entityId: actor.personId });
    });
  }
}
