import { describe, expect, it } from 'vitest';
import { instantOf } from '../../platform/london-time.js';
import { DEFAULT_CATEGORIES } from './escalation.js';
import { checkReason, countByReason, escalationText, mayEscalate } from './police-requests.js';
import { type ThemeEscalation, lastMonths, median, monthLabel, themes, themesCsv } from './themes.js';

const at = (date: string, time = '10:00') => instantOf(`${date}T${time}`);

function escalation(over: Partial<ThemeEscalation> & { raisedAt: Date }): ThemeEscalation {
  const start = over.clockStartedAt ?? over.raisedAt;
  return {
    id: 'e',
    raisedBy: 'p',
    status: 'awaiting_acknowledgement',
    rung: 1,
    receiverPersonId: null,
    receiverName: 'Inspector Ola Oduya',
    clockStartedAt: start,
    acknowledgeBy: new Date(start.getTime() + 24 * 3_600_000),
    respondBy: new Date(start.getTime() + 10 * 24 * 3_600_000),
    acknowledgedAt: null,
    respondedAt: null,
    category: 'conveyance',
    partnerName: 'Westford Police',
    ...over,
  };
}

describe('Right Care, Right Person reasons', () => {
  it('requires the explanation for "other" only', () => {
    expect(checkReason('other', '  ').ok).toBe(false);
    expect(checkReason('other', ' Concern for welfare, no answer at the door ')).toEqual({ ok: true, value: { threshold: 'other', explanation: 'Concern for welfare, no answer at the door' } });
    expect(checkReason('risk_to_life', '').ok).toBe(true);
  });

  it('escalates a declined or unanswered request once', () => {
    expect(mayEscalate({ response: 'declined', escalationId: null })).toBe(true);
    expect(mayEscalate({ response: 'no_response', escalationId: null })).toBe(true);
    expect(mayEscalate({ response: 'attended', escalationId: null })).toBe(false);
    expect(mayEscalate({ response: 'declined', escalationId: 'x' })).toBe(false);
  });

  it('prefills the concern from the record', () => {
    const text = escalationText({ referralReference: 'AMHP-2026-00042', threshold: 'crime', explanation: '', requestedAtText: '2 April 2026, 22:15', response: 'declined', responseNote: 'Not a police matter, said the control room' });
    expect(text.concern).toBe('Police attendance was requested for referral AMHP-2026-00042 on 2 April 2026, 22:15 under Right Care, Right Person. Reason: A crime is being, or is about to be, committed. The police response: declined (Not a police matter, said the control room).');
  });

  it('counts by reason and response', () => {
    const counts = countByReason([
      { threshold: 'risk_to_life', response: 'attended' },
      { threshold: 'risk_to_life', response: 'declined' },
      { threshold: 'other', response: 'no_response' },
    ]);
    expect(counts.risk_to_life).toEqual({ requested: 2, attended: 1, declined: 1, noResponse: 0 });
    expect(counts.other).toEqual({ requested: 1, attended: 0, declined: 0, noResponse: 1 });
    expect(counts.crime.requested).toBe(0);
  });
});

describe('themes', () => {
  it('takes the last 12 London months (midnight on 1 May in BST is already May)', () => {
    expect(lastMonths(instantOf('2026-05-01T00:30'))).toEqual(['2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05']);
    expect(monthLabel('2026-02')).toBe('February 2026');
  });

  it('medians odd and even', () => {
    expect(median([])).toBeNull();
    expect(median([30, 10, 20])).toBe(20);
    expect(median([10, 40, 20, 30])).toBe(25);
  });

  it('counts by category, organisation and month; medians; missed deadlines; the CSV says the same', () => {
    const now = at('2026-04-20', '12:00');
    const rows = [
      // acknowledged in 2 h, responded in 3 days: both met
      escalation({ raisedAt: at('2026-04-01'), acknowledgedAt: at('2026-04-01', '12:00'), respondedAt: at('2026-04-04'), status: 'responded' }),
      // acknowledged in 30 h: late
      escalation({ raisedAt: at('2026-03-10'), acknowledgedAt: at('2026-03-11', '16:00'), status: 'acknowledged', category: 'professional_dispute' }),
      // never acknowledged: both deadlines missed by now
      escalation({ raisedAt: at('2026-03-02'), partnerName: null, category: 'professional_dispute' }),
      // outside the 12 months
      escalation({ raisedAt: at('2025-04-01'), category: 'weather' }),
    ];
    const t = themes(rows, [{ requestedAt: at('2026-04-02'), threshold: 'breach_of_peace', response: 'declined' }, { requestedAt: at('2024-01-01'), threshold: 'crime', response: 'attended' }], DEFAULT_CATEGORIES, now);
    expect(t.total).toBe(3);
    expect(t.byCategory).toEqual([
      { key: 'professional_dispute', label: 'Professional dispute or difference of opinion', count: 2 },
      { key: 'conveyance', label: 'Conveyance', count: 1 },
    ]);
    expect(t.byOrganisation).toEqual([{ name: 'Westford Police', count: 2 }, { name: 'No organisation linked', count: 1 }]);
    expect(t.byMonth.filter((m) => m.count > 0)).toEqual([{ month: '2026-03', label: 'March 2026', count: 2 }, { month: '2026-04', label: 'April 2026', count: 1 }]);
    expect(t.medianMinutesToAcknowledge).toBe((120 + 30 * 60) / 2);
    expect(t.medianMinutesToRespond).toBe(3 * 24 * 60);
    // 10 March: acknowledged late and no response by 20 March; 2 March: neither.
    expect(t.missedDeadlines).toEqual({ acknowledgement: 2, response: 2, total: 4 });
    expect(t.policeRequests.total).toBe(1);
    expect(t.policeRequests.byReason.breach_of_peace.declined).toBe(1);

    const csv = themesCsv(t).split('\r\n');
    expect(csv[0]).toBe('Section,Item,Count,Attended,Declined,No response');
    expect(csv).toContain('Period,May 2025 to April 2026,3,,,');
    expect(csv).toContain('By category,Professional dispute or difference of opinion,2,,,');
    expect(csv).toContain('By receiving organisation,Westford Police,2,,,');
    expect(csv).toContain('By month,March 2026,2,,,');
    expect(csv).toContain('Median minutes to acknowledge,,960,,,');
    expect(csv).toContain('Missed deadlines,Acknowledgement,2,,,');
    expect(csv).toContain('Police requests by reason,A breach of the peace,1,0,1,0');
  });

  it('makes an organisation name that looks like a formula inert', () => {
    const t = themes([escalation({ raisedAt: at('2026-04-01'), partnerName: '=HYPERLINK("x")' })], [], DEFAULT_CATEGORIES, at('2026-04-02'));
    expect(themesCsv(t)).toContain(`By receiving organisation,"'=HYPERLINK(""x"")",1`);
  });
});
