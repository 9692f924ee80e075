// The fixed lists a referral is recorded with. Codes are stable identifiers stored in the
// database and sent over the API; labels are what people read. Reports group by code, so
// change a label freely but never reuse a code for a different meaning.

export interface CodedOption<C extends string> {
  readonly code: C;
  readonly label: string;
  readonly hint?: string;
}

/** The codes of a (non-empty) list, as the tuple a zod enum takes. */
function codesOf<C extends string>(options: readonly CodedOption<C>[]): readonly [C, ...C[]] {
  return options.map((option) => option.code) as unknown as readonly [C, ...C[]];
}

export function labelFor<C extends string>(options: readonly CodedOption<C>[], code: C): string {
  return options.find((option) => option.code === code)?.label ?? code;
}


// ── Where the referral came from ───────────────────────────────────────────────────────────────
export type ReferralSourceType =
  | 'gp'
  | 'police'
  | 'mental_health_team'
  | 'mental_health_inpatient_ward'
  | 'acute_hospital'
  | 'crisis_team'
  | 'nearest_relative'
  | 'family_or_carer'
  | 'ambulance_service'
  | 'adult_social_care'
  | 'other';

export const REFERRAL_SOURCE_TYPES: readonly CodedOption<ReferralSourceType>[] = [
  { code: 'gp', label: 'GP' },
  { code: 'police', label: 'Police' },
  { code: 'mental_health_team', label: 'Community mental health team' },
  { code: 'mental_health_inpatient_ward', label: 'Mental health in-patient ward' },
  { code: 'acute_hospital', label: 'General hospital (including A&E and liaison psychiatry)' },
  { code: 'crisis_team', label: 'Crisis resolution and home treatment team' },
  { code: 'nearest_relative', label: 'Nearest relative (section 13(4) request)' },
  { code: 'family_or_carer', label: 'Family member or carer (not the nearest relative)' },
  { code: 'ambulance_service', label: 'Ambulance service' },
  { code: 'adult_social_care', label: 'Adult social care' },
  { code: 'other', label: 'Other' },
];
export const REFERRAL_SOURCE_TYPE_CODES = codesOf(REFERRAL_SOURCE_TYPES);

// ── The person's legal status when referred ────────────────────────────────────────────────────
export type CurrentLegalStatus =
  | 'informal'
  | 's136'
  | 's5_2'
  | 's5_4'
  | 'already_detained'
  | 'community'
  | 'cto'
  | 'other';

export const CURRENT_LEGAL_STATUSES: readonly CodedOption<CurrentLegalStatus>[] = [
  { code: 'informal', label: 'Informal in-patient' },
  { code: 's136', label: 'Section 136 (police, place of safety)' },
  { code: 's5_2', label: "Section 5(2) (doctor's holding power)" },
  { code: 's5_4', label: "Section 5(4) (nurse's holding power)" },
  { code: 'already_detained', label: 'Already detained (for example section 2, changing to section 3)' },
  { code: 'community', label: 'In the community, not detained' },
  { code: 'cto', label: 'Community treatment order' },
  { code: 'other', label: 'Other' },
];
export const CURRENT_LEGAL_STATUS_CODES = codesOf(CURRENT_LEGAL_STATUSES);

// ── Urgency ────────────────────────────────────────────────────────────────────────────────────
export type UrgencyLevel = 'emergency' | 'urgent' | 'routine';

export const URGENCY_LEVELS: readonly CodedOption<UrgencyLevel>[] = [
  {
    code: 'emergency',
    label: 'Emergency',
    hint: 'Needs an AMHP now: for example a place of safety or holding power clock is running',
  },
  { code: 'urgent', label: 'Urgent', hint: 'Needs assessing today' },
  { code: 'routine', label: 'Routine', hint: 'Can be planned over the coming days' },
];
export const URGENCY_LEVEL_CODES = codesOf(URGENCY_LEVELS);

// ── The AMHP Lead's decision ───────────────────────────────────────────────────────────────────
export type DecisionKind = 'proceed' | 'not_proceed' | 'more_information_needed';

export const DECISION_KINDS: readonly CodedOption<DecisionKind>[] = [
  { code: 'proceed', label: 'Proceed to a Mental Health Act assessment' },
  { code: 'not_proceed', label: 'Do not proceed: offer a less restrictive alternative' },
  { code: 'more_information_needed', label: 'More information needed before deciding' },
];
export const DECISION_KIND_CODES = codesOf(DECISION_KINDS);

export type AlternativeOffered =
  | 'crisis_team_home_treatment'
  | 'community_team_follow_up'
  | 'signposting'
  | 'other';

export const ALTERNATIVES_OFFERED: readonly CodedOption<AlternativeOffered>[] = [
  { code: 'crisis_team_home_treatment', label: 'Home treatment by the crisis team (CRHT)' },
  { code: 'community_team_follow_up', label: 'Follow-up by the community mental health team' },
  { code: 'signposting', label: 'Signposting to other support' },
  { code: 'other', label: 'Other alternative' },
];
export const ALTERNATIVE_OFFERED_CODES = codesOf(ALTERNATIVES_OFFERED);

// ── Outcome of the assessment ──────────────────────────────────────────────────────────────────
export type AssessmentOutcome =
  | 's2'
  | 's3'
  | 's4'
  | 'guardianship'
  | 'informal_admission'
  | 'crht_home_treatment'
  | 'community_follow_up'
  | 'no_further_action'
  | 'assessment_not_possible'
  | 'other';

export type ApplicationType = 's2' | 's3' | 's4' | 'guardianship';

export interface OutcomeOption extends CodedOption<AssessmentOutcome> {
  /** The application the outcome is, when it is one; these run the statutory checks. */
  readonly application: ApplicationType | null;
  readonly needsHospital: boolean;
  readonly needsReason: boolean;
}

