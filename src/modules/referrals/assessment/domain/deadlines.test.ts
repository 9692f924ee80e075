import { describe, expect, it } from 'vitest';
import { aDoctor, aGuardianshipApplication, aSection136, aSection2Application, aSection3Application, aSection4Application, at } from '../../../../../test/support/builders/assessment-facts-builders.js';
import type { AssessmentFacts } from './assessment-facts.js';
import { emptyAssessmentFacts } from './assessment-facts.js';
import {
  computeDeadlines,
  deadlineStatus,
  lastDayToAdmit,
  lastDayToApply,
  placeOfSafetyExpiry,
  section2LastDay,
  section4Expiry,
  section52Expiry,
  section54Expiry,
  sixMonthsBeginningWithLastDay,
} from './deadlines.js';
import type { Deadline, DeadlineKey } from './deadlines.js';
import { formatWeekdayDateTime as formatLondonDateTime } from '../../../../platform/london-time.js';

function find(deadlines: Deadline[], key: DeadlineKey): Deadline {
  const found = deadlines.find((d) => d.key === key);
  if (!found) throw new Error(`no ${key} in ${deadlines.map((d) => d.key).join(', ')}`);
  return found;
}

function lastDayOf(deadline: Deadline): string {
  if (deadline.kind !== 'day') throw new Error('not a day deadline');
  return deadline.lastDay;
}

describe('day periods', () => {
  it('14 days ending with the application: seen on the 1st, apply by the 14th', () => {
    expect(lastDayToApply(at('2026-03-01 23:59'))).toBe('2026-03-14');
  });
  it('14 days beginning with the last examination: examined on the 10th, admit by the 23rd', () => {
    expect(lastDayToAdmit(at('2026-03-10 00:01'))).toBe('2026-03-23');
  });
  it('28 days beginning with admission: admitted on 1 March, s2 ends at the end of 28 March', () => {
    expect(section2LastDay(at('2026-03-01 10:00'))).toBe('2026-03-28');
  });
  it('uses the English date of a late-night summer admission', () => {
    // 00:30 BST on 1 July is 30 June in UTC.
    expect(section2LastDay(at('2026-07-01 00:30'))).toBe('2026-07-28');
  });
  it('6 months beginning with a day (convention unverified): the day before the same date', () => {
    expect(sixMonthsBeginningWithLastDay('2026-01-10')).toBe('2026-07-09');
    expect(sixMonthsBeginningWithLastDay('2026-08-31')).toBe('2027-02-27');
    expect(sixMonthsBeginningWithLastDay('2026-09-01')).toBe('2027-02-28');
  });
});

