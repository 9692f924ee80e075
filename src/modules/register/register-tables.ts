import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { InstantDefaultNow, IsoDate } from '../../db/column-types.js';
import type { StaffReadModel } from '../staff/staff-tables.js';

type Json<T extends object> = JSONColumnType<T, string, string>;

export interface RegisterEntriesTable {
  /** Added in 0840 so the entry is versioned like every other record (platform/versioned-update.ts). */
  id: Generated<string>;
  personId: string;
  profession: string;
  registrationNumber: string;
  arrangement: Generated<string>;
  createdAt: InstantDefaultNow;
  updatedAt: InstantDefaultNow;
  version: Generated<number>;
}

export interface RegisterApprovalsTable {
  id: Generated<string>;
  personId: string;
  approvingLssaId: string;
  startDate: IsoDate;
  endDate: IsoDate;
  endedOn: IsoDate | null;
  endReason: string | null;
  endNote: string | null;
  notes: string | null;
  createdBy: string | null;
  createdAt: InstantDefaultNow;
  version: Generated<number>;
}

export interface RegisterSuspensionsTable {
  id: Generated<string>;
  approvalId: string;
  personId: string;
  startDate: IsoDate;
  endDate: IsoDate | null;
  reason: string;
  createdBy: string | null;
  createdAt: InstantDefaultNow;
  version: Generated<number>;
}

export interface RegisterAuthorisationsTable {
  id: Generated<string>;
  approvalId: string;
  personId: string;
  lssaId: string;
  startDate: IsoDate;
  endDate: IsoDate;
  createdBy: string | null;
  createdAt: InstantDefaultNow;
}

export interface RegisterTrainingTable {
  id: Generated<string>;
  personId: string;
  date: IsoDate;
  title: string;
  provider: string;
  hours: ColumnType<number, number, number>;
  amhpSpecific: boolean;
  legalUpdate: boolean;
  enteredBy: string | null;
  createdAt: InstantDefaultNow;
}

export interface RegisterEventsTable {
  id: Generated<string>;
  personId: string;
  date: IsoDate;
  kind: string;
  enteredBy: string | null;
  createdAt: InstantDefaultNow;
}

export interface RegisterSupervisionContractsTable {
  id: Generated<string>;
  superviseeId: string;
  supervisorId: string;
  arrangement: string;
  startDate: IsoDate;
  endDate: IsoDate | null;
  reviewDates: Json<string[]>;
  createdAt: InstantDefaultNow;
  version: Generated<number>;
}

export interface StoredSignature {
  personId: string;
  signedAt: string;
}

export interface StoredDispute {
  raisedBy: string;
  raisedAt: string;
  note: string;
  resolvedAt: string | null;
  resolution: string | null;
}

export interface RegisterSupervisionRecordsTable {
  id: Generated<string>;
  superviseeId: string;
  supervisorId: string;
  date: IsoDate;
  type: string;
  casesDiscussed: Json<string[]>;
  topic: string | null;
  signatures: Json<StoredSignature[]>;
  dispute: JSONColumnType<StoredDispute, string | null, string | null> | null;
  createdBy: string | null;
  createdAt: InstantDefaultNow;
  version: Generated<number>;
}

export interface RegisterCompetencyRecordsTable {
  id: Generated<string>;
  personId: string;
  recordedOn: IsoDate;
  entries: Json<Array<{ competence: number; status: string; evidence: string }>>;
  enteredBy: string | null;
  createdAt: InstantDefaultNow;
}

export interface RegisterTraineesTable {
  id: Generated<string>;
  nomination: Json<Record<string, unknown>>;
  lssaId: string;
  cohortYear: number;
  cohortIntake: string;
  nominatedOn: IsoDate;
  checklist: Json<Record<string, boolean>>;
  nominationApprovedOn: IsoDate | null;
  shadowingDays: Json<Array<{ date: string; note: string }>>;
  courseStartedOn: IsoDate | null;
  outcome: JSONColumnType<{ result: string; on: string }, string | null, string | null> | null;
  firstApprovalStart: IsoDate | null;
  createdAt: InstantDefaultNow;
  updatedAt: InstantDefaultNow;
  version: Generated<number>;
}

export interface RegisterTables {
  registerEntries: RegisterEntriesTable;
  registerApprovals: RegisterApprovalsTable;
  registerSuspensions: RegisterSuspensionsTable;
  registerAuthorisations: RegisterAuthorisationsTable;
  registerTraining: RegisterTrainingTable;
  registerEvents: RegisterEventsTable;
  registerSupervisionContracts: RegisterSupervisionContractsTable;
  registerSupervisionRecords: RegisterSupervisionRecordsTable;
  registerCompetencyRecords: RegisterCompetencyRecordsTable;
  registerTrainees: RegisterTraineesTable;
}

/** What the register's repositories may query: its own tables and staff's read model. */
export type RegisterDb = RegisterTables & StaffReadModel;
