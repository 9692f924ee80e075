import { describe, expect, it } from 'vitest';
import { rulesOf } from '../../../../test/support/results.js';
import type { Approval } from '../approvals/approval.js';
import { approvalTermEnd } from '../approvals/approval.js';
import type { ProfessionalEvent, TrainingRecord } from './training.js';
import {
  DEFAULT_TRAINING_POLICY,
  approvalYearOn,
  approvalYears,
  summariseTrainingYear,
  trainingByApprovalYear,
  trainingCompliance,
  validateTrainingRecord,
} from './training.js';

function anApproval(startDate: string, overrides: Partial<Approval> = {}): Approval {
  return { id: 'ap-1', approvingLssaId: 'lssa-n', startDate, endDate: approvalTermEnd(startDate), earlyEnd: null, ...overrides };
}

let seq = 0;
function training(date: string, hours: number, extra: Partial<TrainingRecord> = {}): TrainingRecord {
  seq += 1;
  return { id: `t${seq}`, date, title: 'AMHP refresher', provider: 'Northshire Council', hours, amhpSpecific: true, legalUpdate: false, ...extra };
}

function event(date: string, kind: ProfessionalEvent['kind'] = 'professional_meeting'): ProfessionalEvent {
  seq += 1;
  return { id: `e${seq}`, date, kind };
}

describe('approval years', () => {
  it('start on the approval start date and its anniversaries', () => {
    expect(approvalYears(anApproval('2024-04-01'))).toEqual([
      { number: 1, startDate: '2024-04-01', endDate: '2025-03-31' },
      { number: 2, startDate: '2025-04-01', endDate: '2026-03-31' },
      { number: 3, startDate: '2026-04-01', endDate: '2027-03-31' },
      { number: 4, startDate: '2027-04-01', endDate: '2028-03-31' },
      { number: 5, startDate: '2028-04-01', endDate: '2029-03-31' },
    ]);
  });

  it('run on from a 29 February start without gaps: common years start on 1 March', () => {
    expect(approvalYears(anApproval('2024-02-29'))).toEqual([
      { number: 1, startDate: '2024-02-29', endDate: '2025-02-28' },
      { number: 2, startDate: '2025-03-01', endDate: '2026-02-28' },
      { number: 3, startDate: '2026-03-01', endDate: '2027-02-28' },
      { number: 4, startDate: '2027-03-01', endDate: '2028-02-28' },
      { number: 5, startDate: '2028-02-29', endDate: '2029-02-28' },
    ]);
  });

  it('are cut short when the approval ends early', () => {
    const years = approvalYears(anApproval('2024-04-01', { earlyEnd: { endedOn: '2025-06-30', reason: 'amhp_request' } }));
    expect(years).toEqual([
      { number: 1, startDate: '2024-04-01', endDate: '2025-03-31' },
      { number: 2, startDate: '2025-04-01', endDate: '2025-06-30' },
    ]);
  });

  it('place a date in the right year at the boundary', () => {
    const approval = anApproval('2024-04-01');
    expect(approvalYearOn(approval, '2025-03-31')?.number).toBe(1);
    expect(approvalYearOn(approval, '2025-04-01')?.number).toBe(2);
    expect(approvalYearOn(approval, '2029-04-01')).toBeNull();
    expect(approvalYearOn(approval, '2024-03-31')).toBeNull();
  });
});

