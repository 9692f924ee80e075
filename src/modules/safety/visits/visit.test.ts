import { describe, it, expect } from 'vitest';
import type { Result } from '../../../platform/result.js';
import {
  VISIT_MESSAGES,
  extendVisit,
  finishVisit,
  isLoneWorking,
  isOverdue,
  isPlausibleUkPhone,
  minutesRemaining,
  requestHelp,
  resolveAlarm,
  startVisit,
  visitAsSeenByAmhp,
} from './visit.js';
import { aVisit, at, newVisitInput, refusalOf, valueOf } from '../../../../test/support/builders/safety-builders.js';

const NOW = at('2025-03-10T10:00:00Z');
const AMHP = { id: 'amhp-ava', mayActForOthers: false };
const LEAD = { id: 'lead-lee', mayActForOthers: true };

/** Each refusal as `field: message`; a refusal about the visit itself (its state, who may act) as `visit: message`. */
function messages(result: Result<unknown>): string[] {
  return (refusalOf(result)?.errors ?? []).map((e) => `${e.field ?? 'visit'}: ${e.message}`);
}

describe('going out', () => {
  it('records where, with whom, the referral, the phone and the expected finish', () => {
    const visit = valueOf(startVisit(newVisitInput(), NOW));
    expect(visit).toMatchObject({
      status: 'out',
      place: '14 Example Road, Anytown',
      referralId: 'ref-100',
      startedAt: NOW,
      expectedFinishAt: at('2025-03-10T12:00:00Z'),
      aloneReason: null,
    });
    expect(isLoneWorking(visit)).toBe(false);
  });

  it('accepts police, ambulance and other professionals as companions', () => {
    const result = startVisit(
      newVisitInput({
        companions: [
          { kind: 'police', name: null },
          { kind: 'ambulance', name: '' },
          { kind: 'other_professional', name: 'Dr Example (s12)' },
        ],
      }),
      NOW,
    );
    expect(valueOf(result).companions[1]).toEqual({ kind: 'ambulance', name: null });
  });

  it('needs a name for a colleague or another professional', () => {
    const result = startVisit(newVisitInput({ companions: [{ kind: 'colleague', name: '  ' }] }), NOW);
    expect(messages(result)).toEqual([`companions.0.name: ${VISIT_MESSAGES.companionNameRequired}`]);
  });

  it('going alone needs a reason, and is flagged as lone working', () => {
    const refused = startVisit(newVisitInput({ companions: [], aloneReason: ' ' }), NOW);
    expect(messages(refused)).toEqual([`aloneReason: ${VISIT_MESSAGES.aloneReasonRequired}`]);

    const accepted = valueOf(startVisit(newVisitInput({ companions: [], aloneReason: 'Ward visit, contained setting' }), NOW));
    expect(isLoneWorking(accepted)).toBe(true);
    expect(accepted.aloneReason).toBe('Ward visit, contained setting');
  });

  it('refuses a reason for going alone when someone is going with the AMHP', () => {
    const result = startVisit(newVisitInput({ aloneReason: 'no one free' }), NOW);
    expect(messages(result)).toEqual([`aloneReason: ${VISIT_MESSAGES.aloneWithCompanions}`]);
  });

  it('needs a place and a UK phone number', () => {
    const result = startVisit(newVisitInput({ place: ' ', phone: '12345' }), NOW);
    expect(messages(result)).toEqual([
      `place: ${VISIT_MESSAGES.placeRequired}`,
      `phone: ${VISIT_MESSAGES.phoneInvalid}`,
    ]);
    expect(messages(startVisit(newVisitInput({ phone: '' }), NOW))).toEqual([`phone: ${VISIT_MESSAGES.phoneRequired}`]);
  });

  it('refuses an expected finish now or in the past, accepts one a minute ahead', () => {
    const past = startVisit(newVisitInput({ expectedFinishAt: at('2025-03-10T09:59:00Z') }), NOW);
    const exactlyNow = startVisit(newVisitInput({ expectedFinishAt: NOW }), NOW);
    const justAhead = startVisit(newVisitInput({ expectedFinishAt: at('2025-03-10T10:01:00Z') }), NOW);
    expect(messages(past)).toEqual([`expectedFinishAt: ${VISIT_MESSAGES.expectedFinishInPast}`]);
    expect(messages(exactlyNow)).toEqual([`expectedFinishAt: ${VISIT_MESSAGES.expectedFinishInPast}`]);
    expect(justAhead.ok).toBe(true);
  });

  it('accepts an expected finish 24 hours ahead but not a minute more', () => {
    expect(startVisit(newVisitInput({ expectedFinishAt: at('2025-03-11T10:00:00Z') }), NOW).ok).toBe(true);
    const tooFar = startVisit(newVisitInput({ expectedFinishAt: at('2025-03-11T10:01:00Z') }), NOW);
    expect(messages(tooFar)).toEqual([`expectedFinishAt: ${VISIT_MESSAGES.expectedFinishTooFar}`]);
  });

  it('refuses a second visit while the AMHP is still out on one', () => {
    const open = aVisit();
    const result = startVisit(newVisitInput({ id: 'visit-2' }), NOW, [open]);
    expect(refusalOf(result)).toMatchObject({ kind: 'state' });
    expect(messages(result)).toEqual([`visit: ${VISIT_MESSAGES.alreadyOut}`]);
  });

  it('allows a new visit once the previous one has finished', () => {
    const done = valueOf(finishVisit(aVisit(), { by: 'amhp-ava', at: at('2025-03-10T11:00:00Z'), how: 'safe', duress: false }));
    expect(startVisit(newVisitInput({ id: 'visit-2' }), NOW, [done]).ok).toBe(true);
  });

  it('allows a new visit after a duress finish, exactly as after a normal one (the alarm stays on the board)', () => {
    const duress = valueOf(finishVisit(aVisit(), { by: 'amhp-ava', at: at('2025-03-10T11:00:00Z'), how: 'safe', duress: true }));
    expect(duress.status).toBe('duress');
    expect(startVisit(newVisitInput({ id: 'visit-2' }), NOW, [duress]).ok).toBe(true);
  });
});

