// Referrals: intake with the duplicate check, the AMHP Lead's signed decision, allocation with
// the reviewer rule and version check, verbal and written feedback to the referrer, withdrawal
// and closure through the pure lifecycle, the timeline, lists and audited search.

import { inTransaction, type Db, type Tx } from '../../db/database.js';
import type { AuditLog, ServiceContext } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import { ConflictError, NotFoundError, RuleViolationError, StateError, ValidationError } from '../../platform/errors.js';
import { parseInput } from '../../platform/http/forms.js';
import { londonDate } from '../../platform/london-time.js';
import { hasAnyRole, requireRole, type Role } from '../../platform/roles.js';
import type { AmhpEligibility } from '../staff/amhp-eligibility.js';
import type { StaffService } from '../staff/staff-service.js';
import { crisisTeamPrompts, type CrisisTeamPrompt } from './crisis-team-prompts.js';
import { normaliseNhsNumber, validateNhsNumber } from './nhs-number.js';
import { findPossibleDuplicates, type PossibleDuplicate } from './possible-duplicates.js';
import { ALTERNATIVES_OFFERED, DECISION_KINDS, labelFor, type AlternativeOffered, type DecisionKind } from './referral-codes.js';
import { buildFeedbackLetterPdf } from './referral-feedback-pdf.js';
import { availableEvents, OPEN_REFERRAL_STATUSES, REFERRAL_STATUS_LABELS, transition, type ReferralEvent, type ReferralState, type ReferralStatus } from './referral-lifecycle.js';
import { formatReferralReference, parseReferralReference, referenceYearFor } from './referral-reference.js';
import { checkReviewerSeparation } from './reviewer-rule.js';
import {
  ReferralRepository,
  type FeedbackRecord,
  type ReferralDetail,
  type ReferralListItem,
  type ReferralRow,
  type SearchQuery,
  type TimelineEvent,
} from './referral-repository.js';
import {
  allocationSchema,
  closeSchema,
  decisionSchema,
  feedbackSchema,
  intakeSchema,
  listFilterSchema,
  withdrawSchema,
  type ListFilter,
} from './referral-schemas.js';

/** May read person records (lists, search, a referral). */
export const REFERRAL_READERS: readonly Role[] = ['amhp', 'amhp_lead', 'edt_officer', 'edt_manager', 'operational_manager', 'business_support', 'lead_amhp'];
/** May take a referral (phone, e-mail). */
export const REFERRAL_TAKERS: readonly Role[] = ['amhp', 'amhp_lead', 'edt_officer', 'edt_manager', 'operational_manager', 'business_support'];
/** May review and decide (Daily Expectations §2.9: the Lead, or an AMHP the Lead delegated to; EDT out of hours). */
export const REFERRAL_DECIDERS: readonly Role[] = ['amhp_lead', 'amhp', 'edt_officer', 'edt_manager'];
/** May allocate an AMHP. */
export const REFERRAL_ALLOCATORS: readonly Role[] = ['amhp_lead', 'amhp', 'edt_officer', 'edt_manager', 'operational_manager'];

export interface ReferralView {
  referral: ReferralDetail;
  timeline: TimelineEvent[];
  feedback: FeedbackRecord[];
  actions: string[];
}

export interface DuplicateMatch {
  referralId: string;
  reference: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string | null;
  status: ReferralStatus;
  receivedAt: Date;
  matchedOn: PossibleDuplicate['matchedOn'];
}

