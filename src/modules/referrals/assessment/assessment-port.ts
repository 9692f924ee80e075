// What the assessment feature needs from outside it, as narrow ports. The intake half of the
// referrals module implements `AssessmentReferralPort` from its ReferralService; the register
// supplies `approvalInForce`. Nothing here reaches another feature's tables.

import type { Kysely, Transaction } from 'kysely';
import type { AuditEntry, ServiceContext } from '../../../platform/audit.js';
import type { IsoDate } from '../../../platform/london-time.js';
import type { AssessmentDb } from './assessments-tables.js';
import type { AmhpApprovalFacts } from './domain/assessment-facts.js';

/** The assessment's unit of work: one transaction, shared with the referral it moves. */
export type AssessmentTx = Transaction<AssessmentDb>;

/** The parts of the referral the assessment record shows and checks. */
export interface ReferralForAssessment {
  id: string;
  reference: string;
  status: string;
  givenName: string;
  familyName: string;
  dateOfBirth: IsoDate | null;
  nhsNumber: string | null;
  address: string;
  currentLocation: string;
  legalStatus: string;
  legalStatusSince: Date | null;
  reason: string;
  sourceType: string;
  receivedAt: Date;
  referrerName: string;
  firstLanguage: string;
  interpreterNeeded: boolean;
  communicationNeeds: string;
  lssaId: string | null;
  allocatedAmhpId: string | null;
  version: number;
}

/** The lifecycle moves an assessment makes on its referral. */
export type AssessmentLifecycleEvent = { type: 'start_assessment' } | { type: 'record_outcome' } | { type: 'reopen_assessment' };

/** A demo referral the assessment demo builds a record for. */
export type DemoReferral = Pick<ReferralForAssessment, 'id' | 'status' | 'receivedAt' | 'allocatedAmhpId' | 'legalStatus' | 'sourceType'>;

export interface AssessmentReferralPort {
  /**
   * The referral, or NotFoundError; ReasonRequiredError outside the reader's need-to-know. Not audited: the assessment records its own view
   * (`assessment_viewed`, entity referral), and must not add a view when a form is shown again.
   */
  getReferral(ctx: ServiceContext, id: string): Promise<ReferralForAssessment>;
  /**
   * The assessment record's read: the referral as `getReferral` (same refusals, not audited) and
   * whether this person records its assessment (as `mayEdit`), the grants they hold read with the
   * referral in one statement.
   */
  getReferralForRecord(ctx: ServiceContext, id: string): Promise<{ referral: ReferralForAssessment; editing: { may: boolean; why: string | null; takeOverPossible: boolean } }>;
  /**
   * Need-to-know on the assessment (docs/access.md): whether this person records it (the
   * allocated AMHP, or a Lead who took it over with a reason), and the refusal when not.
   */
  mayEdit(ctx: ServiceContext, referral: Pick<ReferralForAssessment, 'id' | 'status' | 'allocatedAmhpId'>): Promise<{ may: boolean; why: string | null; takeOverPossible: boolean }>;
  /** Throws ReasonRequiredError (a Lead: take over with a reason) or ForbiddenError. */
  assertMayEdit(trx: AssessmentTx, ctx: ServiceContext, referral: Pick<ReferralForAssessment, 'id' | 'status' | 'allocatedAmhpId'>, returnTo: string): Promise<void>;
  /** The referral inside the assessment's transaction, locked for the change (NotFoundError). */
  findForUpdate(trx: AssessmentTx, id: string): Promise<ReferralForAssessment>;
  /** Moves the referral's lifecycle in the same transaction (StateError if it cannot move). */
  applyLifecycleEvent(trx: AssessmentTx, ctx: ServiceContext, referralId: string, event: AssessmentLifecycleEvent): Promise<unknown>;
  /** Adds a line to the referral's timeline in the same transaction. */
  addTimelineEvent(trx: AssessmentTx, ctx: ServiceContext, referralId: string, kind: string, summary: string, data?: Record<string, unknown>): Promise<unknown>;
  /** Every referral (open or closed) whose allocated AMHP is this person: the register's count. */
  referralIdsAllocatedTo(personId: string): Promise<string[]>;
  /** Demo only: referrals decided "proceed", allocated, in assessment or later; oldest first. */
  demoReferralsInAssessment(): Promise<DemoReferral[]>;
}

/** The AMHP register's approval in force for a person on a date (R-GEN-01), or null. */
export type ApprovalInForce = (personId: string, date: IsoDate) => Promise<AmhpApprovalFacts | null>;

/** The audit trail, writing in the assessment's transaction. */
export interface AssessmentAudit {
  record(trx: Kysely<AssessmentDb>, ctx: ServiceContext, entry: AuditEntry): Promise<void>;
}
