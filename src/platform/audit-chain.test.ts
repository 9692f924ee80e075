import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allTables } from '../../test/support/all-tables.js';
import { openTestDatabase } from '../../test/support/test-database.js';
import { grantAppRole } from '../db/app-role.js';
import { inTransaction, type DatabaseHandle } from '../db/database.js';
import { CHAIN_START, checkChain, describeBreak, sealRows, type AuditRowContent } from './audit-chain.js';
import { sealPendingAuditRows, verifyAuditChain } from './audit-chain-repository.js';

function row(id: number, action = 'referral_viewed'): AuditRowContent {
  return { id: String(id), occurredAt: '2026-12-02T09:00:00.000000Z', actorId: null, actorRole: 'amhp', action, entityType: 'referral', entityId: 'r1', requestId: 'q', summary: '{}' };
}

describe('the audit hash chain (pure)', () => {
  it('accepts a chain sealed in order and names every kind of break', () => {
    const rows = [row(1), row(2), row(3), row(4)];
    const seals = sealRows(CHAIN_START, rows);
    expect(checkChain(CHAIN_START, seals.map((seal, i) => ({ seal, row: rows[i]! }))).breaks).toEqual([]);

    const changed = checkChain(CHAIN_START, seals.map((seal, i) => ({ seal, row: i === 1 ? row(2, 'rewritten') : rows[i]! })));
    expect(changed.breaks).toEqual([{ kind: 'changed_row', seq: 2, auditId: '2' }]);

    const deletedRow = checkChain(CHAIN_START, seals.map((seal, i) => ({ seal, row: i === 2 ? null : rows[i]! })));
    expect(deletedRow.breaks.map(describeBreak)).toEqual(['seal 3: audit row 3 has been deleted']);

    const withoutSecondSeal = seals.filter((_, i) => i !== 1).map((seal) => ({ seal, row: rows[Number(seal.auditId) - 1]! }));
    expect(checkChain(CHAIN_START, withoutSecondSeal).breaks.map((b) => b.kind)).toEqual(['gap', 'link']);
  });

  it('continues from where the last stretch ended', () => {
    const rows = [row(1), row(2), row(3)];
    const seals = sealRows(CHAIN_START, rows);
    const first = checkChain(CHAIN_START, [{ seal: seals[0]!, row: rows[0]! }]);
    const rest = checkChain(first.cursor, seals.slice(1).map((seal, i) => ({ seal, row: rows[i + 1]! })));
    expect(rest.breaks).toEqual([]);
    expect(rest.cursor.nextSeq).toBe(4);
  });
});

