import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listMigrations, migrate, openPglite, tablesFor } from './database.js';
import { migratedTemplate, migratedTemplatePath } from './pglite-template.js';

// Issue 17, points 6 and 8: a new data directory (and the tests' templates) is copied from the
// migrated template instead of running initdb and every migration.
describe('the migrated PGlite template', () => {
  it('is cached under .cache and unpacks into a new data directory with every migration applied and no data', async () => {
    const template = await migratedTemplate();
    expect(existsSync(await migratedTemplatePath())).toBe(true);
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
});
