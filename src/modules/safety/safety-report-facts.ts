import type { ReadOnlyTable } from '../../db/column-types.js';

/**
 * What the safety module publishes for the reports (issue 15): the SQL views
 * `safety_visits_report_facts`, `safety_hours_report_facts` and `safety_toil_report_facts`
 * (migration 1600-report-views.sql), owned by this module. No places or phone numbers.
 */
export interface SafetyVisitReportFactRow {
  visitId: string;
  amhpId: string;
  teamId: string | null;
  startedAt: Date;
  alone: boolean;
  aloneReason: string | null;
  helpRequested: boolean;
  duress: boolean;
  firstOverdueAlertAt: Date | null;
  firstOverdueAcknowledgedAt: Date | null;
}

export interface SafetyHoursReportFactRow {
  claimId: string;
  amhpId: string;
  startAt: Date;
  minutes: number;
  reason: string;
  status: string;
  compensation: 'toil' | 'payment' | null;
  decidedAt: Date | null;
}

export interface SafetyToilReportFactRow {
  amhpId: string;
  at: Date;
  /** Positive: TOIL earned (an approved claim); negative: TOIL taken. */
  minutes: number;
}

export interface SafetyReportFacts {
  safetyVisitsReportFacts: ReadOnlyTable<SafetyVisitReportFactRow>;
  safetyHoursReportFacts: ReadOnlyTable<SafetyHoursReportFactRow>;
  safetyToilReportFacts: ReadOnlyTable<SafetyToilReportFactRow>;
}