export class ReferralService {
  private readonly repository = new ReferralRepository();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
    private readonly staff: StaffService,
    private readonly eligibility: AmhpEligibility,
  ) {}

  // ── Reading ────────────────────────────────────────────────────────────────────────────────

  /** One referral, audited as a view of the person's record. */
  async getReferral(ctx: ServiceContext, id: string): Promise<ReferralDetail> {
    requireRole(ctx.actor, REFERRAL_READERS, 'see referrals');
    return inTransaction(this.db, async (trx) => {
      const referral = await this.repository.findDetail(trx, id);
      if (!referral) throw new NotFoundError('The referral');
      await this.audit.record(trx, ctx, { action: 'referral_viewed', entityType: 'referral', entityId: id, summary: { status: referral.status } });
      return referral;
    });
  }

  /** The referral page: the record, its timeline, feedback given and the actions open now. */
  async view(ctx: ServiceContext, id: string): Promise<ReferralView> {
    const referral = await this.getReferral(ctx, id);
    const [timeline, feedback] = await Promise.all([this.repository.events(this.db, id), this.repository.feedback(this.db, id)]);
    return { referral, timeline, feedback, actions: availableEvents(stateOf(referral)) };
  }

  /** For other modules inside their transaction: the row, locked. */
  async findForUpdate(trx: Tx, id: string): Promise<ReferralRow> {
    const row = await this.repository.findForUpdate(trx, id);
    if (!row) throw new NotFoundError('The referral');
    return row;
  }

  async timeline(id: string): Promise<TimelineEvent[]> {
    return this.repository.events(this.db, id);
  }

  /** Lists referrals (open ones unless a status is chosen); audited, because it shows names. */
  async listOpen(ctx: ServiceContext, rawFilter: unknown): Promise<ReferralListItem[]> {
    requireRole(ctx.actor, REFERRAL_READERS, 'see referrals');
    const filter: ListFilter = parseInput(listFilterSchema, rawFilter);
    return inTransaction(this.db, async (trx) => {
      const rows = await this.repository.list(trx, { ...listQueryOf(filter), limit: filter.limit ?? 200 });
      await this.audit.record(trx, ctx, {
        action: 'referrals_listed',
        entityType: 'referral',
        summary: { filters: Object.keys(filter).filter((k) => filter[k as keyof ListFilter] !== undefined), results: rows.length },
      });
      return rows;
    });
  }

  /** One page (LIST_PAGE_SIZE rows) of the list for the page, with a count capped at LIST_COUNT_CAP. Audited. */
  async listPage(ctx: ServiceContext, rawFilter: unknown): Promise<ReferralPage> {
    requireRole(ctx.actor, REFERRAL_READERS, 'see referrals');
    const filter: ListFilter = parseInput(listFilterSchema, rawFilter);
    const page = filter.page ?? 1;
    const query = listQueryOf(filter);
    return inTransaction(this.db, async (trx) => {
      const rows = await this.repository.list(trx, { ...query, limit: LIST_PAGE_SIZE, offset: (page - 1) * LIST_PAGE_SIZE });
      const total = rows.length < LIST_PAGE_SIZE && (page === 1 || rows.length > 0) ? (page - 1) * LIST_PAGE_SIZE + rows.length : await this.repository.countList(trx, query, LIST_COUNT_CAP + 1);
      await this.audit.record(trx, ctx, {
        action: 'referrals_listed',
        entityType: 'referral',
        summary: { filters: Object.keys(filter).filter((k) => filter[k as keyof ListFilter] !== undefined), page, results: rows.length },
      });
      return pageOf(rows, total, page);
    });
  }

  /** Search by NHS number, reference, or name ("Sam Okafor", "okafor", "okafor 1990-01-02"). Audited. */
  async search(ctx: ServiceContext, rawQuery: string): Promise<ReferralListItem[]> {
    requireRole(ctx.actor, REFERRAL_READERS, 'search referrals');
    const query = searchQueryOf(rawQuery);
    return inTransaction(this.db, async (trx) => {
      const rows = await this.repository.search(trx, query, 100);
      await this.audit.record(trx, ctx, { action: 'referrals_searched', entityType: 'referral', summary: { by: query.kind, results: rows.length } });
      return rows;
    });
  }

  /** One page of search results for the page (newest first), with a capped count. Audited. */
  async searchPage(ctx: ServiceContext, rawQuery: string, rawPage: unknown): Promise<ReferralPage> {
    requireRole(ctx.actor, REFERRAL_READERS, 'search referrals');
    const query = searchQueryOf(rawQuery);
    const page = parseInput(listFilterSchema.pick({ page: true }), { page: rawPage }).page ?? 1;
    return inTransaction(this.db, async (trx) => {
      const rows = await this.repository.search(trx, query, LIST_PAGE_SIZE, (page - 1) * LIST_PAGE_SIZE);
      const total = rows.length < LIST_PAGE_SIZE && (page === 1 || rows.length > 0) ? (page - 1) * LIST_PAGE_SIZE + rows.length : await this.repository.countSearch(trx, query, LIST_COUNT_CAP + 1);
      await this.audit.record(trx, ctx, { action: 'referrals_searched', entityType: 'referral', summary: { by: query.kind, page, results: rows.length } });
      return pageOf(rows, total, page);
    });
  }

  /** Active AMHPs for the list filter (id and name; one small query, not cached, so never stale). */
  async amhpFilterOptions(): Promise<Array<{ id: string; name: string }>> {
    return this.repository.amhpFilterOptions(this.db);
  }

  /** For the duty module (allocation sheet, SITREP): referrals that arrived in [from, to). No audit: callers audit their own views. */
  async referralsReceivedBetween(from: Date, to: Date): Promise<ReferralListItem[]> {
    return this.repository.receivedBetween(this.db, from, to);
  }

  /** For the duty module: referrals changed in [from, to). */
  async referralsUpdatedBetween(from: Date, to: Date): Promise<ReferralListItem[]> {
    return this.repository.updatedBetween(this.db, from, to);
  }

  async openCounts(): Promise<Record<string, number>> {
    return this.repository.countByStatus(this.db, OPEN_REFERRAL_STATUSES);
  }

  async allocatedTo(personId: string): Promise<ReferralListItem[]> {
    return this.repository.countOpenAllocatedTo(this.db, personId);
  }

  // ── Intake ────────────────────────────────────────────────────────────────────────────────

  /** Open referrals that may be the same person (shown before saving). */
  async possibleDuplicates(
    ctx: ServiceContext,
    person: { givenName: string; familyName: string; dateOfBirth: string | null; nhsNumber: string | null },
  ): Promise<DuplicateMatch[]> {
    requireRole(ctx.actor, REFERRAL_TAKERS, 'take referrals');
    return this.findDuplicates(this.db, person);
  }

  private async findDuplicates(
    db: Db | Tx,
    person: { givenName: string; familyName: string; dateOfBirth: string | null; nhsNumber: string | null },
  ): Promise<DuplicateMatch[]> {
    const nhs = person.nhsNumber && validateNhsNumber(person.nhsNumber).ok ? normaliseNhsNumber(person.nhsNumber) : null;
    const candidates = await this.repository.openDuplicateCandidates(db, { nhsNumber: nhs, familyName: person.familyName, dateOfBirth: person.dateOfBirth });
    const byId = new Map(candidates.map((c) => [c.id, c]));
    const matches = findPossibleDuplicates(
      { givenName: person.givenName, familyName: person.familyName, dateOfBirth: person.dateOfBirth, nhsNumber: nhs },
      candidates.map((c) => ({ referralId: c.id, reference: c.reference, givenName: c.givenName, familyName: c.familyName, dateOfBirth: c.dateOfBirth, nhsNumber: c.nhsNumber })),
    );
    return matches.map((m) => {
      const c = byId.get(m.referral.referralId)!;
      return { referralId: c.id, reference: c.reference, givenName: c.givenName, familyName: c.familyName, dateOfBirth: c.dateOfBirth, status: c.status, receivedAt: c.receivedAt, matchedOn: m.matchedOn };
    });
  }

  /**
   * Records a new referral. If an open referral may be the same person, refuses with
   * `possible_duplicate` (details.duplicates) unless `confirmNotDuplicate` is true.
   */
  async create(ctx: ServiceContext, raw: unknown): Promise<{ id: string; reference: string }> {
    requireRole(ctx.actor, REFERRAL_TAKERS, 'take referrals');
    const now = this.clock.now();
    const input = parseInput(intakeSchema(now), raw);
    if (input.lssaId) {
      const lssas = await this.staff.lssas();
      if (!lssas.some((l) => l.id === input.lssaId)) throw ValidationError.of('lssaId', 'Choose the council area the person lives in');
    }
    return inTransaction(this.db, async (trx) => {
      const duplicates = await this.findDuplicates(trx, {
        givenName: input.givenName,
        familyName: input.familyName,
        dateOfBirth: input.dateOfBirth ?? null,
        nhsNumber: input.nhsNumber ?? null,
      });
      if (duplicates.length > 0 && !input.confirmNotDuplicate) {
        throw new RuleViolationError(
          'possible_duplicate',
          `There ${duplicates.length === 1 ? 'is an open referral' : `are ${duplicates.length} open referrals`} that may be for the same person. Check before adding another.`,
          { duplicates },
        );
      }
      const year = referenceYearFor(input.receivedAt);
      const reference = formatReferralReference(year, await this.repository.nextReferenceSequence(trx, year));
      const id = await this.repository.insert(trx, {
        reference,
        status: 'received',
        receivedAt: input.receivedAt,
        receivedVia: input.receivedVia,
        sourceType: input.sourceType,
        referrerName: input.referrerName,
        referrerRole: input.referrerRole ?? '',
        referrerOrganisation: input.referrerOrganisation ?? '',
        referrerContact: input.referrerContact,
        givenName: input.givenName,
        familyName: input.familyName,
        dateOfBirth: input.dateOfBirth ?? null,
        nhsNumber: input.nhsNumber ?? null,
        address: input.address ?? '',
        postcode: (input.postcode ?? '').toUpperCase(),
        lssaId: input.lssaId ?? null,
        gender: input.gender,
        ethnicity: input.ethnicity ?? null,
        firstLanguage: input.firstLanguage ?? '',
        interpreterNeeded: input.interpreterNeeded,
        communicationNeeds: input.communicationNeeds ?? '',
        currentLocation: input.currentLocation,
        legalStatus: input.legalStatus,
        legalStatusSince: input.legalStatusSince ?? null,
        reason: input.reason,
        risks: input.risks ?? '',
        risksToStaff: input.risksToStaff ?? '',
        urgency: input.urgency,
        createdBy: ctx.actor.personId,
        createdAt: now,
        updatedAt: now,
      });
      await this.repository.insertEvent(trx, {
        referralId: id,
        occurredAt: input.receivedAt,
        actorId: ctx.actor.personId,
        kind: 'received',
        summary: `Referral received by ${input.receivedVia.replace('_', ' ')} from ${input.referrerName}${input.referrerOrganisation ? ` (${input.referrerOrganisation})` : ''}`,
        data: { sourceType: input.sourceType, urgency: input.urgency, legalStatus: input.legalStatus },
      });
      if (duplicates.length > 0) {
        await this.repository.insertEvent(trx, {
          referralId: id,
          occurredAt: now,
          actorId: ctx.actor.personId,
          kind: 'duplicate_confirmed',
          summary: `Added although it may duplicate ${duplicates.map((d) => d.reference).join(', ')}`,
          data: { references: duplicates.map((d) => d.reference) },
        });
      }
      await this.audit.record(trx, ctx, {
        action: 'referral_created',
        entityType: 'referral',
        entityId: id,
        summary: { reference, sourceType: input.sourceType, urgency: input.urgency, legalStatus: input.legalStatus, possibleDuplicates: duplicates.length },
      });
      return { id, reference };
    });
  }

  // ── Lifecycle (exposed for the assessment part) ───────────────────────────────────────────

  /**
   * Moves the referral through the pure state machine inside the caller's transaction: refuses
   * illegal moves (StateError, 409) and stale versions (ConflictError). Adds a timeline event
   * and an audit row. Returns the updated row.
   */
  async applyLifecycleEvent(
    trx: Tx,
    ctx: ServiceContext,
    referralId: string,
    event: ReferralEvent,
    expectedVersion?: number,
    extra: { patch?: Partial<ReferralRow>; summary?: string; data?: Record<string, unknown> } = {},
  ): Promise<ReferralRow> {
    const row = await this.findForUpdate(trx, referralId);
    if (expectedVersion !== undefined && row.version !== expectedVersion) throw conflict(row);
    const result = transition(stateOf(row), event);
    if (!result.ok) throw new StateError(result.message, result.code, { status: row.status, event: event.type });
    const now = this.clock.now();
    const { id: _id, version: _version, ...patch } = { ...(extra.patch ?? {}) } as Partial<ReferralRow>;
    const updated = await this.repository.updateVersioned(
      trx,
      referralId,
      row.version,
      {
        ...patch,
        status: result.state.status,
        ...(result.state.status === 'closed' ? { closedAt: now } : {}),
        ...(event.type === 'withdraw' ? { withdrawnReason: event.reason.trim(), closedAt: now } : {}),
      },
      now,
    );
    if (updated !== 1) throw conflict(row);
    await this.addTimelineEvent(trx, ctx, referralId, event.type, extra.summary ?? defaultSummary(event), { from: row.status, to: result.state.status, ...(extra.data ?? {}) });
    await this.audit.record(trx, ctx, {
      action: `referral_${event.type}`,
      entityType: 'referral',
      entityId: referralId,
      summary: { from: row.status, to: result.state.status, ...(event.type === 'decide' ? { decision: event.decision } : {}) },
    });
    return (await this.repository.findForUpdate(trx, referralId))!;
  }

  async addTimelineEvent(trx: Tx, ctx: ServiceContext, referralId: string, kind: string, summary: string, data?: Record<string, unknown>): Promise<void> {
    await this.repository.insertEvent(trx, { referralId, occurredAt: this.clock.now(), actorId: ctx.actor.personId, kind, summary, ...(data ? { data } : {}) });
  }

  // ── Decision ──────────────────────────────────────────────────────────────────────────────

  /** Crisis-team prompts (Partnership guidance, Co-operation §3–§4) for this referral now. */
  crisisTeamPromptsFor(referral: Pick<ReferralRow, 'dateOfBirth' | 'lssaId' | 'legalStatus'>): CrisisTeamPrompt[] {
    const now = this.clock.now();
    const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', hour12: false }).format(now));
    const weekday = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'short' }).format(now);
    const withinWorkingHours = !['Sat', 'Sun'].includes(weekday) && hour >= 9 && hour < 17;
    return crisisTeamPrompts(
      {
        dateOfBirth: referral.dateOfBirth,
        on: londonDate(now),
        livesInArea: referral.lssaId ? true : null,
        admissionClearlyRequired: null,
        inPatientChangingStatus: ['informal', 'already_detained', 's5_2', 's5_4'].includes(referral.legalStatus),
        withinWorkingHours,
      },
      { areaName: 'the three council areas', olderPersonAge: 65 },
    );
  }

  /** The Lead's signed decision (name and time recorded). */
  async decide(ctx: ServiceContext, referralId: string, raw: unknown): Promise<{ version: number; prompts: CrisisTeamPrompt[] }> {
    requireRole(ctx.actor, REFERRAL_DECIDERS, 'decide on referrals');
    const input = parseInput(decisionSchema, raw);
    return inTransaction(this.db, async (trx) => {
      const before = await this.findForUpdate(trx, referralId);
      const prompts = input.decision === 'not_proceed' && input.alternative === 'crisis_team_home_treatment' ? this.crisisTeamPromptsFor(before) : [];
      const now = this.clock.now();
      const alternative: AlternativeOffered | null = input.decision === 'not_proceed' ? (input.alternative ?? null) : null;
      const decisionLabel = labelFor(DECISION_KINDS, input.decision as DecisionKind);
      const row = await this.applyLifecycleEvent(trx, ctx, referralId, { type: 'decide', decision: input.decision }, input.version, {
        patch: {
          decision: input.decision,
          decisionAlternative: alternative,
          decisionAlternativeDetail: input.decision === 'not_proceed' ? (input.alternativeDetail ?? null) : null,
          decisionRationale: input.rationale,
          decidedBy: ctx.actor.personId,
          decidedByName: ctx.actor.name,
          decidedAt: now,
        },
        summary: `Decision signed by ${ctx.actor.name}: ${decisionLabel}${alternative ? ` (${labelFor(ALTERNATIVES_OFFERED, alternative)})` : ''}`,
        data: { decision: input.decision, alternative, rationale: input.rationale, crisisTeamPrompts: prompts.map((p) => p.code) },
      });
      return { version: row.version, prompts };
    });
  }

  /** The information the Lead asked for has arrived: back to "received" to decide again. */
  async informationReceived(ctx: ServiceContext, referralId: string, raw: unknown): Promise<void> {
    requireRole(ctx.actor, REFERRAL_TAKERS, 'update referrals');
    const { version } = parseInput(closeSchema, raw);
    await inTransaction(this.db, (trx) => this.applyLifecycleEvent(trx, ctx, referralId, { type: 'information_received' }, version, { summary: 'The information asked for has arrived: ready for a decision' }));
  }

  // ── Allocation ────────────────────────────────────────────────────────────────────────────

  /** AMHPs who may be allocated today for this referral's council, and why others may not. */
  async allocatableAmhps(lssaId: string | null): Promise<Array<{ id: string; name: string; eligible: boolean; reason?: string }>> {
    const people = await this.staff.peopleWithRole(['amhp'], { activeOnly: true });
    const today = londonDate(this.clock.now());
    const result = [];
    for (const p of people) {
      const check = await this.eligibility.mayAct(p.id, lssaId, today);
      result.push(check.eligible ? { id: p.id, name: p.name, eligible: true } : { id: p.id, name: p.name, eligible: false, reason: check.reason });
    }
    return result.sort((a, b) => Number(b.eligible) - Number(a.eligible) || a.name.localeCompare(b.name));
  }

  async allocate(ctx: ServiceContext, referralId: string, raw: unknown): Promise<{ version: number }> {
    requireRole(ctx.actor, REFERRAL_ALLOCATORS, 'allocate referrals');
    const input = parseInput(allocationSchema, raw);
    const now = this.clock.now();
    // Read-only checks first, outside the transaction (eligibility reads through other modules).
    const current = await this.repository.findDetail(this.db, referralId);
    if (!current) throw new NotFoundError('The referral');
    const amhp = await this.staff.findPerson(input.amhpId);
    const eligible = await this.eligibility.mayAct(input.amhpId, current.lssaId, londonDate(now));
    return inTransaction(this.db, async (trx) => {
      const before = await this.findForUpdate(trx, referralId);
      if (before.version !== input.version) throw conflict(before);
      const result = transition(stateOf(before), { type: 'allocate' });
      if (!result.ok) throw new StateError(result.message, result.code, { status: before.status, event: 'allocate' });
      if (!eligible.eligible) throw ValidationError.of('amhpId', `${eligible.reason}. Choose an AMHP who may act today.`);
      let overridden = false;
      if (before.decidedBy) {
        const check = checkReviewerSeparation({ reviewerId: before.decidedBy, assigneeId: input.amhpId, overrideReason: input.overrideReason ?? null });
        if (!check.ok) throw new ValidationError([{ field: 'overrideReason', message: check.message }]);
        overridden = check.overridden;
      }
      const reallocation = before.allocatedAmhpId !== null;
      const row = await this.applyLifecycleEvent(trx, ctx, referralId, { type: 'allocate' }, input.version, {
        patch: {
          allocatedAmhpId: input.amhpId,
          allocatedBy: ctx.actor.personId,
          allocatedAt: now,
          allocationOverrideReason: overridden ? (input.overrideReason ?? null) : null,
        },
        summary: `${reallocation ? 'Reallocated' : 'Allocated'} to ${amhp?.name ?? 'an AMHP'} by ${ctx.actor.name}${overridden ? ' (reviewer assessing: reason recorded)' : ''}`,
        data: { amhpId: input.amhpId, previousAmhpId: before.allocatedAmhpId, reviewerOverride: overridden, overrideReason: overridden ? input.overrideReason : undefined },
      });
      if (overridden) {
        await this.audit.record(trx, ctx, { action: 'reviewer_rule_overridden', entityType: 'referral', entityId: referralId, summary: { amhpId: input.amhpId } });
      }
      return { version: row.version };
    });
  }

  // ── Withdraw, close ──────────────────────────────────────────────────────────────────────

  async withdraw(ctx: ServiceContext, referralId: string, raw: unknown): Promise<void> {
    requireRole(ctx.actor, REFERRAL_TAKERS, 'withdraw referrals');
    const input = parseInput(withdrawSchema, raw);
    await inTransaction(this.db, (trx) =>
      this.applyLifecycleEvent(trx, ctx, referralId, { type: 'withdraw', reason: input.reason }, input.version, {
        summary: `Withdrawn by ${ctx.actor.name}`,
        data: { reason: input.reason },
      }),
    );
  }

  async close(ctx: ServiceContext, referralId: string, raw: unknown): Promise<void> {
    requireRole(ctx.actor, REFERRAL_TAKERS, 'close referrals');
    const { version } = parseInput(closeSchema, raw);
    await inTransaction(this.db, (trx) => this.applyLifecycleEvent(trx, ctx, referralId, { type: 'close' }, version, { summary: `Closed by ${ctx.actor.name}` }));
  }

  // ── Feedback to the referrer (Daily Expectations §2.11–§2.12) ────────────────────────────

  async recordFeedback(ctx: ServiceContext, referralId: string, raw: unknown): Promise<void> {
    requireRole(ctx.actor, REFERRAL_TAKERS, 'record feedback');
    const now = this.clock.now();
    const input = parseInput(feedbackSchema(now), raw);
    await inTransaction(this.db, async (trx) => {
      const row = await this.findForUpdate(trx, referralId);
      if (!row.decision || row.decision === 'more_information_needed') {
        throw new StateError('Record the decision before giving the referrer feedback on it.', 'no_decision_yet');
      }
      const givenAt = input.givenAt ?? now;
      await this.repository.insertFeedback(trx, { referralId, givenBy: ctx.actor.personId, givenTo: input.givenTo, givenAt, method: input.method, notes: input.notes ?? '' });
      await this.repository.insertEvent(trx, {
        referralId,
        occurredAt: givenAt,
        actorId: ctx.actor.personId,
        kind: 'feedback_given',
        summary: `Verbal feedback given to ${input.givenTo} by ${ctx.actor.name} (${input.method.replace('_', ' ')})`,
        data: { method: input.method },
      });
      await this.audit.record(trx, ctx, { action: 'referral_feedback_recorded', entityType: 'referral', entityId: referralId, summary: { method: input.method } });
    });
  }

  /** The written feedback for the referrer: the referral and its outcome, as a PDF. */
  async feedbackLetter(ctx: ServiceContext, referralId: string): Promise<{ filename: string; pdf: Buffer }> {
    requireRole(ctx.actor, REFERRAL_READERS, 'see referrals');
    const referral = await this.repository.findDetail(this.db, referralId);
    if (!referral) throw new NotFoundError('The referral');
    if (!referral.decision) throw new StateError('There is no decision yet, so there is no feedback letter to send.', 'no_decision_yet');
    const now = this.clock.now();
    const pdf = await buildFeedbackLetterPdf({ referral, generatedAt: now, generatedBy: ctx.actor.name });
    await inTransaction(this.db, async (trx) => {
      await this.repository.insertEvent(trx, { referralId, occurredAt: now, actorId: ctx.actor.personId, kind: 'feedback_letter', summary: `Feedback letter produced by ${ctx.actor.name}` });
      await this.audit.record(trx, ctx, { action: 'referral_feedback_letter', entityType: 'referral', entityId: referralId, summary: { decision: referral.decision } });
    });
    return { filename: `${referral.reference}-feedback.pdf`, pdf };
  }

  canTake(ctx: ServiceContext): boolean {
    return hasAnyRole(ctx.actor, REFERRAL_TAKERS);
  }
  canDecide(ctx: ServiceContext): boolean {
    return hasAnyRole(ctx.actor, REFERRAL_DECIDERS);
  }
  canAllocate(ctx: ServiceContext): boolean {
    return hasAnyRole(ctx.actor, REFERRAL_ALLOCATORS);
  }
}

