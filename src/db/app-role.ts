import { sql } from 'kysely';
import { listMigrations, tablesFor, type AnyHandle } from './database.js';

/**
 * The app's own database role, when migrations run as the owner (MIGRATION_DATABASE_URL): it may
 * read and write the data, but only append to the audit trail and its seals, and it owns nothing,
 * so it can neither drop nor disable their append-only triggers (docs/operations.md, "Audit
 * trail"). Run by the owner after every migration, so tables added later are granted too.
 */
export async function grantAppRole(owner: AnyHandle, role: string): Promise<void> {
  if (!/^[A-Za-z_][A-Za-z0-9_$-]*$/.test(role)) throw new Error(`"${role}" is not a database role name AMHP Hub will grant to`);
  const app = sql.id(role);
  await sql`grant usage on schema public to ${app}`.execute(owner);
  await sql`grant select, insert, update, delete on all tables in schema public to ${app}`.execute(owner);
  await sql`grant usage, select on all sequences in schema public to ${app}`.execute(owner);
  await sql`revoke update, delete, truncate on audit_log, audit_seals from ${app}`.execute(owner);
  await sql`revoke insert, update, delete, truncate on schema_migrations from ${app}`.execute(owner);
}

/** The role a connection string signs in as. */
export function roleOfConnection(connectionString: string): string {
  return decodeURIComponent(new URL(connectionString).username);
}

/** Migrations not yet applied: the app's role cannot apply them, so it refuses to start. */
export async function pendingMigrations(db: AnyHandle): Promise<string[]> {
  const done = new Set((await tablesFor<{ schemaMigrations: { name: string } }>(db).selectFrom('schemaMigrations').select('name').execute()).map((row) => row.name));
  return (await listMigrations()).filter((file) => !done.has(file));
}
