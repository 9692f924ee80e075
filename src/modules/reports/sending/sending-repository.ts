import type { Kysely } from 'kysely';
import type { ReportsBDb } from '../part-b-tables.js';
import type { SendKind } from './sending.js';

type Db = Kysely<ReportsBDb>;

/**
 * Records a send; false when this report, period and recipient was already sent (the unique key
 * decides, so two instances racing send once).
 */
export async function claimSend(trx: Db, row: { kind: SendKind; period: string; recipient: string; subject: string; sentAt: Date }): Promise<boolean> {
  const inserted = await trx.insertInto('reportSends').values(row).onConflict((oc) => oc.columns(['kind', 'period', 'recipient']).doNothing()).returning('id').executeTakeFirst();
  return inserted !== undefined;
}

export async function recentSends(db: Db, limit: number): Promise<Array<{ id: string; kind: SendKind; period: string; recipient: string; subject: string; sentAt: Date }>> {
  return db.selectFrom('reportSends').select(['id', 'kind', 'period', 'recipient', 'subject', 'sentAt']).orderBy('sentAt', 'desc').orderBy('recipient').limit(limit).execute();
}

/** Active people holding one of the roles (for "sent on behalf of"). */
export async function peopleWithRoles(db: Db, roles: readonly string[]): Promise<Array<{ id: string; name: string }>> {
  return db
    .selectFrom('people as p')
    .innerJoin('personRoles as r', 'r.personId', 'p.id')
    .select(['p.id', 'p.name'])
    .distinct()
    .where('p.active', '=', true)
    .where('r.role', 'in', [...roles])
    .orderBy('p.name')
    .execute();
}

export async function sentTo(db: Db, kind: SendKind, period: string): Promise<string[]> {
  const rows = await db.selectFrom('reportSends').select('recipient').where('kind', '=', kind).where('period', '=', period).execute();
  return rows.map((r) => r.recipient);
}
