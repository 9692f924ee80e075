// Database access for referrals, their timeline and verbal feedback. No rules here: the
// service decides; this reads and writes rows. Typed with the module's own tables and staff's
// read model (names of people and councils), so a query into any other table does not compile.

import { sql, type Insertable, type Kysely, type RawBuilder, type Selectable, type Updateable } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { rowsWithDates } from '../../../db/json-rows.js';
import { updateVersioned } from '../../../platform/versioned-update.js';
import { OPEN_REFERRAL_STATUSES, type ReferralStatus } from '../referral-lifecycle.js';
import type { ReferralsModuleTables, ReferralsTable } from '../referrals-tables.js';
import { notRestricted } from './referral-privacy-repository.js';

/** The pool or an open transaction, seeing the referrals module's tables. */
export type ReferralsDb = Kysely<ReferralsModuleTables>;

export type ReferralRow = Selectable<ReferralsTable>;

export interface ReferralDetail extends ReferralRow {
  lssaName: string | null;
  allocatedAmhpName: string | null;
  allocatedByName: string | null;
  createdByName: string | null;
}

export interface ReferralListItem {
  id: string;
  reference: string;
  status: ReferralStatus;
  receivedAt: Date;
  givenName: string;
  familyName: string;
  dateOfBirth: string | null;
  nhsNumber: string | null;
  urgency: string;
  legalStatus: string;
  sourceType: string;
  lssaId: string | null;
  lssaName: string | null;
  allocatedAmhpId: string | null;
  allocatedAmhpName: string | null;
  decision: string | null;
  currentLocation: string;
  updatedAt: Date;
  version: number;
  /** Outside the reader's need-to-know: shown by reference and status only, opened with a reason. */
  restricted?: boolean;
}

export interface TimelineEvent {
  id: number;
  occurredAt: Date;
  actorId: string | null;
  actorName: string | null;
  kind: string;
  summary: string;
  data: Record<string, unknown>;
}

export interface FeedbackRecord {
  id: string;
  givenBy: string;
  givenByName: string;
  givenTo: string;
  givenAt: Date;
  method: string;
  notes: string;
}

export interface ListQuery {
  statuses: readonly ReferralStatus[];
  urgency?: string | undefined;
  lssaId?: string | undefined;
  amhpId?: string | 'none' | undefined;
  /** Need-to-know: only the open queue, this person's allocations and what they gave a reason for. */
  visibleTo?: { personId: string; now: Date } | undefined;
  /** Restricted records (UK GDPR Art. 18) are left out unless the reader manages restrictions. */
  includeRestricted?: boolean | undefined;
  limit: number;
  offset?: number | undefined;
}

export type SearchQuery =
  | { kind: 'nhs_number'; nhsNumber: string }
  | { kind: 'reference'; reference: string }
  | { kind: 'name'; terms: string[]; dateOfBirth?: string | undefined };

function listSelect(db: ReferralsDb) {
  return db
    .selectFrom('referrals as r')
    .leftJoin('organisations as lssa', 'lssa.id', 'r.lssaId')
    .leftJoin('people as amhp', 'amhp.id', 'r.allocatedAmhpId')
    .select([
      'r.id',
      'r.reference',
      'r.status',
      'r.receivedAt',
      'r.givenName',
      'r.familyName',
      'r.dateOfBirth',
      'r.nhsNumber',
      'r.urgency',
      'r.legalStatus',
      'r.sourceType',
      'r.lssaId',
      'lssa.shortName as lssaName',
      'r.allocatedAmhpId',
      'amhp.name as allocatedAmhpName',
      'r.decision',
      'r.currentLocation',
      'r.updatedAt',
      'r.version',
    ]);
}

/** The list filters as one condition on `r` (open statuses use the partial index from 0320). */
function listCondition(query: Omit<ListQuery, 'limit' | 'offset'>): RawBuilder<boolean> {
  const parts: RawBuilder<unknown>[] = [sql`r.status in (${sql.join([...query.statuses])})`];
  if (query.urgency) parts.push(sql`r.urgency = ${query.urgency}`);
  if (query.lssaId) parts.push(sql`r.lssa_id = ${query.lssaId}`);
  if (query.amhpId === 'none') parts.push(sql`r.allocated_amhp_id is null`);
  else if (query.amhpId) parts.push(sql`r.allocated_amhp_id = ${query.amhpId}`);
  if (!query.includeRestricted) parts.push(notRestricted());
  if (query.visibleTo) {
    const { personId, now } = query.visibleTo;
    parts.push(
      sql`(r.status in (${sql.join([...OPEN_REFERRAL_STATUSES])}) or r.allocated_amhp_id = ${personId} or exists (select 1 from referral_access_grants g where g.referral_id = r.id and g.person_id = ${personId} and g.expires_at > ${now}))`,
    );
  }
  return sql<boolean>`(${sql.join(parts, sql` and `)})`;
}

