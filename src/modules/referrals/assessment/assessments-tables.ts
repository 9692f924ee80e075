import type { ColumnType, Generated } from 'kysely';
import type { Instant, InstantDefaultNow, ReadOnlyTable } from '../../../db/column-types.js';
import type { StaffReadModel } from '../../staff/staff-tables.js';
import type { AssessmentOutcome, ApplicationType } from './domain/assessment-outcomes.js';

// The assessment feature owns the assessment record and its doctors, doctor contact log,
// resources and addenda. It reads people through staff's read model and the referral through the
// referral port (assessment-port.ts), never the referrals tables.

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
  outcome: AssessmentOutcome | null;
  /** The application in force, or for `application_lapsed` the section it was made under. */
  applicationSection: ApplicationType | null;
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
  /** gp | consultant_psychiatrist | approved_clinician | other; null on records made before roles. */
  role: string | null;
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

/** What the assessment feature's repository may touch: its own tables, and people to read. */
export type AssessmentDb = AssessmentsTables & StaffReadModel;

/**
 * What the assessment publishes for other modules to read (the duty sheet's outcome and delay
 * cause, by referral): selectable only.
 */
export interface AssessmentsReadModel {
  assessments: ReadOnlyTable<Pick<AssessmentsTable, 'referralId' | 'outcome' | 'outcomeRecordedAt' | 'delayCause'>>;
}
