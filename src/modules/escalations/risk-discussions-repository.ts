import type { Kysely } from 'kysely';
import type { IsoDate } from '../../platform/london-time.js';
import type { EscalationsDb } from './escalations-tables.js';
import type { AgreedAction, Attendee, DiscussionEntry } from './risk-discussions.js';

export interface DiscussionRow {
  id: string;
  referralId: string;
  referralReference: string;
  heldOn: IsoDate;
  attendees: Attendee[];
  actions: AgreedAction[];
  summary: string;
  recordedByName: string;
  recordedAt: Date;
  version: number;
}

export interface CaseReviewRow {
  id: string;
  heldOn: IsoDate;
  note: string;
  recordedByName: string;
  recordedAt: Date;
}

/** High Risk Multi-Agency Discussions and joint case reviews: the escalations module's own tables. */
export class RiskDiscussionsRepository {
  async insert(db: Kysely<EscalationsDb>, referral: { id: string; reference: string }, entry: DiscussionEntry, by: string, at: Date): Promise<string> {
    const row = await db
      .insertInto('escalationRiskDiscussions')
      .values({ referralId: referral.id, referralReference: referral.reference, heldOn: entry.heldOn, attendees: JSON.stringify(entry.attendees), actions: JSON.stringify(entry.actions), summary: entry.summary, recordedBy: by, recordedAt: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async forReferral(db: Kysely<EscalationsDb>, referralId: string): Promise<DiscussionRow[]> {
    return db
      .selectFrom('escalationRiskDiscussions as d')
      .innerJoin('people as p', 'p.id', 'd.recordedBy')
      .select(['d.id', 'd.referralId', 'd.referralReference', 'd.heldOn', 'd.attendees', 'd.actions', 'd.summary', 'p.name as recordedByName', 'd.recordedAt', 'd.version'])
      .where('d.referralId', '=', referralId)
      .orderBy('d.heldOn', 'desc')
      .orderBy('d.recordedAt', 'desc')
      .execute();
  }

  async insertReview(db: Kysely<EscalationsDb>, review: { escalationId: string; heldOn: IsoDate; note: string; recordedBy: string; recordedAt: Date }): Promise<void> {
    await db.insertInto('escalationCaseReviews').values(review).execute();
  }

  async reviews(db: Kysely<EscalationsDb>, escalationId: string): Promise<CaseReviewRow[]> {
    return db
      .selectFrom('escalationCaseReviews as r')
      .innerJoin('people as p', 'p.id', 'r.recordedBy')
      .select(['r.id', 'r.heldOn', 'r.note', 'p.name as recordedByName', 'r.recordedAt'])
      .where('r.escalationId', '=', escalationId)
      .orderBy('r.heldOn')
      .execute();
  }
}
