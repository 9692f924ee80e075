import { sql, type Kysely } from 'kysely';
import type { PlatformTables } from './platform-tables.js';

type AuditDb = Kysely<PlatformTables>;

export interface AuditInsert {
  occurredAt: Date;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  requestId: string | null;
  summary: Record<string, unknown>;
}

/** One audit entry as stored: who (by id), what, when. Names are looked up by the reader. */
export interface AuditRecord {
  id: number;
  occurredAt: Date;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  requestId: string | null;
  summary: Record<string, unknown>;
}

export interface AuditCriteria {
  actorId?: string | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
  action?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
}

export async function insertAuditEntry(db: AuditDb, entry: AuditInsert): Promise<void> {
  await insertAuditEntries(db, [entry]);
}

/** One statement for any number of entries (a request's buffered reads: one round trip). */
export async function insertAuditEntries(db: AuditDb, entries: readonly AuditInsert[]): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insertInto('auditLog')
    .values(entries.map((entry) => ({ ...entry, summary: JSON.stringify(entry.summary) })))
    .execute();
}

/** Newest first, one page, and how many match in all. Joins nothing: names come from the directory. */
export async function searchAuditLog(db: AuditDb, criteria: AuditCriteria): Promise<{ rows: AuditRecord[]; total: number }> {
  let query = db.selectFrom('auditLog');
  if (criteria.actorId) query = query.where('actorId', '=', criteria.actorId);
  if (criteria.entityType) query = query.where('entityType', '=', criteria.entityType);
  if (criteria.entityId) query = query.where('entityId', '=', criteria.entityId);
  if (criteria.action) query = query.where('action', '=', criteria.action);
  if (criteria.from) query = query.where('occurredAt', '>=', criteria.from);
  if (criteria.to) query = query.where('occurredAt', '<', criteria.to);
  const [rows, count] = await Promise.all([
    query
      .select(['id', 'occurredAt', 'actorId', 'actorRole', 'action', 'entityType', 'entityId', 'requestId', 'summary'])
      .orderBy('id', 'desc')
      .limit(criteria.limit ?? 50)
      .offset(criteria.offset ?? 0)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.total) };
}

/**
 * Every entry about one record, newest first: those naming it as their entity (opened, changed)
 * and the lists and searches that showed it (`summary.shown`, found through its GIN index).
 */
export async function auditEntriesTouching(db: AuditDb, entityType: string, entityId: string, limit: number): Promise<AuditRecord[]> {
  return db
    .selectFrom('auditLog')
    .select(['id', 'occurredAt', 'actorId', 'actorRole', 'action', 'entityType', 'entityId', 'requestId', 'summary'])
    .where((eb) => eb.or([eb.and([eb('entityType', '=', entityType), eb('entityId', '=', entityId)]), sql<boolean>`summary -> 'shown' @> ${JSON.stringify([entityId])}::jsonb`]))
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
