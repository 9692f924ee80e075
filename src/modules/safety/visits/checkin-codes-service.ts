import { inTransaction } from '../../../db/database.js';
import type { ServiceContext } from '../../../platform/audit.js';
import { hashPassword, verifyPassword } from '../../../platform/auth/passwords.js';
import { ValidationError, type FieldError } from '../../../platform/errors.js';
import { requireRole } from '../../../platform/roles.js';
import type { SafetyServiceDeps } from '../safety-ports.js';
import { normaliseDuressCode, validateNewDuressCode } from './duress-code.js';
import { VisitsRepository } from './visits-repository.js';

export interface SetCodesCommand {
  checkinCode: string;
  checkinConfirmation: string;
  duressCode: string;
  duressConfirmation: string;
}

/** Whether the AMHP uses codes; never the codes or their hashes. */
export interface CodesView {
  set: boolean;
  version: number | null;
  updatedAt: Date | null;
}

/**
 * The AMHP's personal check-in code and duress code (argon2id hashes only). See duress-code.ts
 * for the rules, and `isDuress` for how a finish is judged without revealing which code was used.
 */
export class CheckinCodesService {
  private readonly repository = new VisitsRepository();

  constructor(private readonly deps: Pick<SafetyServiceDeps, 'db' | 'clock' | 'audit'>) {}

  async hasCodes(personId: string): Promise<boolean> {
    return (await this.repository.codes(this.deps.db, personId)) !== undefined;
  }

  async myCodes(ctx: ServiceContext): Promise<CodesView> {
    const codes = await this.repository.codes(this.deps.db, ctx.actor.personId);
    return { set: codes !== undefined, version: codes?.version ?? null, updatedAt: codes?.updatedAt ?? null };
  }

  async setCodes(ctx: ServiceContext, command: SetCodesCommand): Promise<CodesView> {
    requireRole(ctx.actor, ['amhp'], 'set check-in codes');
    const errors: FieldError[] = [
      ...validateNewDuressCode(command.checkinCode, command.checkinConfirmation).map((e) => ({ ...e, field: e.field === 'code' ? 'checkinCode' : 'checkinConfirmation' })),
      ...validateNewDuressCode(command.duressCode, command.duressConfirmation).map((e) => ({ ...e, field: e.field === 'code' ? 'duressCode' : 'duressConfirmation' })),
    ];
    if (errors.length === 0 && normaliseDuressCode(command.checkinCode) === normaliseDuressCode(command.duressCode)) {
      errors.push({ field: 'duressCode', message: 'The duress code must be different from your check-in code' });
    }
    if (errors.length > 0) throw new ValidationError(errors);
    const [checkinHash, duressHash] = await Promise.all([hashPassword(normaliseDuressCode(command.checkinCode)), hashPassword(normaliseDuressCode(command.duressCode))]);
    const now = this.deps.clock.now();
    const version = await inTransaction(this.deps.db, async (trx) => {
      const saved = await this.repository.saveCodes(trx, ctx.actor.personId, checkinHash, duressHash, now);
      await this.deps.audit.record(trx, ctx, { action: 'checkin_codes_set', entityType: 'person', entityId: ctx.actor.personId });
      return saved;
    });
    return { set: true, version, updatedAt: now };
  }

  async removeCodes(ctx: ServiceContext): Promise<CodesView> {
    requireRole(ctx.actor, ['amhp'], 'stop using check-in codes');
    await inTransaction(this.deps.db, async (trx) => {
      await this.repository.removeCodes(trx, ctx.actor.personId);
      await this.deps.audit.record(trx, ctx, { action: 'checkin_codes_removed', entityType: 'person', entityId: ctx.actor.personId });
    });
    return { set: false, version: null, updatedAt: null };
  }

  /**
   * Whether the code entered on a finish is the duress code. Both hashes are always checked, so
   * the time taken does not tell a watcher which code was typed. A code matching neither is
   * refused (the AMHP sees "not recognised" and tries again), so a typo never raises an alarm.
   * Without codes set there is nothing to check: every finish is a normal one.
   */
  async isDuress(personId: string, candidate: string | undefined): Promise<boolean> {
    const codes = await this.repository.codes(this.deps.db, personId);
    if (!codes) return false;
    const code = normaliseDuressCode(candidate ?? '');
    const [normal, duress] = await Promise.all([verifyPassword(codes.checkinCodeHash, code), verifyPassword(codes.duressCodeHash, code)]);
    if (duress) return true;
    if (normal) return false;
    throw ValidationError.of('code', code ? 'Check-in code not recognised. Try again' : 'Enter your check-in code');
  }
}
