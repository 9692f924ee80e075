// How an assessment ends. Codes are stored and sent over the API; labels are what people read.
// Reports group by code, so a label may change but a code never takes a new meaning.

/** The applications an AMHP makes; each runs the statutory checks when it is recorded. */
export type ApplicationType = 's2' | 's3' | 's4' | 'guardianship';

export const APPLICATION_TYPES: readonly { readonly code: ApplicationType; readonly label: string }[] = [
  { code: 's2', label: 'Section 2 (assessment)' },
  { code: 's3', label: 'Section 3 (treatment)' },
  { code: 's4', label: 'Section 4 (emergency)' },
  { code: 'guardianship', label: 'Guardianship (section 7)' },
];

/** Applications to hospital: these have a conveyance period, and can lapse unused (s6(1)). */
export const HOSPITAL_APPLICATIONS = ['s2', 's3', 's4'] as const;
export type HospitalApplication = (typeof HOSPITAL_APPLICATIONS)[number];

export type AssessmentOutcome =
  | ApplicationType
  | 'application_lapsed'
  | 'informal_admission'
  | 'crht_home_treatment'
  | 'community_follow_up'
  | 'no_further_action'
  | 'assessment_not_possible'
  | 'other';

export interface OutcomeOption {
  readonly code: AssessmentOutcome;
  readonly label: string;
  readonly hint?: string;
  /** The application the outcome is, when it is one in force; these run the statutory checks. */
  readonly application: ApplicationType | null;
}

export const ASSESSMENT_OUTCOMES: readonly OutcomeOption[] = [
  { code: 's2', label: 'Application under section 2', application: 's2' },
  { code: 's3', label: 'Application under section 3', application: 's3' },
  { code: 's4', label: 'Emergency application under section 4', application: 's4' },
  { code: 'guardianship', label: 'Guardianship application (section 7)', application: 'guardianship' },
  {
    code: 'application_lapsed',
    label: 'Application lapsed: the person was not admitted under it',
    hint: 'An application was made but the person was not admitted before the authority to convey and admit ended (14 days for sections 2 and 3, 24 hours for section 4). It gives no authority to detain.',
    application: null,
  },
  { code: 'informal_admission', label: 'Informal admission to hospital', application: null },
  { code: 'crht_home_treatment', label: 'Home treatment by the crisis team (CRHT)', application: null },
  { code: 'community_follow_up', label: 'Follow-up in the community', application: null },
  { code: 'no_further_action', label: 'No further action', application: null },
  { code: 'assessment_not_possible', label: 'Assessment not possible', application: null },
  { code: 'other', label: 'Other', application: null },
];

export function outcomeLabel(code: string | null | undefined): string | null {
  if (!code) return null;
  return ASSESSMENT_OUTCOMES.find((o) => o.code === code)?.label ?? code;
}

export function applicationTypeOf(outcome: AssessmentOutcome): ApplicationType | null {
  return ASSESSMENT_OUTCOMES.find((option) => option.code === outcome)?.application ?? null;
}
