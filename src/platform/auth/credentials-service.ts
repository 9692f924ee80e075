import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import { ValidationError } from '../errors.js';
import { platformTables, type AnyDbHandle, type PlatformTables } from '../platform-tables.js';
import { deleteSessionsOf, findCredentials, revokeApiTokensOf, storePasswordHash } from './auth-repository.js';
import { hashPassword, passwordProblem, type PasswordHashCost } from './passwords.js';

declare const prepared: unique symbol;

/** A password that met the rules, hashed (argon2id) outside any transaction, ready to store. */
export interface PreparedPassword {
  readonly hash: string;
  readonly [prepared]: true;
}

/**
 * The platform's side of a person's account: passwords and access. The staff module calls it when
 * an administrator sets a password or deactivates someone (in staff's own transaction); it never
 * touches staff's tables, and staff never touches these.
 */
export class CredentialsService {
  /** The demo's one configured password, hashed once per process rather than once per person. */
  private readonly seedHashes = new Map<string, Promise<string>>();

  constructor(
    private readonly db: Kysely<PlatformTables>,
    private readonly clock: Clock,
    private readonly hashCost: PasswordHashCost = 'full',
  ) {}

  /**
   * Checks the password rules and hashes it; refuses with a field error on `password`. A seed
   * (the demo's configured password) is only required to be non-empty.
   */
  async preparePassword(password: string, options: { seed?: boolean } = {}): Promise<PreparedPassword> {
    const problem = options.seed ? (password ? undefined : 'Enter a password') : await passwordProblem(password);
    if (problem) throw ValidationError.of('password', problem);
    if (options.seed) {
      // Every seeded (demo) person gets the same published password: one hash serves them all.
      let seeded = this.seedHashes.get(password);
      if (!seeded) this.seedHashes.set(password, (seeded = hashPassword(password, this.hashCost)));
      return { hash: await seeded } as PreparedPassword;
    }
    return { hash: await hashPassword(password, this.hashCost) } as PreparedPassword;
  }

  /** Stores a new password for the person (clearing any lock), in the caller's transaction. */
  async storePassword(trx: AnyDbHandle, personId: string, password: PreparedPassword): Promise<void> {
    await storePasswordHash(platformTables(trx), personId, password.hash, this.clock.now());
  }

  /** A one-time code (the first administrator's): it must be changed at first sign-in. */
  async storeOneTimeCode(trx: AnyDbHandle, personId: string, code: PreparedPassword): Promise<void> {
    await storePasswordHash(platformTables(trx), personId, code.hash, this.clock.now(), true);
  }

  /**
   * A password set by an administrator for someone else: a one-time code, which the person must
   * replace with their own at their next sign-in (an administrator never knows a password in use).
   * Every session and API token of theirs ends.
   */
  async resetPassword(trx: AnyDbHandle, personId: string, password: PreparedPassword): Promise<void> {
    await storePasswordHash(platformTables(trx), personId, password.hash, this.clock.now(), true);
    await this.endAllAccess(trx, personId);
  }

  /** Ends every session and API token of a person (deactivation, role removal, password reset). */
  async endAllAccess(trx: AnyDbHandle, personId: string): Promise<void> {
    const db = platformTables(trx);
    await deleteSessionsOf(db, personId);
    await revokeApiTokensOf(db, personId, this.clock.now());
  }

  async lastSignedIn(personId: string): Promise<Date | null> {
    return (await findCredentials(this.db, personId))?.lastSignedInAt ?? null;
  }
}
