import { describe, it, expect } from 'vitest';
import {
  DEBRIEF_MESSAGES,
  cancelDebrief,
  debriefDueBy,
  isDebriefOverdue,
  openDebriefs,
  recordDebriefHeld,
  requestDebrief,
} from './debrief.js';
import { at, refusalOf, valueOf } from '../../../../test/support/builders/safety-builders.js';

// Monday 10 March 2025, 15:00 London (GMT).
const REQUESTED = at('2025-03-10T15:00:00Z');
const request = valueOf(
  requestDebrief(
    {
      id: 'd1',
      amhpId: 'amhp-ava',
      requestedBy: 'lead-lee',
      referralId: 'ref-100',
      reason: 'Restraint used at assessment',
    },
    REQUESTED,
  ),
);

describe('requesting a debrief', () => {
  it("may be made by a lead on the AMHP's behalf and is tracked as requested", () => {
    expect(request).toMatchObject({
      status: 'requested',
      amhpId: 'amhp-ava',
      requestedBy: 'lead-lee',
      requestedAt: REQUESTED,
    });
  });

  it('needs a reason', () => {
    expect(refusalOf(requestDebrief({ id: 'd', amhpId: 'a', requestedBy: 'a', reason: '  ' }, REQUESTED))).toMatchObject({
      errors: [{ field: 'reason', message: DEBRIEF_MESSAGES.reasonRequired }],
    });
  });
});

describe('holding a debrief', () => {
  const now = at('2025-03-12T10:00:00Z');

  it('records who held it and when', () => {
    expect(
      valueOf(recordDebriefHeld(request, { heldBy: 'manager-mo', heldAt: at('2025-03-12T09:00:00Z') }, now)),
    ).toMatchObject({
      status: 'held',
      heldBy: 'manager-mo',
      heldAt: at('2025-03-12T09:00:00Z'),
    });
  });

  it('is held by someone other than the AMHP', () => {
    expect(refusalOf(recordDebriefHeld(request, { heldBy: 'amhp-ava', heldAt: now }, now))).toMatchObject({
      errors: [{ message: DEBRIEF_MESSAGES.heldByAmhp }],
    });
  });

  it('cannot be before the request or in the future; at either boundary it is accepted', () => {
    expect(refusalOf(recordDebriefHeld(request, { heldBy: 'm', heldAt: at('2025-03-10T14:59:00Z') }, now))).toMatchObject({
      errors: [{ message: DEBRIEF_MESSAGES.heldBeforeRequest }],
    });
    expect(refusalOf(recordDebriefHeld(request, { heldBy: 'm', heldAt: at('2025-03-12T10:01:00Z') }, now))).toMatchObject({
      errors: [{ message: DEBRIEF_MESSAGES.heldInFuture }],
    });
    expect(recordDebriefHeld(request, { heldBy: 'm', heldAt: REQUESTED }, now).ok).toBe(true);
    expect(recordDebriefHeld(request, { heldBy: 'm', heldAt: now }, now).ok).toBe(true);
  });

  it('cannot be recorded twice, or after cancelling', () => {
    const held = valueOf(recordDebriefHeld(request, { heldBy: 'm', heldAt: now }, now));
    expect(refusalOf(recordDebriefHeld(held, { heldBy: 'm', heldAt: now }, now))).toMatchObject({ kind: 'state' });
    const cancelled = valueOf(cancelDebrief(request, { by: 'amhp-ava', reason: 'Discussed in supervision' }, now));
    expect(refusalOf(recordDebriefHeld(cancelled, { heldBy: 'm', heldAt: now }, now))).toMatchObject({
      kind: 'state',
    });
  });
});

describe('cancelling', () => {
  it('needs a reason', () => {
    const now = at('2025-03-11T10:00:00Z');
    expect(refusalOf(cancelDebrief(request, { by: 'amhp-ava', reason: '' }, now))).toMatchObject({
      errors: [{ field: 'cancelReason', message: DEBRIEF_MESSAGES.cancelReasonRequired }],
    });
    expect(valueOf(cancelDebrief(request, { by: 'amhp-ava', reason: 'No longer needed' }, now))).toMatchObject({
      status: 'cancelled',
      cancelledBy: 'amhp-ava',
      cancelledAt: now,
    });
  });
});

describe('overdue debriefs (7 calendar days by default)', () => {
  it('is due by the same weekday a week later, overdue from the next day (London dates)', () => {
    expect(debriefDueBy(request)).toBe('2025-03-17');
    expect(isDebriefOverdue(request, at('2025-03-17T23:59:00Z'))).toBe(false);
    expect(isDebriefOverdue(request, at('2025-03-18T00:00:00Z'))).toBe(true);
  });

  it('counts London dates across the clock change', () => {
    // Requested 00:30 London on 1 April (BST) = 23:30 UTC on 31 March.
    const late = valueOf(
      requestDebrief({ id: 'd2', amhpId: 'a', requestedBy: 'a', reason: 'x' }, at('2025-03-31T23:30:00Z')),
    );
    expect(debriefDueBy(late)).toBe('2025-04-08');
    expect(isDebriefOverdue(late, at('2025-04-08T22:59:00Z'))).toBe(false); // 23:59 BST on the 8th
    expect(isDebriefOverdue(late, at('2025-04-08T23:00:00Z'))).toBe(true); // 00:00 BST on the 9th
  });

  it("takes a team's own number of days", () => {
    expect(isDebriefOverdue(request, at('2025-03-13T12:00:00Z'), 2)).toBe(true);
    expect(isDebriefOverdue(request, at('2025-03-12T12:00:00Z'), 2)).toBe(false);
  });

  it('held or cancelled requests are never overdue', () => {
    const held = valueOf(
      recordDebriefHeld(request, { heldBy: 'm', heldAt: at('2025-03-20T09:00:00Z') }, at('2025-03-20T10:00:00Z')),
    );
    expect(isDebriefOverdue(held, at('2025-04-30T10:00:00Z'))).toBe(false);
  });

  it('lists open requests, overdue first, then oldest', () => {
    const newer = valueOf(
      requestDebrief({ id: 'd3', amhpId: 'b', requestedBy: 'b', reason: 'x' }, at('2025-03-16T09:00:00Z')),
    );
    const older = valueOf(
      requestDebrief({ id: 'd4', amhpId: 'c', requestedBy: 'c', reason: 'x' }, at('2025-03-01T09:00:00Z')),
    );
    const held = valueOf(
      recordDebriefHeld(request, { heldBy: 'm', heldAt: at('2025-03-11T09:00:00Z') }, at('2025-03-11T10:00:00Z')),
    );
    const list = openDebriefs([newer, held, older], at('2025-03-18T09:00:00Z'));
    expect(list.map((r) => [r.request.id, r.overdue, r.dueBy])).toEqual([
      ['d4', true, '2025-03-08'],
      ['d3', false, '2025-03-23'],
    ]);
    expect(openDebriefs([newer, request, older], at('2025-03-18T09:00:00Z')).map((r) => r.request.id)).toEqual([
      'd4',
      'd1',
      'd3',
    ]);
  });
});
