import type { Generated } from 'kysely';
import type { Instant, IsoDate, ReadOnlyTable } from '../../db/column-types.js';
import type { StaffReadModel } from '../staff/staff-tables.js';

// Reports part B (disparity, workforce, returns, sending): its own tables (migration 1650) and the
// read-only views of lower modules' data it reads (published in the same migration).

export interface ReportPopulationDenominatorsTable {
  lssaId: string;
  dimension: 'ethnicity' | 'sex' | 'age_band';
  groupCode: string;
  population: number;
  importedAt: Instant;
  importedBy: string | null;
}

export interface ReportS136ReferencesTable {
  referralId: string;
  policeReference: Generated<string>;
  placeOfSafetyReference: Generated<string>;
  recordedAt: Instant;
  recordedBy: string;
  version: Generated<number>;
}

export interface ReportSendsTable {
  id: Generated<string>;
  kind: 'daily_sitrep' | 'monthly_summary';
  period: string;
  recipient: string;
  subject: string;
  sentAt: Instant;
}

export interface ReportKeysTable {
  name: string;
  secret: string;
  createdAt: Instant;
}

export interface ReportsBTables {
  reportKeys: ReportKeysTable;
  reportPopulationDenominators: ReportPopulationDenominatorsTable;
  reportS136References: ReportS136ReferencesTable;
  reportSends: ReportSendsTable;
}

/** The views the lower modules publish for these reports (select only). */
export interface ReportsBReadModel {
  partbAssessmentFacts: ReadOnlyTable<{
    assessmentId: string;
    referralId: string;
    referralReference: string;
    lssaId: string | null;
    receivedAt: Date;
    sourceType: string;
    legalStatus: string;
    legalStatusSince: Date | null;
    sex: string;
    ethnicity: string | null;
    personKey: string;
    age: number | null;
    interviewAt: Date | null;
    outcome: string | null;
    outcomeRecordedAt: Date | null;
    delayCause: string | null;
    amhpId: string | null;
  }>;
  partbReferralsReceived: ReadOnlyTable<{ referralId: string; receivedAt: Date; lssaId: string | null; legalStatus: string }>;
  partbApprovals: ReadOnlyTable<{ approvalId: string; personId: string; approvingLssaId: string; startDate: IsoDate; endDate: IsoDate; endedOn: IsoDate | null; endReason: string | null; profession: string }>;
  partbTrainees: ReadOnlyTable<{ traineeId: string; lssaId: string; cohortYear: number; nominatedOn: IsoDate; courseStartedOn: IsoDate | null; outcomeResult: string | null; firstApprovalStart: IsoDate | null }>;
  partbShifts: ReadOnlyTable<{ shiftId: string; shiftDate: IsoDate; kind: 'daytime' | 'edt'; personId: string; startsAt: Date; endsAt: Date }>;
}

export type ReportsBDb = ReportsBTables & ReportsBReadModel & StaffReadModel;
