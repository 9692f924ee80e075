import type { ReadOnlyTable } from '../../db/column-types.js';

/**
 * What the escalations module publishes for the reports (issue 15): the SQL view
 * `escalations_report_facts` (migration 1600-report-views.sql), owned by this module.
 */
export interface EscalationReportFactRow {
  escalationId: string;
  raisedAt: Date;
  category: string;
  urgency: string;
  status: string;
  clockStartedAt: Date;
  acknowledgeBy: Date;
  respondBy: Date;
  acknowledgedAt: Date | null;
  respondedAt: Date | null;
}

export interface EscalationsReportFacts {
  escalationsReportFacts: ReadOnlyTable<EscalationReportFactRow>;
}