/**
 * A search as one condition on `r`. Names match by PREFIX of the given or family name,
 * case-insensitive ("okaf" finds Okafor; "kafor" does not), through the lower(...)
 * text_pattern_ops indexes, so the cost follows how many names share the prefix, not the size
 * of the table.
 */
function searchCondition(query: SearchQuery): RawBuilder<boolean> | null {
  if (query.kind === 'nhs_number') return sql<boolean>`r.nhs_number = ${query.nhsNumber}`;
  if (query.kind === 'reference') return sql<boolean>`r.reference = ${query.reference}`;
  const [first, second] = query.terms;
  if (!first) return null;
  const prefix = (term: string) => `${term.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const name =
    second === undefined
      ? sql`(lower(r.family_name) like ${prefix(first)} or lower(r.given_name) like ${prefix(first)})`
      : // "Given Family" or "Family, Given": either order.
        sql`((lower(r.given_name) like ${prefix(first)} and lower(r.family_name) like ${prefix(second)}) or (lower(r.family_name) like ${prefix(first)} and lower(r.given_name) like ${prefix(second)}))`;
  return query.dateOfBirth ? sql<boolean>`(${name} and r.date_of_birth = ${query.dateOfBirth})` : sql<boolean>`${name}`;
}

export class ReferralRepository {
  async nextReferenceSequence(trx: ReferralsDb, year: number): Promise<number> {
    const row = await trx
      .insertInto('referralReferenceCounters')
      .values({ year, lastSequence: 1 })
      .onConflict((oc) => oc.column('year').doUpdateSet({ lastSequence: sql<number>`referral_reference_counters.last_sequence + 1` }))
      .returning('lastSequence')
      .executeTakeFirstOrThrow();
    return row.lastSequence;
  }

  /** Referrals received at any of these instants (an import's match). */
  async byReceivedAt(db: ReferralsDb, instants: readonly Date[]): Promise<Array<{ reference: string; receivedAt: Date; givenName: string; familyName: string; dateOfBirth: string | null }>> {
    if (instants.length === 0) return [];
    return db.selectFrom('referrals').select(['reference', 'receivedAt', 'givenName', 'familyName', 'dateOfBirth']).where('receivedAt', 'in', [...instants]).execute();
  }

  async insert(trx: ReferralsDb, values: Insertable<ReferralsTable>): Promise<string> {
    const row = await trx.insertInto('referrals').values(values).returning('id').executeTakeFirstOrThrow();
    return row.id;
  }

  /** Names of people (for the access log), active or not. */
  async personNames(db: ReferralsDb, ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await db.selectFrom('people').select(['id', 'name']).where('id', 'in', [...ids]).execute();
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  async findDetail(db: ReferralsDb, id: string): Promise<ReferralDetail | undefined> {
    return this.detailQuery(db).where('r.id', '=', id).executeTakeFirst();
  }

  /** A referral with the names the page shows (its LSSA, allocated AMHP, allocator, creator). */
  private detailQuery(db: ReferralsDb) {
    return db
      .selectFrom('referrals as r')
      .leftJoin('organisations as lssa', 'lssa.id', 'r.lssaId')
      .leftJoin('people as amhp', 'amhp.id', 'r.allocatedAmhpId')
      .leftJoin('people as allocator', 'allocator.id', 'r.allocatedBy')
      .leftJoin('people as creator', 'creator.id', 'r.createdBy')
      .selectAll('r')
      .select(['lssa.name as lssaName', 'amhp.name as allocatedAmhpName', 'allocator.name as allocatedByName', 'creator.name as createdByName']);
  }

  /**
   * The referral page in one statement: the record with its timeline (newest first) and the
   * feedback given (oldest first), as `findDetail`, `events` and `feedback` read them.
   */
  async findPage(db: ReferralsDb, id: string): Promise<{ referral: ReferralDetail; timeline: TimelineEvent[]; feedback: FeedbackRecord[] } | undefined> {
    const row = await this.detailQuery(db)
      .select((eb) => [
        jsonArrayFrom(
          eb
            .selectFrom('referralEvents as e')
            .leftJoin('people as p', 'p.id', 'e.actorId')
            .select(['e.id', 'e.occurredAt', 'e.actorId', 'p.name as actorName', 'e.kind', 'e.summary', 'e.data'])
            .whereRef('e.referralId', '=', 'r.id')
            .orderBy('e.occurredAt', 'desc')
            .orderBy('e.id', 'desc'),
        ).as('pageTimeline'),
        jsonArrayFrom(
          eb
            .selectFrom('referralFeedback as f')
            .innerJoin('people as fp', 'fp.id', 'f.givenBy')
            .select(['f.id', 'f.givenBy', 'fp.name as givenByName', 'f.givenTo', 'f.givenAt', 'f.method', 'f.notes'])
            .whereRef('f.referralId', '=', 'r.id')
            .orderBy('f.givenAt', 'asc'),
        ).as('pageFeedback'),
      ])
      .where('r.id', '=', id)
      .executeTakeFirst();
    if (!row) return undefined;
    const { pageTimeline, pageFeedback, ...referral } = row;
    return {
      referral: referral as ReferralDetail,
      timeline: rowsWithDates<TimelineEvent>(pageTimeline, ['occurredAt']),
      feedback: rowsWithDates<FeedbackRecord>(pageFeedback, ['givenAt']),
    };
  }

  /** Locks the row for the rest of the transaction (two people allocating at once queue here). */
  async findForUpdate(trx: ReferralsDb, id: string): Promise<ReferralRow | undefined> {
    return trx.selectFrom('referrals').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  }

  /** Updates only if the version still matches (ConflictError otherwise); returns the new version. */
  async update(trx: ReferralsDb, id: string, expectedVersion: number, patch: Updateable<ReferralsTable>, now: Date): Promise<number> {
    return updateVersioned(trx, 'referrals', { id, expectedVersion }, { ...patch, updatedAt: now }, 'referral');
  }

  async openDuplicateCandidates(
    db: ReferralsDb,
    person: { nhsNumber: string | null; familyName: string; dateOfBirth: string | null },
  ): Promise<Array<{ id: string; reference: string; givenName: string; familyName: string; dateOfBirth: string | null; nhsNumber: string | null; status: ReferralStatus; receivedAt: Date }>> {
    if (!person.nhsNumber && !person.dateOfBirth) return [];
    return db
      .selectFrom('referrals')
      .select(['id', 'reference', 'givenName', 'familyName', 'dateOfBirth', 'nhsNumber', 'status', 'receivedAt'])
      .where('status', 'in', OPEN_REFERRAL_STATUSES)
      .where((eb) => {
        const ors = [];
        if (person.nhsNumber) ors.push(eb('nhsNumber', '=', person.nhsNumber));
        if (person.dateOfBirth) {
          ors.push(eb.and([eb(sql`lower(family_name)`, '=', person.familyName.trim().toLowerCase()), eb('dateOfBirth', '=', person.dateOfBirth)]));
        }
        return eb.or(ors);
      })
      .orderBy('receivedAt', 'desc')
      .limit(20)
      .execute();
  }

  async list(db: ReferralsDb, query: ListQuery): Promise<ReferralListItem[]> {
    const q = listSelect(db).where(listCondition(query));
    return (await q.orderBy('r.receivedAt', 'desc').orderBy('r.id', 'desc').limit(query.limit).offset(query.offset ?? 0).execute()) as ReferralListItem[];
  }

  /** How many referrals the list filter matches, counting no further than `cap` (so it stays cheap). */
  async countList(db: ReferralsDb, query: Omit<ListQuery, 'limit' | 'offset'>, cap: number): Promise<number> {
    const inner = db.selectFrom('referrals as r').select(sql<number>`1`.as('one')).where(listCondition(query)).limit(cap);
    const row = await db.selectFrom(inner.as('matches')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Active AMHPs for the list's filter: one small query (id and name only). */
  async amhpFilterOptions(db: ReferralsDb): Promise<Array<{ id: string; name: string }>> {
    return db
      .selectFrom('people as p')
      .select(['p.id', 'p.name'])
      .where('p.active', '=', true)
      .where((eb) => eb.exists(eb.selectFrom('personRoles as pr').select('pr.personId').whereRef('pr.personId', '=', 'p.id').where('pr.role', '=', 'amhp')))
      .orderBy('p.name')
      .execute();
  }

  /**
   * How many referrals are in each of these statuses, from the counter the triggers keep
   * (migration 2060): at most eight rows, however many referrals there are. Statuses with none
   * are left out, and the rest come in the order asked for.
   */
  async countByStatus(db: ReferralsDb, statuses: readonly ReferralStatus[]): Promise<Record<string, number>> {
    const rows = await db.selectFrom('referralStatusCounts').select(['status', 'n']).where('status', 'in', statuses).where('n', '>', 0).execute();
    const counts = new Map(rows.map((r) => [r.status, Number(r.n)]));
    return Object.fromEntries(statuses.flatMap((status) => (counts.has(status) ? [[status, counts.get(status)!]] : [])));
  }

  async search(db: ReferralsDb, query: SearchQuery, limit: number, offset = 0, includeRestricted = false): Promise<ReferralListItem[]> {
    const condition = searchCondition(query);
    if (!condition) return [];
    return (await listSelect(db).where(condition).$if(!includeRestricted, (q) => q.where(notRestricted())).orderBy('r.receivedAt', 'desc').orderBy('r.id', 'desc').limit(limit).offset(offset).execute()) as ReferralListItem[];
  }

  /** How many referrals a search matches, counting no further than `cap`. */
  async countSearch(db: ReferralsDb, query: SearchQuery, cap: number, includeRestricted = false): Promise<number> {
    const condition = searchCondition(query);
    if (!condition) return 0;
    const inner = db.selectFrom('referrals as r').select(sql<number>`1`.as('one')).where(condition).$if(!includeRestricted, (q) => q.where(notRestricted())).limit(cap);
    const row = await db.selectFrom(inner.as('matches')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async insertEvent(
    trx: ReferralsDb,
    event: { referralId: string; occurredAt: Date; actorId: string | null; kind: string; summary: string; data?: Record<string, unknown> },
  ): Promise<void> {
    await trx
      .insertInto('referralEvents')
      .values({ ...event, data: JSON.stringify(event.data ?? {}) })
      .execute();
  }

  async events(db: ReferralsDb, referralId: string): Promise<TimelineEvent[]> {
    return db
      .selectFrom('referralEvents as e')
      .leftJoin('people as p', 'p.id', 'e.actorId')
      .select(['e.id', 'e.occurredAt', 'e.actorId', 'p.name as actorName', 'e.kind', 'e.summary', 'e.data'])
      .where('e.referralId', '=', referralId)
      .orderBy('e.occurredAt', 'desc')
      .orderBy('e.id', 'desc')
      .execute();
  }

  async insertFeedback(trx: ReferralsDb, values: { referralId: string; givenBy: string; givenTo: string; givenAt: Date; method: string; notes: string }): Promise<string> {
    const row = await trx.insertInto('referralFeedback').values(values).returning('id').executeTakeFirstOrThrow();
    return row.id;
  }

  async feedback(db: ReferralsDb, referralId: string): Promise<FeedbackRecord[]> {
    return db
      .selectFrom('referralFeedback as f')
      .innerJoin('people as p', 'p.id', 'f.givenBy')
      .select(['f.id', 'f.givenBy', 'p.name as givenByName', 'f.givenTo', 'f.givenAt', 'f.method', 'f.notes'])
      .where('f.referralId', '=', referralId)
      .orderBy('f.givenAt', 'asc')
      .execute();
  }

  /** Open referrals allocated to an AMHP (their home panel), newest first, at most 20. */
  async openAllocatedTo(db: ReferralsDb, personId: string): Promise<ReferralListItem[]> {
    return (await listSelect(db)
      .where('r.allocatedAmhpId', '=', personId)
      .where('r.status', 'in', ['allocated', 'in_assessment', 'outcome_recorded'])
      .orderBy('r.receivedAt', 'desc')
      .limit(20)
      .execute()) as ReferralListItem[];
  }
}
