import { describe, expect, it } from 'vitest';
import { rulesOf } from '../../../../test/support/results.js';
import type { SupervisionContract, SupervisionRecord, SupervisionType } from './supervision.js';
import {
  DEFAULT_SUPERVISION_POLICY,
  changeSupervisor,
  contractReview,
  disputeSupervisionRecord,
  quarterlySupervisionAudit,
  recordsNeedingMediation,
  reportingQuarterOf,
  reportingYearOf,
  resolveSupervisionDispute,
  signSupervisionRecord,
  supervisionCompliance,
  supervisionRecordState,
  validateContract,
  validateSupervisionRecord,
} from './supervision.js';

const AMHP = 'p-amhp';
const SUPERVISOR = 'p-supervisor';
const OTHER = 'p-other';
const at = new Date('2025-06-01T10:00:00Z');

function aContract(overrides: Partial<SupervisionContract> = {}): SupervisionContract {
  return { id: 'c1', superviseeId: AMHP, supervisorId: SUPERVISOR, arrangement: 'substantive_daytime', startDate: '2025-01-15', endDate: null, reviewDates: [], ...overrides };
}

let seq = 0;
function aRecord(date: string, overrides: Partial<SupervisionRecord> = {}): SupervisionRecord {
  seq += 1;
  return {
    id: `r${seq}`,
    superviseeId: AMHP,
    supervisorId: SUPERVISOR,
    date,
    type: 'professional_1_1',
    casesDiscussed: ['Case A', 'Case B'],
    topic: null,
    signatures: [
      { personId: AMHP, signedAt: at },
      { personId: SUPERVISOR, signedAt: at },
    ],
    dispute: null,
    ...overrides,
  };
}

function records(dates: string[], type: SupervisionType = 'professional_1_1'): SupervisionRecord[] {
  return dates.map((d) => aRecord(d, { type }));
}

describe('supervision contracts', () => {
  it('need a supervisor other than the AMHP', () => {
    const result = validateContract({ superviseeId: AMHP, supervisorId: AMHP, arrangement: 'rota', startDate: '2025-01-01', endDate: null }, []);
    expect(result.ok).toBe(false);
    expect(rulesOf(result)[0]?.message).toBe('The supervisor must be someone other than the AMHP');
  });

  it('allow one contract at a time per AMHP', () => {
    const input = { superviseeId: AMHP, supervisorId: OTHER, arrangement: 'rota' as const, startDate: '2025-06-01', endDate: null };
    expect(validateContract(input, [aContract()]).ok).toBe(false);
    expect(validateContract(input, [aContract({ endDate: '2025-05-31' })]).ok).toBe(true);
    expect(validateContract(input, [aContract({ superviseeId: OTHER, supervisorId: AMHP })]).ok).toBe(true);
  });

  it('are reviewed six months after the start or the last review', () => {
    const contract = aContract();
    expect(contractReview(contract, '2025-06-30')).toMatchObject({ state: 'not_due', nextReviewDate: '2025-07-15' });
    expect(contractReview(contract, '2025-07-01')).toMatchObject({ state: 'due_soon' });
    expect(contractReview(contract, '2025-07-15')).toMatchObject({ state: 'due_soon' });
    expect(contractReview(contract, '2025-07-16')).toMatchObject({ state: 'overdue' });
    expect(contractReview({ ...contract, reviewDates: ['2025-07-10'] }, '2025-07-16')).toMatchObject({ state: 'not_due', nextReviewDate: '2026-01-10' });
    expect(contractReview({ ...contract, endDate: '2025-03-01' }, '2025-07-16').state).toBe('ended');
  });

  it('fall due on 1 March six months after a 31 August start (no 31 February)', () => {
    expect(contractReview(aContract({ startDate: '2025-08-31' }), '2025-09-01').nextReviewDate).toBe('2026-03-01');
  });

  it('end when the supervisor changes, and a new contract starts the next day', () => {
    const result = changeSupervisor(aContract(), OTHER, '2025-09-01');
    expect(result).toEqual({
      ok: true,
      value: {
        ended: { ...aContract(), endDate: '2025-08-31' },
        next: { superviseeId: AMHP, supervisorId: OTHER, arrangement: 'substantive_daytime', startDate: '2025-09-01', endDate: null, reviewDates: [] },
      },
    });
  });

  it('are not renewed for the same supervisor or the AMHP themself, or backdated', () => {
    expect(changeSupervisor(aContract(), SUPERVISOR, '2025-09-01').ok).toBe(false);
    expect(changeSupervisor(aContract(), AMHP, '2025-09-01').ok).toBe(false);
    expect(changeSupervisor(aContract(), OTHER, '2025-01-15').ok).toBe(false);
  });
});

