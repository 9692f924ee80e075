import type { Db, DbOrTx } from '../db/database.js';
import type { Clock } from './clock.js';
import type { Actor } from './roles.js';

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

export interface AuditRow {
  id: number;
  occurredAt: Date;
  actorId: string | null;
  actorName: string | null;
  actorRole: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  requestId: string | null;
  summary: Record<string, unknown>;
}

export interface AuditSearch {
  actorId?: string | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
  action?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
}

/** A Kysely handle or transaction typed with any module's tables. */
type AnyHandle = { readonly isTransaction: boolean };

const FORBIDDEN_KEYS = /password|token|secret|hash|duress/i;

function scrub(summary: Record<string, unknown>): Record<string, unknown> {
  const clean: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(summary)) {
    clean[key] = FORBIDDEN_KEYS.test(key) ? '[redacted]' : value;
  }
  return clean;
}

/**
 * The append-only audit trail. Writes take the caller's transaction so the audit row commits or
 * rolls back with the change it records; the database itself refuses UPDATE and DELETE.
 */
export class AuditLog {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Takes any module's handle or transaction (typed with that module's tables): the audit table is the platform's. */
  async record(handle: AnyHandle, ctx: ServiceContext | { actor: null; requestId: string | null }, entry: AuditEntry): Promise<void> {
    const trx = handle as unknown as DbOrTx;
    await trx
      .insertInto('auditLog')
      .values({
        occurredAt: this.clock.now(),
        actorId: ctx.actor?.personId ?? null,
        actorRole: entry.actorRole ?? ctx.actor?.roles[0] ?? null,
        action: entry.action,
        entityType: entry.entityType,
        entityId: entry.entityId ?? null,
        requestId: ctx.requestId,
        summary: JSON.stringify(scrub(entry.summary ?? {})),
      })
      .execute();
  }

  async search(criteria: AuditSearch): Promise<{ rows: AuditRow[]; total: number }> {
    let query = this.db.selectFrom('auditLog').leftJoin('people', 'people.id', 'auditLog.actorId');
    if (criteria.actorId) query = query.where('auditLog.actorId', '=', criteria.actorId);
    if (criteria.entityType) query = query.where('auditLog.entityType', '=', criteria.entityType);
    if (criteria.entityId) query = query.where('auditLog.entityId', '=', criteria.entityId);
    if (criteria.action) query = query.where('auditLog.action', '=', criteria.action);
    if (criteria.from) query = query.where('auditLog.occurredAt', '>=', criteria.from);
    if (criteria.to) query = query.where('auditLog.occurredAt', '<', criteria.to);
    const [rows, count] = await Promise.all([
      query
        .select([
          'auditLog.id',
          'auditLog.occurredAt',
          'auditLog.actorId',
          'people.name as actorName',
          'auditLog.actorRole',
          'auditLog.action',
          'auditLog.entityType',
          'auditLog.entityId',
          'auditLog.requestId',
          'auditLog.summary',
        ])
        .orderBy('auditLog.id', 'desc')
        .limit(criteria.limit ?? 50)
        .offset(criteria.offset ?? 0)
        .execute(),
      query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.total) };
  }
}
