import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockDataDir } from '../platform/data-dir-lock.js';
import { listMigrations, migrate, openPglite, pgliteOf, tablesFor } from './database.js';
import { migratedTemplate, migratedTemplatePath, withoutProcessFiles } from './pglite-template.js';

// Issue 17, points 6 and 8: a new data directory (and the tests' templates) is copied from the
// migrated template instead of running initdb and every migration.
describe('the migrated PGlite template', () => {
  it('is cached under .cache and unpacks into a new data directory with every migration applied and no data', async () => {
    const template = await migratedTemplate();
    expect(existsSync(await migratedTemplatePath())).toBe(true);
    // Uncompressed (a tar, not gzip's 1f 8b): the test set-up writes it out as it is.
    expect([...new Uint8Array(await template.slice(0, 2).arrayBuffer())]).not.toEqual([0x1f, 0x8b]);
    const dir = await mkdtemp(path.join(tmpdir(), 'amhp-template-'));
    try {
      const handle = await openPglite({ dataDir: path.join(dir, 'data'), loadDataDir: template, sharedBuffers: '16MB' });
      const db = tablesFor<{ schemaMigrations: { name: string }; people: { id: string } }>(handle.db);
      const applied = (await db.selectFrom('schemaMigrations').select('name').orderBy('name').execute()).map((r) => r.name);
      expect(applied).toEqual(await listMigrations());
      expect(await db.selectFrom('people').select('id').execute()).toEqual([]);
      expect((await migrate(handle)).applied).toEqual([]);
      await handle.close();
      expect(existsSync(path.join(dir, 'data', 'PG_VERSION'))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('kept from a started data directory, leaves the new directory to the process that locked it', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'amhp-template-'));
    try {
      // A directory another (since stopped) process had locked, dumped as a template would be.
      const started = await openPglite({ dataDir: path.join(dir, 'old'), loadDataDir: await migratedTemplate(), sharedBuffers: '16MB' });
      writeFileSync(path.join(dir, 'old', '.amhp-hub.lock'), '999999');
      const dump = new Uint8Array(await (await pgliteOf(started)!.dumpDataDir('none')).arrayBuffer());
      await started.close();

      const release = lockDataDir(path.join(dir, 'new'));
      const handle = await openPglite({ dataDir: path.join(dir, 'new'), loadDataDir: new Blob([withoutProcessFiles(dump)]), sharedBuffers: '16MB' });
      expect(readFileSync(path.join(dir, 'new', '.amhp-hub.lock'), 'utf8')).toBe(String(process.pid));
      expect((await migrate(handle)).applied).toEqual([]);
      await handle.close();
      release();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