describe('training records', () => {
  const valid = { date: '2025-05-01', title: 'Legal update', provider: 'Northshire Council', hours: 6, amhpSpecific: true, legalUpdate: true };

  it('accept more than 0 and up to 24 hours', () => {
    expect(validateTrainingRecord({ ...valid, hours: 0.25 }, []).ok).toBe(true);
    expect(validateTrainingRecord({ ...valid, hours: 24 }, []).ok).toBe(true);
  });

  it('refuse 0, negative and more than 24 hours', () => {
    for (const [hours, message] of [
      [0, 'Training hours must be more than 0'],
      [-1, 'Training hours must be more than 0'],
      [24.01, 'Training hours must be 24 or fewer in one day'],
      [Number.NaN, 'Training hours must be more than 0'],
    ] as const) {
      const result = validateTrainingRecord({ ...valid, hours }, []);
      expect(result.ok).toBe(false);
      expect(rulesOf(result)[0]?.message).toBe(message);
    }
  });

  it('refuse a record that takes the day past 24 hours, ignoring the record being edited', () => {
    const existing = [training('2025-05-01', 20)];
    const tooMuch = validateTrainingRecord({ ...valid, hours: 4.5 }, existing);
    expect(tooMuch.ok).toBe(false);
    expect(rulesOf(tooMuch)[0]?.message).toContain('20 hours are already recorded');
    expect(validateTrainingRecord({ ...valid, hours: 4 }, existing).ok).toBe(true);
    expect(validateTrainingRecord({ ...valid, hours: 4 }, [training('2025-05-02', 20)]).ok).toBe(true);
    const existingRecord = existing[0];
    if (!existingRecord) throw new Error('fixture');
    expect(validateTrainingRecord({ ...valid, id: existingRecord.id, hours: 24 }, existing).ok).toBe(true);
  });

  it('need a date, title and provider', () => {
    const result = validateTrainingRecord({ ...valid, date: '2025-02-29', title: ' ', provider: '' }, []);
    expect(result.ok).toBe(false);
    expect(rulesOf(result).map((e) => e.field)).toEqual(['date', 'title', 'provider']);
  });
});

describe('a year’s training summary', () => {
  const approval = anApproval('2024-04-01');
  const year1 = approvalYears(approval)[0];
  if (!year1) throw new Error('fixture');

  it('counts hours only inside the approval year, up to the date, with booked hours apart', () => {
    const records = [
      training('2024-03-31', 6), // before the year
      training('2024-04-01', 6, { legalUpdate: true }),
      training('2024-09-10', 3.5, { amhpSpecific: false }),
      training('2025-03-31', 3), // booked, last day of year
      training('2025-04-01', 7), // next year
    ];
    const s = summariseTrainingYear({ year: year1, records, events: [], date: '2024-12-01' });
    expect(s).toMatchObject({ hours: 9.5, amhpSpecificHours: 6, bookedHours: 3, legalUpdate: true, hoursMet: false, trainingMet: false });
  });

  it('adds fractional hours exactly', () => {
    const records = [0.1, 0.2, 17.7].map((h) => training('2024-05-01', h, { legalUpdate: true }));
    const s = summariseTrainingYear({ year: year1, records, events: [], date: '2024-05-01' });
    expect(s.hours).toBe(18);
    expect(s.trainingMet).toBe(true);
  });

  it('is met at exactly 18 hours with a legal update, and not without one', () => {
    const withUpdate = [training('2024-06-01', 12, { legalUpdate: true }), training('2024-07-01', 6)];
    expect(summariseTrainingYear({ year: year1, records: withUpdate, events: [], date: '2024-07-01' }).trainingMet).toBe(true);
    const without = [training('2024-06-01', 12), training('2024-07-01', 6)];
    const s = summariseTrainingYear({ year: year1, records: without, events: [], date: '2024-07-01' });
    expect(s).toMatchObject({ hoursMet: true, legalUpdate: false, trainingMet: false });
    const under = [training('2024-06-01', 17.75, { legalUpdate: true })];
    expect(summariseTrainingYear({ year: year1, records: under, events: [], date: '2024-07-01' }).trainingMet).toBe(false);
  });

  it('counts professional meetings (at least 4) and away days', () => {
    const events = [event('2024-04-10'), event('2024-07-10'), event('2024-10-10'), event('2024-12-10', 'away_day')];
    const three = summariseTrainingYear({ year: year1, records: [], events, date: '2025-01-01' });
    expect(three).toMatchObject({ professionalMeetings: 3, awayDays: 1, meetingsMet: false, awayDaysMet: false });
    const four = summariseTrainingYear({ year: year1, records: [], events: [...events, event('2025-01-10'), event('2025-02-01', 'away_day')], date: '2025-03-31' });
    expect(four).toMatchObject({ professionalMeetings: 4, awayDays: 2, meetingsMet: true, awayDaysMet: true });
  });

  it('counts days left including today: 1 on the last day, 366 on the first day of a leap year', () => {
    expect(summariseTrainingYear({ year: year1, records: [], events: [], date: '2025-03-31' }).daysLeft).toBe(1);
    expect(summariseTrainingYear({ year: year1, records: [], events: [], date: '2024-04-01' }).daysLeft).toBe(365);
    const leapYear = approvalYears(anApproval('2024-02-29'))[0];
    if (!leapYear) throw new Error('fixture');
    expect(summariseTrainingYear({ year: leapYear, records: [], events: [], date: '2024-02-29' }).daysLeft).toBe(366);
    expect(summariseTrainingYear({ year: year1, records: [], events: [], date: '2025-04-01' }).daysLeft).toBe(0);
  });

  describe('at risk', () => {
    it('once 90 days or fewer are left and the year is not met', () => {
      // 31 March 2025 is the last day: 90 days left on 1 January 2025.
      const records = [training('2024-06-01', 12, { legalUpdate: true })];
      const at = (date: string) => summariseTrainingYear({ year: year1, records, events: [], date });
      expect(at('2024-12-31')).toMatchObject({ daysLeft: 91, atRisk: false });
      expect(at('2025-01-01')).toMatchObject({ daysLeft: 90, atRisk: true, atRiskReason: '90 days left in the approval year: 12 of 18 hours done' });
    });

    it('near the end with the hours but no legal update', () => {
      const s = summariseTrainingYear({ year: year1, records: [training('2024-06-01', 18)], events: [], date: '2025-03-31' });
      expect(s).toMatchObject({ atRisk: true, atRiskReason: '1 day left in the approval year: no legal update yet' });
    });

    it('earlier in the year when more than 6 hours behind the pro-rata share', () => {
      // Half way through (1 October 2024 is day 184 of 365), 18 × 183/365 ≈ 9.02 hours are expected.
      const at = (hours: number) =>
        summariseTrainingYear({ year: year1, records: hours > 0 ? [training('2024-05-01', hours)] : [], events: [], date: '2024-10-01' });
      expect(at(3.5)).toMatchObject({ atRisk: false });
      expect(at(3)).toMatchObject({ atRisk: true });
      expect(at(0).atRiskReason).toBe('More than 6 hours behind: 0 hours done, about 9 expected by now');
    });

    it('never when the year is met, and not for a finished year', () => {
      const met = [training('2024-06-01', 18, { legalUpdate: true })];
      expect(summariseTrainingYear({ year: year1, records: met, events: [], date: '2025-03-30' }).atRisk).toBe(false);
      expect(summariseTrainingYear({ year: year1, records: [], events: [], date: '2025-04-01' })).toMatchObject({ atRisk: false, trainingMet: false });
    });

    it('uses a configurable window', () => {
      const policy = { ...DEFAULT_TRAINING_POLICY, riskWindowDays: 30, proRataToleranceHours: 18 };
      const records = [training('2024-06-01', 12, { legalUpdate: true })];
      expect(summariseTrainingYear({ year: year1, records, events: [], date: '2025-03-01', policy }).atRisk).toBe(false);
      expect(summariseTrainingYear({ year: year1, records, events: [], date: '2025-03-02', policy }).atRisk).toBe(true);
    });
  });
});

