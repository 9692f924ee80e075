import { describe, expect, it } from 'vitest';
import { refusalOf, rulesOf } from '../../../../test/support/results.js';
import type { Result } from '../../../platform/result.js';
import type { Nomination, Trainee } from './trainee-pipeline.js';
import {
  approveNomination,
  checkNominationDeadline,
  checklistItems,
  cohortLabel,
  cohortStartDate,
  logShadowingDay,
  nextOpenCohort,
  nominationDeadline,
  recordCourseOutcome,
  recordFirstApproval,
  startCourse,
  traineeStage,
  traineesPerYear,
} from './trainee-pipeline.js';

function aNomination(overrides: Partial<Nomination> = {}): Nomination {
  return {
    name: 'Robin Example',
    role: 'EDT officer',
    team: 'Emergency Duty Team',
    lssaId: 'lssa-n',
    employer: 'Northshire Council',
    employerType: 'lssa',
    profession: 'social_worker',
    contactNumber: '01632 960 001',
    email: 'robin.example@northshire.example',
    cohort: { intake: 'september', year: 2026 },
    priority: true,
    priorityReason: 'Newly recruited to EDT, where the role needs an AMHP',
    managerName: 'Sam Sample',
    managerContactNumber: '01632 960 002',
    managerEmail: 'sam.sample@northshire.example',
    allocation: 'Funding confirmed for the September 2026 intake',
    ...overrides,
  };
}

const fullChecklist = { nominationForm: true, learningAgreementSigned: true, managerSupport: true, shadowingAvailability: true, socialWorkLeadSupport: false };

function aTrainee(overrides: Partial<Trainee> = {}): Trainee {
  return {
    id: 'tr1',
    nomination: aNomination(),
    nominatedOn: '2026-01-20',
    checklist: fullChecklist,
    nominationApprovedOn: null,
    shadowingDays: [],
    courseStartedOn: null,
    outcome: null,
    firstApprovalStart: null,
    ...overrides,
  };
}

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(JSON.stringify(result.refusal));
  return result.value;
}

describe('cohorts and deadlines', () => {
  it('close September intakes on 31 January and April intakes on 30 June the year before', () => {
    expect(nominationDeadline({ intake: 'september', year: 2026 })).toBe('2026-01-31');
    expect(nominationDeadline({ intake: 'april', year: 2027 })).toBe('2026-06-30');
    expect(cohortLabel({ intake: 'april', year: 2027 })).toBe('April 2027');
    expect(cohortStartDate({ intake: 'september', year: 2026 })).toBe('2026-09-01');
  });

  it('offer the next open intake, with the deadline day itself still open', () => {
    expect(nextOpenCohort('2026-01-31')).toEqual({ intake: 'september', year: 2026 });
    expect(nextOpenCohort('2026-02-01')).toEqual({ intake: 'april', year: 2027 });
    expect(nextOpenCohort('2026-06-30')).toEqual({ intake: 'april', year: 2027 });
    expect(nextOpenCohort('2026-07-01')).toEqual({ intake: 'september', year: 2027 });
    expect(nextOpenCohort('2025-12-31')).toEqual({ intake: 'september', year: 2026 });
  });

  it('refuse a late nomination and say which intake is open', () => {
    expect(checkNominationDeadline({ intake: 'september', year: 2026 }, '2026-01-31').ok).toBe(true);
    const late = checkNominationDeadline({ intake: 'september', year: 2026 }, '2026-02-01');
    expect(late.ok).toBe(false);
    expect(rulesOf(late)[0]?.message).toBe('Nominations for the September 2026 intake closed on 31 January 2026. The next intake open is April 2027');
  });
});

describe('approval checklist', () => {
  it('has four items, and a fifth (social work lead) for NHS trust staff', () => {
    expect(checklistItems(fullChecklist, 'lssa').map((i) => i.key)).toEqual(['nominationForm', 'learningAgreementSigned', 'managerSupport', 'shadowingAvailability']);
    expect(checklistItems(fullChecklist, 'nhs_trust')).toHaveLength(5);
  });

  it('must be complete before the nomination is approved, listing what is missing', () => {
    const incomplete = approveNomination(aTrainee({ checklist: { ...fullChecklist, learningAgreementSigned: false } }), '2026-02-10');
    expect(incomplete.ok).toBe(false);
    expect(rulesOf(incomplete)[0]?.message).toBe('Still needed: Learning agreement signed by the candidate and the nominating organisation');
    const nhs = aTrainee({ nomination: aNomination({ employerType: 'nhs_trust' }) });
    expect(approveNomination(nhs, '2026-02-10').ok).toBe(false);
    expect(traineeStage(unwrap(approveNomination(aTrainee(), '2026-02-10')))).toBe('nomination_approved');
  });
});

