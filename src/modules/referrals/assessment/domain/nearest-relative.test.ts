import { describe, expect, it } from 'vitest';
import {
  NEAREST_RELATIVE_CATEGORIES,
  identifyNearestRelative,
  lastDayOfNearestRelativeRules,
  nearestRelativeRulesFor,
} from './nearest-relative.js';
import type { NearestRelativeResult, PatientForNearestRelative, RelativeCandidate } from './nearest-relative.js';

const ON = '2026-03-10';
const adult: PatientForNearestRelative = { dateOfBirth: '1980-05-01', ordinarilyResidentInUk: true };

function person(id: string, relationship: RelativeCandidate['relationship'], extra: Partial<RelativeCandidate> = {}): RelativeCandidate {
  return {
    id,
    name: id,
    relationship,
    dateOfBirth: '1970-01-01',
    ordinarilyResidentInUk: true,
    livesWithOrCaresForPatient: false,
    ...extra,
  };
}

function nrName(result: NearestRelativeResult): string {
  const nr = result.nearestRelative;
  switch (nr.kind) {
    case 'relative':
      return nr.relative.candidate.name;
    case 'local_authority_care_order':
    case 'guardian_or_order_holder':
      return nr.name;
    case 'none':
      return '(none)';
  }
}

describe('the s26 list', () => {
  it('lists the categories in the statutory order for the form', () => {
    expect(NEAREST_RELATIVE_CATEGORIES.map((c) => c.code)).toEqual([
      'spouse_or_civil_partner',
      'child',
      'parent',
      'sibling',
      'grandparent',
      'grandchild',
      'uncle_or_aunt',
      'nephew_or_niece',
      'household_member_5_years',
    ]);
  });

  it('ranks by category', () => {
    const result = identifyNearestRelative(
      adult,
      [person('Niece Nell', 'nephew_or_niece'), person('Mother Mo', 'parent'), person('Son Sid', 'child'), person('Sister Sal', 'sibling')],
      ON,
    );
    expect(result.ranked.map((r) => r.candidate.name)).toEqual(['Son Sid', 'Mother Mo', 'Sister Sal', 'Niece Nell']);
    expect(nrName(result)).toBe('Son Sid');
  });

  it('prefers the elder within a category, whatever their sex', () => {
    const result = identifyNearestRelative(
      adult,
      [person('Younger', 'child', { dateOfBirth: '2000-01-02' }), person('Elder', 'child', { dateOfBirth: '2000-01-01' })],
      ON,
    );
    expect(nrName(result)).toBe('Elder');
    expect(result.explanation.join(' ')).toContain('older than');
  });

  it('prefers whole blood to half blood, even when the half-blood relative is older', () => {
    const result = identifyNearestRelative(
      adult,
      [person('Half', 'sibling', { halfBlood: true, dateOfBirth: '1960-01-01' }), person('Whole', 'sibling', { dateOfBirth: '1975-01-01' })],
      ON,
    );
    expect(nrName(result)).toBe('Whole');
  });

  it('puts a relative the person lives with or is cared for by first (s26(4))', () => {
    const result = identifyNearestRelative(
      adult,
      [person('Wife', 'spouse_or_civil_partner'), person('Carer daughter', 'child', { livesWithOrCaresForPatient: true })],
      ON,
    );
    expect(nrName(result)).toBe('Carer daughter');
    expect(result.explanation[0]).toContain('lives with or cares for');
  });

  it('asks for dates of birth when two in the same category cannot be told apart', () => {
    const result = identifyNearestRelative(adult, [person('A', 'child', { dateOfBirth: null }), person('B', 'child', { dateOfBirth: null })], ON);
    expect(result.checks.join(' ')).toContain('Record the dates of birth of A and B');
    expect(result.checks.join(' ')).toContain('Check that A is 18 or over');
  });
});

describe('who is skipped', () => {
  it('skips under-18s unless a spouse or parent: 18th birthday is the boundary', () => {
    const result = identifyNearestRelative(
      adult,
      [person('Seventeen', 'child', { dateOfBirth: '2008-03-11' }), person('Eighteen today', 'child', { dateOfBirth: '2008-03-10' })],
      ON,
    );
    expect(nrName(result)).toBe('Eighteen today');
    expect(result.excluded[0]?.reason).toContain('Under 18');
    const youngParent = identifyNearestRelative(
      { dateOfBirth: '2025-01-01', ordinarilyResidentInUk: true },
      [person('Mum, 17', 'parent', { dateOfBirth: '2008-06-01' })],
      ON,
    );
    expect(nrName(youngParent)).toBe('Mum, 17');
  });

  it('skips someone not ordinarily resident in the UK when the person is', () => {
    const result = identifyNearestRelative(adult, [person('Abroad', 'spouse_or_civil_partner', { ordinarilyResidentInUk: false }), person('Dad', 'parent')], ON);
    expect(nrName(result)).toBe('Dad');
    const abroadPatient = identifyNearestRelative({ ...adult, ordinarilyResidentInUk: false }, [person('Abroad', 'spouse_or_civil_partner', { ordinarilyResidentInUk: false })], ON);
    expect(nrName(abroadPatient)).toBe('Abroad');
  });

  it('skips a separated or deserting spouse', () => {
    expect(nrName(identifyNearestRelative(adult, [person('Ex', 'spouse_or_civil_partner', { separatedOrDeserted: true }), person('Bro', 'sibling')], ON))).toBe('Bro');
  });

  it('skips an unmarried father without parental responsibility', () => {
    const result = identifyNearestRelative(adult, [person('Father', 'parent', { unmarriedFatherWithoutParentalResponsibility: true, dateOfBirth: '1950-01-01' }), person('Mother', 'parent', { dateOfBirth: '1955-01-01' })], ON);
    expect(nrName(result)).toBe('Mother');
  });

  it('does not count step-relatives or in-laws', () => {
    const result = identifyNearestRelative(adult, [person('Stepmum', 'step_relative'), person('Brother-in-law', 'in_law')], ON);
    expect(result.nearestRelative).toEqual({ kind: 'none' });
    expect(result.excluded).toHaveLength(2);
    expect(result.explanation[0]).toContain('s29');
  });
});

