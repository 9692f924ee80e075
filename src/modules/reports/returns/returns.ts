// National and partner returns (issue 15, point 5; toolkit standard 2.2): an assessment-level
// dataset, pseudonymised with a keyed hash, and an s136 return linkable on the police and place
// of safety references. Pure: no I/O, no clock (the key is handed in).
import { createHmac } from 'node:crypto';
import { ageBandOf } from '../disparity/disparity.js';

/**
 * A pseudonym for a person: HMAC-SHA-256 of the NHS number (or, without one, the referral id)
 * under the service's secret key, first 16 hex characters. The same person has the same
 * pseudonym in every return (so repeat assessments can be counted), and without the key nobody
 * can go from the pseudonym back to the person. Names, NHS numbers and dates of birth never leave.
 */
export function pseudonym(key: string, identity: string): string {
  return createHmac('sha256', key).update(identity.replace(/\s+/g, '')).digest('hex').slice(0, 16);
}

export interface AssessmentReturnFact {
  assessmentId: string;
  referralId: string;
  nhsNumber: string | null;
  lssaName: string | null;
  receivedAt: Date;
  interviewAt: Date | null;
  outcomeRecordedAt: Date;
  outcome: string;
  age: number | null;
  ethnicity: string | null;
  sex: string;
  legalStatus: string;
  sourceType: string;
  delayCause: string | null;
}

export interface ColumnDefinition {
  header: string;
  definition: string;
}

export const NATIONAL_COLUMNS: readonly ColumnDefinition[] = [
  { header: 'person_pseudonym', definition: 'Keyed hash (HMAC-SHA-256, 16 hex characters) of the NHS number, or of the referral when there is none: the same person has the same value in every return' },
  { header: 'assessment_pseudonym', definition: 'Keyed hash of the assessment: one row per assessment' },
  { header: 'lssa', definition: 'The local social services authority responsible' },
  { header: 'month', definition: 'The month the outcome was recorded (YYYY-MM); no exact dates are sent' },
  { header: 'referral_source', definition: 'Who referred (code, as the referral form)' },
  { header: 'legal_status_at_referral', definition: 'The legal status when referred (informal, s136, s5_2 …)' },
  { header: 'outcome', definition: 'The outcome code: s2, s3, s4, guardianship, application_lapsed, informal_admission, crht_home_treatment, community_follow_up, no_further_action, assessment_not_possible, other' },
  { header: 'detained', definition: '1 when the outcome is an application under s2, s3 or s4; otherwise 0' },
  { header: 'age_band', definition: 'Age when referred: 0-17, 18-24, 25-34, 35-44, 45-54, 55-64, 65-74, 75+ (blank when the date of birth is not known)' },
  { header: 'ethnic_category', definition: 'NHS ethnic category code (A–S, Z not stated; blank when not recorded)' },
  { header: 'sex', definition: 'Gender as recorded: male, female, non_binary, other, not_known, not_stated' },
  { header: 'hours_referral_to_assessment', definition: 'Whole hours from the referral being received to the interview (blank without an interview time)' },
  { header: 'delay_cause', definition: 'The main cause of delay the AMHP recorded: section_12_doctor, bed, conveyance, police, interpreter, information, other; blank when none' },
];

export function hoursBetween(from: Date, to: Date | null): number | null {
  if (!to) return null;
  const h = Math.floor((to.getTime() - from.getTime()) / 3_600_000);
  return h < 0 ? null : h;
}

/** The month key (YYYY-MM) of an instant in London. */
export type MonthOf = (at: Date) => string;

export function nationalRows(key: string, facts: readonly AssessmentReturnFact[], monthOf: MonthOf): Array<Array<string | number | null>> {
  return facts.map((f) => [
    pseudonym(key, f.nhsNumber ?? `referral:${f.referralId}`),
    pseudonym(key, `assessment:${f.assessmentId}`),
    f.lssaName ?? '',
    monthOf(f.outcomeRecordedAt),
    f.sourceType,
    f.legalStatus,
    f.outcome,
    ['s2', 's3', 's4'].includes(f.outcome) ? 1 : 0,
    ageBandOf(f.age) ?? '',
    f.ethnicity ?? '',
    f.sex,
    hoursBetween(f.receivedAt, f.interviewAt),
    f.delayCause ?? '',
  ]);
}

export interface S136ReturnFact {
  referralId: string;
  referralReference: string;
  lssaName: string | null;
  /** When the s136 detention began (the legal status "since"). */
  detainedAt: Date | null;
  receivedAt: Date;
  interviewAt: Date | null;
  outcome: string | null;
  age: number | null;
  ethnicity: string | null;
  sex: string;
  policeReference: string | null;
  placeOfSafetyReference: string | null;
}

export const S136_COLUMNS: readonly ColumnDefinition[] = [
  { header: 'service_reference', definition: 'The AMHP service’s referral reference (e.g. AMHP-2026-00042): quote it when linking' },
  { header: 'police_reference', definition: 'The police incident or custody reference the service recorded for the episode (blank when not given)' },
  { header: 'place_of_safety_reference', definition: 'The place of safety’s own reference for the episode (blank when not given)' },
  { header: 'lssa', definition: 'The local social services authority responsible' },
  { header: 'month', definition: 'The month the referral was received (YYYY-MM)' },
  { header: 'hours_detention_to_referral', definition: 'Whole hours from the s136 detention beginning to the AMHP service being asked (blank when the start is not recorded)' },
  { header: 'hours_referral_to_assessment', definition: 'Whole hours from the referral to the AMHP’s interview' },
  { header: 'hours_detention_to_assessment', definition: 'Whole hours from detention to the interview: the 24-hour limit (s136(2A), extendable by 12) is checked against this' },
  { header: 'outcome', definition: 'The assessment outcome code (blank while the assessment is open)' },
  { header: 'age_band', definition: 'Age band when referred' },
  { header: 'ethnic_category', definition: 'NHS ethnic category code' },
  { header: 'sex', definition: 'Gender as recorded' },
];

export function s136Rows(facts: readonly S136ReturnFact[], monthOf: MonthOf): Array<Array<string | number | null>> {
  return facts.map((f) => [
    f.referralReference,
    f.policeReference ?? '',
    f.placeOfSafetyReference ?? '',
    f.lssaName ?? '',
    monthOf(f.receivedAt),
    f.detainedAt ? hoursBetween(f.detainedAt, f.receivedAt) : null,
    hoursBetween(f.receivedAt, f.interviewAt),
    f.detainedAt ? hoursBetween(f.detainedAt, f.interviewAt) : null,
    f.outcome ?? '',
    ageBandOf(f.age) ?? '',
    f.ethnicity ?? '',
    f.sex,
  ]);
}
