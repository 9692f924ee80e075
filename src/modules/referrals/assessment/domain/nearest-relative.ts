// Identifying the nearest relative under the Mental Health Act 1983, ss26–28, and the switch
// to the 2025 Act's nominated person once that part commences. The 1983 rules are kept behind
// `nearestRelativeRulesFor(date)` so that the change is one dated entry, not a code hunt.
//
// What the ranking does (mha-rules.md §1, "Identifying the NR"):
// 1. Child patients: a local authority holding a care order is the NR unless the child has a
//    spouse or civil partner (s27); otherwise a guardian or the person named in a child
//    arrangements (residence) order is the NR (s28).
// 2. Otherwise the first eligible person in the ranked list, where:
//    - people the patient ordinarily lives with or is cared by come first (s26(4));
//    - then by category: spouse/civil partner, child, parent, sibling, grandparent,
//      grandchild, uncle/aunt, nephew/niece, then a non-relative who has lived with the
//      patient for 5 years or more (s26(7));
//    - within a category whole blood before half blood, then the elder (s26(3)).
// 3. Skipped: not ordinarily resident in the UK, Channel Islands or Isle of Man when the
//    patient is; a spouse separated or deserting/deserted; under 18 unless a spouse, civil
//    partner or parent (s26(5)); an unmarried father without parental responsibility;
//    step-relatives and in-laws (not relatives).
// 4. A partner who has lived with the patient as a spouse for 6 months or more counts as a
//    spouse unless the patient is married and not separated (s26(6)); a married (not
//    separated) patient's 5-year household member does not count either (s26(7)(b)).

import { type IsoDate, addMonthsClamped, addDays, ageOn, compareIsoDates, formatWeekdayDate } from '../../../../platform/london-time.js';

export type NearestRelativeCategory =
  | 'spouse_or_civil_partner'
  | 'child'
  | 'parent'
  | 'sibling'
  | 'grandparent'
  | 'grandchild'
  | 'uncle_or_aunt'
  | 'nephew_or_niece'
  | 'household_member_5_years';

export interface CategoryOption {
  readonly code: NearestRelativeCategory;
  readonly label: string;
  readonly hint: string;
}

/** The s26 list in order, for the form that helps the AMHP work down it. */
export const NEAREST_RELATIVE_CATEGORIES: readonly CategoryOption[] = [
  {
    code: 'spouse_or_civil_partner',
    label: 'Husband, wife or civil partner',
    hint: 'Includes a partner who has lived with the person as a spouse for 6 months or more, unless the person is married and not separated',
  },
  { code: 'child', label: 'Son or daughter', hint: 'Must be 18 or over' },
  { code: 'parent', label: 'Father or mother', hint: 'An unmarried father counts only if he has parental responsibility' },
  { code: 'sibling', label: 'Brother or sister', hint: 'Must be 18 or over; whole blood before half blood' },
  { code: 'grandparent', label: 'Grandparent', hint: 'Must be 18 or over' },
  { code: 'grandchild', label: 'Grandchild', hint: 'Must be 18 or over' },
  { code: 'uncle_or_aunt', label: 'Uncle or aunt', hint: 'Must be 18 or over' },
  { code: 'nephew_or_niece', label: 'Nephew or niece', hint: 'Must be 18 or over' },
  {
    code: 'household_member_5_years',
    label: 'Someone (not a relative) the person has lived with for 5 years or more',
    hint: 'Comes last; does not count if the person is married and not separated',
  },
];

/**
 * How the nearest relative is described to people: the relationship as recorded ("Mother"), or
 * the s26 category's label when none was written ("Father or mother"); never both.
 */
export function nearestRelativeDescription(category: string | null | undefined, relationship: string | null | undefined): string | null {
  const written = relationship?.trim();
  if (written) return written;
  if (!category) return null;
  return NEAREST_RELATIVE_CATEGORIES.find((c) => c.code === category)?.label ?? category.replace(/_/g, ' ');
}