describe('supervision records', () => {
  const input = { superviseeId: AMHP, supervisorId: SUPERVISOR, date: '2025-05-20', type: 'group' as const, casesDiscussed: ['Case A', 'Case B'], topic: null };

  it('need at least two cases, or a topic instead', () => {
    expect(validateSupervisionRecord(input, '2025-06-01').ok).toBe(true);
    const one = validateSupervisionRecord({ ...input, casesDiscussed: ['Case A', '  '] }, '2025-06-01');
    expect(one.ok).toBe(false);
    expect(rulesOf(one)[0]?.message).toBe('Record at least two cases discussed, or the topic discussed if there were no assessments');
    expect(validateSupervisionRecord({ ...input, casesDiscussed: [], topic: 'Recent case law on s2' }, '2025-06-01').ok).toBe(true);
  });

  it('cannot be for a future date or self-supervision', () => {
    expect(validateSupervisionRecord({ ...input, date: '2025-06-01' }, '2025-06-01').ok).toBe(true);
    expect(validateSupervisionRecord({ ...input, date: '2025-06-02' }, '2025-06-01').ok).toBe(false);
    expect(validateSupervisionRecord({ ...input, supervisorId: AMHP }, '2025-06-01').ok).toBe(false);
  });

  it('are signed when both parties have signed', () => {
    const unsigned = aRecord('2025-05-20', { signatures: [] });
    expect(supervisionRecordState(unsigned)).toBe('awaiting_signatures');
    const once = signSupervisionRecord(unsigned, SUPERVISOR, at);
    if (!once.ok) throw new Error('expected ok');
    expect(supervisionRecordState(once.value)).toBe('awaiting_signatures');
    const twice = signSupervisionRecord(once.value, AMHP, at);
    if (!twice.ok) throw new Error('expected ok');
    expect(supervisionRecordState(twice.value)).toBe('signed');
  });

  it('refuse a signature from someone who is not a party', () => {
    const result = signSupervisionRecord(aRecord('2025-05-20', { signatures: [] }), OTHER, at);
    expect(result.ok).toBe(false);
    expect(rulesOf(result)[0]).toMatchObject({ rule: 'not_a_party', message: 'Only the AMHP and their supervisor can sign this supervision record' });
  });

  it('refuse signing twice', () => {
    expect(signSupervisionRecord(aRecord('2025-05-20', { signatures: [{ personId: AMHP, signedAt: at }] }), AMHP, at).ok).toBe(false);
  });

  it('stay unsigned and flagged for mediation when disputed, until mediation settles them', () => {
    const disputed = disputeSupervisionRecord(aRecord('2025-05-20', { signatures: [{ personId: SUPERVISOR, signedAt: at }] }), AMHP, at, 'The record of Case B is wrong');
    if (!disputed.ok) throw new Error('expected ok');
    expect(supervisionRecordState(disputed.value)).toBe('disputed');
    expect(disputed.value.signatures).toEqual([]);
    expect(recordsNeedingMediation([disputed.value, aRecord('2025-05-21')])).toHaveLength(1);
    const sign = signSupervisionRecord(disputed.value, SUPERVISOR, at);
    expect(sign.ok).toBe(false);
    expect(rulesOf(sign)[0]?.rule).toBe('disputed');
    const resolved = resolveSupervisionDispute(disputed.value, at, 'Case B wording agreed at mediation');
    if (!resolved.ok) throw new Error('expected ok');
    expect(supervisionRecordState(resolved.value)).toBe('awaiting_signatures');
    expect(signSupervisionRecord(resolved.value, SUPERVISOR, at).ok).toBe(true);
  });

  it('can be disputed only by a party, with a note', () => {
    expect(disputeSupervisionRecord(aRecord('2025-05-20'), OTHER, at, 'x').ok).toBe(false);
    expect(disputeSupervisionRecord(aRecord('2025-05-20'), AMHP, at, ' ').ok).toBe(false);
    expect(resolveSupervisionDispute(aRecord('2025-05-20'), at, 'x').ok).toBe(false);
  });
});

