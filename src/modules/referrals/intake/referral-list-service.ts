// Lists and search. Every list and search shows names, so each is audited (the filters used and
// the number of results; never the names or numbers searched for).

import { inTransaction } from '../../../db/database.js';
import type { ServiceContext } from '../../../platform/audit.js';
import { ValidationError } from '../../../platform/errors.js';
import { requireRole } from '../../../platform/roles.js';
import { normaliseNhsNumber } from '../nhs-number.js';
import { OPEN_REFERRAL_STATUSES, REFERRAL_STATUS_LABELS, type ReferralStatus } from '../referral-lifecycle.js';
import { REFERRAL_READERS } from './referral-access.js';
import type { ReferralAccessService } from './referral-access-service.js';
import { formatReferralReference, parseReferralReference } from './referral-reference.js';
import type { ReferralServiceDeps } from './referral-records-service.js';
import type { ListQuery, ReferralListItem, ReferralRepository, ReferralsDb, SearchQuery } from './referral-repository.js';
import type { ListFilter } from './referral-schemas.js';
import { seesRestricted } from './referral-restriction-rules.js';

/** Rows per page of the referrals list and search results. */
export const LIST_PAGE_SIZE = 50;
/** Counts stop here ("more than 500"): counting every match of a broad search costs more than it tells. */
export const LIST_COUNT_CAP = 500;
/** The API's rows per page unless it asks for fewer. */
const API_LIMIT = 200;

export interface ReferralPage {
  rows: ReferralListItem[];
  /** Matches, up to LIST_COUNT_CAP. */
  total: number;
  /** True when there are more than LIST_COUNT_CAP matches. */
  totalCapped: boolean;
  page: number;
  pageSize: number;
  pages: number;
}

export class ReferralListService {
  constructor(
    private readonly deps: ReferralServiceDeps,
    private readonly repository: ReferralRepository,
    private readonly access: ReferralAccessService,
  ) {}

  /** The list filter with the reader's need-to-know applied (docs/access.md). */
  private scoped(ctx: ServiceContext, filter: ListFilter): Omit<ListQuery, 'limit' | 'offset'> {
    const personId = this.access.limitedTo(ctx);
    return { ...listQueryOf(filter), includeRestricted: seesRestricted(ctx.actor), ...(personId ? { visibleTo: { personId, now: this.deps.clock.now() } } : {}) };
  }

  /**
   * Search finds every match, so nobody makes a duplicate referral for a person already known;
   * rows outside the reader's need-to-know keep only reference, status and dates.
   */
  private async redacted(ctx: ServiceContext, rows: ReferralListItem[], trx: ReferralsDb): Promise<ReferralListItem[]> {
    if (this.access.limitedTo(ctx) === null) return rows;
    const openable = await this.access.openable(ctx, rows, trx);
    return rows.map((row) => (openable.has(row.id) ? row : restrictedRow(row)));
  }

  /** Referrals (open ones unless a status is chosen), newest first; `limit` rows of page `page`. */
  async list(ctx: ServiceContext, filter: ListFilter): Promise<ReferralListItem[]> {
    requireRole(ctx.actor, REFERRAL_READERS, 'see referrals');
    const limit = filter.limit ?? API_LIMIT;
    return inTransaction(this.deps.db, async (trx) => {
      const rows = await this.repository.list(trx, { ...this.scoped(ctx, filter), limit, offset: ((filter.page ?? 1) - 1) * limit });
      await this.deps.audit.record(trx, ctx, { action: 'referrals_listed', entityType: 'referral', summary: { filters: filtersUsed(filter), page: filter.page ?? 1, results: rows.length, shown: rows.map((row) => row.id) } });
      return rows;
    });
  }

  /** One page (LIST_PAGE_SIZE rows) of the list for the page, with a count capped at LIST_COUNT_CAP. */
  async listPage(ctx: ServiceContext, filter: ListFilter): Promise<ReferralPage> {
    requireRole(ctx.actor, REFERRAL_READERS, 'see referrals');
    const page = filter.page ?? 1;
    const query = this.scoped(ctx, filter);
    return inTransaction(this.deps.db, async (trx) => {
      const rows = await this.repository.list(trx, { ...query, limit: LIST_PAGE_SIZE, offset: (page - 1) * LIST_PAGE_SIZE });
      const total = rows.length < LIST_PAGE_SIZE && (page === 1 || rows.length > 0) ? (page - 1) * LIST_PAGE_SIZE + rows.length : await this.repository.countList(trx, query, LIST_COUNT_CAP + 1);
      await this.deps.audit.record(trx, ctx, { action: 'referrals_listed', entityType: 'referral', summary: { filters: filtersUsed(filter), page, results: rows.length, shown: rows.map((row) => row.id) } });
      return pageOf(rows, total, page);
    });
  }

  /** Search by NHS number, reference, or name ("Sam Okafor", "okafor", "okafor 1990-01-02"); newest first. */
  async search(ctx: ServiceContext, text: string, options: { page?: number | undefined; limit?: number | undefined } = {}): Promise<ReferralListItem[]> {
    requireRole(ctx.actor, REFERRAL_READERS, 'search referrals');
    const query = searchQueryOf(text);
    const limit = options.limit ?? 100;
    return inTransaction(this.deps.db, async (trx) => {
      const rows = await this.redacted(ctx, await this.repository.search(trx, query, limit, ((options.page ?? 1) - 1) * limit, seesRestricted(ctx.actor)), trx);
      await this.deps.audit.record(trx, ctx, { action: 'referrals_searched', entityType: 'referral', summary: { by: query.kind, results: rows.length, shown: shownIds(rows) } });
      return rows;
    });
  }

