import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { inTransaction } from '../../db/database.js';
import type { AuditLog, ServiceContext } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import { loadJsZip } from '../../platform/lazy-libraries.js';
import { requireRole } from '../../platform/roles.js';
import { exportCsv } from './export-csv.js';
import { appliedMigrations, countRows, deleteAllRows, insertRows, listTables, markLoadingExport, tableRows, type TableShape } from './export-repository.js';

// A way back out (issue 19): every table of the service as JSON and CSV in one zip, with a
// manifest (format, schema version, the migrations applied, row counts and a SHA-256 per file)
// that another system — or an empty AMHP Hub on the same schema — can load (`loadExport`).

export const EXPORT_FORMAT = 'amhp-hub-export';
export const EXPORT_FORMAT_VERSION = 1;

/** Tables never exported: secrets and what only makes sense inside this running service. */
export const NOT_EXPORTED: Readonly<Record<string, string>> = {
  schema_migrations: 'The schema version and migrations are in the manifest instead',
  sessions: 'Browser sessions: secret and short-lived',
  api_tokens: 'API tokens: secret and short-lived',
  credentials: 'Password hashes never leave the service; people set a password in the new system',
};

export interface ExportManifest {
  format: typeof EXPORT_FORMAT;
  formatVersion: number;
  exportedAt: string;
  schemaVersion: string;
  migrations: string[];
  tables: Array<{ name: string; rows: number; primaryKey: string[]; columns: Array<{ name: string; type: string }>; files: { json: string; csv: string }; sha256: { json: string; csv: string } }>;
  notExported: Array<{ name: string; reason: string }>;
}

export interface ServiceExport {
  fileName: string;
  zip: Buffer;
  manifest: ExportManifest;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export class ExportService {
  constructor(private readonly deps: { db: Kysely<object>; clock: Clock; audit: Pick<AuditLog, 'record'> }) {}

  /** The whole service, read in one transaction (a consistent snapshot); audited with the counts. */
  async exportAll(ctx: ServiceContext): Promise<ServiceExport> {
    requireRole(ctx.actor, ['admin'], 'export the service’s data');
    const now = this.deps.clock.now();
    return inTransaction(this.deps.db, async (trx) => {
      const tables = (await listTables(trx)).filter((t) => !(t.name in NOT_EXPORTED));
      const migrations = await appliedMigrations(trx);
      const JSZip = await loadJsZip();
      const zip = new JSZip();
      const manifestTables: ExportManifest['tables'] = [];
      for (const table of tables) {
        const rows = await tableRows(trx, table);
        const json = `${JSON.stringify(rows, null, 1)}\n`;
        const csv = exportCsv(table.columns.map((c) => c.name), rows);
        const files = { json: `tables/${table.name}.json`, csv: `tables/${table.name}.csv` };
        zip.file(files.json, json);
        zip.file(files.csv, csv);
        manifestTables.push({ name: table.name, rows: rows.length, primaryKey: table.primaryKey, columns: table.columns, files, sha256: { json: sha256(json), csv: sha256(csv) } });
      }
      const manifest: ExportManifest = {
        format: EXPORT_FORMAT,
        formatVersion: EXPORT_FORMAT_VERSION,
        exportedAt: now.toISOString(),
        schemaVersion: migrations.at(-1) ?? '',
        migrations,
        tables: manifestTables,
        notExported: Object.entries(NOT_EXPORTED).map(([name, reason]) => ({ name, reason })),
      };
      zip.file('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
      zip.file('README.txt', README);
      const buffer = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } });
      const totalRows = manifestTables.reduce((sum, t) => sum + t.rows, 0);
      await this.deps.audit.record(trx, ctx, { action: 'service_exported', entityType: 'service', summary: { tables: manifestTables.length, rows: totalRows, schemaVersion: manifest.schemaVersion, sha256: createHash('sha256').update(buffer).digest('hex') } });
      const stamp = now.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
      return { fileName: `amhp-hub-export-${stamp}.zip`, zip: buffer, manifest };
    });
  }
}

export class ExportLoadError extends Error {}

/**
 * Reference data a migration seeds into every new database (the escalation categories, 1470):
 * a freshly migrated database already holds it, so the export's copy (with the service's own
 * additions and renames) replaces it instead of counting as "not empty".
 */
const SEEDED_BY_MIGRATIONS = new Set(['escalation_categories', 'privacy_retention_rules']);
/**
 * Summary tables kept by triggers from other tables (migrations 2050, 2060): loading those tables fills
 * them again, so the export's own copy is loaded last, in place of what the triggers made.
 */
