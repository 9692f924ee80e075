import type { Kysely } from 'kysely';
import type { IsoDate } from '../../platform/london-time.js';
import type { PrivacyDb } from './privacy-tables.js';
import type { RecordKind } from './retention.js';

type Db = Kysely<PrivacyDb>;

/** The privacy module's own tables: the retention schedule, its reviews and the tombstones. */
export class PrivacyRepository {
  rules(db: Db) {
    return db.selectFrom('privacyRetentionRules').selectAll().execute();
  }

  ruleForUpdate(trx: Db, kind: RecordKind) {
    return trx.selectFrom('privacyRetentionRules').selectAll().where('kind', '=', kind).forUpdate().executeTakeFirst();
  }

  async updateRule(trx: Db, kind: RecordKind, change: { years: number; updatedBy: string; updatedAt: Date; version: number }): Promise<void> {
    await trx.updateTable('privacyRetentionRules').set(change).where('kind', '=', kind).execute();
  }

  /** Whether a Lead decided to keep this record until after `today`. */
  async keptPast(db: Db, kind: RecordKind, recordId: string, today: IsoDate): Promise<boolean> {
    return (await db.selectFrom('privacyRetentionReviews').select('id').where('kind', '=', kind).where('recordId', '=', recordId).where('decision', '=', 'kept').where('keepUntil', '>', today).executeTakeFirst()) !== undefined;
  }

  /** Adds a record to the review list unless it is already waiting there; returns 1 if added. */
  async insertReview(db: Db, values: { kind: RecordKind; recordId: string; label: string; lastActivityOn: IsoDate; dueOn: IsoDate; foundAt: Date }): Promise<number> {
    const result = await db
      .insertInto('privacyRetentionReviews')
      .values(values)
      .onConflict((oc) => oc.columns(['kind', 'recordId']).where('decision', 'is', null).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0);
  }

  openReviews(db: Db, limit: number) {
    return db.selectFrom('privacyRetentionReviews').selectAll().where('decision', 'is', null).orderBy('dueOn').orderBy('id').limit(limit).execute();
  }

  reviewForUpdate(trx: Db, id: string) {
    return trx.selectFrom('privacyRetentionReviews').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  }

  async decideReview(
    trx: Db,
    id: string,
    change: { decision: 'erased' | 'kept'; decisionReason: string; decidedBy: string; decidedAt: Date; keepUntil?: IsoDate; label?: string; version: number },
  ): Promise<void> {
    await trx.updateTable('privacyRetentionReviews').set(change).where('id', '=', id).execute();
  }

  async insertTombstone(trx: Db, values: { kind: RecordKind; recordId: string; erasedAt: Date; erasedBy: string; reason: string; rowsErased: Record<string, number> }): Promise<string> {
    const row = await trx
      .insertInto('privacyTombstones')
      .values({ ...values, rowsErased: JSON.stringify(values.rowsErased) })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  tombstones(db: Db, limit: number) {
    return db
      .selectFrom('privacyTombstones as t')
      .leftJoin('people as p', 'p.id', 't.erasedBy')
      .select(['t.id', 't.kind', 't.recordId', 't.erasedAt', 't.reason', 't.rowsErased', 'p.name as erasedByName'])
      .orderBy('t.erasedAt', 'desc')
      .limit(limit)
      .execute();
  }
}