export type RelativeRelationship =
  | 'spouse_or_civil_partner'
  | 'cohabiting_partner'
  | 'child'
  | 'parent'
  | 'sibling'
  | 'grandparent'
  | 'grandchild'
  | 'uncle_or_aunt'
  | 'nephew_or_niece'
  | 'household_member'
  | 'step_relative'
  | 'in_law'
  | 'other';

export interface RelativeCandidate {
  readonly id: string;
  readonly name: string;
  readonly relationship: RelativeRelationship;
  readonly dateOfBirth: IsoDate | null;
  readonly halfBlood?: boolean;
  readonly unmarriedFatherWithoutParentalResponsibility?: boolean;
  /** Ordinarily resident in the UK, the Channel Islands or the Isle of Man. */
  readonly ordinarilyResidentInUk: boolean;
  /** Spouses only: permanently separated, or deserted or deserting. */
  readonly separatedOrDeserted?: boolean;
  /** The patient ordinarily lives with, or is cared for by, this person (before admission, for an in-patient). */
  readonly livesWithOrCaresForPatient: boolean;
  /** Cohabiting partners and household members: since when they have lived with the patient. */
  readonly livingWithPatientSince?: IsoDate | null;
}

export interface PatientForNearestRelative {
  readonly dateOfBirth: IsoDate | null;
  readonly ordinarilyResidentInUk: boolean;
  /** When not given, taken from whether a spouse in the list is not separated. */
  readonly marriedAndNotSeparated?: boolean;
  /** Children: the local authority holding a care order (s27). */
  readonly careOrderLocalAuthority?: string | null;
  /** Children: a guardian, or the person named in a child arrangements (residence) order (s28). */
  readonly guardianOrOrderHolder?: string | null;
}

export interface RankedRelative {
  readonly candidate: RelativeCandidate;
  readonly category: NearestRelativeCategory;
  readonly categoryLabel: string;
  readonly position: number;
}

export interface ExcludedRelative {
  readonly candidate: RelativeCandidate;
  readonly reason: string;
}

export type NearestRelativeFinding =
  | { kind: 'relative'; relative: RankedRelative }
  | { kind: 'local_authority_care_order'; name: string }
  | { kind: 'guardian_or_order_holder'; name: string }
  | { kind: 'none' };

export interface NearestRelativeResult {
  readonly nearestRelative: NearestRelativeFinding;
  /** Everyone eligible, in the order the law ranks them. */
  readonly ranked: readonly RankedRelative[];
  readonly excluded: readonly ExcludedRelative[];
  /** Why the nearest relative is who they are, in plain words. */
  readonly explanation: readonly string[];
  /** Facts that would change the answer and are not recorded. */
  readonly checks: readonly string[];
}

const CATEGORY_ORDER: readonly NearestRelativeCategory[] = NEAREST_RELATIVE_CATEGORIES.map((c) => c.code);

function categoryLabel(category: NearestRelativeCategory): string {
  return NEAREST_RELATIVE_CATEGORIES.find((c) => c.code === category)?.label ?? category;
}

const DIRECT_CATEGORIES: Partial<Record<RelativeRelationship, NearestRelativeCategory>> = {
  spouse_or_civil_partner: 'spouse_or_civil_partner',
  child: 'child',
  parent: 'parent',
  sibling: 'sibling',
  grandparent: 'grandparent',
  grandchild: 'grandchild',
  uncle_or_aunt: 'uncle_or_aunt',
  nephew_or_niece: 'nephew_or_niece',
};

function livedTogetherAtLeast(since: IsoDate | null | undefined, months: number, on: IsoDate): boolean {
  if (!since) return false;
  return compareIsoDates(addMonthsClamped(since, months), on) <= 0;
}

