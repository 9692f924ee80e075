// The facts of one assessment that the statutory checks and deadlines read. The service builds
// this from the assessment record; every field can be absent (null) while the record is being
// built up, and the checks say what is still missing.
//
// Instants are UTC `Date`s; day-based rules use the date in England (Europe/London).

import type { IsoDate } from '../../../../platform/london-time.js';
import type { ApplicationType } from './assessment-outcomes.js';

export type { ApplicationType } from './assessment-outcomes.js';

export interface AmhpApprovalFacts {
  readonly startsOn: IsoDate;
  /** Last day of approval (start + 5 years − 1 day unless ended earlier). */
  readonly endsOn: IsoDate;
  readonly suspensions: readonly { readonly from: IsoDate; readonly to: IsoDate | null }[];
}

export interface ApplicantFacts {
  readonly name: string;
  /** The approval that covers the application date, from the AMHP register; null if none. */
  readonly approval: AmhpApprovalFacts | null;
  readonly isRegisteredMedicalPractitioner: boolean;
  /** When the AMHP last personally saw the person (s11(5)); may be earlier than the interview. */
  readonly lastSawPatientAt: Date | null;
  /** The s13(2) interview "in a suitable manner". */
  readonly interviewAt: Date | null;
  /** Why detention (or guardianship) is the most appropriate way to provide care (s13(2)). */
  readonly mostAppropriateReason: string | null;
}

/** The doctor's role on the assessment: what the record says they are, not a job title. */
export const DOCTOR_ROLES = [
  { code: 'gp', label: 'GP' },
  { code: 'consultant_psychiatrist', label: 'Consultant psychiatrist' },
  { code: 'approved_clinician', label: 'Approved clinician' },
  { code: 'other', label: 'Other doctor' },
] as const;
export type DoctorRole = (typeof DOCTOR_ROLES)[number]['code'];
export const DOCTOR_ROLE_CODES = DOCTOR_ROLES.map((r) => r.code) as unknown as readonly [DoctorRole, ...DoctorRole[]];

export interface DoctorFacts {
  /** Stable id on the record; used by conflict declarations. */
  readonly id: string;
  readonly name: string;
  readonly gmcNumber?: string | null;
  /** GP, consultant psychiatrist, approved clinician or other; null when not recorded (older records). */
  readonly role?: DoctorRole | null;
  readonly s12Approved: boolean;
  /** Last day of s12 approval, if known; approval must cover the examination date. */
  readonly s12ApprovedUntil?: IsoDate | null;
  readonly approvedClinician: boolean;
  readonly approvedClinicianUntil?: IsoDate | null;
  readonly previousAcquaintance: boolean;
  readonly examinedAt: Date | null;
  /** When the medical recommendation was signed; null if the doctor has not (yet) made one. */
  readonly signedAt: Date | null;
}

export type ConflictParty =
  | { readonly kind: 'amhp' }
  | { readonly kind: 'patient' }
  | { readonly kind: 'doctor'; readonly doctorId: string };

export type ConflictType = 'professional' | 'business' | 'financial' | 'personal';

/** A potential conflict of interest the AMHP has identified and recorded (SI 2008/1205). */
export interface DeclaredConflict {
  readonly between: readonly [ConflictParty, ConflictParty];
  readonly type: ConflictType;
  readonly description: string;
  /** Proceeding anyway because delay would seriously risk health or safety. */
  readonly urgencyOverrideReason?: string | null;
}

export type NearestRelativeNotPracticable =
  | 'no_nearest_relative'
  | 'not_reasonably_practicable'
  | 'unreasonable_delay';

export interface NearestRelativeFacts {
  readonly name: string | null;
  /** s2/s4: when the NR was informed (s11(3)). */
  readonly informedAt: Date | null;
  /** s2/s4: whether they were told of their power to discharge (s23). */
  readonly toldOfDischargePower: boolean;
  /** s3/guardianship: when the NR was consulted (s11(4)). */
  readonly consultedAt: Date | null;
  readonly objected: boolean;
  /** Why the NR was not informed or consulted, with the detail. */
  readonly notPracticable: { readonly reason: NearestRelativeNotPracticable; readonly detail: string } | null;
  /** 2025 Act only: a report certifies the person would be likely to act dangerously if not admitted. */
  readonly dangerReportCertified?: boolean;
}

export interface SecondRecommendationFacts extends DoctorFacts {
  /** When the hospital managers received the second recommendation (s4(4)). */
  readonly receivedByManagersAt: Date;
}

export interface Section4Facts {
  /** The AMHP's statement that it is of urgent necessity to detain. */
  readonly urgentNecessityStated: boolean;
  /** The AMHP's statement of the undesirable delay waiting for a second doctor would cause. */
  readonly undesirableDelayStated: boolean;
  /** The doctor's recommendation verifies the urgency statement. */
  readonly recommendationVerifiesUrgency: boolean;
  /** Why section 2 could not be used (Code of Practice 15.6, 15.8). */
  readonly whyNotSection2: string | null;
  readonly secondRecommendation: SecondRecommendationFacts | null;
}