describe('partners and household members', () => {
  it('a partner of 6 months counts as a spouse; a day short does not', () => {
    const sixMonths = identifyNearestRelative(adult, [person('Partner', 'cohabiting_partner', { livingWithPatientSince: '2025-09-10' }), person('Mum', 'parent')], ON);
    expect(nrName(sixMonths)).toBe('Partner');
    expect(sixMonths.ranked[0]?.category).toBe('spouse_or_civil_partner');
    const short = identifyNearestRelative(adult, [person('Partner', 'cohabiting_partner', { livingWithPatientSince: '2025-09-11' }), person('Mum', 'parent')], ON);
    expect(nrName(short)).toBe('Mum');
  });

  it('a partner does not count if the person is married and not separated', () => {
    const result = identifyNearestRelative(
      adult,
      [person('Partner', 'cohabiting_partner', { livingWithPatientSince: '2020-01-01', livesWithOrCaresForPatient: true }), person('Husband', 'spouse_or_civil_partner')],
      ON,
    );
    expect(nrName(result)).toBe('Husband');
    const separated = identifyNearestRelative(
      adult,
      [person('Partner', 'cohabiting_partner', { livingWithPatientSince: '2020-01-01' }), person('Husband', 'spouse_or_civil_partner', { separatedOrDeserted: true })],
      ON,
    );
    expect(nrName(separated)).toBe('Partner');
  });

  it('a non-relative of 5 years comes last; a day short is not counted', () => {
    const fiveYears = identifyNearestRelative(adult, [person('Lodger friend', 'household_member', { livingWithPatientSince: '2021-03-10' }), person('Nephew', 'nephew_or_niece')], ON);
    expect(fiveYears.ranked.map((r) => r.candidate.name)).toEqual(['Nephew', 'Lodger friend']);
    const alone = identifyNearestRelative(adult, [person('Lodger friend', 'household_member', { livingWithPatientSince: '2021-03-10' })], ON);
    expect(nrName(alone)).toBe('Lodger friend');
    const short = identifyNearestRelative(adult, [person('Lodger friend', 'household_member', { livingWithPatientSince: '2021-03-11' })], ON);
    expect(short.nearestRelative.kind).toBe('none');
  });

  it('a 5-year household member who lives with the person is still preferred by s26(4)', () => {
    const result = identifyNearestRelative(adult, [person('Friend', 'household_member', { livingWithPatientSince: '2015-01-01', livesWithOrCaresForPatient: true }), person('Dad', 'parent')], ON);
    expect(nrName(result)).toBe('Friend');
  });
});

describe('child patients', () => {
  const child: PatientForNearestRelative = { dateOfBirth: '2010-05-01', ordinarilyResidentInUk: true };
  it('a local authority with a care order is the NR', () => {
    const result = identifyNearestRelative({ ...child, careOrderLocalAuthority: 'Northvale Council' }, [person('Mum', 'parent')], ON);
    expect(result.nearestRelative).toEqual({ kind: 'local_authority_care_order', name: 'Northvale Council' });
  });
  it('unless the child has a spouse or civil partner', () => {
    const married = { ...child, dateOfBirth: '2008-05-01', careOrderLocalAuthority: 'Northvale Council' };
    expect(nrName(identifyNearestRelative(married, [person('Wife', 'spouse_or_civil_partner', { dateOfBirth: '2008-01-01' })], ON))).toBe('Wife');
  });
  it('a guardian or child arrangements order holder is the NR', () => {
    const result = identifyNearestRelative({ ...child, guardianOrOrderHolder: 'Aunt Ffion' }, [person('Dad', 'parent')], ON);
    expect(result.nearestRelative).toEqual({ kind: 'guardian_or_order_holder', name: 'Aunt Ffion' });
  });
  it('a care order stops mattering at 18', () => {
    const eighteen = { dateOfBirth: '2008-03-10', ordinarilyResidentInUk: true, careOrderLocalAuthority: 'Northvale Council' };
    expect(nrName(identifyNearestRelative(eighteen, [person('Mum', 'parent')], ON))).toBe('Mum');
  });
});

describe('rules keyed to the 2025 Act commencement', () => {
  it('uses the 1983 nearest relative while the nominated person is not in force', () => {
    const rules = nearestRelativeRulesFor('2026-12-31');
    expect(rules.regime).toBe('nearest_relative_1983');
    expect(rules.objectionBarsApplication).toBe(true);
    expect(rules.categoriesInOrder).toHaveLength(9);
    expect(rules.identify).toBe(identifyNearestRelative);
  });
  it('switches to the nominated person on the commencement day, not the day before', () => {
    const commencement = { nominatedPersonFrom: '2028-04-01' };
    expect(nearestRelativeRulesFor('2028-03-31', commencement).regime).toBe('nearest_relative_1983');
    const rules = nearestRelativeRulesFor('2028-04-01', commencement);
    expect(rules.regime).toBe('nominated_person_2025');
    expect(rules.title).toBe('Nominated person');
    expect(rules.objectionBarsApplication).toBe(false);
    expect(rules.identify).toBeNull();
    expect(lastDayOfNearestRelativeRules(commencement)).toBe('2028-03-31');
    expect(lastDayOfNearestRelativeRules({ nominatedPersonFrom: null })).toBeNull();
  });
});
