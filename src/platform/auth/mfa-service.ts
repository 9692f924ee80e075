import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { AppConfig } from '../../config.js';
import { inTransaction } from '../../db/database.js';
import type { AuditLog, ServiceContext } from '../audit.js';
import type { Clock } from '../clock.js';
import { NotFoundError, StateError, ValidationError } from '../errors.js';
import { platformTables, type AnyDbHandle, type PlatformTables } from '../platform-tables.js';
import { requireRole, type Role } from '../roles.js';
import type { Setting, SettingsService } from '../settings-service.js';
import { claimStep, confirmFactor, deleteFactor, findFactor, recoveryCodesLeft, replaceRecoveryCodes, storePendingFactor, useRecoveryCode } from './mfa-repository.js';
import type { PeopleDirectory } from './people-directory.js';
import { digest } from './tokens.js';
import { groupedSecret, matchTotp, newRecoveryCodes, newTotpSecret, normaliseRecoveryCode, otpauthUri } from './totp.js';

export const MFA_POLICY_KEY = 'security.mfa';
export const mfaPolicySchema = z.object({ requiredFor: z.enum(['none', 'admins', 'everyone']) });
export type MfaPolicy = z.output<typeof mfaPolicySchema>;

/** The roles "administrators" means in the policy. */
export const MFA_ADMIN_ROLES: readonly Role[] = ['admin'];

export interface MfaStatus {
  enrolled: boolean;
  confirmedAt: Date | null;
  recoveryCodesLeft: number;
  required: boolean;
}

export interface PendingEnrolment {
  secret: string;
  groupedSecret: string;
  uri: string;
}

export interface MfaDependencies {
  db: Kysely<PlatformTables>;
  clock: Clock;
  audit: AuditLog;
  settings: SettingsService;
  people: Pick<PeopleDirectory, 'byId'>;
  config: Pick<AppConfig, 'mfaRequiredFor' | 'serviceName'>;
}

/**
 * Two-step verification with a time-based code (TOTP, RFC 6238) and one-time recovery codes.
 * Every event is audited: enrolment started and confirmed, a code accepted or refused, a recovery
 * code used, a reset by an administrator, a change of policy.
 */
export class MfaService {
  constructor(private readonly deps: MfaDependencies) {}

  async policy(): Promise<Setting<MfaPolicy>> {
    return this.deps.settings.get(MFA_POLICY_KEY, mfaPolicySchema, { requiredFor: this.deps.config.mfaRequiredFor });
  }

  async savePolicy(ctx: ServiceContext, value: MfaPolicy, expectedVersion: number): Promise<Setting<MfaPolicy>> {
    requireRole(ctx.actor, ['admin'], 'change who must use two-step verification');
    const saved = await this.deps.settings.put(ctx, MFA_POLICY_KEY, mfaPolicySchema, value, expectedVersion);
    await this.deps.audit.record(this.deps.db, ctx, { action: 'mfa_policy_changed', entityType: 'setting', entityId: MFA_POLICY_KEY, summary: { requiredFor: value.requiredFor } });
    return saved;
  }

  /** Whether the policy requires two-step verification of someone with these roles. */
  async isRequiredFor(roles: readonly Role[]): Promise<boolean> {
    const { requiredFor } = (await this.policy()).value;
    if (requiredFor === 'everyone') return roles.length > 0;
    if (requiredFor === 'admins') return roles.some((role) => MFA_ADMIN_ROLES.includes(role));
    return false;
  }

  async isEnrolled(personId: string): Promise<boolean> {
    return (await findFactor(this.deps.db, personId))?.confirmedAt != null;
  }

  async status(ctx: ServiceContext): Promise<MfaStatus> {
    const factor = await findFactor(this.deps.db, ctx.actor.personId);
    const enrolled = factor?.confirmedAt != null;
    return {
      enrolled,
      confirmedAt: factor?.confirmedAt ?? null,
      recoveryCodesLeft: enrolled ? await recoveryCodesLeft(this.deps.db, ctx.actor.personId) : 0,
      required: await this.isRequiredFor(ctx.actor.roles),
    };
  }

  private enrolmentOf(secret: string, email: string): PendingEnrolment {
    return { secret, groupedSecret: groupedSecret(secret), uri: otpauthUri(secret, this.deps.config.serviceName, email) };
  }

  /** A new secret to add to an authenticator app; it counts once a code from it is confirmed. */
  async startEnrolment(ctx: ServiceContext): Promise<PendingEnrolment> {
    const secret = newTotpSecret();
    await inTransaction(this.deps.db, async (trx) => {
      if (!(await storePendingFactor(trx, ctx.actor.personId, secret, this.deps.clock.now()))) {
        throw new StateError('Two-step verification is already set up. Ask an administrator to reset it to set it up on a new phone.', 'mfa_already_enrolled');
      }
      await this.deps.audit.record(trx, ctx, { action: 'mfa_enrolment_started', entityType: 'person', entityId: ctx.actor.personId });
    });
    return this.enrolmentOf(secret, ctx.actor.email);
  }

