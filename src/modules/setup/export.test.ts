import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { apiToken, signedInBrowser, textOf } from '../../../test/support/http-client.js';
import { BASE } from '../../../test/support/base-data.js';
import { aPerson } from '../../../test/support/builders/staff-builders.js';
import { aReferral } from '../../../test/support/builders/referral-builders.js';
import { migrate, type DatabaseHandle } from '../../db/database.js';
import { openMigratedPglite } from '../../../test/support/test-database.js';
import { tablesFor } from '../../db/database.js';
import { allTables } from '../../../test/support/all-tables.js';
import { ExportLoadError, loadExport, loadOrder, type ExportManifest } from './export-service.js';
import { listTables, tableRows } from './export-repository.js';

describe('the full export, and loading it into an empty database', () => {
  let t: TestApp;
  let target: DatabaseHandle;
  let zipBytes: Buffer;
  let manifest: ExportManifest;

  beforeAll(async () => {
    t = await createTestApp({ template: 'base' });
    const amhp = await aPerson('Ava Exported').withRoles('amhp').inTeam('daytime').build(t.services);
    await aReferral().forPerson({ givenName: 'Robin', familyName: 'Roundtrip' }).allocatedTo(amhp).build(t.services);
    target = await openMigratedPglite();
    await migrate(target);
  });
  afterAll(async () => {
    await target.close();
    await t.close();
  });

  it('is for administrators: a download of every table as JSON and CSV with a manifest, audited', async () => {
    const amhp = await apiToken(t.app, (await t.services.staff.peopleWithRole(['amhp']))[0]!.email, BASE.password);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/setup/export', headers: { authorization: `Bearer ${amhp}` } })).statusCode).toBe(403);

    const browser = await signedInBrowser(t.app, BASE.admin.email, BASE.password);
    const page = await browser.get('/admin/setup/export');
    expect(textOf(page.body)).toContain('Password hashes never leave the service');
    const response = await browser.get('/admin/setup/export/download');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/zip');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="amhp-hub-export-20260310-0900\.zip"$/);
    zipBytes = response.rawPayload;
    const zip = await JSZip.loadAsync(zipBytes);
    manifest = JSON.parse(await zip.file('manifest.json')!.async('string')) as ExportManifest;
    expect(manifest).toMatchObject({ format: 'amhp-hub-export', formatVersion: 1, exportedAt: '2026-03-10T09:00:00.000Z' });
    expect(manifest.schemaVersion).toBe(manifest.migrations.at(-1));
    expect(manifest.migrations).toContain('1200-first-administrator.sql');
    const names = manifest.tables.map((table) => table.name);
    for (const table of ['people', 'organisations', 'teams', 'person_roles', 'referrals', 'audit_log', 'settings', 'bank_holidays']) expect(names).toContain(table);
    for (const secret of ['credentials', 'sessions', 'api_tokens', 'schema_migrations']) expect(names).not.toContain(secret);
    expect(manifest.tables.find((table) => table.name === 'people')?.rows).toBe((await t.tables.selectFrom('people').select('id').execute()).length);

    const people = await zip.file('tables/people.csv')!.async('string');
    const header = people.split('\r\n')[0]!;
    expect(header.split(',')).toEqual(expect.arrayContaining(['id', 'email', 'name', 'employing_organisation_id', 'line_manager_id']));
    expect(people).toContain('Ava Exported');
    expect(people).toContain(BASE.admin.email);
    const referrals = JSON.parse(await zip.file('tables/referrals.json')!.async('string')) as Array<Record<string, unknown>>;
    expect(referrals).toHaveLength(1);
    expect(referrals[0]).toMatchObject({ family_name: 'Roundtrip', given_name: 'Robin' });
    expect(await zip.file('tables/credentials.json')).toBeNull();

    const audit = await t.tables.selectFrom('auditLog').select(['action', 'summary']).where('action', '=', 'service_exported').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.summary).toMatchObject({ tables: manifest.tables.length, schemaVersion: manifest.schemaVersion });
  });

  it('loads into an empty database on the same schema, where every table holds the same records', async () => {
    const loaded = await loadExport(tablesFor<object>(target.db), zipBytes);
    expect(loaded.tables).toBe(manifest.tables.length);
    const source = tablesFor<object>(t.services.db);
    const copy = tablesFor<object>(target.db);
    const shapes = await listTables(copy);
    for (const table of manifest.tables) {
      const shape = shapes.find((s) => s.name === table.name)!;
      const rows = await tableRows(copy, shape);
      expect(rows.length, table.name).toBe(table.rows);
      // The source has one more audit row now (the export itself); the rest are identical.
      const original = (await tableRows(source, shape)).filter((row) => !(table.name === 'audit_log' && row.action === 'service_exported'));
      expect(rows, table.name).toEqual(original);
    }
    const referral = await allTables(target.db).selectFrom('referrals').select(['familyName']).executeTakeFirstOrThrow();
    expect(referral.familyName).toBe('Roundtrip');
  });

  it('refuses to load twice (the database is no longer empty) and writes nothing', async () => {
    const before = (await allTables(target.db).selectFrom('people').select('id').execute()).length;
    await expect(loadExport(tablesFor<object>(target.db), zipBytes)).rejects.toThrow(ExportLoadError);
    expect((await allTables(target.db).selectFrom('people').select('id').execute()).length).toBe(before);
  });

  it('refuses a file that is not an export, or whose table was altered', async () => {
    const empty = new JSZip();
    empty.file('hello.txt', 'hi');
    await expect(loadExport(tablesFor<object>(target.db), await empty.generateAsync({ type: 'nodebuffer' }))).rejects.toThrow('it has no manifest.json');
    const fresh = await openMigratedPglite();
    try {
      await migrate(fresh);
      const zip = await JSZip.loadAsync(zipBytes);
      const people = JSON.parse(await zip.file('tables/people.json')!.async('string')) as Array<Record<string, unknown>>;
      zip.file('tables/people.json', JSON.stringify(people.map((p) => ({ ...p, name: 'Someone Else' }))));
      await expect(loadExport(tablesFor<object>(fresh.db), await zip.generateAsync({ type: 'nodebuffer' }))).rejects.toThrow('tables/people.json does not match its checksum');
      expect(await allTables(fresh.db).selectFrom('organisations').select('id').execute()).toEqual([]);
    } finally {
      await fresh.close();
    }
  });

  it('orders tables after the tables they reference', () => {
    const shape = (name: string, references: string[]) => ({ name, columns: [], primaryKey: [], references });
    expect(loadOrder([shape('people', ['organisations', 'teams']), shape('teams', ['organisations']), shape('organisations', [])]).map((s) => s.name)).toEqual(['organisations', 'teams', 'people']);
    expect(() => loadOrder([shape('a', ['b']), shape('b', ['a'])])).toThrow('loop');
  });
});