function patientIsMarriedAndNotSeparated(
  patient: PatientForNearestRelative,
  candidates: readonly RelativeCandidate[],
): boolean {
  if (patient.marriedAndNotSeparated !== undefined) return patient.marriedAndNotSeparated;
  return candidates.some((c) => c.relationship === 'spouse_or_civil_partner' && !c.separatedOrDeserted);
}

type Classification = { category: NearestRelativeCategory } | { excluded: string };

function classify(
  candidate: RelativeCandidate,
  patient: PatientForNearestRelative,
  patientMarried: boolean,
  on: IsoDate,
): Classification {
  const { relationship } = candidate;
  let category: NearestRelativeCategory | undefined = DIRECT_CATEGORIES[relationship];

  if (relationship === 'step_relative' || relationship === 'in_law' || relationship === 'other') {
    return { excluded: 'Step-relatives, in-laws and friends are not relatives under the Act (unless they have lived with the person for 5 years; record them as a household member).' };
  }
  if (relationship === 'cohabiting_partner') {
    if (patientMarried) {
      return { excluded: 'The person is married or in a civil partnership and not separated, so a partner they live with does not count as their spouse.' };
    }
    if (!livedTogetherAtLeast(candidate.livingWithPatientSince, 6, on)) {
      return {
        excluded: candidate.livingWithPatientSince
          ? `Has lived with the person as a partner since ${formatWeekdayDate(candidate.livingWithPatientSince)}: less than the 6 months needed to count as a spouse.`
          : 'Record since when they have lived together: a partner counts as a spouse after 6 months.',
      };
    }
    category = 'spouse_or_civil_partner';
  }
  if (relationship === 'household_member') {
    if (patientMarried) {
      return { excluded: 'The person is married or in a civil partnership and not separated, so someone they live with who is not a relative cannot be the nearest relative.' };
    }
    if (!livedTogetherAtLeast(candidate.livingWithPatientSince, 60, on)) {
      return {
        excluded: candidate.livingWithPatientSince
          ? `Has lived with the person since ${formatWeekdayDate(candidate.livingWithPatientSince)}: less than the 5 years needed.`
          : 'Record since when they have lived with the person: a non-relative counts only after 5 years.',
      };
    }
    category = 'household_member_5_years';
  }
  if (category === undefined) return { excluded: 'Not a relative under the Act.' };

  if (patient.ordinarilyResidentInUk && !candidate.ordinarilyResidentInUk) {
    return { excluded: 'Does not ordinarily live in the UK, Channel Islands or Isle of Man, while the person does.' };
  }
  if (category === 'spouse_or_civil_partner' && candidate.separatedOrDeserted) {
    return { excluded: 'A spouse or civil partner who is permanently separated, or who has deserted or been deserted, is skipped.' };
  }
  if (category === 'parent' && candidate.unmarriedFatherWithoutParentalResponsibility) {
    return { excluded: 'A father not married to the mother counts only if he has parental responsibility.' };
  }
  if (
    candidate.dateOfBirth !== null &&
    category !== 'spouse_or_civil_partner' &&
    category !== 'parent' &&
    ageOn(candidate.dateOfBirth, on) < 18
  ) {
    return { excluded: 'Under 18, and not a spouse, civil partner or parent.' };
  }
  return { category };
}

function compareRanked(a: RankedDraft, b: RankedDraft): number {
  if (a.candidate.livesWithOrCaresForPatient !== b.candidate.livesWithOrCaresForPatient) {
    return a.candidate.livesWithOrCaresForPatient ? -1 : 1;
  }
  const byCategory = CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category);
  if (byCategory !== 0) return byCategory;
  const aHalf = a.candidate.halfBlood === true;
  const bHalf = b.candidate.halfBlood === true;
  if (aHalf !== bHalf) return aHalf ? 1 : -1;
  const aDob = a.candidate.dateOfBirth;
  const bDob = b.candidate.dateOfBirth;
  if (aDob && bDob) return compareIsoDates(aDob, bDob);
  if (aDob) return -1;
  if (bDob) return 1;
  return 0;
}

