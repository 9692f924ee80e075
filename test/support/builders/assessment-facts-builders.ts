// Small builders for the facts the statutory checks and deadlines read: a complete, lawful
// application of each kind, which the domain tests change one fact at a time. All people are
// invented.

import type { AssessmentFacts, DoctorFacts, PlaceOfSafetyFacts } from '../../../src/modules/referrals/assessment/domain/assessment-facts.js';
import { emptyAssessmentFacts } from '../../../src/modules/referrals/assessment/domain/assessment-facts.js';
import { instantOf } from '../../../src/platform/time/parse.js';

/**
 * An instant by the one time rule: at('2026-03-10 14:00') is London wall-clock time; a time in
 * the hour that happens twice in October needs its offset (at('2026-10-25T01:00+01:00')).
 */
export const at = (text: string): Date => instantOf(text);

export function aDoctor(overrides: Partial<DoctorFacts> & Pick<DoctorFacts, 'id'>): DoctorFacts {
  return {
    name: `Dr ${overrides.id}`,
    gmcNumber: null,
    s12Approved: false,
    s12ApprovedUntil: null,
    approvedClinician: false,
    approvedClinicianUntil: null,
    previousAcquaintance: false,
    examinedAt: null,
    signedAt: null,
    ...overrides,
  };
}

/** A lawful section 2 application on Tue 10 Mar 2026 (GMT). */
export function aSection2Application(): AssessmentFacts {
  return {
    ...emptyAssessmentFacts(),
    applicationType: 's2',
    applicationAt: at('2026-03-10 18:00'),
    patient: { dateOfBirth: '1985-06-15' },
    applicant: {
      name: 'Priya Testwood',
      approval: { startsOn: '2024-01-01', endsOn: '2028-12-31', suspensions: [] },
      isRegisteredMedicalPractitioner: false,
      lastSawPatientAt: at('2026-03-10 14:00'),
      interviewAt: at('2026-03-10 14:00'),
      mostAppropriateReason: 'Refusing all support at home; risk to self increasing daily.',
    },
    doctors: [
      aDoctor({
        id: 'doc-a',
        name: 'Dr Alys Marchbank',
        gmcNumber: '7000001',
        s12Approved: true,
        examinedAt: at('2026-03-10 13:00'),
        signedAt: at('2026-03-10 13:30'),
      }),
      aDoctor({
        id: 'doc-b',
        name: 'Dr Tomasz Fenwright',
        gmcNumber: '7000002',
        previousAcquaintance: true,
        examinedAt: at('2026-03-10 15:00'),
        signedAt: at('2026-03-10 15:30'),
      }),
    ],
    recommendationForm: 'separate',
    hospital: { name: 'Elmbridge Lodge', addressedToManagers: true },
    admittedAt: at('2026-03-10 21:00'),
    nearestRelative: {
      name: 'Marta Testwood-Lane',
      informedAt: at('2026-03-10 17:00'),
      toldOfDischargePower: true,
      consultedAt: null,
      objected: false,
      notPracticable: null,
    },
  };
}

export function aSection3Application(): AssessmentFacts {
  const s2 = aSection2Application();
  return {
    ...s2,
    applicationType: 's3',
    nearestRelative: {
      name: 'Marta Testwood-Lane',
      informedAt: null,
      toldOfDischargePower: false,
      consultedAt: at('2026-03-10 17:00'),
      objected: false,
      notPracticable: null,
    },
  };
}

export function aGuardianshipApplication(): AssessmentFacts {
  const s2 = aSection2Application();
  return {
    ...s2,
    applicationType: 'guardianship',
    hospital: null,
    admittedAt: null,
    nearestRelative: {
      name: 'Marta Testwood-Lane',
      informedAt: null,
      toldOfDischargePower: false,
      consultedAt: at('2026-03-10 17:00'),
      objected: false,
      notPracticable: null,
    },
    guardianship: { guardian: { kind: 'local_authority' }, forwardedToLssaOn: '2026-03-11' },
  };
}

/** A lawful section 4 application at 02:00 on Wed 11 Mar 2026 with one (non-s12) doctor. */
export function aSection4Application(): AssessmentFacts {
  return {
    ...emptyAssessmentFacts(),
    applicationType: 's4',
    applicationAt: at('2026-03-11 02:00'),
    patient: { dateOfBirth: '1990-01-20' },
    applicant: {
      name: 'Priya Testwood',
      approval: { startsOn: '2024-01-01', endsOn: '2028-12-31', suspensions: [] },
      isRegisteredMedicalPractitioner: false,
      lastSawPatientAt: at('2026-03-11 00:30'),
      interviewAt: at('2026-03-11 00:30'),
      mostAppropriateReason: 'Barricaded in flat with means of self-harm; cannot wait for a second doctor.',
    },
    doctors: [
      aDoctor({
        id: 'doc-g',
        name: 'Dr Imogen Quayle',
        previousAcquaintance: true,
        examinedAt: at('2026-03-11 01:00'),
        signedAt: at('2026-03-11 01:20'),
      }),
    ],
    recommendationForm: 'separate',
    hospital: { name: 'Elmbridge Lodge', addressedToManagers: true },
    admittedAt: at('2026-03-11 04:00'),
    nearestRelative: {
      name: null,
      informedAt: null,
      toldOfDischargePower: false,
      consultedAt: null,
      objected: false,
      notPracticable: { reason: 'no_nearest_relative', detail: 'No relatives known; checked with the GP record.' },
    },
    section4: {
      urgentNecessityStated: true,
      undesirableDelayStated: true,
      recommendationVerifiesUrgency: true,
      whyNotSection2: 'Nearest section 12 doctor at least 5 hours away; immediate risk of self-harm.',
      secondRecommendation: null,
    },
  };
}

/** A section 136 episode: arrival at a health-based place of safety at 22:00 on Sat 28 Mar 2026,
 * the night the clocks go forward. */
export function aSection136(overrides: Partial<PlaceOfSafetyFacts> = {}): PlaceOfSafetyFacts {
  return {
    power: 's136',
    detainedAt: at('2026-03-28 21:30'),
    clockStartedAt: at('2026-03-28 22:00'),
    endedAt: null,
    policeStationUsed: false,
    policeStationJustification: null,
    extensions: [],
    s136Consultation: { consultedAt: at('2026-03-28 21:20'), consultedRole: 'registered_nurse', notPracticableReason: null },
    previousS136: null,
    warrant: null,
    ...overrides,
  };
}