describe('reporting periods', () => {
  it('run April to March by default, in quarters', () => {
    expect(reportingYearOf('2025-03-31')).toEqual({ label: '2024/25', startDate: '2024-04-01', endDate: '2025-03-31' });
    expect(reportingYearOf('2025-04-01')).toEqual({ label: '2025/26', startDate: '2025-04-01', endDate: '2026-03-31' });
    expect(reportingQuarterOf('2025-06-30')).toMatchObject({ quarter: 1, label: 'Q1 2025/26', startDate: '2025-04-01', endDate: '2025-06-30' });
    expect(reportingQuarterOf('2025-07-01')).toMatchObject({ quarter: 2, startDate: '2025-07-01', endDate: '2025-09-30' });
    expect(reportingQuarterOf('2026-02-28')).toMatchObject({ quarter: 4, startDate: '2026-01-01', endDate: '2026-03-31' });
  });
  it('can follow the calendar year', () => {
    expect(reportingYearOf('2024-12-31', 1)).toEqual({ label: '2024', startDate: '2024-01-01', endDate: '2024-12-31' });
  });
});

describe('frequency compliance', () => {
  const q1 = { startDate: '2025-04-01', endDate: '2025-06-30' };

  it('for substantive AMHPs, allows gaps of up to 6 weeks (42 days) and no more', () => {
    const ok = supervisionCompliance({ records: records(['2025-03-20', '2025-05-01', '2025-06-12']), arrangement: 'substantive_daytime', period: q1, asOf: '2025-06-30' });
    expect(ok).toMatchObject({ countInPeriod: 2, longestGapDays: 42, compliant: true, nextDueBy: '2025-07-24' });
    const late = supervisionCompliance({ records: records(['2025-03-20', '2025-05-02']), arrangement: 'substantive_daytime', period: q1, asOf: '2025-06-13' });
    expect(late).toMatchObject({ longestGapDays: 43, compliant: false });
    expect(late.problems[0]).toBe('A gap of 43 days between supervisions (the most allowed is 42 days)');
  });

  it('counts the gap still open at the audit date', () => {
    const at42 = supervisionCompliance({ records: records(['2025-05-01']), arrangement: 'edt', period: q1, asOf: '2025-06-12', since: '2025-04-01' });
    expect(at42).toMatchObject({ longestGapDays: 42, compliant: true });
    const at43 = supervisionCompliance({ records: records(['2025-05-01']), arrangement: 'edt', period: q1, asOf: '2025-06-13', since: '2025-04-01' });
    expect(at43.compliant).toBe(false);
  });

  it('does not count gaps before the arrangement began', () => {
    const result = supervisionCompliance({ records: records(['2025-06-20']), arrangement: 'edt', period: q1, asOf: '2025-06-30', since: '2025-06-01' });
    expect(result).toMatchObject({ longestGapDays: 19, compliant: true });
  });

  it('counts only the types the arrangement’s rule counts', () => {
    const management = records(['2025-04-10', '2025-05-15'], 'management');
    expect(supervisionCompliance({ records: management, arrangement: 'edt', period: q1, asOf: '2025-06-30', since: '2025-04-01' })).toMatchObject({ countInPeriod: 0, compliant: false });
    expect(supervisionCompliance({ records: management, arrangement: 'supervisor_is_line_manager', period: q1, asOf: '2025-06-30', since: '2025-04-01' }).countInPeriod).toBe(2);
  });

  it('for rota AMHPs, expects 3 a reporting year, pro rata: 1 by the end of Q1, 2 by Q2 and Q3, 3 by Q4', () => {
    const required = (asOf: string) =>
      supervisionCompliance({ records: [], arrangement: 'rota', period: reportingQuarterOf(asOf), asOf }).requiredByNow;
    expect(required('2025-06-30')).toBe(1);
    expect(required('2025-09-30')).toBe(2);
    expect(required('2025-12-31')).toBe(2);
    expect(required('2026-03-31')).toBe(3);
    expect(required('2025-05-15')).toBe(0);
  });

  it('for rota AMHPs, three in the year is compliant however far apart', () => {
    const year = records(['2025-04-02', '2025-10-01', '2026-03-31']);
    const q4 = reportingQuarterOf('2026-03-31');
    expect(supervisionCompliance({ records: year, arrangement: 'rota', period: q4, asOf: '2026-03-31' })).toMatchObject({ countInReportingYear: 3, compliant: true });
    expect(supervisionCompliance({ records: year.slice(0, 2), arrangement: 'rota', period: q4, asOf: '2026-03-31' })).toMatchObject({ compliant: false });
  });

  it('where the supervisor is also line manager, expects 8 a year and 6-weekly', () => {
    const q4 = reportingQuarterOf('2026-03-31');
    const sixWeekly = records(['2025-04-20', '2025-06-01', '2025-07-10', '2025-08-20', '2025-10-01', '2025-11-10', '2025-12-20', '2026-01-30', '2026-03-10']);
    expect(supervisionCompliance({ records: sixWeekly, arrangement: 'supervisor_is_line_manager', period: q4, asOf: '2026-03-31', since: '2025-04-01' })).toMatchObject({ compliant: true, requiredByNow: 8 });
    const seven = sixWeekly.slice(0, 7);
    const result = supervisionCompliance({ records: seven, arrangement: 'supervisor_is_line_manager', period: q4, asOf: '2026-03-31', since: '2025-04-01' });
    expect(result.compliant).toBe(false);
    expect(result.problems).toHaveLength(2);
  });

  it('uses a configured policy', () => {
    const policy = { ...DEFAULT_SUPERVISION_POLICY, rules: { ...DEFAULT_SUPERVISION_POLICY.rules, rota: { countedTypes: ['professional_1_1', 'group'] as SupervisionType[], minPerReportingYear: 4, maxGapDays: null } } };
    const result = supervisionCompliance({ records: records(['2025-04-10'], 'group'), arrangement: 'rota', period: q1, asOf: '2025-06-30', policy });
    expect(result).toMatchObject({ countInPeriod: 1, requiredByNow: 1, compliant: true });
  });

  it('counts held supervisions whether signed or not, and reports unsigned and disputed ones', () => {
    const list = [
      aRecord('2025-04-10'),
      aRecord('2025-05-10', { signatures: [] }),
      aRecord('2025-06-10', { signatures: [], dispute: { raisedBy: AMHP, raisedAt: at, note: 'x', resolvedAt: null, resolution: null } }),
    ];
    const result = supervisionCompliance({ records: list, arrangement: 'substantive_daytime', period: q1, asOf: '2025-06-30', since: '2025-04-01' });
    expect(result).toMatchObject({ countInPeriod: 3, unsignedCount: 2, disputedCount: 1, compliant: true });
  });
});

describe('quarterly audit', () => {
  it('summarises each AMHP: count, longest gap, unsigned and compliant', () => {
    const quarter = reportingQuarterOf('2025-07-01');
    const audit = quarterlySupervisionAudit({
      quarter,
      asOf: new Date('2025-10-01T09:00:00+01:00'),
      amhps: [
        { amhpId: 'a1', arrangement: 'substantive_daytime', records: records(['2025-06-25', '2025-08-01', '2025-09-10']) },
        { amhpId: 'a2', arrangement: 'edt', records: [aRecord('2025-07-05', { signatures: [] })] },
        { amhpId: 'a3', arrangement: 'rota', records: records(['2025-05-01', '2025-08-01']) },
      ],
    });
    expect(audit.quarter.label).toBe('Q2 2025/26');
    expect(audit.rows.map((r) => [r.amhpId, r.countInPeriod, r.longestGapDays, r.unsignedCount, r.compliant])).toEqual([
      ['a1', 2, 40, 0, true],
      ['a2', 1, 87, 1, false],
      ['a3', 1, 92, 0, true],
    ]);
    expect(audit.compliantCount).toBe(2);
    expect(audit.unsignedTotal).toBe(1);
  });
});
