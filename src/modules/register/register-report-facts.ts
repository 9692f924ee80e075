import type { IsoDate, ReadOnlyTable } from '../../db/column-types.js';

/**
 * What the register publishes for the reports (issue 15): the SQL views
 * `register_approvals_report_facts`, `register_training_report_facts` and
 * `register_supervision_report_facts` (migration 1600-report-views.sql), owned by this module.
 */
export interface RegisterApprovalReportFactRow {
  personId: string;
  lssaId: string;
  startDate: IsoDate;
  endDate: IsoDate;
  endedOn: IsoDate | null;
  teamId: string | null;
}

export interface RegisterTrainingReportFactRow {
  personId: string;
  date: IsoDate;
  hours: number;
  legalUpdate: boolean;
}

export interface RegisterSupervisionReportFactRow {
  personId: string;
  date: IsoDate;
}

export interface RegisterReportFacts {
  registerApprovalsReportFacts: ReadOnlyTable<RegisterApprovalReportFactRow>;
  registerTrainingReportFacts: ReadOnlyTable<RegisterTrainingReportFactRow>;
  registerSupervisionReportFacts: ReadOnlyTable<RegisterSupervisionReportFactRow>;
}
