import { describe, expect, it } from 'vitest';
import { fieldErrorsOf } from '../../../../test/support/results.js';
import { competencyApiBody, competencyForm } from './competency-schemas.js';

describe('competency record', () => {
  const all = {
    recordedOn: '2026-05-01',
    competence1Status: 'met', competence1Evidence: 'Reflective log on values',
    competence2Status: 'met', competence2Evidence: 'Legal update attended',
    competence3Status: 'not_yet_met',
    competence4Status: 'met', competence4Evidence: 'Risk plan in supervision',
    competence5Status: 'met', competence5Evidence: 'Report audit',
  };

  it('turns the flat form into five entries', () => {
    const parsed = competencyForm.parse(all);
    expect(parsed.entries).toHaveLength(5);
    expect(parsed.entries[2]).toEqual({ competence: 3, status: 'not_yet_met', evidence: '' });
  });

  it('asks for evidence for each competence marked met, and a status for each', () => {
    expect(fieldErrorsOf(competencyForm, { ...all, competence2Evidence: ' ', competence5Status: '' })).toEqual({
      competence5Status: 'Say whether Key Competence 5 is met or not yet met',
      competence2Evidence: 'Add evidence notes showing how Key Competence 2 is met',
    });
  });

  it('takes a list of entries in the API, with the same evidence rule', () => {
    expect(fieldErrorsOf(competencyApiBody, { recordedOn: '2026-05-01', entries: [{ competence: 2, status: 'met' }, { competence: 9, status: 'met', evidence: 'x' }] })).toEqual({
      'entries.0.evidence': 'Add evidence notes showing how Key Competence 2 is met',
      'entries.1.competence': 'Choose a Key Competence from 1 to 5',
    });
  });
});