const MAINTAINED_BY_TRIGGERS = new Set(['referrals_report_months', 'referral_status_counts']);

/**
 * Loads an export into an empty database migrated to the same schema, in one transaction, each
 * table after the tables it references. Refuses a different schema or a database with data.
 */
export async function loadExport(db: Kysely<object>, zipBytes: Buffer | Uint8Array): Promise<{ tables: number; rows: number }> {
  const JSZip = await loadJsZip();
  const zip = await JSZip.loadAsync(zipBytes);
  const manifestFile = zip.file('manifest.json');
  if (!manifestFile) throw new ExportLoadError('This is not an AMHP Hub export: it has no manifest.json');
  const manifest = JSON.parse(await manifestFile.async('string')) as ExportManifest;
  if (manifest.format !== EXPORT_FORMAT || manifest.formatVersion !== EXPORT_FORMAT_VERSION) throw new ExportLoadError(`Unknown export format ${manifest.format} ${manifest.formatVersion}`);
  return inTransaction(db, async (trx) => {
    const migrations = await appliedMigrations(trx);
    if (migrations.join() !== manifest.migrations.join()) throw new ExportLoadError(`The database is on schema ${migrations.at(-1)}, the export on ${manifest.schemaVersion}: migrate to the same version first`);
    const shapes = new Map((await listTables(trx)).map((t) => [t.name, t]));
    for (const table of manifest.tables) {
      const shape = shapes.get(table.name);
      if (!shape) throw new ExportLoadError(`The database has no table ${table.name}`);
      if (SEEDED_BY_MIGRATIONS.has(table.name)) continue;
      if ((await countRows(trx, table.name)) > 0) throw new ExportLoadError(`The database is not empty: ${table.name} has rows`);
    }
    for (const name of SEEDED_BY_MIGRATIONS) if (shapes.has(name) && manifest.tables.some((t) => t.name === name)) await deleteAllRows(trx, name);
    // Restricted records (UK GDPR Art. 18, docs/privacy.md) are copied as they were: the guard stands aside for this transaction.
    await markLoadingExport(trx);
    let rows = 0;
    const ordered = loadOrder(manifest.tables.map((t) => shapes.get(t.name)!));
    const maintained = ordered.filter((t) => MAINTAINED_BY_TRIGGERS.has(t.name));
    for (const table of [...ordered.filter((t) => !MAINTAINED_BY_TRIGGERS.has(t.name)), ...maintained]) {
      if (MAINTAINED_BY_TRIGGERS.has(table.name)) await deleteAllRows(trx, table.name);
      const entry = manifest.tables.find((t) => t.name === table.name)!;
      const text = await zip.file(entry.files.json)?.async('string');
      if (text === undefined) throw new ExportLoadError(`The export has no ${entry.files.json}`);
      if (sha256(text) !== entry.sha256.json) throw new ExportLoadError(`${entry.files.json} does not match its checksum in the manifest`);
      const data = JSON.parse(text) as unknown[];
      await insertRows(trx, table, data);
      rows += data.length;
    }
    return { tables: manifest.tables.length, rows };
  });
}

/** Tables ordered so each comes after the ones it references (self-references load in one statement). */
export function loadOrder(tables: readonly TableShape[]): TableShape[] {
  const names = new Set(tables.map((t) => t.name));
  const done = new Set<string>();
  const ordered: TableShape[] = [];
  let remaining = [...tables];
  while (remaining.length > 0) {
    const ready = remaining.filter((t) => t.references.every((r) => done.has(r) || !names.has(r)));
    if (ready.length === 0) throw new ExportLoadError(`The tables reference each other in a loop: ${remaining.map((t) => t.name).join(', ')}`);
    for (const t of ready) {
      done.add(t.name);
      ordered.push(t);
    }
    remaining = remaining.filter((t) => !done.has(t.name));
  }
  return ordered;
}

const README = `AMHP Hub export

manifest.json   the format, the schema version (the last migration applied), every migration,
                and per table: its columns and types, primary key, row count, files and SHA-256.
tables/*.json   each table's rows as PostgreSQL renders them in JSON (column names as in the
                database; timestamps with their offset; jsonb columns as JSON).
tables/*.csv    the same rows as CSV (UTF-8, CRLF, a header row; null is an empty field;
                jsonb columns as JSON text). Open in a spreadsheet, or load into another system.

Not exported: sessions, API tokens and password hashes (see manifest.notExported).
To load into an empty AMHP Hub migrated to the same schema version, see docs/go-live.md.
`;
