import type { IsoDate, ReadOnlyTable } from '../../db/column-types.js';

/**
 * What the referrals module publishes for the reports (issue 15): the SQL views
 * `referrals_report_facts` and `assessments_report_facts` (migration 1600-report-views.sql), owned
 * by this module and kept in step with its tables. No names, addresses or NHS numbers.
 */
export interface ReferralReportFactRow {
  referralId: string;
  receivedAt: Date;
  /** The London wall-clock time it was received (timestamp without time zone): use in SQL only. */
  receivedLocal: Date;
  service: 'daytime' | 'edt';
  receivedVia: string;
  sourceType: string;
  lssaId: string | null;
  urgency: string;
  legalStatus: string;
  legalStatusSince: Date | null;
  status: string;
  gender: string;
  ethnicity: string | null;
  ageYears: number | null;
  decision: string | null;
  decisionAlternative: string | null;
  decidedAt: Date | null;
  allocatedAmhpId: string | null;
  allocatedAt: Date | null;
  allocatedTeamId: string | null;
  /** A one-way hash of the person, only to count repeat referrals. */
  personKey: string;
}

export interface AssessmentReportFactRow {
  assessmentId: string;
  referralId: string;
  plannedAt: Date | null;
  interviewAt: Date | null;
  outcome: string | null;
  outcomeRecordedAt: Date | null;
  applicationAt: Date | null;
  admittedAt: Date | null;
  delayCause: string | null;
  doctorWaitMinutes: number | null;
  bedWaitMinutes: number | null;
  conveyanceWaitMinutes: number | null;
  policeWaitMinutes: number | null;
  doctorCalls: number;
  doctorCallsUnsuccessful: number;
}

/**
 * Monthly summary rows of referrals_report_facts (migration 2050-referrals-report-months.sql),
 * kept by this module's triggers in the same transaction as each change to a referral: how many
 * referrals were received in a London month, per service, LSSA and allocated AMHP, by dimension.
 */
export interface ReferralReportMonthRow {
  /** The first day of the London calendar month the referrals were received in. */
  month: IsoDate;
  service: 'daytime' | 'edt';
  lssaId: string | null;
  allocatedAmhpId: string | null;
  /** source (source_type), route (received_via), decision ('undecided' when none), age (whole years, 'unknown'), legal (legal_status). */
  dimension: 'source' | 'route' | 'decision' | 'age' | 'legal';
  key: string;
  n: number;
}

export interface ReferralsReportFacts {
  referralsReportFacts: ReadOnlyTable<ReferralReportFactRow>;
  referralsReportMonths: ReadOnlyTable<ReferralReportMonthRow>;
  assessmentsReportFacts: ReadOnlyTable<AssessmentReportFactRow>;
}
