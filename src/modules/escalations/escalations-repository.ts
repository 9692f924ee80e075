import type { Kysely } from 'kysely';
import type { Role } from '../../platform/roles.js';
import { updateVersioned } from '../../platform/versioned-update.js';
import type { EscalationEventKind, EscalationState, Urgency } from './escalation.js';
import type { EscalationsDb } from './escalations-tables.js';
import type { LadderStepKey } from './on-call-ladder.js';
import type { PartnerEntry } from './partner-directory.js';

export interface PartnerRow extends PartnerEntry {
  id: string;
  active: boolean;
  version: number;
  updatedAt: Date;
}

export interface EscalationRow extends EscalationState {
  raisedByName: string;
  raisedAt: Date;
  referralId: string | null;
  referralReference: string | null;
  partnerId: string | null;
  partnerName: string | null;
  handoverId: string | null;
  visitId: string | null;
  category: string;
  urgency: Urgency;
  concern: string;
  triedLocally: string;
  outcomeSought: string;
  receiverContact: string;
  version: number;
}

export interface EventRow {
  id: string;
  kind: EscalationEventKind;
  rung: number;
  byPersonId: string;
  byName: string;
  onBehalfOf: string | null;
  at: Date;
  text: string;
}

export interface AttemptRow {
  id: string;
  step: LadderStepKey;
  number: string;
  answered: boolean;
  byName: string;
  at: Date;
  note: string;
}

export interface NewEscalation {
  raisedBy: string;
  raisedAt: Date;
  referralId: string | null;
  referralReference: string | null;
  partnerId: string | null;
  handoverId?: string | null;
  visitId?: string | null;
  category: string;
  urgency: Urgency;
  concern: string;
  triedLocally: string;
  outcomeSought: string;
  receiverPersonId: string | null;
  receiverName: string;
  receiverContact: string;
  clockStartedAt: Date;
  acknowledgeBy: Date;
  respondBy: Date;
}

export type EscalationChange = Partial<Pick<EscalationRow, 'status' | 'rung' | 'receiverPersonId' | 'receiverName' | 'receiverContact' | 'clockStartedAt' | 'acknowledgeBy' | 'respondBy' | 'acknowledgedAt' | 'respondedAt'>>;

export interface PersonBrief {
  id: string;
  name: string;
  email: string;
  phone: string;
}

/** Escalations' own tables, and people through the staff read model. */
export class EscalationsRepository {
  // The partner directory

  async partners(db: Kysely<EscalationsDb>, includeInactive = false): Promise<PartnerRow[]> {
    let query = db.selectFrom('escalationPartners').select(['id', 'name', 'kind', 'complaintRoute', 'notes', 'contacts', 'active', 'version', 'updatedAt']);
    if (!includeInactive) query = query.where('active', '=', true);
    return query.orderBy('name').execute();
  }

  async partner(db: Kysely<EscalationsDb>, id: string): Promise<PartnerRow | undefined> {
    return db.selectFrom('escalationPartners').select(['id', 'name', 'kind', 'complaintRoute', 'notes', 'contacts', 'active', 'version', 'updatedAt']).where('id', '=', id).executeTakeFirst();
  }