export function stateOf(row: Pick<ReferralRow, 'status' | 'decision'>): ReferralState {
  const decision = row.decision === 'proceed' || row.decision === 'not_proceed' ? row.decision : null;
  return { status: row.status, decision: row.status === 'received' || row.status === 'awaiting_information' ? null : decision };
}

function conflict(current: ReferralRow): ConflictError {
  return new ConflictError(
    `Someone else changed this referral while you were working on it (it is now ${REFERRAL_STATUS_LABELS[current.status].toLowerCase()}${current.allocatedAmhpId ? ', with an AMHP allocated' : ''}). Nothing you entered has been saved: check the current record and try again.`,
    { currentVersion: current.version, status: current.status, allocatedAmhpId: current.allocatedAmhpId },
  );
}

function defaultSummary(event: ReferralEvent): string {
  switch (event.type) {
    case 'start_assessment':
      return 'Assessment started';
    case 'record_outcome':
      return 'Outcome recorded';
    case 'reopen_assessment':
      return 'Assessment reopened for correction';
    case 'close':
      return 'Referral closed';
    case 'withdraw':
      return 'Referral withdrawn';
    case 'allocate':
      return 'AMHP allocated';
    case 'information_received':
      return 'Information received';
    case 'decide':
      return 'Decision recorded';
  }
}