describe('hour periods across clock changes', () => {
  it('s4: 72 hours from 12:00 GMT Friday 27 March ends 13:00 BST Monday', () => {
    expect(formatLondonDateTime(section4Expiry(at('2026-03-27 12:00')))).toBe('Mon 30 Mar 2026, 13:00');
  });
  it('s136: 24 hours from 22:00 BST Saturday 24 October ends 21:00 GMT Sunday', () => {
    const expiry = placeOfSafetyExpiry({ clockStartedAt: at('2026-10-24 22:00'), extensions: [] });
    expect(expiry && formatLondonDateTime(expiry)).toBe('Sun 25 Oct 2026, 21:00');
  });
  it('s136 extension counts only when authorised before the 24 hours end, and at most 12 hours', () => {
    const start = at('2026-03-10 10:00');
    const ext = (authorised: string, hours: number) => ({ authorisedAt: at(authorised), hours, authorisedByExaminingDoctor: true, reason: 'person_condition' as const, superintendentApprovedAt: null });
    expect(placeOfSafetyExpiry({ clockStartedAt: start, extensions: [ext('2026-03-11 09:59', 12)] })).toEqual(at('2026-03-11 22:00'));
    expect(placeOfSafetyExpiry({ clockStartedAt: start, extensions: [ext('2026-03-11 10:00', 12)] })).toEqual(at('2026-03-11 10:00'));
    expect(placeOfSafetyExpiry({ clockStartedAt: start, extensions: [ext('2026-03-11 09:00', 20)] })).toEqual(at('2026-03-11 22:00'));
    expect(placeOfSafetyExpiry({ clockStartedAt: start, extensions: [ext('2026-03-11 09:00', 4)] })).toEqual(at('2026-03-11 14:00'));
    expect(placeOfSafetyExpiry({ clockStartedAt: null, extensions: [] })).toBeNull();
  });
  it('s5(2): 72 hours from the report, or from an earlier s5(4) record', () => {
    expect(section52Expiry({ s54RecordedAt: null, s52ReportedAt: at('2026-03-26 12:00') })).toEqual(at('2026-03-29 13:00'));
    expect(section52Expiry({ s54RecordedAt: at('2026-03-10 08:00'), s52ReportedAt: at('2026-03-10 10:00') })).toEqual(at('2026-03-13 08:00'));
    expect(section52Expiry({ s54RecordedAt: at('2026-03-10 12:00'), s52ReportedAt: at('2026-03-10 10:00') })).toEqual(at('2026-03-13 10:00'));
    expect(section52Expiry({ s54RecordedAt: at('2026-03-10 12:00'), s52ReportedAt: null })).toBeNull();
  });
  it('s5(4): 6 hours', () => {
    expect(section54Expiry(at('2026-10-24 22:00'))).toEqual(new Date('2026-10-25T03:00:00Z'));
  });
});

