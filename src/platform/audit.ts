import type { Kysely } from 'kysely';
import type { Clock } from './clock.js';
import type { PersonNames } from './auth/people-directory.js';
import { auditEntriesTouching, insertAuditEntry, searchAuditLog, type AuditCriteria, type AuditRecord } from './audit-repository.js';
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
 * The append-only audit trail. Writes take the caller's transaction (any module's) so the audit
 * row commits or rolls back with the change it records; the database itself refuses UPDATE and
 * DELETE.
 */
export class AuditLog {
  constructor(
    private readonly db: Kysely<PlatformTables>,
    private readonly clock: Clock,
  ) {}

  async record(trx: AnyDbHandle, ctx: ServiceContext | { actor: null; requestId: string | null }, entry: AuditEntry): Promise<void> {
    await insertAuditEntry(platformTables(trx), {
      occurredAt: this.clock.now(),
      actorId: ctx.actor?.personId ?? null,
      actorRole: entry.actorRole ?? ctx.actor?.roles[0] ?? null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      requestId: ctx.requestId,
      summary: scrub(entry.summary ?? {}),
    });
  }

  /** Who opened, changed, listed or found one record: newest first, at most `limit` entries. */
  async entriesTouching(entityType: string, entityId: string, limit = 500): Promise<AuditRecord[]> {
    return auditEntriesTouching(this.db, entityType, entityId, limit);
  }

  /** Entries matching the criteria, newest first; `withActorNames` adds who they were. */
  async search(criteria: AuditSearch): Promise<{ rows: AuditRecord[]; total: number }> {
    return searchAuditLog(this.db, criteria);
  }
}

/** Audit entries with their actors' names, looked up in one batch through the people directory. */
export async function withActorNames(rows: readonly AuditRecord[], people: PersonNames): Promise<AuditRow[]> {
  const ids = [...new Set(rows.map((row) => row.actorId).filter((id): id is string => id !== null))];
  const names = ids.length > 0 ? await people.names(ids) : new Map<string, string>();
  return rows.map((row) => ({ ...row, actorName: row.actorId ? (names.get(row.actorId) ?? null) : null }));
}
