// The referrals module's service, as other modules and the routes see it: a small facade over
// one service per use case (intake/). Other modules rely on these names and meanings:
// - the assessment half: findForUpdate, applyLifecycleEvent, addTimelineEvent, getReferral;
// - duty: allocate (through its port), addTimelineEvent;
// - safety: lookupReference.

import type { AnyHandle } from '../../db/database.js';
import type { ServiceContext } from '../../platform/audit.js';
import type { AmhpEligibility } from '../staff/amhp-eligibility.js';
import { AllocationService, type AllocatableAmhp, type AllocationStaffPort } from './intake/allocation-service.js';
import type { CrisisTeamPrompt } from './intake/crisis-team-prompts.js';
import { DecisionService } from './intake/decision-service.js';
import { FeedbackService } from './intake/feedback-service.js';
import { IntakeService, type IntakeStaffPort } from './intake/intake-service.js';
import { ReferralAccessService } from './intake/referral-access-service.js';
import { ReferralListService, type ReferralPage } from './intake/referral-list-service.js';
import { ReferralRecords, type LifecycleExtra, type ReferralServiceDeps, type ReferralView } from './intake/referral-records-service.js';
import { ReferralRepository, type ReferralDetail, type ReferralListItem, type ReferralRow, type TimelineEvent } from './intake/referral-repository.js';
import type { ReferralResource } from './intake/referral-resource.js';
import type { AddCallCommand, AllocationCommand, DecisionCommand, FeedbackCommand, IntakeCommand, ListFilter, VersionCommand, WithdrawCommand } from './intake/referral-schemas.js';
import { ReferralReadsRepository } from './referral-reads-repository.js';
import type { ReferralEvent } from './referral-lifecycle.js';

/** What the referrals module needs from staff (StaffService has these). */
export type ReferralsStaffPort = IntakeStaffPort & AllocationStaffPort;

export interface ReferralServiceDependencies extends ReferralServiceDeps {
  staff: ReferralsStaffPort;
  /** The register's rule: may this AMHP act for this council on this date. */
  eligibility: AmhpEligibility;
  /** Printed at the top of the feedback letter. */
  serviceName?: string | undefined;
}

export class ReferralService {
  readonly records: ReferralRecords;
  readonly intake: IntakeService;
  readonly decisions: DecisionService;
  readonly allocation: AllocationService;
  readonly feedback: FeedbackService;
  readonly lists: ReferralListService;
  /** Need-to-know: who may open which referral and change its assessment; break-glass reasons. */
  readonly access: ReferralAccessService;
  private readonly reads: ReferralReadsRepository;

  constructor(deps: ReferralServiceDependencies) {
    const repository = new ReferralRepository();
    this.access = new ReferralAccessService(deps, repository);
    this.records = new ReferralRecords(deps, repository, this.access);
    this.intake = new IntakeService(deps, repository, this.records);
    this.decisions = new DecisionService(deps, this.records);
    this.allocation = new AllocationService(deps, repository, this.records);
    this.feedback = new FeedbackService(deps, repository, this.records);
    this.lists = new ReferralListService(deps, repository, this.access);
    this.reads = new ReferralReadsRepository(deps.db);
  }

  // ── The record (used by the assessment half and duty inside their transactions) ──────────

  /** One referral, audited as a view of the person's record. */
  getReferral(ctx: ServiceContext, id: string): Promise<ReferralDetail> {
    return this.records.getReferral(ctx, id);
  }

  /** The referral page: record, timeline, feedback and the actions open now (audited). */
  view(ctx: ServiceContext, id: string): Promise<ReferralView> {
    return this.records.view(ctx, id);
  }

  /** The row, locked for the rest of the caller's transaction. */
  findForUpdate(trx: AnyHandle, id: string): Promise<ReferralRow> {
    return this.records.findForUpdate(trx, id);
  }

  /** A lifecycle move in the caller's transaction: version-checked, on the timeline, audited. */
  applyLifecycleEvent(trx: AnyHandle, ctx: ServiceContext, referralId: string, event: ReferralEvent, expectedVersion?: number, extra?: LifecycleExtra): Promise<ReferralRow> {
    return this.records.applyLifecycleEvent(trx, ctx, referralId, event, expectedVersion, extra);
  }

  addTimelineEvent(trx: AnyHandle, ctx: ServiceContext, referralId: string, kind: string, summary: string, data?: Record<string, unknown>): Promise<void> {
    return this.records.addTimelineEvent(trx, ctx, referralId, kind, summary, data);
  }

  timeline(id: string): Promise<TimelineEvent[]> {
    return this.records.timeline(id);
  }

  /** A referral by its id or reference (REF-2026-000123, any case), or null: for other modules' forms. */
  lookupReference(text: string): Promise<{ id: string; reference: string } | null> {
    return this.reads.lookupReference(text);
  }

  // ── Use cases (each returns the referral as it now is) ────────────────────────────────────

  create(ctx: ServiceContext, input: IntakeCommand): Promise<ReferralResource> {
    return this.intake.create(ctx, input);
  }

  /** After a duplicate warning: the call joins the open referral's timeline. */
  addCall(ctx: ServiceContext, referralId: string, input: AddCallCommand): Promise<ReferralResource> {
    return this.intake.addCall(ctx, referralId, input);
  }

  decide(ctx: ServiceContext, referralId: string, input: DecisionCommand): Promise<ReferralResource & { prompts: CrisisTeamPrompt[] }> {
    return this.decisions.decide(ctx, referralId, input);
  }

  allocate(ctx: ServiceContext, referralId: string, input: AllocationCommand): Promise<ReferralResource> {
    return this.allocation.allocate(ctx, referralId, input);
  }

  allocatableAmhps(lssaId: string | null): Promise<AllocatableAmhp[]> {
    return this.allocation.allocatableAmhps(lssaId);
  }

  informationReceived(ctx: ServiceContext, referralId: string, input: VersionCommand): Promise<ReferralResource> {
    return this.decisions.informationReceived(ctx, referralId, input);
  }

  withdraw(ctx: ServiceContext, referralId: string, input: WithdrawCommand): Promise<ReferralResource> {
    return this.decisions.withdraw(ctx, referralId, input);
  }

  close(ctx: ServiceContext, referralId: string, input: VersionCommand): Promise<ReferralResource> {
    return this.decisions.close(ctx, referralId, input);
  }

  recordFeedback(ctx: ServiceContext, referralId: string, input: FeedbackCommand): Promise<ReferralResource> {
    return this.feedback.recordFeedback(ctx, referralId, input);
  }

  feedbackLetter(ctx: ServiceContext, referralId: string): Promise<{ filename: string; pdf: Buffer }> {
    return this.feedback.feedbackLetter(ctx, referralId);
  }

  // ── Lists ─────────────────────────────────────────────────────────────────────────────────

  list(ctx: ServiceContext, filter: ListFilter): Promise<ReferralListItem[]> {
    return this.lists.list(ctx, filter);
  }

  search(ctx: ServiceContext, text: string): Promise<ReferralListItem[]> {
    return this.lists.search(ctx, text);
  }

  listPage(ctx: ServiceContext, filter: ListFilter): Promise<ReferralPage> {
    return this.lists.listPage(ctx, filter);
  }

  openCounts(): Promise<Record<string, number>> {
    return this.lists.openCounts();
  }

  allocatedTo(personId: string): Promise<ReferralListItem[]> {
    return this.lists.allocatedTo(personId);
  }
}
