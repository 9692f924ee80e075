import { describe, expect, it } from 'vitest';
import { accessLines } from './access-log.js';

describe('who has seen a referral, as lines a person reads', () => {
  const at = new Date('2026-12-01T10:00:00Z');
  const names = new Map([
    ['p1', 'Ana Lima'],
    ['p2', 'Ben Osei'],
  ]);

  it('tells opening, listing, searching and changing apart', () => {
    const lines = accessLines(
      [
        { occurredAt: at, actorId: 'p1', actorRole: 'amhp', action: 'referral_viewed', entityId: 'r1' },
        { occurredAt: at, actorId: 'p2', actorRole: 'business_support', action: 'referrals_listed', entityId: null },
        { occurredAt: at, actorId: 'p2', actorRole: 'business_support', action: 'referrals_searched', entityId: null },
        { occurredAt: at, actorId: 'p1', actorRole: 'amhp', action: 'referral_allocated', entityId: 'r1' },
        { occurredAt: at, actorId: null, actorRole: null, action: 'handover_overdue', entityId: 'r1' },
        { occurredAt: at, actorId: 'gone', actorRole: 'amhp', action: 'assessment_viewed', entityId: 'r1' },
      ],
      'r1',
      names,
    );
    expect(lines.map((line) => [line.who, line.how, line.what])).toEqual([
      ['Ana Lima', 'opened', 'Opened the referral'],
      ['Ben Osei', 'listed', 'Saw it in a list'],
      ['Ben Osei', 'searched', 'Saw it in search results'],
      ['Ana Lima', 'changed', 'Changed it: referral allocated'],
      ['The system', 'changed', 'Changed it: handover overdue'],
      ['A person no longer in the directory', 'opened', 'Opened the assessment record'],
    ]);
  });
});
