import { describe, expect, it } from 'vitest';
import { groupDateInputs } from '../../../platform/http/fields.js';
import { at } from '../../../../test/support/builders/safety-builders.js';
import { debriefCancelBody, debriefHeldForm, debriefRequestBody } from './debriefs-schemas.js';

function errorsOf(result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }): Record<string, string> {
  if (result.success || !result.error) return {};
  return Object.fromEntries(result.error.issues.map((i) => [i.path.map(String).join('.'), i.message]));
}

describe('debrief forms and bodies', () => {
  it('a request needs a reason; "myself" (blank) is no AMHP; a referral is kept as typed', () => {
    expect(debriefRequestBody.parse({ amhpId: '', reason: 'Hostile family', referralId: 'AMHP-2026-00042' })).toEqual({ amhpId: undefined, reason: 'Hostile family', referral: 'AMHP-2026-00042' });
    expect(errorsOf(debriefRequestBody.safeParse({ reason: ' ' }))).toEqual({ reason: 'Enter what the debrief is about' });
    expect(errorsOf(debriefRequestBody.safeParse({ amhpId: 'ava', reason: 'x' }))).toEqual({ amhpId: 'Choose the AMHP the debrief is for' });
  });

  it('held: who (from the list) and when, in London time', () => {
    const id = '00000000-0000-4000-8000-000000000000';
    const held = debriefHeldForm.parse(groupDateInputs({ heldBy: id, 'heldAt-time': '14:00', 'heldAt-day': '10', 'heldAt-month': '7', 'heldAt-year': '2025' }));
    expect(held).toEqual({ heldBy: id, heldAt: at('2025-07-10T13:00:00Z') });
    expect(errorsOf(debriefHeldForm.safeParse({ heldBy: '', heldAt: { day: '', month: '', year: '', time: '' } }))).toEqual({ heldBy: 'Choose who held the debrief', heldAt: 'Enter when the debrief was held' });
  });

  it('cancelling needs a reason', () => {
    expect(errorsOf(debriefCancelBody.safeParse({ cancelReason: '' }))).toEqual({ cancelReason: 'Enter why the debrief is no longer needed' });
  });
});
