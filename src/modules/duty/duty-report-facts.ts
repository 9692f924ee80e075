import type { IsoDate, ReadOnlyTable } from '../../db/column-types.js';

/**
 * What the duty module publishes for the reports (issue 15): the SQL views
 * `handovers_report_facts`, `duty_shifts_report_facts` and `duty_absences_report_facts`
 * (migration 1600-report-views.sql), owned by this module.
 */
export interface HandoverReportFactRow {
  handoverId: string;
  sentAt: Date;
  fromKind: string;
  fromTeam: 'daytime' | 'edt' | null;
  toKind: string;
  toTeam: 'daytime' | 'edt' | null;
  status: string;
  acceptedAt: Date | null;
  acceptanceDeadline: Date | null;
  items: number;
}

export interface DutyShiftReportFactRow {
  shiftId: string;
  shiftDate: IsoDate;
  kind: 'daytime' | 'edt';
  personId: string;
  teamId: string | null;
  status: 'planned' | 'unavailable' | 'cancelled';
  isCover: boolean;
  covered: boolean;
}

export interface DutyAbsenceReportFactRow {
  personId: string;
  kind: 'sickness' | 'leave';
  startsOn: IsoDate;
  endsOn: IsoDate;
}

export interface DutyReportFacts {
  handoversReportFacts: ReadOnlyTable<HandoverReportFactRow>;
  dutyShiftsReportFacts: ReadOnlyTable<DutyShiftReportFactRow>;
  dutyAbsencesReportFacts: ReadOnlyTable<DutyAbsenceReportFactRow>;
}
