import { mkdtempSync, rmSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { backupEmbedded, BackupError, manifestPathOf, restoreEmbedded, type BackupManifest } from './embedded-backup.js';
import { tableFingerprints } from '../db/table-fingerprints.js';
import { migrate, openPglite } from '../db/database.js';
import { openMigratedPglite } from '../../test/support/test-database.js';

describe('backing up and restoring the embedded database', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'amhp-backup-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const now = new Date('2026-12-02T03:00:00Z');

  it('restores a backup into an empty directory with every table’s rows and checksum equal, and refuses to overwrite a database', async () => {
    const live = path.join(work, 'live');
    const db = await openMigratedPglite({ dataDir: live });
    await migrate(db);
    await sql`insert into organisations (name, short_name, kind) values ('Northshire Council', 'Northshire', 'lssa'), ('Vale NHS Trust', 'Vale', 'nhs_trust')`.execute(db.db);
    await sql`insert into bank_holidays (holiday_date, name) values ('2031-07-07', 'A day to remember')`.execute(db.db);
    const before = await tableFingerprints(db);
    await db.close();

    const file = path.join(work, 'amhp-hub-backup.tar.gz');
    const manifest = await backupEmbedded(live, file, now);
    expect(manifest.schemaVersion).toMatch(/^\d{4}-/);
    expect(manifest.tables.find((table) => table.table === 'organisations')?.rows).toBe(2);
    expect(manifest.tables).toEqual(before);

    // A change after the backup is not in what comes back.
    const later = await openPglite({ dataDir: live });
    await sql`insert into organisations (name, short_name, kind) values ('Added Later', 'Later', 'other')`.execute(later.db);
    await later.close();

    const restoredDir = path.join(work, 'restored');
    const report = await restoreEmbedded(file, restoredDir, { now });
    expect(report.differences).toEqual([]);
    expect(report.tables).toEqual(before);
    const reopened = await openPglite({ dataDir: restoredDir });
    const names = await sql<{ name: string }>`select name from organisations order by name`.execute(reopened.db);
    expect(names.rows.map((row) => row.name)).toEqual(['Northshire Council', 'Vale NHS Trust']);
    await reopened.close();

    // A second restore onto a database is refused, and with --replace the old one is kept aside.
    await expect(restoreEmbedded(file, restoredDir, { now })).rejects.toThrow(BackupError);
    const replaced = await restoreEmbedded(file, restoredDir, { now, replace: true });
    expect(replaced.movedAside).not.toBeNull();
    expect(existsSync(path.join(replaced.movedAside!, 'PG_VERSION'))).toBe(true);
    expect(replaced.differences).toEqual([]);
  }, 120_000);

  it('says which tables differ when the backup does not match its manifest', async () => {
    const file = path.join(work, 'amhp-hub-backup.tar.gz');
    const manifest = JSON.parse(readFileSync(manifestPathOf(file), 'utf8')) as BackupManifest;
    const tampered = path.join(work, 'tampered.tar.gz');
    writeFileSync(tampered, readFileSync(file));
    writeFileSync(manifestPathOf(tampered), JSON.stringify({ ...manifest, tables: manifest.tables.map((t) => (t.table === 'organisations' ? { ...t, rows: 3 } : t)) }));
    const report = await restoreEmbedded(tampered, path.join(work, 'tampered-restore'), { now });
    expect(report.differences).toEqual(['organisations: 2 rows (expected 3), checksum equal']);
  }, 120_000);
});