describe('UK phone numbers', () => {
  it.each(['07700 900123', '+44 7700 900123', '(01632) 960 001', '01632-960001', '020 7946 0000'])(
    'accepts %s',
    (n) => {
      expect(isPlausibleUkPhone(n)).toBe(true);
    },
  );
  it.each(['12345', '07700', 'call me', '+1 202 555 0100', '077009001234567'])('refuses %s', (n) => {
    expect(isPlausibleUkPhone(n)).toBe(false);
  });
});

describe('overdue and time remaining', () => {
  const visit = aVisit();
  it('is not overdue at the expected finish, and is a minute after', () => {
    expect(isOverdue(visit, at('2025-03-10T12:00:00Z'))).toBe(false);
    expect(isOverdue(visit, at('2025-03-10T12:00:01Z'))).toBe(true);
    expect(minutesRemaining(visit, at('2025-03-10T11:30:00Z'))).toBe(30);
    expect(minutesRemaining(visit, at('2025-03-10T12:20:00Z'))).toBe(-20);
  });
});

describe('extending a visit', () => {
  const visit = aVisit();
  const later = at('2025-03-10T13:00:00Z');

  it('moves the expected finish later and keeps the reason', () => {
    const result = extendVisit(visit, {
      by: AMHP,
      at: at('2025-03-10T11:50:00Z'),
      newExpectedFinishAt: later,
      reason: 'Waiting for the doctor',
    });
    expect(valueOf(result).expectedFinishAt).toEqual(later);
    expect(valueOf(result).extensions).toEqual([
      {
        at: at('2025-03-10T11:50:00Z'),
        by: 'amhp-ava',
        from: at('2025-03-10T12:00:00Z'),
        to: later,
        reason: 'Waiting for the doctor',
      },
    ]);
  });

  it('needs a reason', () => {
    const result = extendVisit(visit, { by: AMHP, at: NOW, newExpectedFinishAt: later, reason: '' });
    expect(messages(result)).toEqual([`reason: ${VISIT_MESSAGES.extensionReasonRequired}`]);
  });

  it('refuses a new finish that is not after the current one', () => {
    const same = extendVisit(visit, { by: AMHP, at: NOW, newExpectedFinishAt: visit.expectedFinishAt, reason: 'x' });
    expect(messages(same)).toEqual([`newExpectedFinishAt: ${VISIT_MESSAGES.extensionNotLater}`]);
  });

  it('refuses a new finish already in the past when extending an overdue visit', () => {
    const result = extendVisit(visit, {
      by: AMHP,
      at: at('2025-03-10T12:40:00Z'),
      newExpectedFinishAt: at('2025-03-10T12:30:00Z'),
      reason: 'Still here',
    });
    expect(messages(result)).toEqual([`newExpectedFinishAt: ${VISIT_MESSAGES.expectedFinishInPast}`]);
  });

  it("lets a lead extend on the AMHP's behalf, but not another AMHP", () => {
    expect(extendVisit(visit, { by: LEAD, at: NOW, newExpectedFinishAt: later, reason: 'Reached by phone' }).ok).toBe(
      true,
    );
    const other = extendVisit(visit, {
      by: { id: 'amhp-bo', mayActForOthers: false },
      at: NOW,
      newExpectedFinishAt: later,
      reason: 'x',
    });
    expect(refusalOf(other)).toMatchObject({ kind: 'forbidden' });
  });

  it('cannot extend a finished visit or one with an alarm', () => {
    const finished = valueOf(finishVisit(visit, { by: 'amhp-ava', at: NOW, how: 'safe', duress: false }));
    const help = valueOf(requestHelp(visit, { by: 'amhp-ava', at: NOW }));
    expect(
      messages(extendVisit(finished, { by: AMHP, at: NOW, newExpectedFinishAt: later, reason: 'x' })),
    ).toEqual([`visit: ${VISIT_MESSAGES.alreadyFinished}`]);
    expect(messages(extendVisit(help, { by: AMHP, at: NOW, newExpectedFinishAt: later, reason: 'x' }))).toEqual([
      `visit: ${VISIT_MESSAGES.extendWhileAlarm}`,
    ]);
  });
});

