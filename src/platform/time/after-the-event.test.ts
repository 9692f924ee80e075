import { describe, expect, it } from 'vitest';
import { checkHappenedAt, recordedLater } from './after-the-event.js';

const now = new Date('2026-03-10T16:50:30Z'); // 16:50 in London (GMT)
const arrived = new Date('2026-03-10T08:15:00Z');

describe('recorded after the event', () => {
  it('accepts a time earlier today, after what it depends on, and "now" when not given', () => {
    expect(checkHappenedAt({ happenedAt: new Date('2026-03-10T09:45:00Z'), now, notBefore: { at: arrived, what: 'the referral arrived' }, label: 'When the decision was made' })).toEqual({ ok: true, at: new Date('2026-03-10T09:45:00Z') });
    expect(checkHappenedAt({ happenedAt: undefined, now, label: 'When' })).toEqual({ ok: true, at: now });
    // The current minute, typed: 16:50 is not "in the future" at 16:50:30.
    expect(checkHappenedAt({ happenedAt: new Date('2026-03-10T16:50:00Z'), now, label: 'When' }).ok).toBe(true);
    // The same minute as what it depends on is allowed.
    expect(checkHappenedAt({ happenedAt: new Date('2026-03-10T08:15:00Z'), now, notBefore: { at: new Date('2026-03-10T08:15:40Z'), what: 'x' }, label: 'When' }).ok).toBe(true);
  });

  it('refuses the future and a time before what it depends on, saying why', () => {
    expect(checkHappenedAt({ happenedAt: new Date('2026-03-10T16:51:00Z'), now, label: 'When the decision was made' })).toEqual({ ok: false, message: 'When the decision was made cannot be in the future (it is now 10 March 2026, 16:50)' });
    expect(checkHappenedAt({ happenedAt: new Date('2026-03-10T08:14:00Z'), now, notBefore: { at: arrived, what: 'the referral arrived' }, label: 'When the decision was made' })).toEqual({
      ok: false,
      message: 'When the decision was made cannot be before the referral arrived (10 March 2026, 08:15)',
    });
  });

  it('says both times differ only when they read differently to the minute', () => {
    expect(recordedLater(new Date('2026-03-10T09:45:00Z'), now)).toBe(true);
    expect(recordedLater(new Date('2026-03-10T16:50:00Z'), now)).toBe(false);
    expect(recordedLater(null, now)).toBe(false);
  });
});
