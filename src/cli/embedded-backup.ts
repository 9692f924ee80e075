// Backup and restore of the embedded database (issue 13 §6). A backup is PGlite's own dump of
// its data directory (a gzipped tarball) with a manifest beside it: the schema version and, for
// every table, its row count and a checksum of its rows. A restore loads the tarball into an
// empty data directory and proves it by recomputing the same figures. For PostgreSQL the
// operator uses pg_dump/pg_restore (docs/operations.md); `tableFingerprints` (src/db) works on both.
import { existsSync, readdirSync, renameSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { lockDataDir } from '../platform/data-dir-lock.js';
import { openPglite, pgliteOf } from '../db/database.js';
import { schemaVersion, tableFingerprints, type TableFingerprint } from '../db/table-fingerprints.js';

export interface BackupManifest {
  kind: 'amhp-hub-embedded-backup';
  createdAt: string;
  /** The last migration applied: a restore into an older version of the app is refused. */
  schemaVersion: string | null;
  tables: TableFingerprint[];
}

export function manifestPathOf(backupFile: string): string {
  return backupFile.replace(/\.tar\.gz$/, '') + '.manifest.json';
}

/**
 * Writes `<file>` (the data directory as a gzipped tarball) and `<file minus .tar.gz>.manifest.json`.
 * Takes the data directory's lock: the app must be stopped (PGlite is one process only).
 */
export async function backupEmbedded(dataDir: string, backupFile: string, now: Date): Promise<BackupManifest> {
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) throw new BackupError(`There is no embedded database in ${dataDir} to back up.`);
  const release = lockDataDir(dataDir);
  try {
    const handle = await openPglite({ dataDir });
    try {
      const manifest: BackupManifest = { kind: 'amhp-hub-embedded-backup', createdAt: now.toISOString(), schemaVersion: await schemaVersion(handle), tables: await tableFingerprints(handle) };
      const pglite = pgliteOf(handle);
      if (!pglite) throw new BackupError('The embedded database could not be dumped.');
      const dump = await pglite.dumpDataDir('gzip');
      await writeFile(backupFile, Buffer.from(await dump.arrayBuffer()));
      await writeFile(manifestPathOf(backupFile), `${JSON.stringify(manifest, null, 2)}\n`);
      return manifest;
    } finally {
      await handle.close();
    }
  } finally {
    release();
  }
}

export class BackupError extends Error {}

export interface RestoreReport {
  manifest: BackupManifest | null;
  tables: TableFingerprint[];
  /** Tables whose count or checksum differs from the manifest (empty when the restore is proven). */
  differences: string[];
  /** Where the data directory that was there before went (with `replace`). */
  movedAside: string | null;
}

/**
 * Loads a backup into `dataDir`. An existing database there is refused unless `replace`, which
 * moves it aside (never deletes it). Then every table's count and checksum are compared with
 * the manifest.
 */
export async function restoreEmbedded(backupFile: string, dataDir: string, options: { replace?: boolean; now: Date }): Promise<RestoreReport> {
  if (!existsSync(backupFile)) throw new BackupError(`There is no backup file ${backupFile}.`);
  const manifestFile = manifestPathOf(backupFile);
  const manifest = existsSync(manifestFile) ? (JSON.parse(await readFile(manifestFile, 'utf8')) as BackupManifest) : null;
  if (manifest && manifest.kind !== 'amhp-hub-embedded-backup') throw new BackupError(`${manifestFile} is not an AMHP Hub backup manifest.`);
  const occupied = existsSync(dataDir) && readdirSync(dataDir).some((name) => name !== '.amhp-hub.lock');
  let movedAside: string | null = null;
  if (occupied) {
    if (!options.replace) throw new BackupError(`${dataDir} already holds a database. Stop the app and run again with --replace to move it aside (it is kept, not deleted).`);
    // The lock refuses while the app runs; taken and released here only to check.
    lockDataDir(dataDir)();
    movedAside = `${dataDir}.before-restore-${options.now.toISOString().replace(/[:.]/g, '-')}`;
    renameSync(dataDir, movedAside);
  }
  const release = lockDataDir(dataDir);
  try {
    const archive = await readFile(backupFile);
    const handle = await openPglite({ dataDir, loadDataDir: new Blob([archive]) });
    try {
      const tables = await tableFingerprints(handle);
      const differences: string[] = [];
      if (manifest) {
        const restored = new Map(tables.map((table) => [table.table, table]));
        for (const expected of manifest.tables) {
          const found = restored.get(expected.table);
          if (!found) differences.push(`${expected.table}: missing`);
          else if (found.rows !== expected.rows || found.checksum !== expected.checksum) differences.push(`${expected.table}: ${found.rows} rows (expected ${expected.rows}), checksum ${found.checksum === expected.checksum ? 'equal' : 'differs'}`);
        }
      }
      return { manifest, tables, differences, movedAside };
    } finally {
      await handle.close();
    }
  } finally {
    release();
  }
}