describe('deadlines on the record', () => {
  it('section 2: last day to apply, to admit, and when it ends', () => {
    const deadlines = computeDeadlines(aSection2Application());
    expect(lastDayOf(find(deadlines, 'application_last_day'))).toBe('2026-03-23');
    expect(lastDayOf(find(deadlines, 'admission_last_day'))).toBe('2026-03-23');
    const ends = find(deadlines, 's2_ends');
    expect(lastDayOf(ends)).toBe('2026-04-06');
    expect(ends.ruleId).toBe('R-S2-END');
    expect(ends.endsAt).toEqual(new Date('2026-04-06T23:00:00Z'));
  });

  it('section 3: first period end, flagged as unverified convention', () => {
    const deadline = find(computeDeadlines(aSection3Application()), 's3_first_period_ends');
    expect(lastDayOf(deadline)).toBe('2026-09-09');
    expect(deadline.note).toMatch(/not verified/);
  });

  it('section 4: latest application and admission, and the 72 hours', () => {
    const deadlines = computeDeadlines(aSection4Application());
    expect(find(deadlines, 'application_latest_s4').endsAt).toEqual(at('2026-03-12 00:30'));
    expect(find(deadlines, 'admission_latest_s4').endsAt).toEqual(at('2026-03-12 01:00'));
    expect(find(deadlines, 's4_ends').endsAt).toEqual(at('2026-03-14 04:00'));
    expect(deadlines.some((d) => d.key === 'application_last_day')).toBe(false);
  });

  it('section 4 converted by a second recommendation in time: section 2 from the s4 admission day', () => {
    const s4 = aSection4Application();
    const converted: AssessmentFacts = {
      ...s4,
      section4: s4.section4
        ? { ...s4.section4, secondRecommendation: { ...aDoctor({ id: 'doc-s', s12Approved: true, examinedAt: at('2026-03-11 09:00'), signedAt: at('2026-03-11 09:30') }), receivedByManagersAt: at('2026-03-11 10:00') } }
        : null,
    };
    const deadlines = computeDeadlines(converted);
    expect(lastDayOf(find(deadlines, 's2_ends'))).toBe('2026-04-07');
    expect(deadlines.some((d) => d.key === 's4_ends')).toBe(false);
  });

  it('guardianship: last day to forward to the local authority', () => {
    const deadlines = computeDeadlines(aGuardianshipApplication());
    expect(lastDayOf(find(deadlines, 'guardianship_forward_last_day'))).toBe('2026-03-23');
    expect(deadlines.some((d) => d.key === 'admission_last_day')).toBe(false);
  });

  it('section 136: when it ends, the extension cut-off and the latest possible end', () => {
    const deadlines = computeDeadlines({ ...emptyAssessmentFacts(), placeOfSafety: aSection136() });
    expect(formatLondonDateTime(find(deadlines, 'place_of_safety_ends').endsAt)).toBe('Sun 29 Mar 2026, 23:00');
    expect(find(deadlines, 'place_of_safety_extension_must_be_authorised_by').endsAt).toEqual(find(deadlines, 'place_of_safety_ends').endsAt);
    expect(formatLondonDateTime(find(deadlines, 'place_of_safety_latest_with_extension').endsAt)).toBe('Mon 30 Mar 2026, 11:00');
  });

  it('section 136 with an extension shows the extended end only', () => {
    const pos = aSection136({ extensions: [{ authorisedAt: at('2026-03-29 20:00'), hours: 6, authorisedByExaminingDoctor: true, reason: 'person_condition', superintendentApprovedAt: null }] });
    const deadlines = computeDeadlines({ ...emptyAssessmentFacts(), placeOfSafety: pos });
    expect(deadlines.map((d) => d.key)).toEqual(['place_of_safety_ends']);
    expect(formatLondonDateTime(find(deadlines, 'place_of_safety_ends').endsAt)).toBe('Mon 30 Mar 2026, 05:00');
    expect(find(deadlines, 'place_of_safety_ends').label).toContain('extended by 6 hours');
  });

  it('holding powers, current section 2 and CTO', () => {
    const facts: AssessmentFacts = {
      ...emptyAssessmentFacts(),
      holdingPower: { s54RecordedAt: at('2026-03-10 08:00'), s52ReportedAt: at('2026-03-10 10:00') },
      currentDetention: { section: 's2', admittedAt: at('2026-03-01 10:00'), s29DisplacementPending: true },
      cto: { madeOn: '2026-03-10', amhpAgreedInWriting: true },
    };
    const deadlines = computeDeadlines(facts);
    expect(find(deadlines, 's5_2_ends').note).toContain('section 5(4)');
    expect(find(deadlines, 's2_ends').note).toContain('Extended');
    expect(lastDayOf(find(deadlines, 'cto_first_period_ends'))).toBe('2026-09-09');
    const s54only = computeDeadlines({ ...emptyAssessmentFacts(), holdingPower: { s54RecordedAt: at('2026-03-10 08:00'), s52ReportedAt: null } });
    expect(find(s54only, 's5_4_ends').endsAt).toEqual(at('2026-03-10 14:00'));
  });

  it('lists deadlines earliest first and nothing for an empty record', () => {
    expect(computeDeadlines(emptyAssessmentFacts())).toEqual([]);
    const times = computeDeadlines(aSection2Application()).map((d) => d.endsAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });
});

describe('deadline status for the page', () => {
  const ends = find(computeDeadlines({ ...emptyAssessmentFacts(), placeOfSafety: aSection136() }), 'place_of_safety_ends');
  it('counts down to a deadline', () => {
    expect(deadlineStatus(ends, at('2026-03-29 20:50'))).toEqual({ passed: false, remainingMs: 130 * 60_000, text: 'Sun 29 Mar 2026, 23:00 (in 2 h 10 min)' });
  });
  it('says when a deadline has passed, including at the moment itself', () => {
    expect(deadlineStatus(ends, at('2026-03-29 23:00')).passed).toBe(true);
    expect(deadlineStatus(ends, at('2026-03-29 23:20')).text).toBe('Sun 29 Mar 2026, 23:00 (passed 20 min ago)');
  });
  it('describes day deadlines by their last day', () => {
    const s2 = find(computeDeadlines(aSection2Application()), 's2_ends');
    expect(deadlineStatus(s2, at('2026-04-06 22:00')).text).toBe('by the end of Mon 6 Apr 2026 (in 2 h)');
  });
});
