import type { Kysely } from 'kysely';
import { updateVersioned } from '../../platform/versioned-update.js';
import type { EscalationsDb } from './escalations-tables.js';
import type { PoliceResponse, Threshold } from './police-requests.js';

export interface PoliceRequestRow {
  id: string;
  referralId: string;
  referralReference: string;
  partnerId: string | null;
  partnerName: string | null;
  threshold: Threshold;
  explanation: string;
  requestedAt: Date;
  requestedBy: string;
  requestedByName: string;
  response: PoliceResponse;
  responseNote: string;
  respondedAt: Date | null;
  escalationId: string | null;
  version: number;
}

/** Police requests (Right Care, Right Person): the escalations module's own table. */
export class PoliceRequestsRepository {
  private query(db: Kysely<EscalationsDb>) {
    return db
      .selectFrom('escalationPoliceRequests as q')
      .innerJoin('people as r', 'r.id', 'q.requestedBy')
      .leftJoin('escalationPartners as p', 'p.id', 'q.partnerId')
      .selectAll('q')
      .select(['r.name as requestedByName', 'p.name as partnerName']);
  }

  async insert(db: Kysely<EscalationsDb>, row: { referralId: string; referralReference: string; partnerId: string | null; threshold: Threshold; explanation: string; requestedAt: Date; requestedBy: string }): Promise<string> {
    return (await db.insertInto('escalationPoliceRequests').values(row).returning('id').executeTakeFirstOrThrow()).id;
  }

  async one(db: Kysely<EscalationsDb>, id: string): Promise<PoliceRequestRow | undefined> {
    return this.query(db).where('q.id', '=', id).executeTakeFirst();
  }

  /** Newest first; one referral's when given. */
  async list(db: Kysely<EscalationsDb>, scope: { referralId?: string } = {}): Promise<PoliceRequestRow[]> {
    let q = this.query(db);
    if (scope.referralId) q = q.where('q.referralId', '=', scope.referralId);
    return q.orderBy('q.requestedAt', 'desc').limit(200).execute();
  }

  /** Reason and response only, since an instant (for the themes). */
  async reasonsSince(db: Kysely<EscalationsDb>, since: Date): Promise<Array<{ requestedAt: Date; threshold: Threshold; response: PoliceResponse }>> {
    return db.selectFrom('escalationPoliceRequests').select(['requestedAt', 'threshold', 'response']).where('requestedAt', '>=', since).execute();
  }

  async update(db: Kysely<EscalationsDb>, id: string, version: number, change: { response?: PoliceResponse; responseNote?: string; respondedAt?: Date; escalationId?: string }): Promise<number> {
    return updateVersioned(db, 'escalationPoliceRequests', { id, expectedVersion: version }, change, 'police request');
  }
}
