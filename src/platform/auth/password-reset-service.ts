import type { Kysely } from 'kysely';
import type { AppConfig } from '../../config.js';
import { inTransaction } from '../../db/database.js';
import type { AuditLog } from '../audit.js';
import type { Clock } from '../clock.js';
import { ValidationError } from '../errors.js';
import type { Notifications } from '../notifications.js';
import type { PlatformTables } from '../platform-tables.js';
import type { CredentialsService } from './credentials-service.js';
import type { PeopleDirectory } from './people-directory.js';
import { claimResetToken, findResetToken, insertResetToken, retireResetTokensOf } from './auth-repository.js';
import { digest, newSecret } from './tokens.js';

export const RESET_LINK_MINUTES = 30;

export interface PasswordResetDependencies {
  db: Kysely<PlatformTables>;
  clock: Clock;
  audit: AuditLog;
  people: Pick<PeopleDirectory, 'byEmail' | 'byId'>;
  credentials: CredentialsService;
  notifications: Pick<Notifications, 'enqueue'>;
  config: Pick<AppConfig, 'publicUrl' | 'serviceName' | 'signInFailureFloorMs'>;
}

/**
 * A forgotten password: a single-use link by e-mail, valid for 30 minutes, stored hashed. The
 * answer to the request is the same whether or not the address belongs to anyone (and takes no
 * less than the sign-in floor either way). Using the link sets a new password (the strength
 * rules apply), clears any lock, and ends every session and API token of the person.
 */
export class PasswordResetService {
  constructor(private readonly deps: PasswordResetDependencies) {}

  async request(email: string, requestId: string, resetPath: (token: string) => string): Promise<void> {
    const started = performance.now();
    const { db, clock, audit } = this.deps;
    const person = await this.deps.people.byEmail(email.trim());
    const system = { actor: null, requestId };
    if (person?.active) {
      const token = newSecret();
      const now = clock.now();
      const expiresAt = new Date(now.getTime() + RESET_LINK_MINUTES * 60_000);
      await inTransaction(db, async (trx) => {
        await insertResetToken(trx, { tokenHash: digest(token), personId: person.id, createdAt: now, expiresAt });
        await this.deps.notifications.enqueue(trx, {
          recipientPersonId: person.id,
          recipientAddress: person.email,
          subject: `Reset your ${this.deps.config.serviceName} password`,
          body: [
            `Someone (we hope you) asked to reset the password of your ${this.deps.config.serviceName} account.`,
            '',
            `Open this link within ${RESET_LINK_MINUTES} minutes to choose a new password. It works once.`,
            `${this.deps.config.publicUrl}${resetPath(token)}`,
            '',
            'If you did not ask, ignore this e-mail: your password has not changed. If it keeps happening, tell your system administrator.',
          ].join('\n'),
        });
        await audit.record(trx, system, { action: 'password_reset_requested', entityType: 'person', entityId: person.id });
      });
    } else {
      await audit.record(db, system, { action: 'password_reset_requested', entityType: 'person', summary: { reason: person ? 'deactivated' : 'unknown_account' } });
    }
    const wait = this.deps.config.signInFailureFloorMs - (performance.now() - started);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }

  /** Whether a link can still be used (the form is shown only then). */
  async isUsable(token: string): Promise<boolean> {
    const row = await findResetToken(this.deps.db, digest(token));
    return row !== undefined && row.usedAt === null && row.expiresAt > this.deps.clock.now();
  }

  /** Uses the link: claimed in one statement, so it works once even when sent twice at once. */
  async reset(token: string, newPassword: string, requestId: string): Promise<void> {
    const prepared = await this.deps.credentials.preparePassword(newPassword).catch((error: unknown) => {
      if (error instanceof ValidationError) throw ValidationError.of('newPassword', error.fieldErrors[0]?.message ?? error.message);
      throw error;
    });
    const now = this.deps.clock.now();
    const gone = () => ValidationError.of('newPassword', 'This link has expired or has been used. Ask for a new one.');
    const link = await findResetToken(this.deps.db, digest(token));
    const person = link ? await this.deps.people.byId(link.personId) : undefined;
    if (!person?.active) throw gone();
    await inTransaction(this.deps.db, async (trx) => {
      const claimed = await claimResetToken(trx, digest(token), now);
      if (claimed?.personId !== person.id) throw gone();
      await this.deps.credentials.storePassword(trx, person.id, prepared);
      await this.deps.credentials.endAllAccess(trx, person.id);
      // Any other link still out for this person stops working too.
      await retireResetTokensOf(trx, person.id, now);
      await this.deps.audit.record(trx, { actor: null, requestId }, { action: 'password_reset_by_email', entityType: 'person', entityId: person.id });
    });
  }
}
