import { sql, type Kysely, type UpdateObject } from 'kysely';
import { ConflictError, NotFoundError } from './errors.js';

/** A table with the optimistic-locking columns every editable record has. */
interface Versioned {
  id: string;
  version: number;
}

/**
 * The one optimistic-locking update: `set …, version = version + 1 where id = ? and version = ?`.
 * Returns the new version; if the record moved on, throws ConflictError carrying the current
 * version (so the caller can re-read and retry), or NotFoundError if it is gone.
 */
export async function updateVersioned<DB, TB extends keyof DB & string>(
  db: Kysely<DB>,
  table: TB,
  where: { id: string; expectedVersion: number },
  values: UpdateObject<DB, TB>,
  what = 'record',
): Promise<number> {
  // Kysely cannot type a generic table's columns; the constraint above keeps callers honest.
  const untyped = db as unknown as Kysely<{ versioned: Versioned }>;
  const name = table as unknown as 'versioned';
  const updated = await untyped
    .updateTable(name)
    .set({ ...(values as Record<string, unknown>), version: sql<number>`version + 1` } as never)
    .where('id', '=', where.id)
    .where('version', '=', where.expectedVersion)
    .returning('version')
    .executeTakeFirst();
  if (updated) return Number(updated.version);
  const current = await untyped.selectFrom(name).select('version').where('id', '=', where.id).executeTakeFirst();
  if (!current) throw new NotFoundError(`The ${what}`);
  throw new ConflictError(
    `Someone else changed this ${what} while you were editing it. Your changes have not been saved: check the current version and try again.`,
    { currentVersion: Number(current.version) },
  );
}
