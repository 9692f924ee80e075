import type { Kysely } from 'kysely';
import type { PlatformTables } from '../platform-tables.js';

type MfaDb = Kysely<PlatformTables>;

export interface MfaFactor {
  personId: string;
  secret: string;
  confirmedAt: Date | null;
  lastUsedStep: number | null;
  createdAt: Date;
}

export async function findFactor(db: MfaDb, personId: string): Promise<MfaFactor | undefined> {
  return db.selectFrom('mfaFactors').select(['personId', 'secret', 'confirmedAt', 'lastUsedStep', 'createdAt']).where('personId', '=', personId).executeTakeFirst();
}

/** A new, unconfirmed secret (replacing an unconfirmed one; a confirmed one is never replaced here). */
export async function storePendingFactor(db: MfaDb, personId: string, secret: string, now: Date): Promise<boolean> {
  const row = await db
    .insertInto('mfaFactors')
    .values({ personId, secret, confirmedAt: null, lastUsedStep: null, createdAt: now })
    .onConflict((oc) => oc.column('personId').doUpdateSet({ secret, createdAt: now, lastUsedStep: null }).where('mfaFactors.confirmedAt', 'is', null))
    .returning('personId')
    .executeTakeFirst();
  return row !== undefined;
}

export async function confirmFactor(db: MfaDb, personId: string, step: number, now: Date): Promise<void> {
  await db.updateTable('mfaFactors').set({ confirmedAt: now, lastUsedStep: step }).where('personId', '=', personId).execute();
}

/**
 * Takes a time step for the person, in one statement: only if it is later than the last one used,
 * so two requests racing with the same code cannot both succeed.
 */
export async function claimStep(db: MfaDb, personId: string, step: number): Promise<boolean> {
  const row = await db
    .updateTable('mfaFactors')
    .set({ lastUsedStep: step })
    .where('personId', '=', personId)
    .where('confirmedAt', 'is not', null)
    .where((eb) => eb.or([eb('lastUsedStep', 'is', null), eb('lastUsedStep', '<', step)]))
    .returning('personId')
    .executeTakeFirst();
  return row !== undefined;
}

export async function deleteFactor(db: MfaDb, personId: string): Promise<number> {
  await db.deleteFrom('mfaRecoveryCodes').where('personId', '=', personId).execute();
  const result = await db.deleteFrom('mfaFactors').where('personId', '=', personId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function replaceRecoveryCodes(db: MfaDb, personId: string, hashes: readonly string[], now: Date): Promise<void> {
  await db.deleteFrom('mfaRecoveryCodes').where('personId', '=', personId).execute();
  if (hashes.length > 0) await db.insertInto('mfaRecoveryCodes').values(hashes.map((codeHash) => ({ personId, codeHash, usedAt: null, createdAt: now }))).execute();
}

/** Uses a recovery code once: the statement that marks it used is the one that may succeed. */
export async function useRecoveryCode(db: MfaDb, personId: string, codeHash: string, now: Date): Promise<boolean> {
  const row = await db
    .updateTable('mfaRecoveryCodes')
    .set({ usedAt: now })
    .where('personId', '=', personId)
    .where('codeHash', '=', codeHash)
    .where('usedAt', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function recoveryCodesLeft(db: MfaDb, personId: string): Promise<number> {
  const row = await db
    .selectFrom('mfaRecoveryCodes')
    .select((eb) => eb.fn.countAll<number>().as('left'))
    .where('personId', '=', personId)
    .where('usedAt', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.left);
}

export async function confirmedFactorIds(db: MfaDb): Promise<string[]> {
  return (await db.selectFrom('mfaFactors').select('personId').where('confirmedAt', 'is not', null).execute()).map((row) => row.personId);
}
