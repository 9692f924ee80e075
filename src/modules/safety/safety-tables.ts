import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { Instant, InstantDefaultNow, IsoDate } from '../../db/column-types.js';
import type { StaffReadModel } from '../staff/staff-tables.js';

type Json<T extends object | null> = JSONColumnType<T, string, string>;
type NullableInstant = ColumnType<Date | null, Date | null | undefined, Date | null>;

export interface SafetyVisitsTable {
  id: Generated<string>;
  amhpId: string;
  teamId: string | null;
  place: string;
  referralId: string | null;
  referralReference: string | null;
  companions: Json<Array<{ kind: string; name: string | null }>>;
  aloneReason: string | null;
  phone: string;
  startedAt: Instant;
  expectedFinishAt: Instant;
  status: 'out' | 'help_requested' | 'duress' | 'finished_safe' | 'finished_home';
  extensions: Json<Array<{ at: string; by: string; from: string; to: string; reason: string }>>;
  helpRequestedAt: NullableInstant;
  duressAt: NullableInstant;
  finishedAt: NullableInstant;
  reportedFinish: 'safe' | 'home' | null;
  alarmResolvedBy: string | null;
  alarmResolvedAt: NullableInstant;
  alarmResolutionNote: string | null;
  version: Generated<number>;
  createdAt: InstantDefaultNow;
}

export interface SafetyEscalationRecordsTable {
  key: string;
  visitId: string;
  episodeKey: string;
  trigger: 'overdue' | 'help_requested' | 'duress';
  kind: 'alert' | 'ladder_exhausted' | 'stand_down';
  stepIndex: number | null;
  step: JSONColumnType<{ roleLabel: string; personLabel: string | null; contactNumber: string; personId?: string | null } | null, string | null, string | null>;
  standDownReason: string | null;
  notifyStepIndexes: JSONColumnType<number[] | null, string | null, string | null>;
  at: Instant;
}

export interface SafetyAcknowledgementsTable {
  id: Generated<string>;
  alertKey: string;
  byPersonId: string;
  at: Instant;
  outcome: 'called_amhp' | 'reached_amhp' | 'not_reached';
  note: string | null;
}

export interface SafetyCheckinCodesTable {
  personId: string;
  checkinCodeHash: string;
  duressCodeHash: string;
  updatedAt: Instant;
  version: Generated<number>;
}

export interface SafetyWorkingDaysTable {
  id: Generated<string>;
  amhpId: string;
  kind: 'daytime' | 'edt';
  startedAt: Instant;
  endedAt: NullableInstant;
  plans: Json<Array<Record<string, string | null>>>;
  version: Generated<number>;
}

export interface SafetyLongShiftAlertsTable {
  key: string;
  workingDayId: string;
  kind: 'pre_warning' | 'limit_passed';
  limitAt: Instant;
  planAgreed: boolean;
  at: Instant;
}

export interface SafetyHoursClaimsTable {
  id: Generated<string>;
  amhpId: string;
  startAt: Instant;
  endAt: Instant;
  reason: 'late_referral' | 'section_12_doctor' | 'bed_delay' | 'complex_assessment' | 'transport_delay' | 'other';
  reasonDetail: string | null;
  referralId: string | null;
  referralReference: string | null;
  submittedAt: Instant;
  status: 'submitted' | 'approved' | 'declined' | 'withdrawn';
  compensation: 'toil' | 'payment' | null;
  decidedBy: string | null;
  decidedAt: NullableInstant;
  decisionRecordedAt: NullableInstant;
  declineReason: string | null;
  version: Generated<number>;
}

export interface SafetyToilTakenTable {
  id: Generated<string>;
  amhpId: string;
  takenOn: IsoDate;
  minutes: number;
  recordedBy: string;
  recordedAt: Instant;
}

export interface SafetyDebriefsTable {
  id: Generated<string>;
  amhpId: string;
  requestedBy: string;
  requestedAt: Instant;
  referralId: string | null;
  referralReference: string | null;
  reason: string;
  status: 'requested' | 'held' | 'cancelled';
  heldBy: string | null;
  heldAt: NullableInstant;
  cancelledBy: string | null;
  cancelledAt: NullableInstant;
  cancelReason: string | null;
  version: Generated<number>;
}

/** One escalation ladder per team (from 0900; before that they were settings). */
export interface SafetyEscalationLaddersTable {
  id: Generated<string>;
  teamId: string;
  graceMinutes: number;
  stepIntervalMinutes: number;
  alarmStepIntervalMinutes: number;
  steps: Json<Array<{ roleLabel: string; personLabel: string | null; contactNumber: string; personId?: string | null }>>;
  version: Generated<number>;
  updatedAt: Instant;
  updatedBy: string | null;
}

export interface SafetyTables {
  safetyEscalationLadders: SafetyEscalationLaddersTable;
  safetyVisits: SafetyVisitsTable;
  safetyEscalationRecords: SafetyEscalationRecordsTable;
  safetyAcknowledgements: SafetyAcknowledgementsTable;
  safetyCheckinCodes: SafetyCheckinCodesTable;
  safetyWorkingDays: SafetyWorkingDaysTable;
  safetyLongShiftAlerts: SafetyLongShiftAlertsTable;
  safetyHoursClaims: SafetyHoursClaimsTable;
  safetyToilTaken: SafetyToilTakenTable;
  safetyDebriefs: SafetyDebriefsTable;
}

/** What the safety module's repositories may query: its own tables and the staff read model. */
export type SafetyDb = SafetyTables & StaffReadModel;
