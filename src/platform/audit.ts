import { AsyncLocalStorage } from 'node:async_hooks';
import type { Kysely } from 'kysely';
import { insideTransaction } from '../db/database.js';
import type { Clock } from './clock.js';
import type { PersonNames } from './auth/people-directory.js';
import { auditEntriesTouching, insertAuditEntries, insertAuditEntry, searchAuditLog, type AuditCriteria, type AuditInsert, type AuditRecord } from './audit-repository.js';
import { platformTables, type AnyDbHandle, type PlatformTables } from './platform-tables.js';
import type { Actor } from './roles.js';

export type { AuditRecord } from './audit-repository.js';

/** Who did it and under which request: passed from routes into every service call. */
export interface ServiceContext {
  actor: Actor;
  requestId: string;
}

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | null;
  /** What changed, field names and safe values only: never passwords, tokens or free-text notes. */
  summary?: Record<string, unknown>;
  actorRole?: string | null;
}

/** An audit entry with the actor's name, for people to read. */
export interface AuditRow extends AuditRecord {
  actorName: string | null;
}

export type AuditSearch = AuditCriteria;

const FORBIDDEN_KEYS = /password|token|secret|hash|duress/i;

function scrub(summary: Record<string, unknown>): Record<string, unknown> {
  const clean: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(summary)) {
    clean[key] = FORBIDDEN_KEYS.test(key) ? '[redacted]' : value;
  }
  return clean;
}

/**
 * The audit rows of reads a request has recorded, written together in one statement before its
 * response is sent (`flushRequestReads`, called by the app's onSend hook): a page that shows a
 * person's data pays no round trip of its own for its audit row(s), and is never shown without
 * them (a failed write fails the response). `closed` once the request has been answered: a read
 * recorded after that (a late callback) is written at once instead.
 */
export interface RequestAuditBuffer {
  rows: AuditInsert[];
  flushed: boolean;
  closed: boolean;
}

const requestAudit = new AsyncLocalStorage<RequestAuditBuffer>();

/** Runs the rest of a request with a buffer for the audit rows of its reads (see RequestAuditBuffer). */
export function collectRequestAudit<T>(buffer: RequestAuditBuffer, work: () => T): T {
  return requestAudit.run(buffer, work);
}

export function newRequestAuditBuffer(): RequestAuditBuffer {
  return { rows: [], flushed: false, closed: false };
}

/**
 * The append-only audit trail. Writes take the caller's transaction (any module's) so the audit
 * row commits or rolls back with the change it records; the database itself refuses UPDATE and
 * DELETE.
 */
export class AuditLog {
  constructor(
    private readonly db: Kysely<PlatformTables>,
    private readonly clock: Clock,
  ) {}

  /**
   * Records an entry. Given a transaction, it is written in it (it commits or rolls back with the
   * change it records). Given the pool handle (a read: nothing to commit with) during a request,
   * it joins the request's buffer and is written with the request's other reads in one statement
   * before the response is sent; outside a request (jobs, the command line), at once.
   */
  async record(trx: AnyDbHandle, ctx: ServiceContext | { actor: null; requestId: string | null }, entry: AuditEntry): Promise<void> {
    const row: AuditInsert = {
      occurredAt: this.clock.now(),
      actorId: ctx.actor?.personId ?? null,
      actorRole: entry.actorRole ?? ctx.actor?.roles[0] ?? null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      requestId: ctx.requestId,
      summary: scrub(entry.summary ?? {}),
    };
    const buffer = requestAudit.getStore();
    if (buffer && !buffer.closed && !trx.isTransaction && !insideTransaction()) {
      buffer.rows.push(row);
      return;
    }
    await insertAuditEntry(platformTables(trx), row);
  }

  /**
   * Writes the request's buffered read entries in one statement (none: no statement). Called
   * before the response is sent; a failure propagates, so the page is not shown without its rows.
   */
  async flushRequestReads(buffer: RequestAuditBuffer | undefined = requestAudit.getStore()): Promise<void> {
    if (!buffer || buffer.rows.length === 0) return;
    const rows = buffer.rows.splice(0, buffer.rows.length);
    await insertAuditEntries(this.db, rows);
  }

  /** Who opened, changed, listed or found one record: newest first, at most `limit` entries. */
  async entriesTouching(entityType: string, entityId: string, limit = 500): Promise<AuditRecord[]> {
    // This request's own reads first, so a trail read in the same request includes them.
    await this.flushRequestReads();
    return auditEntriesTouching(this.db, entityType, entityId, limit);
  }

  /** Entries matching the criteria, newest first; `withActorNames` adds who they were. */
  async search(criteria: AuditSearch): Promise<{ rows: AuditRecord[]; total: number }> {
    await this.flushRequestReads();
    return searchAuditLog(this.db, criteria);
  }
}

/** Audit entries with their actors' names, looked up in one batch through the people directory. */
export async function withActorNames(rows: readonly AuditRecord[], people: PersonNames): Promise<AuditRow[]> {
  const ids = [...new Set(rows.map((row) => row.actorId).filter((id): id is string => id !== null))];
  const names = ids.length > 0 ? await people.names(ids) : new Map<string, string>();
  return rows.map((row) => ({ ...row, actorName: row.actorId ? (names.get(row.actorId) ?? null) : null }));
}