  /** One page of search results for the page, with a capped count. */
  async searchPage(ctx: ServiceContext, text: string, page = 1): Promise<ReferralPage> {
    requireRole(ctx.actor, REFERRAL_READERS, 'search referrals');
    const query = searchQueryOf(text);
    return inTransaction(this.deps.db, async (trx) => {
      const rows = await this.redacted(ctx, await this.repository.search(trx, query, LIST_PAGE_SIZE, (page - 1) * LIST_PAGE_SIZE, seesRestricted(ctx.actor)), trx);
      const total = rows.length < LIST_PAGE_SIZE && (page === 1 || rows.length > 0) ? (page - 1) * LIST_PAGE_SIZE + rows.length : await this.repository.countSearch(trx, query, LIST_COUNT_CAP + 1, seesRestricted(ctx.actor));
      await this.deps.audit.record(trx, ctx, { action: 'referrals_searched', entityType: 'referral', summary: { by: query.kind, page, results: rows.length, shown: shownIds(rows) } });
      return pageOf(rows, total, page);
    });
  }

  /** Active AMHPs for the list filter (id and name; one small query, so never stale). */
  async amhpFilterOptions(): Promise<Array<{ id: string; name: string }>> {
    return this.repository.amhpFilterOptions(this.deps.db);
  }

  /** Open referrals by status, for the home panel. */
  async openCounts(): Promise<Record<string, number>> {
    return this.repository.countByStatus(this.deps.db, OPEN_REFERRAL_STATUSES);
  }

  /** Open referrals allocated to an AMHP, for their home panel. */
  async allocatedTo(personId: string): Promise<ReferralListItem[]> {
    return this.repository.openAllocatedTo(this.deps.db, personId);
  }
}

/** The ids whose person details were shown (a restricted row shows none). */
function shownIds(rows: readonly ReferralListItem[]): string[] {
  return rows.filter((row) => !row.restricted).map((row) => row.id);
}

function restrictedRow(row: ReferralListItem): ReferralListItem {
  return { ...row, givenName: '', familyName: '', dateOfBirth: null, nhsNumber: null, currentLocation: '', legalStatus: '', allocatedAmhpName: null, allocatedAmhpId: null, decision: null, restricted: true };
}

function filtersUsed(filter: ListFilter): string[] {
  return (['status', 'urgency', 'lssaId', 'amhpId'] as const).filter((key) => filter[key] !== undefined);
}

function pageOf(rows: ReferralListItem[], total: number, page: number): ReferralPage {
  const capped = total > LIST_COUNT_CAP;
  const counted = Math.min(total, LIST_COUNT_CAP);
  return { rows, total: counted, totalCapped: capped, page, pageSize: LIST_PAGE_SIZE, pages: Math.max(1, Math.ceil(counted / LIST_PAGE_SIZE)) };
}

function listQueryOf(filter: ListFilter): Omit<ListQuery, 'limit' | 'offset'> {
  const statuses: readonly ReferralStatus[] =
    !filter.status || filter.status === 'open' ? OPEN_REFERRAL_STATUSES : filter.status === 'all' ? (Object.keys(REFERRAL_STATUS_LABELS) as ReferralStatus[]) : [filter.status];
  return { statuses, urgency: filter.urgency, lssaId: filter.lssaId, amhpId: filter.amhpId };
}

function searchQueryOf(text: string): SearchQuery {
  const trimmed = text.trim().slice(0, 100);
  if (trimmed.length === 0) throw ValidationError.of('q', 'Enter a name, NHS number or referral reference to search for');
  const query = interpretSearch(trimmed);
  if (!query) throw ValidationError.of('q', 'Enter at least two letters of a name, a 10-digit NHS number or a reference like REF-2026-000123');
  return query;
}

/** How a search box entry is read: NHS number, reference, or one/two name parts (+ date of birth). */
export function interpretSearch(text: string): SearchQuery | null {
  const digits = normaliseNhsNumber(text);
  if (/^\d{10}$/.test(digits)) return { kind: 'nhs_number', nhsNumber: digits };
  if (/^ref-?\s*\d{4}-\d+$/i.test(text.trim())) {
    const parts = parseReferralReference(text);
    return parts ? { kind: 'reference', reference: formatReferralReference(parts.year, parts.sequence) } : null;
  }
  const dob = /\b(\d{4}-\d{2}-\d{2})\b/.exec(text)?.[1];
  const terms = text
    .replace(/\b\d{4}-\d{2}-\d{2}\b/, ' ')
    .split(/[\s,]+/)
    .map((t) => t.trim())
    .filter((t) => t.length > 0)
    .slice(0, 2);
  if (terms.length === 0 || terms.every((t) => t.length < 2)) return null;
  return { kind: 'name', terms, ...(dob ? { dateOfBirth: dob } : {}) };
}