describe('the sealed audit trail in the database', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase('base');
  });
  afterAll(async () => handle.close());

  async function addAuditRows(count: number, action: string): Promise<void> {
    const values = Array.from({ length: count }, (_, i) => ({ occurredAt: new Date(Date.UTC(2026, 11, 2, 9, 0, i)), action, entityType: 'referral', entityId: `ref-${i}`, summary: JSON.stringify({ shown: [`ref-${i}`], status: 'open' }) }));
    await allTables(handle.db).insertInto('auditLog').values(values).execute();
  }

  /** What an owner or superuser could do by hand: switch the triggers off for one transaction. */
  async function tamper(statement: ReturnType<typeof sql>): Promise<void> {
    await inTransaction(handle.db, async (trx) => {
      await sql`set local session_replication_role = replica`.execute(trx);
      await statement.execute(trx);
    });
  }

  it('seals every row once, verifies clean, and finds a changed, a deleted and an unsealed row', async () => {
    await addAuditRows(30, 'chain_probe');
    const sealed = await inTransaction(handle.db, (trx) => sealPendingAuditRows(trx));
    expect(sealed).toBeGreaterThanOrEqual(30);
    expect(await inTransaction(handle.db, (trx) => sealPendingAuditRows(trx))).toBe(0);

    const clean = await verifyAuditChain(handle.db);
    expect(clean.breaks).toEqual([]);
    expect(clean.unsealed).toBe(0);
    expect(clean.sealed).toBe(clean.lastSeq);

    const probes = await allTables(handle.db).selectFrom('auditLog').select('id').where('action', '=', 'chain_probe').orderBy('id').execute();
    const changedId = probes[4]!.id;
    const deletedId = probes[9]!.id;
    await tamper(sql`update audit_log set summary = '{"shown": ["someone-else"], "status": "open"}'::jsonb where id = ${changedId}`);
    await tamper(sql`delete from audit_log where id = ${deletedId}`);
    await addAuditRows(2, 'after_the_seal');

    const broken = await verifyAuditChain(handle.db);
    expect(broken.breaks.map(describeBreak)).toEqual([
      expect.stringMatching(new RegExp(`audit row ${changedId} has been changed since it was sealed$`)),
      expect.stringMatching(new RegExp(`audit row ${deletedId} has been deleted$`)),
    ]);
    expect(broken.unsealed).toBe(2);
  });

  it('finds a seal removed with its row, even where the row left no trace', async () => {
    await addAuditRows(5, 'second_probe');
    await inTransaction(handle.db, (trx) => sealPendingAuditRows(trx));
    const seal = await sql<{ seq: string; auditId: string }>`select s.seq::text as "seq", s.audit_id::text as "auditId" from audit_seals s order by s.seq desc offset 2 limit 1`.execute(handle.db);
    const { seq, auditId } = seal.rows[0]!;
    await tamper(sql`delete from audit_seals where seq = ${seq}::bigint`);
    await tamper(sql`delete from audit_log where id = ${auditId}::bigint`);
    const report = await verifyAuditChain(handle.db);
    expect(report.breaks.some((b) => b.kind === 'gap' && b.seq === Number(seq) + 1)).toBe(true);
    expect(report.breaks.some((b) => b.kind === 'link' && b.seq === Number(seq) + 1)).toBe(true);
  });
});

describe("the app's own database role", () => {
  let handle: DatabaseHandle;
  const role = `amhp_app_${randomBytes(4).toString('hex')}`;
  beforeAll(async () => {
    handle = await openTestDatabase('base');
    await sql`create role ${sql.id(role)}`.execute(handle.db);
    await grantAppRole(handle.db, role);
  });
  afterAll(async () => {
    await sql`drop owned by ${sql.id(role)}`.execute(handle.db);
    await sql`drop role ${sql.id(role)}`.execute(handle.db);
    await handle.close();
  });

  async function asApp<T>(statement: ReturnType<typeof sql<T>>): Promise<T[]> {
    return inTransaction(handle.db, async (trx) => {
      await sql`set local role ${sql.id(role)}`.execute(trx);
      return (await statement.execute(trx)).rows;
    });
  }

  it('appends and reads the audit trail and writes the data', async () => {
    await asApp(sql`insert into audit_log (occurred_at, action, entity_type) values (now(), 'app_role_probe', 'test')`);
    const rows = await asApp(sql<{ n: string }>`select count(*)::text as n from audit_log where action = 'app_role_probe'`);
    expect(rows[0]?.n).toBe('1');
    await asApp(sql`update settings set version = version where key = 'no-such-setting'`);
    await asApp(sql`insert into audit_seals (seq, audit_id, prev_hash, row_hash) select -1, id, 'x', 'x' from audit_log where false`);
  });

  it('may not change, delete or empty the audit trail, nor switch off or drop its guard', async () => {
    await expect(asApp(sql`update audit_log set action = 'rewritten' where action = 'app_role_probe'`)).rejects.toThrow(/permission denied/);
    await expect(asApp(sql`delete from audit_log where action = 'app_role_probe'`)).rejects.toThrow(/permission denied/);
    await expect(asApp(sql`truncate audit_log`)).rejects.toThrow(/permission denied/);
    await expect(asApp(sql`delete from audit_seals`)).rejects.toThrow(/permission denied/);
    await expect(asApp(sql`alter table audit_log disable trigger audit_log_no_update`)).rejects.toThrow(/must be owner/);
    await expect(asApp(sql`drop trigger audit_log_no_update on audit_log`)).rejects.toThrow(/must be owner/);
    await expect(asApp(sql`drop table audit_log`)).rejects.toThrow(/must be owner/);
    await expect(asApp(sql`insert into schema_migrations (name) values ('9999-forged.sql')`)).rejects.toThrow(/permission denied/);
  });
});
