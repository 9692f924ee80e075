import { describe, expect, it } from 'vitest';
import { acknowledgementForm, filledLadderRows, ladderBody, ladderForm } from './ladders-schemas.js';

function errorsOf(result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }): Record<string, string> {
  if (result.success || !result.error) return {};
  return Object.fromEntries(result.error.issues.map((i) => [i.path.map(String).join('.'), i.message]));
}

describe('ladder forms and bodies', () => {
  it('takes the admin form’s strings as numbers and its filled rows, in order, as the ladder', () => {
    const values = { version: '3', graceMinutes: '0', stepIntervalMinutes: '15', alarmStepIntervalMinutes: '5', roleLabel0: 'AMHP Lead', contactNumber0: '01632 960201', roleLabel2: 'Head of service', personId2: '', contactNumber2: '01632 960203' };
    expect(filledLadderRows(values)).toEqual([0, 2]);
    expect(ladderForm.parse(values)).toEqual({
      graceMinutes: 0,
      stepIntervalMinutes: 15,
      alarmStepIntervalMinutes: 5,
      version: 3,
      ladder: [
        { roleLabel: 'AMHP Lead', personId: undefined, contactNumber: '01632 960201' },
        { roleLabel: 'Head of service', personId: undefined, contactNumber: '01632 960203' },
      ],
      steps: [
        { roleLabel: 'AMHP Lead', personId: undefined, contactNumber: '01632 960201' },
        { roleLabel: 'Head of service', personId: undefined, contactNumber: '01632 960203' },
      ],
    });
  });

  it('names the field of a bad number, a bad person id and a missing version', () => {
    expect(errorsOf(ladderBody.safeParse({ graceMinutes: 'soon', stepIntervalMinutes: 5, alarmStepIntervalMinutes: 5, ladder: [{ roleLabel: 'Lead', personId: 'x', contactNumber: '01632 960201' }] }))).toEqual({
      graceMinutes: 'The grace period must be a whole number',
      'ladder.0.personId': 'Choose someone from the list',
      version: 'Enter the version you last read',
    });
  });

  it('an acknowledgement names its alert, and goes back only to a safety page', () => {
    expect(acknowledgementForm.parse({ alertKey: 'k', outcome: 'called_amhp', note: '', returnTo: 'https://evil.example' })).toEqual({ alertKey: 'k', outcome: 'called_amhp', note: undefined, returnTo: undefined });
    expect(acknowledgementForm.parse({ alertKey: 'k', outcome: 'reached_amhp', returnTo: '/safety/visits/abc' }).returnTo).toBe('/safety/visits/abc');
    expect(errorsOf(acknowledgementForm.safeParse({ alertKey: 'k' }))).toEqual({ outcome: 'Choose what you did' });
  });
});
