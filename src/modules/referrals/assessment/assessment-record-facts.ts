// The facts the statutory checks and deadlines read, from the assessment record (pure: rows in,
// facts out). The referral supplies the person's date of birth and, where nothing more specific
// is recorded, the clocks of its legal status (s136 → place of safety; s5(2)/s5(4) → holding
// power).

import type { ReferralForAssessment } from './assessment-port.js';
import type { AssessmentRow, DoctorRow } from './assessment-repository.js';
import { legalContextSchema, type LegalContext } from './assessment-schemas.js';
import type { AmhpApprovalFacts, ApplicationType, AssessmentFacts, DoctorFacts, NearestRelativeFacts, PlaceOfSafetyFacts } from './domain/assessment-facts.js';

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
  jobTitle: string;
  approval: AmhpApprovalFacts | null;
}

/** Interim until the staff record says so: a job title naming a doctor (R-GEN-02). */
export function looksLikeRegisteredMedicalPractitioner(jobTitle: string): boolean {
  return /\b(doctor|psychiatrist|medical practitioner|general practitioner)\b/i.test(jobTitle);
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
    s12Approved: d.s12Approved,
    approvedClinician: d.approvedClinician,
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
      isRegisteredMedicalPractitioner: applicant ? looksLikeRegisteredMedicalPractitioner(applicant.jobTitle) : false,
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