describe('from nomination to first approval', () => {
  const approved = unwrap(approveNomination(aTrainee(), '2026-02-10'));
  const withDays = (n: number) => {
    let t = approved;
    for (let i = 1; i <= n; i++) t = unwrap(logShadowingDay(t, { date: `2026-03-0${i}`, note: 'Shadowed a s2 assessment' }));
    return t;
  };

  it('logs shadowing days once per date, only after the nomination is approved', () => {
    expect(logShadowingDay(aTrainee(), { date: '2026-03-01', note: '' }).ok).toBe(false);
    expect(logShadowingDay(withDays(1), { date: '2026-03-01', note: '' }).ok).toBe(false);
  });

  it('needs five shadowing days before the course starts', () => {
    const four = startCourse(withDays(4), '2026-09-01');
    expect(four.ok).toBe(false);
    expect(rulesOf(four)[0]?.message).toBe('The candidate needs 5 shadowing days before the course starts; 4 logged');
    expect(startCourse(withDays(5), '2026-03-04').ok).toBe(false);
    expect(traineeStage(unwrap(startCourse(withDays(5), '2026-09-01')))).toBe('on_course');
  });

  const onCourse = unwrap(startCourse(withDays(5), '2026-09-01'));

  it('records the course outcome only once on the course, not before it started', () => {
    expect(refusalOf(recordCourseOutcome(approved, { result: 'passed', on: '2027-07-01' }))).toMatchObject({ kind: 'state', code: 'wrong_stage' });
    expect(recordCourseOutcome(onCourse, { result: 'passed', on: '2026-08-31' }).ok).toBe(false);
    expect(traineeStage(unwrap(recordCourseOutcome(onCourse, { result: 'not_passed', on: '2027-07-01' })))).toBe('not_passed');
    expect(traineeStage(unwrap(recordCourseOutcome(approved, { result: 'withdrawn', on: '2026-05-01' })))).toBe('withdrawn');
  });

  const passed = unwrap(recordCourseOutcome(onCourse, { result: 'passed', on: '2027-07-01' }));

  it('records the first approval after passing and within five years of the course', () => {
    expect(recordFirstApproval(onCourse, '2027-08-01').ok).toBe(false);
    expect(recordFirstApproval(passed, '2027-06-30').ok).toBe(false);
    expect(traineeStage(unwrap(recordFirstApproval(passed, '2032-07-01')))).toBe('approved');
    const tooLate = recordFirstApproval(passed, '2032-07-02');
    expect(tooLate.ok).toBe(false);
    expect(rulesOf(tooLate)[0]?.rule).toBe('course_too_old');
  });

  it('applies the five-year limit to a course passed on 29 February', () => {
    const leap = { ...passed, outcome: { result: 'passed' as const, on: '2028-02-29' } };
    expect(recordFirstApproval(leap, '2033-03-01').ok).toBe(true);
    expect(recordFirstApproval(leap, '2033-03-02').ok).toBe(false);
  });
});

describe('trainees per year', () => {
  it('counts course starters in the year’s April and September intakes per LSSA against six', () => {
    const starter = (id: string, lssaId: string, intake: 'april' | 'september', year: number) =>
      aTrainee({ id, nomination: aNomination({ lssaId, cohort: { intake, year } }), courseStartedOn: `${year}-${intake === 'april' ? '04' : '09'}-01` });
    const trainees = [
      starter('a', 'lssa-n', 'april', 2026),
      starter('b', 'lssa-n', 'september', 2026),
      starter('c', 'lssa-e', 'september', 2026),
      starter('d', 'lssa-w', 'september', 2025),
      aTrainee({ id: 'e', nomination: aNomination({ lssaId: 'lssa-w', cohort: { intake: 'september', year: 2026 } }) }),
    ];
    const view = traineesPerYear({ trainees, lssaIds: ['lssa-n', 'lssa-e', 'lssa-w'], year: 2026 });
    expect(view).toMatchObject({ year: 2026, target: 6, total: 3, nominated: 4, targetMet: false });
    expect(view.byLssa).toEqual([
      { lssaId: 'lssa-n', trainees: 2, nominated: 2, targetShare: 2 },
      { lssaId: 'lssa-e', trainees: 1, nominated: 1, targetShare: 2 },
      { lssaId: 'lssa-w', trainees: 0, nominated: 1, targetShare: 2 },
    ]);
  });
});
