// The facts the statutory checks and deadlines read, from the assessment record (pure: rows in,
// facts out). The referral supplies the person's date of birth and, where nothing more specific
// is recorded, the clocks of its legal status (s136 → place of safety; s5(2)/s5(4) → holding
// power).

import type { ReferralForAssessment } from './assessment-port.js';
import type { AssessmentRow, DoctorRow } from './assessment-repository.js';
import { legalContextSchema, type LegalContext } from './assessment-schemas.js';
import { DOCTOR_ROLE_CODES, type AmhpApprovalFacts, type ApplicationType, type AssessmentFacts, type DoctorFacts, type DoctorRole, type NearestRelativeFacts, type PlaceOfSafetyFacts } from './domain/assessment-facts.js';

function isDoctorRole(value: string | null): value is DoctorRole {
  return value !== null && (DOCTOR_ROLE_CODES as readonly string[]).includes(value);
}

export const EMPTY_LEGAL_CONTEXT: LegalContext = legalContextSchema.parse({});

/** The stored legal context (instants kept as RFC 3339 strings), read back through its schema. */
export function legalContextOf(row: Pick<AssessmentRow, 'legalContext'> | null): LegalContext {
  if (!row) return EMPTY_LEGAL_CONTEXT;
  const parsed = legalContextSchema.safeParse(row.legalContext);
  return parsed.success ? parsed.data : EMPTY_LEGAL_CONTEXT;
}

/** The applicant as the checks judge them (R-GEN-01 approval on the application date, R-GEN-02). */
export interface ApplicantFactsInput {
  name: string;
  approval: AmhpApprovalFacts | null;
}

const normalisedName = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * R-GEN-02 reads the record, not a job title: the applicant is taken to be a registered medical
 * practitioner when they are recorded on this assessment as one of its doctors (whatever the
 * doctor's role: GP, consultant psychiatrist, approved clinician or other). The AMHP register
 * itself holds no doctors (its professions are social work, nursing, OT and psychology).
 */
export function applicantRecordedAsDoctor(applicantName: string, doctors: ReadonlyArray<Pick<DoctorRow, 'name'>>): boolean {
  const name = normalisedName(applicantName);
  return name !== '' && doctors.some((d) => normalisedName(d.name) === name);
}

export interface RecordFactsInput {
  referral: ReferralForAssessment;
  assessment: AssessmentRow | null;
  doctors: readonly DoctorRow[];
  legal: LegalContext;
  applicant: ApplicantFactsInput | null;
  applicationType: ApplicationType | null;
  /** The application's recorded time; for "check now", the time it would be made (now). */
  applicationAt: Date | null;
}

function nearestRelativeOf(a: AssessmentRow | null): NearestRelativeFacts | null {
  if (!a || !(a.nrName || a.nrInformedAt || a.nrConsultedAt || a.nrNotPracticableReason || a.nrObjected)) return null;
  return {
    name: a.nrName || null,
    informedAt: a.nrInformedAt,
    toldOfDischargePower: a.nrToldOfDischargePower,
    consultedAt: a.nrConsultedAt,
    objected: a.nrObjected,
    notPracticable: a.nrNotPracticableReason ? { reason: a.nrNotPracticableReason, detail: a.nrNotPracticableDetail } : null,
  };
}

function placeOfSafetyOf(referral: ReferralForAssessment, legal: LegalContext): PlaceOfSafetyFacts | null {
  if (legal.placeOfSafety) return legal.placeOfSafety;
  if (referral.legalStatus !== 's136' || !referral.legalStatusSince) return null;
  return {
    power: 's136',
    detainedAt: null,
    clockStartedAt: referral.legalStatusSince,
    endedAt: null,
    policeStationUsed: false,
    policeStationJustification: null,
    extensions: [],
    s136Consultation: null,
    previousS136: null,
    warrant: null,
  };
}

function holdingPowerOf(referral: ReferralForAssessment, legal: LegalContext): AssessmentFacts['holdingPower'] {
  if (legal.holdingPower) return legal.holdingPower;
  if (!referral.legalStatusSince) return null;
  if (referral.legalStatus === 's5_2') return { s52ReportedAt: referral.legalStatusSince, s54RecordedAt: null };
  if (referral.legalStatus === 's5_4') return { s54RecordedAt: referral.legalStatusSince, s52ReportedAt: null };
  return null;
}

export function factsOfRecord(input: RecordFactsInput): AssessmentFacts {
  const { referral, assessment: a, doctors, legal, applicant } = input;
  const doctorFacts: DoctorFacts[] = doctors.map((d) => ({
    id: d.id,
    name: d.name,
    gmcNumber: d.gmcNumber || null,
    role: isDoctorRole(d.role) ? d.role : null,
    s12Approved: d.s12Approved,
    // An approved clinician counts as s12-approved (s12(2A)): the role says so as well as the tick.
    approvedClinician: d.approvedClinician || d.role === 'approved_clinician',
    previousAcquaintance: d.previousAcquaintance,
    examinedAt: d.examinedAt,
    signedAt: d.signedAt,
  }));
  // The recommendation form is read from the signed doctors' answers.
  const forms = doctors.filter((d) => d.signedAt).map((d) => d.jointOrSeparate);
  const recommendationForm = forms.includes('joint') ? 'joint' : forms.length > 0 && forms.every((f) => f === 'separate') ? 'separate' : null;
  return {
    applicationType: input.applicationType,
    applicationAt: input.applicationAt,
    patient: { dateOfBirth: referral.dateOfBirth },
    applicant: {
      name: applicant?.name ?? '',
      approval: applicant?.approval ?? null,
      isRegisteredMedicalPractitioner: applicant ? applicantRecordedAsDoctor(applicant.name, doctors) : false,
      lastSawPatientAt: a?.lastSawAt ?? null,
      interviewAt: a?.interviewAt ?? null,
      mostAppropriateReason: a?.mostAppropriateReason || null,
    },
    doctors: doctorFacts,
    recommendationForm,
    noPreviousAcquaintanceReason: a?.noPreviousAcquaintanceReason || null,
    conflicts: legal.conflicts,
    allAssessorsInSameTeam: legal.allAssessorsInSameTeam,
    hospital: a?.hospitalName ? { name: a.hospitalName, addressedToManagers: a.hospitalAddressedToManagers } : null,
    admittedAt: a?.admittedAt ?? null,
    nearestRelative: nearestRelativeOf(a),
    section4: legal.section4,
    guardianship: legal.guardianship,
    placeOfSafety: placeOfSafetyOf(referral, legal),
    holdingPower: holdingPowerOf(referral, legal),
    currentDetention: legal.currentDetention,
    cto: legal.cto,
  };
}
