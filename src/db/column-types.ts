import type { ColumnType, Selectable } from 'kysely';

/** A timestamptz column: read as Date, written as Date. */
export type Instant = ColumnType<Date, Date, Date>;
export type InstantDefaultNow = ColumnType<Date, Date | undefined, Date>;
/** A date column: read and written as 'YYYY-MM-DD'. */
export type IsoDate = string;

/**
 * A table (or some of its columns) as another module may see it: selectable only. Inserting or
 * updating through a read model does not compile; the owning module's service does the writing.
 */
export type ReadOnlyTable<T> = { [K in keyof Selectable<T>]: ColumnType<Selectable<T>[K], never, never> };