interface RankedDraft {
  candidate: RelativeCandidate;
  category: NearestRelativeCategory;
}

/** Ranks the people around the patient by ss26–28 and names the nearest relative on a date. */
export function identifyNearestRelative(
  patient: PatientForNearestRelative,
  candidates: readonly RelativeCandidate[],
  on: IsoDate,
): NearestRelativeResult {
  const patientMarried = patientIsMarriedAndNotSeparated(patient, candidates);
  const drafts: RankedDraft[] = [];
  const excluded: ExcludedRelative[] = [];
  for (const candidate of candidates) {
    const result = classify(candidate, patient, patientMarried, on);
    if ('excluded' in result) excluded.push({ candidate, reason: result.excluded });
    else drafts.push({ candidate, category: result.category });
  }
  drafts.sort(compareRanked);
  const ranked: RankedRelative[] = drafts.map((draft, index) => ({
    candidate: draft.candidate,
    category: draft.category,
    categoryLabel: categoryLabel(draft.category),
    position: index + 1,
  }));

  const explanation: string[] = [];
  const checks: string[] = [];
  const patientIsChild = patient.dateOfBirth !== null && ageOn(patient.dateOfBirth, on) < 18;
  const spouse = ranked.find((r) => r.category === 'spouse_or_civil_partner');

  if (patientIsChild && patient.careOrderLocalAuthority) {
    if (spouse) {
      explanation.push(
        `The person is under 18 and in care, but has a spouse or civil partner, who is the nearest relative (s27).`,
      );
      return { nearestRelative: { kind: 'relative', relative: spouse }, ranked, excluded, explanation, checks };
    }
    explanation.push(
      `The person is under 18 and subject to a care order, so ${patient.careOrderLocalAuthority} is the nearest relative (s27).`,
    );
    return {
      nearestRelative: { kind: 'local_authority_care_order', name: patient.careOrderLocalAuthority },
      ranked,
      excluded,
      explanation,
      checks,
    };
  }
  if (patientIsChild && patient.guardianOrOrderHolder) {
    explanation.push(
      `The person is under 18 and ${patient.guardianOrOrderHolder} is their guardian or is named in a child arrangements order, so is the nearest relative (s28).`,
    );
    return {
      nearestRelative: { kind: 'guardian_or_order_holder', name: patient.guardianOrOrderHolder },
      ranked,
      excluded,
      explanation,
      checks,
    };
  }
  if (patient.dateOfBirth === null && (patient.careOrderLocalAuthority || patient.guardianOrOrderHolder)) {
    checks.push("Record the person's date of birth: a care order or guardian makes a difference only if they are under 18.");
  }

  const first = ranked[0];
  if (!first) {
    explanation.push('Nobody listed can be the nearest relative. Record why, or consider asking the county court to appoint an acting nearest relative (s29).');
    return { nearestRelative: { kind: 'none' }, ranked, excluded, explanation, checks };
  }
  const second = ranked[1];
  if (first.candidate.livesWithOrCaresForPatient) {
    explanation.push(
      `${first.candidate.name} (${first.categoryLabel.toLowerCase()}) lives with or cares for the person, so comes first among relatives (s26(4)).`,
    );
  } else {
    explanation.push(`${first.candidate.name} is the highest on the list: ${first.categoryLabel.toLowerCase()}.`);
  }
  if (second && second.category === first.category && second.candidate.livesWithOrCaresForPatient === first.candidate.livesWithOrCaresForPatient) {
    if ((first.candidate.halfBlood === true) !== (second.candidate.halfBlood === true)) {
      explanation.push(`${first.candidate.name} is a whole-blood relative, preferred to ${second.candidate.name} (half blood).`);
    } else if (first.candidate.dateOfBirth && second.candidate.dateOfBirth) {
      if (first.candidate.dateOfBirth === second.candidate.dateOfBirth) {
        checks.push(`${first.candidate.name} and ${second.candidate.name} share a date of birth: confirm who is the elder.`);
      } else {
        explanation.push(`${first.candidate.name} is older than ${second.candidate.name}, so is preferred (s26(3)).`);
      }
    } else {
      checks.push(
        `Record the dates of birth of ${first.candidate.name} and ${second.candidate.name}: the elder of the two is the nearest relative.`,
      );
    }
  }
  if (
    first.candidate.dateOfBirth === null &&
    first.category !== 'spouse_or_civil_partner' &&
    first.category !== 'parent'
  ) {
    checks.push(`Check that ${first.candidate.name} is 18 or over: if not, they cannot be the nearest relative.`);
  }
  return { nearestRelative: { kind: 'relative', relative: first }, ranked, excluded, explanation, checks };
}

