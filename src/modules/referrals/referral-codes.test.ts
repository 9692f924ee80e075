import { describe, expect, it } from 'vitest';
import {
  ASSESSMENT_OUTCOMES,
  CURRENT_LEGAL_STATUS_CODES,
  DECISION_KIND_CODES,
  ALTERNATIVE_OFFERED_CODES,
  ETHNIC_CATEGORIES,
  GENDERS,
  REFERRAL_SOURCE_TYPES,
  URGENCY_LEVEL_CODES,
  applicationTypeOf,
  labelFor,
} from './referral-codes.js';

describe('fixed lists', () => {
  it('has the legal statuses the issue names', () => {
    expect(CURRENT_LEGAL_STATUS_CODES).toEqual(['informal', 's136', 's5_2', 's5_4', 'already_detained', 'community', 'cto', 'other']);
  });
  it('has the decisions and alternatives', () => {
    expect(DECISION_KIND_CODES).toEqual(['proceed', 'not_proceed', 'more_information_needed']);
    expect(ALTERNATIVE_OFFERED_CODES).toEqual(['crisis_team_home_treatment', 'community_team_follow_up', 'signposting', 'other']);
    expect(URGENCY_LEVEL_CODES).toEqual(['emergency', 'urgent', 'routine']);
  });
  it('maps outcomes that are applications to their type, and only those', () => {
    expect(ASSESSMENT_OUTCOMES.filter((o) => o.application !== null).map((o) => o.code)).toEqual(['s2', 's3', 's4', 'guardianship']);
    expect(applicationTypeOf('guardianship')).toBe('guardianship');
    expect(applicationTypeOf('informal_admission')).toBeNull();
    expect(ASSESSMENT_OUTCOMES.find((o) => o.code === 'assessment_not_possible')?.needsReason).toBe(true);
  });
  it('has the NHS ethnic category codes A–S (no I, O or Q) and Z', () => {
    expect(ETHNIC_CATEGORIES.map((c) => c.code).join('')).toBe('ABCDEFGHJKLMNPRSZ');
    expect(labelFor(ETHNIC_CATEGORIES, 'N')).toBe('Black or Black British: African');
  });
  it('has genders with NHS codes', () => {
    expect(GENDERS.map((g) => g.nhsCode)).toEqual(['1', '2', '3', '4', 'X', 'Z']);
  });
  it('has unique codes in every list', () => {
    for (const list of [REFERRAL_SOURCE_TYPES, ETHNIC_CATEGORIES, GENDERS, ASSESSMENT_OUTCOMES]) {
      const codes = list.map((o) => o.code);
      expect(new Set(codes).size).toBe(codes.length);
    }
  });
  it('labels codes', () => {
    expect(labelFor(REFERRAL_SOURCE_TYPES, 'gp')).toBe('GP');
  });
});