export type GuardianFacts =
  | { readonly kind: 'local_authority' }
  | {
      readonly kind: 'private';
      readonly name: string;
      readonly acceptedByLssaOn: IsoDate | null;
      readonly writtenWillingness: boolean;
    };

export interface GuardianshipFacts {
  readonly guardian: GuardianFacts | null;
  /** When the application was forwarded to the local authority (s8(2)). */
  readonly forwardedToLssaOn: IsoDate | null;
}

export type PlaceOfSafetyPower = 's136' | 's135_1' | 's135_2';

export interface PlaceOfSafetyExtension {
  readonly authorisedAt: Date;
  readonly hours: number;
  /** Authorised by the doctor responsible for the examination (s136B). */
  readonly authorisedByExaminingDoctor: boolean;
  /** The only lawful reason is that the person's condition makes it necessary. */
  readonly reason: 'person_condition' | 'staff_or_bed_availability' | 'other';
  /** Needed when the person is held at a police station. */
  readonly superintendentApprovedAt: Date | null;
}

export interface PlaceOfSafetyFacts {
  readonly power: PlaceOfSafetyPower;
  /** When the person was removed (s136) or the warrant executed (s135). */
  readonly detainedAt: Date | null;
  /** Arrival at the first place of safety, or the decision to keep the person where they are. */
  readonly clockStartedAt: Date | null;
  /** When the person stopped being held under this power (released, or an application made). */
  readonly endedAt: Date | null;
  readonly policeStationUsed: boolean;
  /** Why a police station was used, under the Places of Safety Regulations 2017. */
  readonly policeStationJustification: string | null;
  readonly extensions: readonly PlaceOfSafetyExtension[];
  /** s136(1C): consultation before removal. */
  readonly s136Consultation: {
    readonly consultedAt: Date | null;
    readonly consultedRole: 'doctor' | 'registered_nurse' | 'amhp' | 'other' | null;
    readonly notPracticableReason: string | null;
  } | null;
  /** An earlier s136 period for the same episode, to catch back-to-back use. */
  readonly previousS136: { readonly endedAt: Date; readonly personLeftPlaceOfSafety: boolean } | null;
  /** s135(1): the warrant. */
  readonly warrant: {
    readonly informationLaidByAmhp: boolean;
    readonly amhpAttended: boolean;
    readonly doctorAttended: boolean;
  } | null;
}

export interface HoldingPowerFacts {
  /** s5(4): when the nurse's record was made. */
  readonly s54RecordedAt: Date | null;
  /** s5(2): when the report was furnished to the managers. */
  readonly s52ReportedAt: Date | null;
}

export interface CurrentDetentionFacts {
  readonly section: 's2';
  readonly admittedAt: Date;
  /** A s29(3)(c)/(d) displacement application is pending, which extends s2 (s29(4)). */
  readonly s29DisplacementPending: boolean;
}

export interface CtoFacts {
  readonly madeOn: IsoDate;
  readonly amhpAgreedInWriting: boolean;
}

export interface AssessmentFacts {
  readonly applicationType: ApplicationType | null;
  readonly applicationAt: Date | null;
  readonly patient: { readonly dateOfBirth: IsoDate | null };
  readonly applicant: ApplicantFacts;
  /** Doctors who examined or recommended; for s4 the one recommending doctor. */
  readonly doctors: readonly DoctorFacts[];
  readonly recommendationForm: 'joint' | 'separate' | null;
  /** Why neither doctor had previous acquaintance with the person. */
  readonly noPreviousAcquaintanceReason: string | null;
  readonly conflicts: readonly DeclaredConflict[];
  /** The AMHP and both doctors are in the same team (a professional conflict). */
  readonly allAssessorsInSameTeam: { readonly urgencyOverrideReason: string | null } | null;
  readonly hospital: { readonly name: string; readonly addressedToManagers: boolean } | null;
  /** Admission; for someone already in hospital, when the managers received the application (s5(1)). */
  readonly admittedAt: Date | null;
  readonly nearestRelative: NearestRelativeFacts | null;
  readonly section4: Section4Facts | null;
  readonly guardianship: GuardianshipFacts | null;
  readonly placeOfSafety: PlaceOfSafetyFacts | null;
  readonly holdingPower: HoldingPowerFacts | null;
  readonly currentDetention: CurrentDetentionFacts | null;
  readonly cto: CtoFacts | null;
}

/** Facts with nothing recorded, for building up a record or a test. */
export function emptyAssessmentFacts(): AssessmentFacts {
  return {
    applicationType: null,
    applicationAt: null,
    patient: { dateOfBirth: null },
    applicant: {
      name: '',
      approval: null,
      isRegisteredMedicalPractitioner: false,
      lastSawPatientAt: null,
      interviewAt: null,
      mostAppropriateReason: null,
    },
    doctors: [],
    recommendationForm: null,
    noPreviousAcquaintanceReason: null,
    conflicts: [],
    allAssessorsInSameTeam: null,
    hospital: null,
    admittedAt: null,
    nearestRelative: null,
    section4: null,
    guardianship: null,
    placeOfSafety: null,
    holdingPower: null,
    currentDetention: null,
    cto: null,
  };
}