describe('checking in', () => {
  const visit = aVisit();
  const t = at('2025-03-10T11:40:00Z');

  it('finishes safe', () => {
    const result = finishVisit(visit, { by: 'amhp-ava', at: t, how: 'safe', duress: false });
    expect(valueOf(result)).toMatchObject({ status: 'finished_safe', finishedAt: t, reportedFinish: 'safe' });
  });

  it('going home straight after is a valid finish', () => {
    const result = finishVisit(visit, { by: 'amhp-ava', at: t, how: 'home', duress: false });
    expect(valueOf(result)).toMatchObject({ status: 'finished_home', finishedAt: t });
  });

  it("refuses a check-in on someone else's visit", () => {
    const result = finishVisit(visit, { by: 'amhp-bo', at: t, how: 'safe', duress: false });
    expect(refusalOf(result)).toMatchObject({ kind: 'forbidden' });
    expect(messages(result)).toEqual([`visit: ${VISIT_MESSAGES.notOwnVisit}`]);
    expect(refusalOf(requestHelp(visit, { by: 'amhp-bo', at: t }))).toMatchObject({ kind: 'forbidden' });
  });

  it('refuses a second finish', () => {
    const done = valueOf(finishVisit(visit, { by: 'amhp-ava', at: t, how: 'safe', duress: false }));
    expect(refusalOf(finishVisit(done, { by: 'amhp-ava', at: t, how: 'home', duress: false }))).toMatchObject({
      kind: 'state',
    });
  });

  it('a late check-in after the expected finish is still accepted', () => {
    const result = finishVisit(visit, { by: 'amhp-ava', at: at('2025-03-10T13:05:00Z'), how: 'safe', duress: false });
    expect(result.ok).toBe(true);
  });
});