describe('compliance view row', () => {
  const approval = anApproval('2024-02-29');
  const records = [training('2025-02-28', 10, { legalUpdate: true }), training('2025-03-01', 5)];

  it('shows the year in progress, switching years at the leap-day anniversary', () => {
    const lastDayOfYear1 = trainingCompliance({ approval, records, events: [], date: '2025-02-28' });
    expect(lastDayOfYear1).toMatchObject({ approved: true, hours: 10, daysLeft: 1, year: { number: 1 } });
    const firstDayOfYear2 = trainingCompliance({ approval, records, events: [], date: '2025-03-01' });
    expect(firstDayOfYear2).toMatchObject({ approved: true, hours: 5, legalUpdate: false, daysLeft: 365, year: { number: 2 } });
  });

  it('reports not approved without an approval in force', () => {
    expect(trainingCompliance({ approval: null, records, events: [], date: '2025-03-01' })).toEqual({ approved: false });
    expect(trainingCompliance({ approval, records, events: [], date: '2029-03-01' })).toEqual({ approved: false });
  });

  it('lists every year so far for the panel pack', () => {
    const years = trainingByApprovalYear({ approval, records, events: [], date: '2026-03-01' });
    expect(years.map((y) => [y.year.number, y.hours, y.trainingMet])).toEqual([
      [1, 10, false],
      [2, 5, false],
      [3, 0, false],
    ]);
  });
});
