import type { Kysely } from 'kysely';
import { updateVersioned } from '../../../platform/versioned-update.js';
import type { SafetyDb } from '../safety-tables.js';
import type { DebriefRequest } from './debrief.js';

export interface DebriefRow extends DebriefRequest {
  amhpName: string;
  requestedByName: string;
  heldByName: string | null;
  referralReference: string | null;
  version: number;
}

export class DebriefsRepository {
  private debriefQuery(db: Kysely<SafetyDb>) {
    return db
      .selectFrom('safetyDebriefs as d')
      .innerJoin('people as a', 'a.id', 'd.amhpId')
      .innerJoin('people as r', 'r.id', 'd.requestedBy')
      .leftJoin('people as h', 'h.id', 'd.heldBy')
      .selectAll('d')
      .select(['a.name as amhpName', 'r.name as requestedByName', 'h.name as heldByName']);
  }

  async insertDebrief(db: Kysely<SafetyDb>, request: DebriefRequest, referralReference: string | null): Promise<string> {
    const row = await db
      .insertInto('safetyDebriefs')
      .values({
        amhpId: request.amhpId,
        requestedBy: request.requestedBy,
        requestedAt: request.requestedAt,
        referralId: request.referralId,
        referralReference,
        reason: request.reason,
        status: request.status,
        heldBy: request.heldBy,
        heldAt: request.heldAt,
        cancelledBy: request.cancelledBy,
        cancelledAt: request.cancelledAt,
        cancelReason: request.cancelReason,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async updateDebrief(db: Kysely<SafetyDb>, request: DebriefRequest, version: number): Promise<number> {
    return updateVersioned(
      db,
      'safetyDebriefs',
      { id: request.id, expectedVersion: version },
      { status: request.status, heldBy: request.heldBy, heldAt: request.heldAt, cancelledBy: request.cancelledBy, cancelledAt: request.cancelledAt, cancelReason: request.cancelReason },
      'debrief',
    );
  }

  async findDebrief(db: Kysely<SafetyDb>, id: string): Promise<DebriefRow | undefined> {
    return this.debriefQuery(db).where('d.id', '=', id).executeTakeFirst();
  }

  /** One AMHP's requests, or (with `since`) every open request and those made since then. */
  async debriefs(db: Kysely<SafetyDb>, filter: { amhpId?: string; since?: Date } = {}): Promise<DebriefRow[]> {
    let query = this.debriefQuery(db);
    if (filter.amhpId) query = query.where('d.amhpId', '=', filter.amhpId);
    const since = filter.since;
    if (since) query = query.where((eb) => eb.or([eb('d.status', '=', 'requested'), eb('d.requestedAt', '>=', since)]));
    return query.orderBy('d.requestedAt', 'desc').execute();
  }
}