describe('asking for help', () => {
  const visit = aVisit();
  const t = at('2025-03-10T10:30:00Z');
  const help = valueOf(requestHelp(visit, { by: 'amhp-ava', at: t }));

  it('records the moment help was asked for', () => {
    expect(help).toMatchObject({ status: 'help_requested', helpRequestedAt: t });
  });

  it('a second request says help is already on its way', () => {
    expect(messages(requestHelp(help, { by: 'amhp-ava', at: t }))).toEqual([
      `visit: ${VISIT_MESSAGES.helpAlreadyRequested}`,
    ]);
  });

  it('the AMHP cannot cancel it with a normal check-in: a lead closes it', () => {
    const result = finishVisit(help, { by: 'amhp-ava', at: t, how: 'safe', duress: false });
    expect(messages(result)).toEqual([`visit: ${VISIT_MESSAGES.helpRequestedLeadCloses}`]);
  });

  it('a duress "cancel" appears to work but becomes a duress alarm', () => {
    const result = finishVisit(help, { by: 'amhp-ava', at: t, how: 'safe', duress: true });
    expect(valueOf(result).status).toBe('duress');
    expect(visitAsSeenByAmhp(valueOf(result)).status).toBe('finished_safe');
  });

  it('a lead closes the alarm with a note, and the visit is finished safe', () => {
    const closed = resolveAlarm(help, {
      by: 'lead-lee',
      at: at('2025-03-10T10:50:00Z'),
      note: 'Police attended, AMHP safe',
    });
    expect(valueOf(closed)).toMatchObject({
      status: 'finished_safe',
      finishedAt: at('2025-03-10T10:50:00Z'),
      alarmResolution: { by: 'lead-lee', note: 'Police attended, AMHP safe' },
    });
  });

  it('closing needs a note, and an alarm to close', () => {
    expect(messages(resolveAlarm(help, { by: 'lead-lee', at: t, note: ' ' }))).toEqual([
      `note: ${VISIT_MESSAGES.resolutionNoteRequired}`,
    ]);
    expect(refusalOf(resolveAlarm(visit, { by: 'lead-lee', at: t, note: 'x' }))).toMatchObject({ kind: 'state' });
  });

  it('the AMHP cannot close their own alarm', () => {
    expect(refusalOf(resolveAlarm(help, { by: 'amhp-ava', at: t, note: 'fine' }))).toMatchObject({
      kind: 'forbidden',
    });
  });
});

describe('duress finish', () => {
  const visit = aVisit();
  const t = at('2025-03-10T11:00:00Z');

  it('is recorded as duress but looks like a normal safe finish to the AMHP', () => {
    const result = valueOf(finishVisit(visit, { by: 'amhp-ava', at: t, how: 'safe', duress: true }));
    expect(result).toMatchObject({ status: 'duress', duressAt: t });
    const normal = valueOf(finishVisit(visit, { by: 'amhp-ava', at: t, how: 'safe', duress: false }));
    expect(visitAsSeenByAmhp(result)).toEqual(visitAsSeenByAmhp(normal));
    expect(JSON.stringify(visitAsSeenByAmhp(result))).not.toMatch(/duress/i);
  });

  it('going home with the duress code also looks like going home', () => {
    const result = valueOf(finishVisit(visit, { by: 'amhp-ava', at: t, how: 'home', duress: true }));
    expect(result.status).toBe('duress');
    expect(visitAsSeenByAmhp(result).status).toBe('finished_home');
  });

  it('the AMHP sees the same finish before and after a lead closes the alarm', () => {
    const duress = valueOf(finishVisit(visit, { by: 'amhp-ava', at: t, how: 'home', duress: true }));
    const closed = valueOf(resolveAlarm(duress, {
      by: 'lead-lee',
      at: at('2025-03-10T11:30:00Z'),
      note: 'Seen in person',
    }));
    expect(visitAsSeenByAmhp(closed)).toEqual(visitAsSeenByAmhp(duress));
  });

  it('to the AMHP, "help" and another finish are refused as on any finished visit', () => {
    const duress = valueOf(finishVisit(visit, { by: 'amhp-ava', at: t, how: 'safe', duress: true }));
    expect(messages(requestHelp(duress, { by: 'amhp-ava', at: t }))).toEqual([
      `visit: ${VISIT_MESSAGES.alreadyFinished}`,
    ]);
    expect(messages(finishVisit(duress, { by: 'amhp-ava', at: t, how: 'safe', duress: false }))).toEqual([
      `visit: ${VISIT_MESSAGES.alreadyFinished}`,
    ]);
  });

  it('only someone other than the AMHP can close a duress alarm', () => {
    const duress = valueOf(finishVisit(visit, { by: 'amhp-ava', at: t, how: 'safe', duress: true }));
    expect(refusalOf(resolveAlarm(duress, { by: 'amhp-ava', at: t, note: 'fine' }))).toMatchObject({
      kind: 'forbidden',
    });
    const closed = resolveAlarm(duress, {
      by: 'lead-lee',
      at: at('2025-03-10T11:20:00Z'),
      note: 'Police confirmed safe',
    });
    // The AMHP's own finish time stands.
    expect(valueOf(closed)).toMatchObject({ status: 'finished_safe', finishedAt: t });
  });
});
