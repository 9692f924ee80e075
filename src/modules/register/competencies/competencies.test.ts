import { describe, expect, it } from 'vitest';
import { rulesOf } from '../../../../test/support/results.js';
import type { CompetenceEntry, CompetenceStatus, CompetencyRecord } from './competencies.js';
import { COMPETENCE_SOURCE, KEY_COMPETENCES, reviewCompetencies, validateCompetencyRecord } from './competencies.js';

function entries(statuses: [CompetenceStatus, CompetenceStatus, CompetenceStatus, CompetenceStatus, CompetenceStatus]): CompetenceEntry[] {
  return statuses.map((status, i) => ({
    competence: (i + 1) as CompetenceEntry['competence'],
    status,
    evidence: status === 'met' ? 'Discussed a complex s3 assessment in supervision' : '',
  }));
}

let seq = 0;
function aRecord(recordedOn: string, statuses: Parameters<typeof entries>[0]): CompetencyRecord {
  seq += 1;
  return { id: `cr${seq}`, amhpId: 'p1', recordedOn, entries: entries(statuses) };
}

const allMet = ['met', 'met', 'met', 'met', 'met'] as const;
const fourUnmet = ['met', 'met', 'met', 'not_yet_met', 'met'] as const;

describe('Key Competence areas', () => {
  it('has five areas, each with a current and a proposed heading, and names its source', () => {
    expect(KEY_COMPETENCES.map((c) => c.number)).toEqual([1, 2, 3, 4, 5]);
    for (const c of KEY_COMPETENCES) {
      expect(c.current.length).toBeGreaterThan(0);
      expect(c.proposed.length).toBeGreaterThan(0);
    }
    expect(KEY_COMPETENCES[3]?.proposed).toContain('partnership');
    expect(COMPETENCE_SOURCE).toContain('National Workforce Plan');
  });
});

describe('competency record', () => {
  it('covers all five areas once, with evidence for each one met', () => {
    expect(validateCompetencyRecord({ amhpId: 'p1', recordedOn: '2025-05-01', entries: entries([...allMet]) }).ok).toBe(true);
    const missing = validateCompetencyRecord({ amhpId: 'p1', recordedOn: '2025-05-01', entries: entries([...allMet]).slice(0, 4) });
    expect(missing.ok).toBe(false);
    expect(rulesOf(missing)[0]?.message).toBe('Say whether Key Competence 5 is met or not yet met');
    const noEvidence = entries([...allMet]).map((e) => (e.competence === 2 ? { ...e, evidence: ' ' } : e));
    const result = validateCompetencyRecord({ amhpId: 'p1', recordedOn: '2025-05-01', entries: noEvidence });
    expect(result.ok).toBe(false);
    expect(rulesOf(result)[0]?.message).toBe('Add evidence notes showing how Key Competence 2 is met');
    const repeated = [...entries([...allMet]), { competence: 1 as const, status: 'met' as const, evidence: 'x' }];
    expect(validateCompetencyRecord({ amhpId: 'p1', recordedOn: '2025-05-01', entries: repeated }).ok).toBe(false);
  });
});

describe('learning and development plan prompt', () => {
  const practiceStart = '2024-04-01';

  it('prompts when a competence has never been met 12 months after practice began', () => {
    const records = [aRecord('2024-10-01', [...fourUnmet])];
    expect(reviewCompetencies({ records, practiceStart, date: '2025-03-31' }).developmentPlanPrompt).toBeNull();
    const review = reviewCompetencies({ records, practiceStart, date: '2025-04-01' });
    expect(review.standings[3]).toMatchObject({ latestStatus: 'not_yet_met', unmetSince: '2024-04-01', needsDevelopmentPlan: true });
    expect(review.developmentPlanPrompt).toBe('Key Competence 4 not met for 12 months or more (since 1 April 2024): agree or review a learning and development plan');
  });

  it('counts a lapse from the first record after it was last met', () => {
    const records = [aRecord('2024-10-01', [...allMet]), aRecord('2025-05-01', [...fourUnmet]), aRecord('2025-11-01', [...fourUnmet])];
    expect(reviewCompetencies({ records, practiceStart, date: '2026-04-30' }).standings[3]).toMatchObject({ unmetSince: '2025-05-01', needsDevelopmentPlan: false });
    expect(reviewCompetencies({ records, practiceStart, date: '2026-05-01' }).standings[3]?.needsDevelopmentPlan).toBe(true);
  });

  it('clears once the competence is met again', () => {
    const records = [aRecord('2024-10-01', [...fourUnmet]), aRecord('2025-06-01', [...allMet])];
    const review = reviewCompetencies({ records, practiceStart, date: '2025-07-01' });
    expect(review.standings.every((s) => !s.needsDevelopmentPlan)).toBe(true);
    expect(review.developmentPlanPrompt).toBeNull();
  });

  it('ignores records dated after the review date', () => {
    const records = [aRecord('2024-10-01', [...fourUnmet]), aRecord('2025-06-01', [...allMet])];
    expect(reviewCompetencies({ records, practiceStart, date: '2025-05-01' }).standings[3]?.needsDevelopmentPlan).toBe(true);
  });

  it('with no records at all, prompts for every area after 12 months', () => {
    const review = reviewCompetencies({ records: [], practiceStart: '2024-02-29', date: '2025-03-01' });
    expect(review.standings.every((s) => s.latestStatus === 'not_recorded' && s.needsDevelopmentPlan)).toBe(true);
    expect(reviewCompetencies({ records: [], practiceStart: '2024-02-29', date: '2025-02-28' }).developmentPlanPrompt).toBeNull();
  });

  it('flags the annual record as overdue when none is dated in the last 12 months', () => {
    const records = [aRecord('2024-10-01', [...allMet])];
    expect(reviewCompetencies({ records, practiceStart, date: '2025-10-01' }).annualRecordOverdue).toBe(false);
    expect(reviewCompetencies({ records, practiceStart, date: '2025-10-02' }).annualRecordOverdue).toBe(true);
    expect(reviewCompetencies({ records: [], practiceStart, date: '2025-03-31' }).annualRecordOverdue).toBe(false);
    expect(reviewCompetencies({ records: [], practiceStart, date: '2025-04-01' }).annualRecordOverdue).toBe(true);
  });
});
