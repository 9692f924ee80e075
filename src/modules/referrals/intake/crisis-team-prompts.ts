// Prompts shown when the AMHP Lead chooses home treatment by the crisis team (CRHT) as the
// alternative to an assessment. From the Partnership Working Practice Guidance, Co-operation
// between teams §3.9 (when a CRHT request is not appropriate), §3.2 (trusted assessment),
// §3.10 (out of hours) and §4 (older people). They are prompts, not blocks: the Lead decides.

import { ageOn, type IsoDate } from '../../../platform/london-time.js';

export interface CrisisTeamReferralFacts {
  readonly dateOfBirth: IsoDate | null;
  /** The date of the decision, for the person's age. */
  readonly on: IsoDate;
  /** Lives in the area the local crisis teams cover; null if not known. */
  readonly livesInArea: boolean | null;
  readonly admissionClearlyRequired: boolean | null;
  /** Already an in-patient and the request is to change their status (informal → detained, s2 → s3). */
  readonly inPatientChangingStatus: boolean | null;
  /** Within the daytime service's working hours; null if not known. */
  readonly withinWorkingHours: boolean | null;
}

export interface CrisisTeamPromptOptions {
  /** The area's name as people say it, e.g. "the county". */
  readonly areaName: string;
  /** Age from which the older people's mental health service triages first. */
  readonly olderPersonAge: number;
}

export const DEFAULT_CRISIS_TEAM_PROMPT_OPTIONS: CrisisTeamPromptOptions = {
  areaName: 'the area',
  olderPersonAge: 65,
};

export type CrisisTeamPromptCode =
  | 'under_18'
  | 'age_unknown'
  | 'lives_outside_area'
  | 'residence_unknown'
  | 'admission_clearly_required'
  | 'inpatient_changing_status'
  | 'older_person_opmh_triage'
  | 'out_of_hours'
  | 'trusted_assessment';

export interface CrisisTeamPrompt {
  readonly code: CrisisTeamPromptCode;
  /** 'not_appropriate': the guidance says the crisis team is not the right alternative.
   *  'check': a fact to confirm. 'info': how the referral will be handled. */
  readonly kind: 'not_appropriate' | 'check' | 'info';
  readonly message: string;
}

export function crisisTeamPrompts(
  facts: CrisisTeamReferralFacts,
  options: CrisisTeamPromptOptions = DEFAULT_CRISIS_TEAM_PROMPT_OPTIONS,
): CrisisTeamPrompt[] {
  const prompts: CrisisTeamPrompt[] = [];
  const age = facts.dateOfBirth ? ageOn(facts.dateOfBirth, facts.on) : null;

  if (age === null) {
    prompts.push({ code: 'age_unknown', kind: 'check', message: "Check the person's age: the crisis team does not take under-18s." });
  } else if (age < 18) {
    prompts.push({
      code: 'under_18',
      kind: 'not_appropriate',
      message: `The person is ${age}. The crisis team does not take under-18s: contact the community adolescent mental health crisis team instead.`,
    });
  }
  if (facts.livesInArea === false) {
    prompts.push({
      code: 'lives_outside_area',
      kind: 'not_appropriate',
      message: `The person does not live in ${options.areaName}. The local crisis team is not appropriate: contact the crisis team where they live.`,
    });
  } else if (facts.livesInArea === null) {
    prompts.push({ code: 'residence_unknown', kind: 'check', message: `Check where the person lives: the crisis team covers people living in ${options.areaName}.` });
  }
  if (facts.admissionClearlyRequired === true) {
    prompts.push({
      code: 'admission_clearly_required',
      kind: 'not_appropriate',
      message: 'It is clear that an application for admission (or guardianship) will be needed, so home treatment is not a realistic alternative. Consider proceeding to an assessment.',
    });
  }
  if (facts.inPatientChangingStatus === true) {
    prompts.push({
      code: 'inpatient_changing_status',
      kind: 'not_appropriate',
      message: 'The person is already an in-patient and the request is to change their status (for example informal to detained, or section 2 to section 3). The crisis team would not normally be involved.',
    });
  }
  if (age !== null && age >= options.olderPersonAge && facts.withinWorkingHours !== false) {
    prompts.push({
      code: 'older_person_opmh_triage',
      kind: 'info',
      message: "In working hours the older people's mental health service triages older people first, to rule out an organic cause, before the crisis team takes them on.",
    });
  }
  if (facts.withinWorkingHours === false) {
    prompts.push({
      code: 'out_of_hours',
      kind: 'info',
      message: 'Out of hours the crisis team considers requests one by one, by urgency and its own priorities. Agree a plan with them directly.',
    });
  }
  prompts.push({
    code: 'trusted_assessment',
    kind: 'info',
    message: 'A referral from the AMHP service or EDT is a trusted assessment: the crisis team will not screen the person again. Record who at the crisis team agreed to take the lead.',
  });
  return prompts;
}
