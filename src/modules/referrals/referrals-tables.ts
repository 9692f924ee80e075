import type { ColumnType, Generated } from 'kysely';
import type { Instant, InstantDefaultNow, IsoDate } from '../../db/column-types.js';
import type { StaffReadModel } from '../staff/staff-tables.js';
import type { AssessmentsTables } from './assessment/assessments-tables.js';

export interface ReferralReferenceCountersTable {
  year: number;
  lastSequence: Generated<number>;
}

export interface ReferralsTable {
  id: Generated<string>;
  reference: string;
  status: Generated<
    'received' | 'awaiting_information' | 'decided' | 'allocated' | 'in_assessment' | 'outcome_recorded' | 'closed' | 'withdrawn'
  >;
  receivedAt: Instant;
  receivedVia: string;
  sourceType: string;
  referrerName: string;
  referrerRole: Generated<string>;
  referrerOrganisation: Generated<string>;
  referrerContact: Generated<string>;
  givenName: string;
  familyName: string;
  dateOfBirth: IsoDate | null;
  nhsNumber: string | null;
  address: Generated<string>;
  postcode: Generated<string>;
  lssaId: string | null;
  gender: Generated<string>;
  ethnicity: string | null;
  firstLanguage: Generated<string>;
  interpreterNeeded: Generated<boolean>;
  communicationNeeds: Generated<string>;
  currentLocation: Generated<string>;
  legalStatus: string;
  legalStatusSince: Date | null;
  reason: string;
  risks: Generated<string>;
  risksToStaff: Generated<string>;
  urgency: string;
  decision: string | null;
  decisionAlternative: string | null;
  decisionAlternativeDetail: string | null;
  decisionRationale: string | null;
  decidedBy: string | null;
  decidedByName: string | null;
  /** When the decision was made (as the person recording it says). */
  decidedAt: Date | null;
  /** When the decision was entered; later than decidedAt when it was recorded after the event. */
  decisionRecordedAt: Date | null;
  allocatedAmhpId: string | null;
  allocatedBy: string | null;
  allocatedAt: Date | null;
  allocationOverrideReason: string | null;
  withdrawnReason: string | null;
  closedAt: Date | null;
  createdBy: string;
  version: Generated<number>;
  createdAt: InstantDefaultNow;
  updatedAt: InstantDefaultNow;
}

export interface ReferralEventsTable {
  id: Generated<number>;
  referralId: string;
  occurredAt: Instant;
  actorId: string | null;
  kind: string;
  summary: string;
  data: ColumnType<Record<string, unknown>, string | undefined, string>;
}

export interface ReferralFeedbackTable {
  id: Generated<string>;
  referralId: string;
  givenBy: string;
  givenTo: string;
  givenAt: Instant;
  method: string;
  notes: Generated<string>;
  createdAt: InstantDefaultNow;
}

/** A reason recorded to open a referral outside need-to-know, or to take over its assessment. */
export interface ReferralAccessGrantsTable {
  id: Generated<string>;
  referralId: string;
  personId: string;
  kind: 'break_glass' | 'take_over';
  reason: string;
  grantedAt: Instant;
  expiresAt: Instant;
  reviewedBy: string | null;
  reviewedAt: Date | null;
  reviewNote: Generated<string>;
  version: Generated<number>;
}

/** A restriction of processing (UK GDPR Art. 18, migration 1980): current until lifted. */
export interface ReferralRestrictionsTable {
  id: Generated<string>;
  referralId: string;
  reason: string;
  restrictedBy: string;
  restrictedAt: Instant;
  liftReason: string | null;
  liftedBy: string | null;
  liftedAt: Date | null;
  version: Generated<number>;
}

/** How many referrals are in each status, kept by triggers (migration 2060): the home page's count. */
export interface ReferralStatusCountsTable {
  status: string;
  /** bigint: the driver may return it as a string. */
  n: ColumnType<string | number, never, never>;
  /** numeric: the sum of uuid_hash_extended(id, 0) over the status's referrals (2062). */
  idHashSum: ColumnType<string, never, never>;
  /** numeric: the sum of their received times as Unix epoch seconds (2062). */
  receivedEpochSum: ColumnType<string, never, never>;
}

export interface ReferralsTables {
  referralReferenceCounters: ReferralReferenceCountersTable;
  referralStatusCounts: ReferralStatusCountsTable;
  referralRestrictions: ReferralRestrictionsTable;
  referralAccessGrants: ReferralAccessGrantsTable;
  referrals: ReferralsTable;
  referralEvents: ReferralEventsTable;
  referralFeedback: ReferralFeedbackTable;
}

/**
 * What the referrals module's repositories see: its own tables (intake and assessment) and the
 * staff read model (names of people, teams and councils). Nothing else compiles.
 */
export type ReferralsModuleTables = ReferralsTables & AssessmentsTables & StaffReadModel;
