import { describe, expect, it } from 'vitest';
import { crisisTeamPrompts, type CrisisTeamPrompt } from './crisis-team-prompts.js';

const notAppropriate = (prompts: readonly CrisisTeamPrompt[]) => prompts.some((p) => p.kind === 'not_appropriate');
import type { CrisisTeamReferralFacts } from './crisis-team-prompts.js';

const suitable: CrisisTeamReferralFacts = {
  dateOfBirth: '1990-04-02',
  on: '2026-03-10',
  livesInArea: true,
  admissionClearlyRequired: false,
  inPatientChangingStatus: false,
  withinWorkingHours: true,
};

const codes = (facts: CrisisTeamReferralFacts) => crisisTeamPrompts(facts).map((p) => p.code);

describe('crisis team prompts', () => {
  it('only reminds about the trusted assessment when the crisis team is suitable', () => {
    expect(codes(suitable)).toEqual(['trusted_assessment']);
    expect(notAppropriate(crisisTeamPrompts(suitable))).toBe(false);
  });
  it('under 18: not appropriate the day before the 18th birthday, fine on it', () => {
    const prompts = crisisTeamPrompts({ ...suitable, dateOfBirth: '2008-03-11' });
    expect(prompts[0]).toMatchObject({ code: 'under_18', kind: 'not_appropriate' });
    expect(prompts[0]?.message).toContain('adolescent');
    expect(codes({ ...suitable, dateOfBirth: '2008-03-10' })).not.toContain('under_18');
  });
  it('lives outside the area', () => {
    const prompts = crisisTeamPrompts({ ...suitable, livesInArea: false }, { areaName: 'Northvale', olderPersonAge: 65 });
    expect(prompts[0]?.message).toContain('does not live in Northvale');
    expect(notAppropriate(prompts)).toBe(true);
  });
  it('admission clearly required, or an in-patient changing status', () => {
    expect(codes({ ...suitable, admissionClearlyRequired: true })).toContain('admission_clearly_required');
    expect(codes({ ...suitable, inPatientChangingStatus: true })).toContain('inpatient_changing_status');
  });
  it('asks to check unknown age or residence', () => {
    const prompts = crisisTeamPrompts({ ...suitable, dateOfBirth: null, livesInArea: null });
    expect(prompts.filter((p) => p.kind === 'check').map((p) => p.code)).toEqual(['age_unknown', 'residence_unknown']);
    expect(notAppropriate(prompts)).toBe(false);
  });
  it('older people are triaged by OPMH first in working hours (65 on the birthday)', () => {
    expect(codes({ ...suitable, dateOfBirth: '1961-03-10' })).toContain('older_person_opmh_triage');
    expect(codes({ ...suitable, dateOfBirth: '1961-03-11' })).not.toContain('older_person_opmh_triage');
    expect(codes({ ...suitable, dateOfBirth: '1950-01-01', withinWorkingHours: false })).toEqual(['out_of_hours', 'trusted_assessment']);
  });
});