  /** The enrolment started and not yet confirmed, if any (the set-up page shows it again). */
  async pendingEnrolment(ctx: ServiceContext): Promise<PendingEnrolment | undefined> {
    const factor = await findFactor(this.deps.db, ctx.actor.personId);
    return factor && !factor.confirmedAt ? this.enrolmentOf(factor.secret, ctx.actor.email) : undefined;
  }

  /** Confirms the set-up with a code from the app; returns the recovery codes (shown this once). */
  async confirmEnrolment(ctx: ServiceContext, code: string): Promise<string[]> {
    const now = this.deps.clock.now();
    const factor = await findFactor(this.deps.db, ctx.actor.personId);
    if (!factor || factor.confirmedAt) throw ValidationError.of('code', 'Start setting up two-step verification first');
    const step = matchTotp(factor.secret, code, now, null);
    if (step === undefined) {
      await this.deps.audit.record(this.deps.db, ctx, { action: 'mfa_enrolment_code_refused', entityType: 'person', entityId: ctx.actor.personId });
      throw ValidationError.of('code', 'The code is not right. Enter the 6-digit code your authenticator app shows now');
    }
    const codes = newRecoveryCodes();
    await inTransaction(this.deps.db, async (trx) => {
      await confirmFactor(trx, ctx.actor.personId, step, now);
      await replaceRecoveryCodes(trx, ctx.actor.personId, codes.map((c) => digest(normaliseRecoveryCode(c))), now);
      await this.deps.audit.record(trx, ctx, { action: 'mfa_enrolled', entityType: 'person', entityId: ctx.actor.personId, summary: { recoveryCodes: codes.length } });
    });
    return codes;
  }

  /** New recovery codes (the old ones stop working), after a current code from the app. */
  async regenerateRecoveryCodes(ctx: ServiceContext, code: string): Promise<string[]> {
    const now = this.deps.clock.now();
    const codes = newRecoveryCodes();
    await inTransaction(this.deps.db, async (trx) => {
      const factor = await findFactor(trx, ctx.actor.personId);
      if (!factor?.confirmedAt) throw ValidationError.of('code', 'Two-step verification is not set up');
      const step = matchTotp(factor.secret, code, now, factor.lastUsedStep);
      if (step === undefined || !(await claimStep(trx, ctx.actor.personId, step))) throw ValidationError.of('code', 'The code is not right. Enter the 6-digit code your authenticator app shows now');
      await replaceRecoveryCodes(trx, ctx.actor.personId, codes.map((c) => digest(normaliseRecoveryCode(c))), now);
      await this.deps.audit.record(trx, ctx, { action: 'mfa_recovery_codes_replaced', entityType: 'person', entityId: ctx.actor.personId });
    });
    return codes;
  }

  /**
   * Checks a code at sign-in: a TOTP code (a step later than the last one used) or an unused
   * recovery code. Audited either way, in the caller's handle.
   */
  async verify(handle: AnyDbHandle, system: { actor: null; requestId: string }, personId: string, typed: string): Promise<'totp' | 'recovery' | undefined> {
    const db = platformTables(handle);
    const now = this.deps.clock.now();
    const factor = await findFactor(db, personId);
    if (!factor?.confirmedAt) return undefined;
    let method: 'totp' | 'recovery' | undefined;
    const step = matchTotp(factor.secret, typed, now, factor.lastUsedStep);
    if (step !== undefined && (await claimStep(db, personId, step))) method = 'totp';
    else if (/^[a-z0-9]{5}-?[a-z0-9]{5}$/i.test(typed.trim()) && (await useRecoveryCode(db, personId, digest(normaliseRecoveryCode(typed)), now))) method = 'recovery';
    if (method === 'recovery') {
      await this.deps.audit.record(db, system, { action: 'mfa_recovery_code_used', entityType: 'person', entityId: personId, summary: { left: await recoveryCodesLeft(db, personId) } });
    }
    await this.deps.audit.record(db, system, { action: method ? 'mfa_verified' : 'mfa_failed', entityType: 'person', entityId: personId, summary: method ? { method } : {} });
    return method;
  }

  /**
   * An administrator removes someone's two-step verification (a lost phone): their secret and
   * recovery codes go, and they set it up again at their next sign-in if their role requires it.
   */
  async reset(ctx: ServiceContext, personId: string, endAllAccess: (trx: AnyDbHandle, personId: string) => Promise<void>): Promise<void> {
    requireRole(ctx.actor, ['admin'], 'reset someone’s two-step verification');
    const person = await this.deps.people.byId(personId);
    if (!person) throw new NotFoundError('The person');
    await inTransaction(this.deps.db, async (trx) => {
      const removed = await deleteFactor(trx, personId);
      if (removed === 0) throw ValidationError.of('personId', `${person.name} has not set up two-step verification`);
      await endAllAccess(trx, personId);
      await this.deps.audit.record(trx, ctx, { action: 'mfa_reset', entityType: 'person', entityId: personId });
    });
  }

  /** Whether the person must set it up before doing anything else (required and not enrolled). */
  async mustEnrol(personId: string, roles: readonly Role[]): Promise<boolean> {
    return (await this.isRequiredFor(roles)) && !(await this.isEnrolled(personId));
  }
}
