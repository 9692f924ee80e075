import type { ColumnType, Generated } from 'kysely';
import type { Instant, InstantDefaultNow } from '../../db/column-types.js';

/** A jsonb column: read as the object, written as a JSON string. */
type Json<T> = ColumnType<T, string | undefined, string>;

export interface AssessmentsTable {
  id: Generated<string>;
  referralId: string;
  plannedAt: Date | null;
  plannedPlace: Generated<string>;
  interviewAt: Date | null;
  lastSawAt: Date | null;
  mostAppropriateReason: Generated<string>;
  notes: Generated<string>;
  recommendationForm: 'joint' | 'separate' | null;
  noPreviousAcquaintanceReason: Generated<string>;
  nrCategory: string | null;
  nrName: Generated<string>;
  nrRelationship: Generated<string>;
  nrContact: Generated<string>;
  nrInformedAt: Date | null;
  nrToldOfDischargePower: Generated<boolean>;
  nrConsultedAt: Date | null;
  nrObjected: Generated<boolean>;
  nrNotPracticableReason: 'no_nearest_relative' | 'not_reasonably_practicable' | 'unreasonable_delay' | null;
  nrNotPracticableDetail: Generated<string>;
  nrS13Request: Generated<boolean>;
  nrS13Reasons: Generated<string>;
  legalContext: Json<Record<string, unknown>>;
  outcome: string | null;
  applicationSection: 's2' | 's3' | 's4' | 'guardianship' | null;
  applicationAt: Date | null;
  admittedAt: Date | null;
  hospitalName: Generated<string>;
  hospitalAddressedToManagers: Generated<boolean>;
  outcomeReason: Generated<string>;
  applicantId: string | null;
  outcomeRecordedAt: Date | null;
  outcomeRecordedBy: string | null;
  warningReasons: Json<Record<string, string>>;
  delayCause: string | null;
  delayNote: Generated<string>;
  principles: Json<Record<string, string>>;
  alternativesConsidered: Generated<string>;
  reportFinalisedAt: Date | null;
  reportFinalisedBy: string | null;
  version: Generated<number>;
  createdAt: InstantDefaultNow;
  updatedAt: InstantDefaultNow;
}

export interface AssessmentDoctorsTable {
  id: Generated<string>;
  assessmentId: string;
  name: string;
  gmcNumber: Generated<string>;
  s12Approved: Generated<boolean>;
  approvedClinician: Generated<boolean>;
  previousAcquaintance: Generated<boolean>;
  requestedAt: Date | null;
  arrivedAt: Date | null;
  examinedAt: Date | null;
  signedAt: Date | null;
  jointOrSeparate: 'joint' | 'separate' | null;
  removedAt: Date | null;
  version: Generated<number>;
  createdAt: InstantDefaultNow;
}

export interface AssessmentDoctorContactsTable {
  id: Generated<string>;
  assessmentId: string;
  doctorName: string;
  s12Approved: Generated<boolean>;
  calledAt: Instant;
  result: 'available' | 'declined' | 'no_answer' | 'left_message';
  calledBy: string | null;
  calledByName: Generated<string>;
  note: Generated<string>;
  createdAt: InstantDefaultNow;
}

export interface AssessmentResourcesTable {
  id: Generated<string>;
  assessmentId: string;
  kind: 'interpreter' | 'police' | 'ambulance' | 'bed';
  requestedAt: Date | null;
  arrivedAt: Date | null;
  requestedBy: Generated<string>;
  provider: Generated<string>;
  detail: Generated<string>;
  updatedAt: InstantDefaultNow;
}

export interface AssessmentAddendaTable {
  id: Generated<string>;
  assessmentId: string;
  text: string;
  addedBy: string;
  addedByName: string;
  addedAt: Instant;
}

export interface AssessmentsTables {
  assessments: AssessmentsTable;
  assessmentDoctors: AssessmentDoctorsTable;
  assessmentDoctorContacts: AssessmentDoctorContactsTable;
  assessmentResources: AssessmentResourcesTable;
  assessmentAddenda: AssessmentAddendaTable;
}
