import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
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

/**
 * Files a template may hold that belong to the process whose data directory it was dumped from,
 * not to the database: the data-directory lock (src/platform/data-dir-lock.ts) lives beside
 * PostgreSQL's files, so a template kept by a first `npm start` carried that process's lock, and
 * unpacking it over a new directory replaced the new owner's lock with a dead pid — a second
 * process then took the directory over.
 */
const PROCESS_FILES = new Set(['.amhp-hub.lock']);

function headerText(header: Uint8Array, start: number, length: number): string {
  const text = Buffer.from(header.subarray(start, start + length)).toString('latin1');
  const end = text.indexOf('\0');
  return end === -1 ? text : text.slice(0, end);
}

/** A data-directory tarball (uncompressed) without the top-level PROCESS_FILES. */
export function withoutProcessFiles(tar: Uint8Array): Buffer<ArrayBuffer> {
  const kept: Uint8Array[] = [];
  let offset = 0;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const size = Number.parseInt(headerText(header, 124, 12).trim() || '0', 8);
    const length = 512 + Math.ceil(size / 512) * 512;
    if (!PROCESS_FILES.has(headerText(header, 0, 100).replace(/^\.?\/+/, ''))) kept.push(tar.subarray(offset, offset + length));
    offset += length;
  }
  kept.push(new Uint8Array(1024)); // the end-of-archive marker
  return Buffer.concat(kept);
}

/**
 * The cached template, when there is one for the current migrations: an uncompressed tarball
 * (PGlite reads that directly), without any process's files (a template kept by an older version).
 */
export async function readMigratedTemplate(): Promise<Blob | undefined> {
  const file = await migratedTemplatePath();
  if (!existsSync(file)) return undefined;
  try {
    return new Blob([withoutProcessFiles(gunzipSync(await readFile(file)))]);
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
    const dump = new Uint8Array(await (await pglite.dumpDataDir('none')).arrayBuffer());
    return await writeTemplate(new Blob([gzipSync(withoutProcessFiles(dump))]));
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

/**
 * The template as an uncompressed tarball — the same whether it was cached or is built now (in
 * memory, then cached gzipped): for the tests' set-up.
 */
export async function migratedTemplate(): Promise<Blob> {
  const cached = await readMigratedTemplate();
  if (cached) return cached;
  const handle = await openPglite({});
  try {
    await migrate(handle);
    const tar = withoutProcessFiles(new Uint8Array(await (await pgliteOf(handle)!.dumpDataDir('none')).arrayBuffer()));
    await writeTemplate(new Blob([gzipSync(tar)]));
    return new Blob([tar]);
  } finally {
    await handle.close();
  }
}