  async partnerNamed(db: Kysely<EscalationsDb>, name: string): Promise<{ id: string } | undefined> {
    return db.selectFrom('escalationPartners').select('id').where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase())).executeTakeFirst();
  }

  async insertPartner(db: Kysely<EscalationsDb>, entry: PartnerEntry, by: string, now: Date): Promise<string> {
    const row = await db
      .insertInto('escalationPartners')
      .values({ name: entry.name, kind: entry.kind, complaintRoute: entry.complaintRoute, notes: entry.notes, contacts: JSON.stringify(entry.contacts), updatedAt: now, updatedBy: by })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async updatePartner(db: Kysely<EscalationsDb>, id: string, version: number, entry: PartnerEntry & { active: boolean }, by: string, now: Date): Promise<number> {
    return updateVersioned(
      db,
      'escalationPartners',
      { id, expectedVersion: version },
      { name: entry.name, kind: entry.kind, complaintRoute: entry.complaintRoute, notes: entry.notes, contacts: JSON.stringify(entry.contacts), active: entry.active, updatedAt: now, updatedBy: by },
      'directory entry',
    );
  }

  // People at partner organisations who sign in

  async membership(db: Kysely<EscalationsDb>, personId: string): Promise<string | null> {
    const row = await db.selectFrom('escalationPartnerMembers').select('partnerId').where('personId', '=', personId).executeTakeFirst();
    return row?.partnerId ?? null;
  }

  async members(db: Kysely<EscalationsDb>, partnerId: string): Promise<PersonBrief[]> {
    return db
      .selectFrom('escalationPartnerMembers as m')
      .innerJoin('people as p', 'p.id', 'm.personId')
      .select(['p.id', 'p.name', 'p.email', 'p.phone'])
      .where('m.partnerId', '=', partnerId)
      .orderBy('p.name')
      .execute();
  }

  async setMembership(db: Kysely<EscalationsDb>, personId: string, partnerId: string, by: string, now: Date): Promise<void> {
    await db
      .insertInto('escalationPartnerMembers')
      .values({ personId, partnerId, addedAt: now, addedBy: by })
      .onConflict((oc) => oc.column('personId').doUpdateSet({ partnerId, addedAt: now, addedBy: by }))
      .execute();
  }

  async removeMembership(db: Kysely<EscalationsDb>, personId: string, partnerId: string): Promise<number> {
    const result = await db.deleteFrom('escalationPartnerMembers').where('personId', '=', personId).where('partnerId', '=', partnerId).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  // Escalations

  private escalationQuery(db: Kysely<EscalationsDb>) {
    return db
      .selectFrom('escalations as e')
      .innerJoin('people as r', 'r.id', 'e.raisedBy')
      .leftJoin('escalationPartners as p', 'p.id', 'e.partnerId')
      .selectAll('e')
      .select(['r.name as raisedByName', 'p.name as partnerName']);
  }

  async insertEscalation(db: Kysely<EscalationsDb>, e: NewEscalation): Promise<string> {
    const row = await db
      .insertInto('escalations')
      .values({ ...e, rung: 1, status: 'awaiting_acknowledgement' })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async escalation(db: Kysely<EscalationsDb>, id: string): Promise<EscalationRow | undefined> {
    return this.escalationQuery(db).where('e.id', '=', id).executeTakeFirst();
  }

  /** Escalations, newest first; limited to one person's, one receiver's or one partner's when given. */
  async escalations(db: Kysely<EscalationsDb>, scope: { involving?: string; partnerId?: string; open?: boolean } = {}): Promise<EscalationRow[]> {
    let query = this.escalationQuery(db);
    const involving = scope.involving;
    if (involving) query = query.where((eb) => eb.or([eb('e.raisedBy', '=', involving), eb('e.receiverPersonId', '=', involving)]));
    if (scope.partnerId) query = query.where('e.partnerId', '=', scope.partnerId);
    if (scope.open) query = query.where('e.status', '!=', 'resolved');
    return query.orderBy('e.raisedAt', 'desc').limit(500).execute();
  }

  async updateEscalation(db: Kysely<EscalationsDb>, id: string, version: number, change: EscalationChange): Promise<number> {
    return updateVersioned(db, 'escalations', { id, expectedVersion: version }, change, 'escalation');
  }

  async addEvent(db: Kysely<EscalationsDb>, event: { escalationId: string; kind: EscalationEventKind; rung: number; byPersonId: string; onBehalfOf?: string | null; at: Date; text?: string }): Promise<void> {
    await db
      .insertInto('escalationEvents')
      .values({ escalationId: event.escalationId, kind: event.kind, rung: event.rung, byPersonId: event.byPersonId, onBehalfOf: event.onBehalfOf ?? null, at: event.at, text: event.text ?? '' })
      .execute();
  }

  async events(db: Kysely<EscalationsDb>, escalationId: string): Promise<EventRow[]> {
    return db
      .selectFrom('escalationEvents as v')
      .innerJoin('people as p', 'p.id', 'v.byPersonId')
      .select(['v.id', 'v.kind', 'v.rung', 'v.byPersonId', 'p.name as byName', 'v.onBehalfOf', 'v.at', 'v.text'])
      .where('v.escalationId', '=', escalationId)
      .orderBy('v.seq')
      .execute();
  }

  async addAttempt(db: Kysely<EscalationsDb>, attempt: { escalationId: string; step: LadderStepKey; number: string; answered: boolean; byPersonId: string; at: Date; note: string }): Promise<void> {
    await db.insertInto('escalationCallAttempts').values(attempt).execute();
  }

  async attempts(db: Kysely<EscalationsDb>, escalationId: string): Promise<AttemptRow[]> {
    return db
      .selectFrom('escalationCallAttempts as a')
      .innerJoin('people as p', 'p.id', 'a.byPersonId')
      .select(['a.id', 'a.step', 'a.number', 'a.answered', 'p.name as byName', 'a.at', 'a.note'])
      .where('a.escalationId', '=', escalationId)
      .orderBy('a.seq')
      .execute();
  }

  /** Every escalation raised since an instant, with only what the themes count (no concern text). */
  async themeRows(db: Kysely<EscalationsDb>, since: Date) {
    return db
      .selectFrom('escalations as e')
      .leftJoin('escalationPartners as p', 'p.id', 'e.partnerId')
      .select(['e.id', 'e.raisedBy', 'e.status', 'e.rung', 'e.receiverPersonId', 'e.receiverName', 'e.clockStartedAt', 'e.acknowledgeBy', 'e.respondBy', 'e.acknowledgedAt', 'e.respondedAt', 'e.raisedAt', 'e.category', 'p.name as partnerName'])
      .where('e.raisedAt', '>=', since)
      .execute();
  }

  /** Open escalations, for the reminders job. */
  async openForReminders(db: Kysely<EscalationsDb>): Promise<EscalationRow[]> {
    return this.escalationQuery(db).where('e.status', 'in', ['awaiting_acknowledgement', 'acknowledged']).execute();
  }

  /** Urgent-or-not escalations with an unanswered call as their latest attempt (the 15-minute retry reminder). */
  async waitingOnCall(db: Kysely<EscalationsDb>): Promise<EscalationRow[]> {
    return this.escalationQuery(db)
      .where('e.status', '!=', 'resolved')
      .where('e.urgency', '=', 'routine')
      .where((eb) => eb.exists(eb.selectFrom('escalationCallAttempts as a').select('a.id').whereRef('a.escalationId', '=', 'e.id')))
      .where((eb) => eb.not(eb.exists(eb.selectFrom('escalationCallAttempts as b').select('b.id').whereRef('b.escalationId', '=', 'e.id').where('b.answered', '=', true))))
      .execute();
  }

  /** Records a reminder as sent; false when it was sent before (so each goes once). */
  async claimReminder(db: Kysely<EscalationsDb>, key: string, escalationId: string, at: Date): Promise<boolean> {
    const rows = await db.insertInto('escalationReminders').values({ key, escalationId, at }).onConflict((oc) => oc.column('key').doNothing()).returning('key').execute();
    return rows.length > 0;
  }

  // People, through the staff read model

  async person(db: Kysely<EscalationsDb>, id: string): Promise<PersonBrief | undefined> {
    return db.selectFrom('people').select(['id', 'name', 'email', 'phone']).where('id', '=', id).where('active', '=', true).executeTakeFirst();
  }

  async peopleWithRoles(db: Kysely<EscalationsDb>, roles: readonly Role[]): Promise<PersonBrief[]> {
    return db
      .selectFrom('people')
      .innerJoin('personRoles', 'personRoles.personId', 'people.id')
      .select(['people.id', 'people.name', 'people.email', 'people.phone'])
      .distinct()
      .where('people.active', '=', true)
      .where('personRoles.role', 'in', [...roles])
      .orderBy('people.name')
      .execute();
  }
}
