// Rows read back from a json_agg/jsonb_agg sub-select (Kysely's jsonArrayFrom/jsonObjectFrom):
// one statement can return a page's panels together, but JSON has no timestamps. Repositories
// name the timestamp columns and get them back as Date, as a plain select returns them. Numbers
// (int8 and numeric are read as numbers here anyway), booleans, text and dates ('YYYY-MM-DD')
// come back as they would from a plain select; the CamelCasePlugin renames the nested keys.

type DateKeys<T> = { [K in keyof T]: T[K] extends Date | null ? K : T[K] extends Date | null | undefined ? K : never }[keyof T];

/**
 * The row as `T`, these columns turned from JSON strings back into Date (null stays null).
 * Kysely types a JSON row's timestamps as strings; `T` is the row as a plain select returns it.
 */
export function withDates<T extends object>(row: object, keys: ReadonlyArray<DateKeys<T>>): T {
  const copy = { ...row } as Record<PropertyKey, unknown>;
  for (const key of keys) {
    const value = copy[key as PropertyKey];
    if (typeof value === 'string') copy[key as PropertyKey] = new Date(value);
  }
  return copy as T;
}

/** Every row of a JSON array with these columns as Date. */
export function rowsWithDates<T extends object>(rows: readonly object[] | null | undefined, keys: ReadonlyArray<DateKeys<T>>): T[] {
  return (rows ?? []).map((row) => withDates<T>(row, keys));
}