/** Rows per page of the referrals list and search results. */
export const LIST_PAGE_SIZE = 50;
/** Counts stop here ("more than 500"): counting every match of a broad search costs more than it tells. */
export const LIST_COUNT_CAP = 500;

export interface ReferralPage {
  rows: ReferralListItem[];
  /** Matches, up to LIST_COUNT_CAP + 1. */
  total: number;
  /** True when there are more than LIST_COUNT_CAP matches. */
  totalCapped: boolean;
  page: number;
  pageSize: number;
  pages: number;
}

function pageOf(rows: ReferralListItem[], total: number, page: number): ReferralPage {
  const capped = total > LIST_COUNT_CAP;
  const counted = Math.min(total, LIST_COUNT_CAP);
  return { rows, total: counted, totalCapped: capped, page, pageSize: LIST_PAGE_SIZE, pages: Math.max(1, Math.ceil(counted / LIST_PAGE_SIZE)) };
}

function listQueryOf(filter: ListFilter) {
  const statuses: readonly ReferralStatus[] =
    !filter.status || filter.status === 'open'
      ? OPEN_REFERRAL_STATUSES
      : filter.status === 'all'
        ? (Object.keys(REFERRAL_STATUS_LABELS) as ReferralStatus[])
        : [filter.status as ReferralStatus];
  return { statuses, urgency: filter.urgency, lssaId: filter.lssaId, amhpId: filter.amhpId };
}

function searchQueryOf(rawQuery: string): SearchQuery {
  const text = rawQuery.trim().slice(0, 100);
  if (text.length === 0) throw ValidationError.of('q', 'Enter a name, NHS number or referral reference to search for');
  const query = interpretSearch(text);
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