export const ASSESSMENT_OUTCOMES: readonly OutcomeOption[] = [
  { code: 's2', label: 'Application under section 2', application: 's2', needsHospital: true, needsReason: false },
  { code: 's3', label: 'Application under section 3', application: 's3', needsHospital: true, needsReason: false },
  { code: 's4', label: 'Emergency application under section 4', application: 's4', needsHospital: true, needsReason: false },
  { code: 'guardianship', label: 'Guardianship application (section 7)', application: 'guardianship', needsHospital: false, needsReason: false },
  { code: 'informal_admission', label: 'Informal admission to hospital', application: null, needsHospital: true, needsReason: false },
  { code: 'crht_home_treatment', label: 'Home treatment by the crisis team (CRHT)', application: null, needsHospital: false, needsReason: false },
  { code: 'community_follow_up', label: 'Follow-up in the community', application: null, needsHospital: false, needsReason: false },
  { code: 'no_further_action', label: 'No further action', application: null, needsHospital: false, needsReason: false },
  { code: 'assessment_not_possible', label: 'Assessment not possible', application: null, needsHospital: false, needsReason: true },
  { code: 'other', label: 'Other', application: null, needsHospital: false, needsReason: true },
];
export const ASSESSMENT_OUTCOME_CODES = codesOf(ASSESSMENT_OUTCOMES);

export function applicationTypeOf(outcome: AssessmentOutcome): ApplicationType | null {
  return ASSESSMENT_OUTCOMES.find((option) => option.code === outcome)?.application ?? null;
}

export const APPLICATION_TYPES: readonly CodedOption<ApplicationType>[] = [
  { code: 's2', label: 'Section 2 (assessment)' },
  { code: 's3', label: 'Section 3 (treatment)' },
  { code: 's4', label: 'Section 4 (emergency)' },
  { code: 'guardianship', label: 'Guardianship (section 7)' },
];

// ── NHS ethnic category (NHS Data Dictionary, 2001 census classification) ─────────────────────
export type EthnicCategoryCode =
  | 'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G' | 'H' | 'J' | 'K' | 'L' | 'M' | 'N' | 'P' | 'R' | 'S' | 'Z';

export interface EthnicCategoryOption extends CodedOption<EthnicCategoryCode> {
  readonly group: string;
}

export const ETHNIC_CATEGORIES: readonly EthnicCategoryOption[] = [
  { code: 'A', group: 'White', label: 'White: British' },
  { code: 'B', group: 'White', label: 'White: Irish' },
  { code: 'C', group: 'White', label: 'White: any other White background' },
  { code: 'D', group: 'Mixed', label: 'Mixed: White and Black Caribbean' },
  { code: 'E', group: 'Mixed', label: 'Mixed: White and Black African' },
  { code: 'F', group: 'Mixed', label: 'Mixed: White and Asian' },
  { code: 'G', group: 'Mixed', label: 'Mixed: any other mixed background' },
  { code: 'H', group: 'Asian or Asian British', label: 'Asian or Asian British: Indian' },
  { code: 'J', group: 'Asian or Asian British', label: 'Asian or Asian British: Pakistani' },
  { code: 'K', group: 'Asian or Asian British', label: 'Asian or Asian British: Bangladeshi' },
  { code: 'L', group: 'Asian or Asian British', label: 'Asian or Asian British: any other Asian background' },
  { code: 'M', group: 'Black or Black British', label: 'Black or Black British: Caribbean' },
  { code: 'N', group: 'Black or Black British', label: 'Black or Black British: African' },
  { code: 'P', group: 'Black or Black British', label: 'Black or Black British: any other Black background' },
  { code: 'R', group: 'Other ethnic groups', label: 'Other ethnic groups: Chinese' },
  { code: 'S', group: 'Other ethnic groups', label: 'Other ethnic groups: any other ethnic group' },
  { code: 'Z', group: 'Not stated', label: 'Not stated (the person chose not to say)' },
];
export const ETHNIC_CATEGORY_CODES = codesOf(ETHNIC_CATEGORIES);

// ── Gender (NHS Data Dictionary "person gender identity" codes, as nhsCode) ───────────────────
export type Gender = 'male' | 'female' | 'non_binary' | 'other' | 'not_known' | 'not_stated';

export interface GenderOption extends CodedOption<Gender> {
  readonly nhsCode: '1' | '2' | '3' | '4' | 'X' | 'Z';
}

export const GENDERS: readonly GenderOption[] = [
  { code: 'male', nhsCode: '1', label: 'Male' },
  { code: 'female', nhsCode: '2', label: 'Female' },
  { code: 'non_binary', nhsCode: '3', label: 'Non-binary' },
  { code: 'other', nhsCode: '4', label: 'Other (not listed)' },
  { code: 'not_known', nhsCode: 'X', label: 'Not known' },
  { code: 'not_stated', nhsCode: 'Z', label: 'Not stated (the person chose not to say)' },
];
export const GENDER_CODES = codesOf(GENDERS);

// ── How the referral arrived ───────────────────────────────────────────────────────────────────
export type ReferralChannel = 'phone' | 'email' | 'in_person' | 'handover_from_edt' | 'other';

export const REFERRAL_CHANNELS: readonly CodedOption<ReferralChannel>[] = [
  { code: 'phone', label: 'Phone' },
  { code: 'email', label: 'E-mail' },
  { code: 'in_person', label: 'In person' },
  { code: 'handover_from_edt', label: 'Handed over from EDT' },
  { code: 'other', label: 'Other' },
];
export const REFERRAL_CHANNEL_CODES = codesOf(REFERRAL_CHANNELS);
