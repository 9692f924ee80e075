import type { Kysely, Transaction } from 'kysely';
import { updateVersioned } from '../../platform/versioned-update.js';
import type { HighlightStatus } from './highlight.js';
import type { ReportsDb } from './reports-tables.js';

type Db = Kysely<ReportsDb> | Transaction<ReportsDb>;

export interface HighlightRow {
  id: string;
  month: string;
  narratives: Record<string, string>;
  status: HighlightStatus;
  editedByName: string | null;
  editedAt: Date | null;
  approvedByName: string | null;
  approvedAt: Date | null;
  version: number;
}

/** The month's report, made (an empty draft) the first time anyone opens it. */
export async function ensureHighlight(db: Db, month: string, now: Date): Promise<HighlightRow> {
  await db.insertInto('reportHighlights').values({ month, narratives: '{}', createdAt: now }).onConflict((oc) => oc.column('month').doNothing()).execute();
  return (await findHighlight(db, month))!;
}

export async function findHighlight(db: Db, month: string): Promise<HighlightRow | undefined> {
  const row = await db
    .selectFrom('reportHighlights as h')
    .leftJoin('people as e', 'e.id', 'h.editedBy')
    .leftJoin('people as a', 'a.id', 'h.approvedBy')
    .select(['h.id', 'h.month', 'h.narratives', 'h.status', 'h.editedAt', 'h.approvedAt', 'h.version', 'e.name as editedByName', 'a.name as approvedByName'])
    .where('h.month', '=', month)
    .executeTakeFirst();
  return row ? { ...row, version: Number(row.version) } : undefined;
}

/** The reports started, newest month first. */
export async function listHighlights(db: Db, limit = 24) {
  return db.selectFrom('reportHighlights').select(['month', 'status', 'approvedAt']).orderBy('month', 'desc').limit(limit).execute();
}

export async function saveNarratives(db: Db, id: string, expectedVersion: number, narratives: Record<string, string>, by: string, at: Date): Promise<number> {
  return updateVersioned<ReportsDb, 'reportHighlights'>(db, 'reportHighlights', { id, expectedVersion }, { narratives: JSON.stringify(narratives), editedBy: by, editedAt: at }, 'Highlight Report');
}

export async function approveHighlight(db: Db, id: string, expectedVersion: number, by: string, at: Date): Promise<number> {
  return updateVersioned<ReportsDb, 'reportHighlights'>(db, 'reportHighlights', { id, expectedVersion }, { status: 'approved', approvedBy: by, approvedAt: at }, 'Highlight Report');
}
