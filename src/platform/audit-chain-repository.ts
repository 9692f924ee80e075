import { sql } from 'kysely';
import { CHAIN_START, checkChain, sealRows, type AuditRowContent, type ChainBreak, type ChainCursor, type Seal, type SealedRow } from './audit-chain.js';
import type { AnyDbHandle } from './platform-tables.js';

/** Arbitrary constant: the advisory lock that lets one sealer at a time extend the chain. */
export const AUDIT_SEAL_LOCK_KEY = 7_204_437;

/**
 * Rows are sealed in the order the sealer meets them, which is id order except for a row whose
 * transaction committed after later ids were sealed. The sealer looks this far back below the
 * newest sealed id for such late rows; `audit:verify` counts any row left unsealed anywhere.
 */
const LATE_COMMIT_WINDOW = 20_000;
const PAGE = 5_000;

const ROW_CONTENT = sql`a.id::text as "id",
  to_char(a.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "occurredAt",
  a.actor_id::text as "actorId", a.actor_role as "actorRole", a.action as "action",
  a.entity_type as "entityType", a.entity_id as "entityId", a.request_id as "requestId",
  a.summary::text as "summary"`;

async function chainEnd(db: AnyDbHandle): Promise<{ cursor: ChainCursor; newestAuditId: string }> {
  const { rows } = await sql<{ seq: string; rowHash: string }>`select s.seq::text as "seq", s.row_hash as "rowHash" from audit_seals s order by s.seq desc limit 1`.execute(db);
  const { rows: newest } = await sql<{ newest: string }>`select coalesce(max(audit_id), 0)::text as "newest" from audit_seals`.execute(db);
  const last = rows[0];
  return { cursor: last ? { nextSeq: Number(last.seq) + 1, lastHash: last.rowHash } : CHAIN_START, newestAuditId: newest[0]?.newest ?? '0' };
}

/**
 * Seals every committed audit row not yet sealed, inside the caller's transaction (the scheduler's
 * job transaction, or one the caller opened). Returns how many rows it sealed.
 */
export async function sealPendingAuditRows(trx: AnyDbHandle): Promise<number> {
  await sql`select pg_advisory_xact_lock(${AUDIT_SEAL_LOCK_KEY})`.execute(trx);
  let sealed = 0;
  for (;;) {
    const { cursor, newestAuditId } = await chainEnd(trx);
    const from = BigInt(newestAuditId) - BigInt(LATE_COMMIT_WINDOW);
    const { rows } = await sql<AuditRowContent>`select ${ROW_CONTENT} from audit_log a
      where a.id > ${from.toString()}::bigint and not exists (select 1 from audit_seals s where s.audit_id = a.id)
      order by a.id limit ${PAGE}`.execute(trx);
    if (rows.length === 0) return sealed;
    await insertSeals(trx, sealRows(cursor, rows));
    sealed += rows.length;
    if (rows.length < PAGE) return sealed;
  }
}

async function insertSeals(trx: AnyDbHandle, seals: readonly Seal[]): Promise<void> {
  const values = sql.join(seals.map((seal) => sql`(${seal.seq}, ${seal.auditId}::bigint, ${seal.prevHash}, ${seal.rowHash})`));
  await sql`insert into audit_seals (seq, audit_id, prev_hash, row_hash) values ${values}`.execute(trx);
}

export interface ChainReport {
  sealed: number;
  unsealed: number;
  /** Up to ten ids of unsealed rows, oldest first, for the operator to look at. */
  unsealedIds: string[];
  breaks: ChainBreak[];
  lastSeq: number;
  /** The newest seal's hash: written down elsewhere, it anchors the chain against truncation. */
  lastHash: string;
}

/** Walks the whole chain in seq order and recomputes every hash. Reads only. */
export async function verifyAuditChain(db: AnyDbHandle): Promise<ChainReport> {
  let cursor: ChainCursor = CHAIN_START;
  let afterSeq = 0;
  let sealed = 0;
  const breaks: ChainBreak[] = [];
  for (;;) {
    const { rows } = await sql<{ seq: string; auditId: string; prevHash: string; rowHash: string; rowId: string | null } & Omit<AuditRowContent, 'id'>>`
      select s.seq::text as "seq", s.audit_id::text as "auditId", s.prev_hash as "prevHash", s.row_hash as "rowHash",
        a.id::text as "rowId", ${ROW_CONTENT}
      from audit_seals s left join audit_log a on a.id = s.audit_id
      where s.seq > ${afterSeq} order by s.seq limit ${PAGE}`.execute(db);
    if (rows.length === 0) break;
    const stretch: SealedRow[] = rows.map((row) => ({
      seal: { seq: Number(row.seq), auditId: row.auditId, prevHash: row.prevHash, rowHash: row.rowHash },
      row: row.rowId === null ? null : { ...row, id: row.rowId },
    }));
    const checked = checkChain(cursor, stretch);
    breaks.push(...checked.breaks);
    cursor = checked.cursor;
    sealed += rows.length;
    afterSeq = Number(rows[rows.length - 1]!.seq);
  }
  const unsealedOf = sql`from audit_log a where not exists (select 1 from audit_seals s where s.audit_id = a.id)`;
  const { rows: counted } = await sql<{ unsealed: string }>`select count(*)::text as "unsealed" ${unsealedOf}`.execute(db);
  const { rows: firstUnsealed } = await sql<{ id: string }>`select a.id::text as "id" ${unsealedOf} order by a.id limit 10`.execute(db);
  return {
    sealed,
    unsealed: Number(counted[0]?.unsealed ?? 0),
    unsealedIds: firstUnsealed.map((row) => row.id),
    breaks,
    lastSeq: cursor.nextSeq - 1,
    lastHash: cursor.lastHash,
  };
}

/** False on a database the app has not migrated yet (no seals table). */
export async function auditChainExists(db: AnyDbHandle): Promise<boolean> {
  const { rows } = await sql<{ present: boolean }>`select to_regclass('audit_seals') is not null as "present"`.execute(db);
  return rows[0]?.present === true;
}
