// npm run backup [-- --out <file>]: a backup of the embedded database in DATA_DIR (stop the app
// first: the embedded database is one process only). Writes the tarball and its manifest (every
// table's row count and checksum) into ./backups by default. With DATABASE_URL set it says how
// to back up PostgreSQL instead (pg_dump), which runs while the app is up.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config.js';
import { backupEmbedded, BackupError, manifestPathOf } from './embedded-backup.js';
import { runCli } from './run-cli.js';

function option(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main(): Promise<number> {
  const config = loadConfig();
  if (config.databaseUrl) {
    process.stdout.write('DATABASE_URL is set: back up PostgreSQL with pg_dump while the app runs, for example\n  pg_dump --format=custom --file=amhp-hub-$(date +%Y%m%d-%H%M).dump "$DATABASE_URL"\n(docs/operations.md, "Backups").\n');
    return 2;
  }
  const now = new Date();
  const stamp = now.toISOString().replace(/[:.]/g, '-').replace(/-\d{3}Z$/, 'Z');
  const out = path.resolve(option('--out') ?? path.join('backups', `amhp-hub-${stamp}.tar.gz`));
  if (!out.endsWith('.tar.gz')) throw new BackupError('The backup file name must end in .tar.gz');
  mkdirSync(path.dirname(out), { recursive: true });
  const started = Date.now();
  const manifest = await backupEmbedded(config.dataDir, out, now);
  const rows = manifest.tables.reduce((sum, table) => sum + table.rows, 0);
  process.stdout.write(`Backed up ${config.dataDir} (schema ${manifest.schemaVersion ?? 'none'}): ${manifest.tables.length} tables, ${rows} rows, in ${Date.now() - started} ms\n  ${out}\n  ${manifestPathOf(out)}\n`);
  return 0;
}

runCli('The backup', main);
