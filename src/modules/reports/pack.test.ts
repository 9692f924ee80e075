import { describe, expect, it } from 'vitest';
import { type PackFacts, ageBand, buildPack, outcomeGroup, packCsv, percentile } from './pack.js';
import { checkPeriod, lastWholeMonth, periodOf, periodSet } from './report-period.js';

const empty: PackFacts = {
  referralsBySource: [], referralsByRoute: [], heatMap: [], repeats: [], ageBands: [], decisions: [], outcomes: [], referralToAssessment: [], delays: [], s136: [], s136Outcomes: [], handovers: [],
  allocation: [], allocationSummary: [], safety: [], safetyAcknowledge: [], aloneReasons: [], hoursByReason: [], toil: [], workforce: [], escalationsByCategory: [], escalationTimes: [],
};

describe('reporting periods (London calendar)', () => {
  it('gives the month, the one before and the same month a year earlier, from London midnight', () => {
    const set = periodSet(periodOf('month', '2026-03'));
    expect([set.current.label, set.previous.label, set.yearEarlier.label]).toEqual(['March 2026', 'February 2026', 'March 2025']);
    expect(set.current.from.toISOString()).toBe('2026-03-01T00:00:00.000Z');
    // April starts at London midnight, which is 23:00 UTC in summer time.
    expect(set.current.to.toISOString()).toBe('2026-03-31T23:00:00.000Z');
  });

  it('gives quarters and years of the calendar, with the period before across a year end', () => {
    const q = periodSet(periodOf('quarter', '2026-02'));
    expect([q.current.label, q.previous.label, q.yearEarlier.label]).toEqual(['Jan–Mar 2026 (Q1)', 'Oct–Dec 2025 (Q4)', 'Jan–Mar 2025 (Q1)']);
    const y = periodSet(periodOf('year', '2026-07'));
    expect([y.current.fromDate, y.current.toDate, y.previous.label, y.yearEarlier.label]).toEqual(['2026-01-01', '2027-01-01', '2025', '2025']);
  });

  it('refuses a month in the future, allows the month to date', () => {
    expect(checkPeriod('month', '2026-12', '2026-11-15')).toEqual({ ok: false, refusal: { kind: 'invalid', fieldErrors: [{ field: 'month', message: 'The month December 2026 is in the future: choose November 2026 or earlier' }] } });
    expect(checkPeriod('month', '2026-11', '2026-11-15').ok).toBe(true);
    expect(lastWholeMonth('2026-01-10')).toBe('2025-12');
  });
});

describe('figures', () => {
  it('percentiles interpolate as PostgreSQL percentile_cont; none is no data', () => {
    expect(percentile([180, 240], 0.5)).toBe(210);
    expect(percentile([180, 240], 0.9)).toBe(234);
    expect(percentile([5], 0.9)).toBe(5);
    expect(percentile([], 0.5)).toBeNull();
  });

  it('bands ages and groups outcomes', () => {
    expect([ageBand(17), ageBand(18), ageBand(25), ageBand(26), ageBand(75), ageBand(76), ageBand(null)]).toEqual(['under_18', '18_25', '18_25', '26_35', '66_75', 'over_75', 'unknown']);
    expect([outcomeGroup('crht_home_treatment'), outcomeGroup('community_follow_up'), outcomeGroup('s3'), outcomeGroup('application_lapsed')]).toEqual(['community_plan', 'community_plan', 's3', 'other']);
  });

  it('shows a count of nothing as zero and a time with nothing to measure as no data', () => {
    const pack = buildPack(periodSet(periodOf('month', '2026-10')), { ...empty, referralsBySource: [{ slot: 'current', key: 'gp', n: 2 }] }, { service: 'both', lssaName: null, teamName: null });
    const referrals = pack.sections.find((s) => s.id === 'referrals')!;
    expect(referrals.figures.find((f) => f.key === 'referrals')).toMatchObject({ current: 2, previous: 0, yearEarlier: 0 });
    const times = pack.sections.find((s) => s.id === 'assessments')!.figures.find((f) => f.key === 'all_median')!;
    expect([times.current, times.previous, times.yearEarlier]).toEqual([null, null, null]);
    const fill = pack.sections.find((s) => s.id === 'workforce')!.figures.find((f) => f.key === 'rota_fill')!;
    expect(fill.current).toBeNull(); // no shifts: no rate, not 0%
    const csv = packCsv(pack).body.split('\r\n');
    expect(csv).toContain('Referrals,Referrals received,count,2,0,0');
    expect(csv).toContain('Assessments and outcomes,Referral to assessment (minutes): median,minutes,,,');
    expect(packCsv(pack).fileName).toBe('performance-pack-month-2026-10-both.csv');
  });

  it('quotes CSV cells holding a comma or quote', () => {
    const pack = buildPack(periodSet(periodOf('month', '2026-10')), { ...empty, escalationsByCategory: [{ slot: 'current', key: 'beds, "urgent"', n: 1 }] }, { service: 'both', lssaName: null, teamName: null });
    expect(packCsv(pack).body).toContain('Escalations to partner agencies,"Category: beds, ""urgent""",count,1,0,0');
  });
});
