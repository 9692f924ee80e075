import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { Instant, IsoDate } from '../../db/column-types.js';

type InstantDefaultNow = ColumnType<Date, Date | undefined, Date>;
type Json<T extends object> = JSONColumnType<T, string, string>;

export interface DutyShiftsTable {
  id: Generated<string>;
  shiftDate: IsoDate;
  kind: 'daytime' | 'edt';
  personId: string;
  startsAt: Instant;
  endsAt: Instant;
  status: Generated<'planned' | 'unavailable' | 'cancelled'>;
  coversShiftId: string | null;
  reportWritingDay: IsoDate | null;
  version: Generated<number>;
  createdBy: string | null;
  createdAt: InstantDefaultNow;
}

export interface DutyFrequencyAgreementsTable {
  personId: string;
  shiftsPerMonth: number;
  version: Generated<number>;
  updatedAt: InstantDefaultNow;
}

export interface DutyRotaChangesTable {
  id: Generated<string>;
  kind: Generated<'sickness'>;
  at: Instant;
  shiftDate: IsoDate;
  shiftKind: 'daytime' | 'edt';
  shiftId: string;
  absentPersonId: string;
  backupPersonId: string | null;
  backupShiftId: string | null;
  recordedBy: string;
  decidedBy: string | null;
  note: string | null;
}

export interface DutyAbsencesTable {
  id: Generated<string>;
  personId: string;
  kind: 'sickness' | 'leave';
  startsOn: IsoDate;
  endsOn: IsoDate;
  note: string | null;
  selfReported: Generated<boolean>;
  recordedBy: string;
  recordedAt: Instant;
}

export interface StoredAttendee {
  /** Null for a candidate or trainee recorded by name. */
  personId: string | null;
  role: 'amhp-lead' | 'amhp' | 'support' | 'operational-manager' | 'lead-amhp' | 'line-manager' | 'edt' | 'candidate' | 'admin';
  name?: string;
}

/** Allocation sheet entries and amendments as JSON (instants as ISO strings). */
export interface StoredSheetEntry {
  referralId: string;
  section: 'previous-day' | 'pending' | 'new';
  receivedAt: string;
  handedOverByEdt: boolean;
  reviewerId: string | null;
  outcome: string | null;
  plan: string | null;
  decision: { kind: 'allocated'; amhpId: string; overrideReason: string | null } | { kind: 'not-allocated'; reason: string } | null;
}

export interface StoredAmendment {
  at: string;
  by: string;
  reason: string;
  referralId: string | null;
  what: string;
}

export interface AllocationSheetsTable {
  id: Generated<string>;
  sheetDate: IsoDate;
  status: Generated<'draft' | 'finalised'>;
  version: Generated<number>;
  attendees: Json<StoredAttendee[]>;
  entries: Json<StoredSheetEntry[]>;
  challenges: string | null;
  amendments: Json<StoredAmendment[]>;
  finalisedBy: string | null;
  finalisedAt: Date | null;
  createdAt: InstantDefaultNow;
  updatedAt: InstantDefaultNow;
}

export interface HandoversTable {
  id: Generated<string>;
  fromKind: 'team' | 'other-service';
  fromTeam: 'daytime' | 'edt' | null;
  fromService: string | null;
  toKind: 'team' | 'other-service';
  toTeam: 'daytime' | 'edt' | null;
  toService: string | null;
  sentBy: string;
  sentAt: Instant;
  documentsSent: Json<string[]>;
  status: Generated<'sent' | 'accepted' | 'withdrawn'>;
  acceptedBy: string | null;
  acceptedByExternal: string | null;
  acceptedAt: Date | null;
  withdrawnBy: string | null;
  withdrawnAt: Date | null;
  withdrawnReason: string | null;
  acceptanceDeadline: Date | null;
  version: Generated<number>;
}

export interface HandoverItemsTable {
  handoverId: string;
  position: number;
  referralId: string;
  done: string;
  outstanding: string;
  contingency: string;
  warrantApplication: boolean;
  warrantReason: string | null;
}

export interface HandoverOverdueFlagsTable {
  handoverId: string;
  flaggedAt: Instant;
}

export interface DutyTables {
  dutyShifts: DutyShiftsTable;
  dutyFrequencyAgreements: DutyFrequencyAgreementsTable;
  dutyRotaChanges: DutyRotaChangesTable;
  dutyAbsences: DutyAbsencesTable;
  allocationSheets: AllocationSheetsTable;
  handovers: HandoversTable;
  handoverItems: HandoverItemsTable;
  handoverOverdueFlags: HandoverOverdueFlagsTable;
}
