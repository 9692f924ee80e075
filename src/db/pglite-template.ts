import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DatabaseHandle, migrate, migrationsFingerprint, openPglite, pgliteOf } from './database.js';

/**
 * A migrated, empty embedded database kept as a gzipped data-directory tarball, so a new data
 * directory (a first `npm start`, a test run) is copied from it instead of running PGlite's
 * initdb and every migration. It lives in `.cache/` at the top of the checkout, keyed by the
 * PGlite version and a fingerprint of the migration files: a changed or added migration makes a
 * new one. It holds no data (schema, and what migrations seed), so it is safe to keep and share.
 */
const CACHE_DIR = fileURLToPath(new URL('../../.cache/', import.meta.url));

async function pgliteVersion(): Promise<string> {
  try {
    const manifest = JSON.parse(await readFile(path.join(CACHE_DIR, '..', 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8')) as { version?: string };
    return manifest.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export async function migratedTemplatePath(): Promise<string> {
  return path.join(CACHE_DIR, `pglite-${await pgliteVersion()}-migrated-${await migrationsFingerprint()}.tar.gz`);
}

/** The cached template, when there is one for the current migrations. */
export async function readMigratedTemplate(): Promise<Blob | undefined> {
  const file = await migratedTemplatePath();
  if (!existsSync(file)) return undefined;
  try {
    return new Blob([await readFile(file)]);
  } catch {
    return undefined;
  }
}

/**
 * Keeps `handle` (an embedded database just migrated from empty, nothing else in it yet) as the
 * template. Best effort: a read-only checkout just goes without.
 */
export async function saveMigratedTemplate(handle: DatabaseHandle): Promise<boolean> {
  const pglite = pgliteOf(handle);
  if (!pglite) return false;
  try {
    if (existsSync(await migratedTemplatePath())) return true;
    return await writeTemplate(await pglite.dumpDataDir('gzip'));
  } catch {
    return false;
  }
}

async function writeTemplate(dump: Blob): Promise<boolean> {
  try {
    const file = await migratedTemplatePath();
    await mkdir(CACHE_DIR, { recursive: true });
    const partial = `${file}.${process.pid}.partial`;
    await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
    await rename(partial, file); // atomic: a reader sees the whole file or none
    return true;
  } catch {
    return false;
  }
}

/** The template, built (in memory, then cached) when missing: for the tests' global set-up. */
export async function migratedTemplate(): Promise<Blob> {
  const cached = await readMigratedTemplate();
  if (cached) return cached;
  const handle = await openPglite({});
  try {
    await migrate(handle);
    const dump = await pgliteOf(handle)!.dumpDataDir('gzip');
    await writeTemplate(dump);
    return dump;
  } finally {
    await handle.close();
  }
}