// ── Which regime applies on a date ─────────────────────────────────────────────────────────────

export type PatientRepresentativeRegime = 'nearest_relative_1983' | 'nominated_person_2025';

export interface RepresentativeCommencement {
  /** The day the 2025 Act's nominated-person provisions commence; null while not in force. */
  readonly nominatedPersonFrom: IsoDate | null;
}

/** As of late 2026 no commencement of the nominated-person provisions was found (mha-rules.md §5). */
export const DEFAULT_REPRESENTATIVE_COMMENCEMENT: RepresentativeCommencement = { nominatedPersonFrom: null };

export interface PatientRepresentativeRules {
  readonly regime: PatientRepresentativeRegime;
  /** What the role is called on forms and pages. */
  readonly title: string;
  /** The ranked categories to list on the form; empty when the patient chooses the person. */
  readonly categoriesInOrder: readonly CategoryOption[];
  /** Whether an objection to a s3 or guardianship application stops it. */
  readonly objectionBarsApplication: boolean;
  /** How to identify the person, or null when the patient nominates them. */
  readonly identify: typeof identifyNearestRelative | null;
  readonly guidance: string;
}

const NEAREST_RELATIVE_1983: PatientRepresentativeRules = {
  regime: 'nearest_relative_1983',
  title: 'Nearest relative',
  categoriesInOrder: NEAREST_RELATIVE_CATEGORIES,
  objectionBarsApplication: true,
  identify: identifyNearestRelative,
  guidance:
    'Identify the nearest relative using section 26. Inform them for section 2 or 4; consult them for section 3 or guardianship. Their objection stops a section 3 or guardianship application.',
};

const NOMINATED_PERSON_2025: PatientRepresentativeRules = {
  regime: 'nominated_person_2025',
  title: 'Nominated person',
  categoriesInOrder: [],
  objectionBarsApplication: false,
  identify: null,
  guidance:
    'The person chooses their nominated person; if they lack capacity to do so the AMHP may appoint an interim nominated person. Consult them before a section 3 or guardianship application unless impracticable or it would cause unreasonable delay. An objection can be overridden only with a report that the person would be likely to act dangerously if not admitted.',
};

/** The nearest-relative (or nominated-person) rules in force on a date. */
export function nearestRelativeRulesFor(
  on: IsoDate,
  commencement: RepresentativeCommencement = DEFAULT_REPRESENTATIVE_COMMENCEMENT,
): PatientRepresentativeRules {
  if (commencement.nominatedPersonFrom !== null && compareIsoDates(on, commencement.nominatedPersonFrom) >= 0) {
    return NOMINATED_PERSON_2025;
  }
  return NEAREST_RELATIVE_1983;
}

/** The last day the 1983 rules apply, when a commencement date is known. */
export function lastDayOfNearestRelativeRules(commencement: RepresentativeCommencement): IsoDate | null {
  return commencement.nominatedPersonFrom === null ? null : addDays(commencement.nominatedPersonFrom, -1);
}
