// npm run restore -- <backup.tar.gz> [--replace]: loads a backup into DATA_DIR (the app must be
// stopped) and proves it: every table's row count and checksum against the backup's manifest.
// A database already in DATA_DIR is refused unless --replace, which moves it aside (kept).
import { loadConfig } from '../config.js';
import { BackupError, restoreEmbedded } from './embedded-backup.js';
import { runCli } from './run-cli.js';

async function main(): Promise<number> {
  const config = loadConfig();
  if (config.databaseUrl) {
    process.stdout.write('DATABASE_URL is set: restore PostgreSQL with pg_restore into an empty database, for example\n  pg_restore --dbname="$DATABASE_URL" --no-owner amhp-hub-….dump\n(docs/operations.md, "Backups").\n');
    return 2;
  }
  const file = process.argv.slice(2).find((arg) => !arg.startsWith('--'));
  if (!file) throw new BackupError('Say which backup to restore: npm run restore -- backups/amhp-hub-….tar.gz [--replace]');
  const report = await restoreEmbedded(file, config.dataDir, { replace: process.argv.includes('--replace'), now: new Date() });
  const rows = report.tables.reduce((sum, table) => sum + table.rows, 0);
  if (report.movedAside) process.stdout.write(`The database that was in ${config.dataDir} is kept at ${report.movedAside}\n`);
  process.stdout.write(`Restored ${file} into ${config.dataDir}: ${report.tables.length} tables, ${rows} rows.\n`);
  if (!report.manifest) {
    process.stdout.write('There was no manifest beside the backup, so the restore could not be checked table by table.\n');
    return 0;
  }
  if (report.differences.length > 0) {
    process.stderr.write(`The restored database does not match the backup's manifest:\n  ${report.differences.join('\n  ')}\n`);
    return 3;
  }
  process.stdout.write(`Every table's row count and checksum equals the manifest's (schema ${report.manifest.schemaVersion ?? 'none'}).\n`);
  return 0;
}

runCli('The restore', main);
