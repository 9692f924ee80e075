import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { Instant, IsoDate } from '../../db/column-types.js';
import type { StaffReadModel } from '../staff/staff-tables.js';
import type { PartnerContact, PartnerKind } from './partner-directory.js';
import type { EscalationEventKind, EscalationStatus, Urgency } from './escalation.js';
import type { LadderStepKey } from './on-call-ladder.js';
import type { PoliceResponse, Threshold } from './police-requests.js';
import type { AgreedAction, Attendee } from './risk-discussions.js';
import type { TimerStep, WaitKind } from './hospital-waits.js';

type NullableInstant = ColumnType<Date | null, Date | null | undefined, Date | null>;

export interface EscalationPartnersTable {
  id: Generated<string>;
  name: string;
  kind: PartnerKind;
  complaintRoute: string;
  notes: string;
  contacts: JSONColumnType<PartnerContact[], string, string>;
  active: Generated<boolean>;
  version: Generated<number>;
  updatedAt: Instant;
  updatedBy: string | null;
}

export interface EscalationsTable {
  id: Generated<string>;
  raisedBy: string;
  raisedAt: Instant;
  referralId: string | null;
  referralReference: string | null;
  partnerId: string | null;
  handoverId: Generated<string | null>;
  visitId: Generated<string | null>;
  category: string;
  urgency: Urgency;
  concern: string;
  triedLocally: string;
  outcomeSought: string;
  rung: number;
  receiverPersonId: string | null;
  receiverName: string;
  receiverContact: string;
  status: EscalationStatus;
  clockStartedAt: Instant;
  acknowledgeBy: Instant;
  respondBy: Instant;
  acknowledgedAt: NullableInstant;
  respondedAt: NullableInstant;
  version: Generated<number>;
}

export interface EscalationEventsTable {
  id: Generated<string>;
  escalationId: string;
  seq: Generated<string>;
  kind: EscalationEventKind;
  rung: number;
  byPersonId: string;
  onBehalfOf: string | null;
  at: Instant;
  text: string;
}

export interface EscalationCallAttemptsTable {
  id: Generated<string>;
  escalationId: string;
  seq: Generated<string>;
  step: LadderStepKey;
  number: string;
  answered: boolean;
  byPersonId: string;
  at: Instant;
  note: string;
}

export interface EscalationRemindersTable {
  key: string;
  escalationId: string;
  at: Instant;
}

export interface EscalationPartnerMembersTable {
  personId: string;
  partnerId: string;
  addedAt: Instant;
  addedBy: string;
}

export interface EscalationPoliceRequestsTable {
  id: Generated<string>;
  referralId: string;
  referralReference: string;
  partnerId: string | null;
  threshold: Threshold;
  explanation: string;
  requestedAt: Instant;
  requestedBy: string;
  response: Generated<PoliceResponse>;
  responseNote: Generated<string>;
  respondedAt: NullableInstant;
  escalationId: string | null;
  version: Generated<number>;
}

export interface EscalationRiskDiscussionsTable {
  id: Generated<string>;
  referralId: string;
  referralReference: string;
  heldOn: IsoDate;
  attendees: JSONColumnType<Attendee[], string, string>;
  actions: JSONColumnType<AgreedAction[], string, string>;
  summary: string;
  recordedBy: string;
  recordedAt: Instant;
  version: Generated<number>;
}

export interface EscalationCaseReviewsTable {
  id: Generated<string>;
  escalationId: string;
  heldOn: IsoDate;
  note: string;
  recordedBy: string;
  recordedAt: Instant;
}

export interface EscalationHospitalTimersTable {
  partnerId: string;
  emergencyDepartment: JSONColumnType<TimerStep[], string, string>;
  bed: JSONColumnType<TimerStep[], string, string>;
  version: Generated<number>;
  updatedAt: Instant;
  updatedBy: string | null;
}

export interface EscalationHospitalWaitsTable {
  id: Generated<string>;
  referralId: string;
  referralReference: string;
  partnerId: string;
  kind: WaitKind;
  startedAt: Instant;
  steps: JSONColumnType<TimerStep[], string, string>;
  recordedBy: string;
  recordedAt: Instant;
  endedAt: NullableInstant;
  endNote: Generated<string>;
  version: Generated<number>;
}

export interface EscalationHospitalWaitContactsTable {
  id: Generated<string>;
  waitId: string;
  seq: Generated<string>;
  stepIndex: number;
  contactRole: string;
  number: string;
  at: Instant;
  answered: boolean;
  outcome: string;
  byPersonId: string;
}

export interface EscalationHospitalWaitNoticesTable {
  waitId: string;
  stepIndex: number;
  at: Instant;
}

export interface EscalationCategoriesTable {
  id: Generated<string>;
  key: string;
  label: string;
  sortOrder: number;
  retiredAt: NullableInstant;
  version: Generated<number>;
  updatedAt: Instant;
  updatedBy: string | null;
}

export interface EscalationsTables {
  escalationCategories: EscalationCategoriesTable;
  escalationHospitalTimers: EscalationHospitalTimersTable;
  escalationHospitalWaits: EscalationHospitalWaitsTable;
  escalationHospitalWaitContacts: EscalationHospitalWaitContactsTable;
  escalationHospitalWaitNotices: EscalationHospitalWaitNoticesTable;
  escalationRiskDiscussions: EscalationRiskDiscussionsTable;
  escalationCaseReviews: EscalationCaseReviewsTable;
  escalationPoliceRequests: EscalationPoliceRequestsTable;
  escalationPartnerMembers: EscalationPartnerMembersTable;
  escalationPartners: EscalationPartnersTable;
  escalations: EscalationsTable;
  escalationEvents: EscalationEventsTable;
  escalationCallAttempts: EscalationCallAttemptsTable;
  escalationReminders: EscalationRemindersTable;
}

/** What the escalations module's repositories may query: its own tables and the staff read model. */
export type EscalationsDb = EscalationsTables & StaffReadModel;
