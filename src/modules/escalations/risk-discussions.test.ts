import { describe, expect, it } from 'vitest';
import { checkDiscussion, overdueActions, parseAttendees } from './risk-discussions.js';

describe('High Risk Multi-Agency Discussions', () => {
  it('reads "Name, Organisation" a line and refuses a line without the organisation', () => {
    expect(parseAttendees('Ava Amhp, Ashdown AMHP service\n\n  Inspector Ola Oduya, Northvale Police, Response  ')).toEqual({
      ok: true,
      value: [
        { name: 'Ava Amhp', organisation: 'Ashdown AMHP service' },
        { name: 'Inspector Ola Oduya', organisation: 'Northvale Police, Response' },
      ],
    });
    const refused = parseAttendees('Ava Amhp, Ashdown\nDr Dee');
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.refusal.kind === 'invalid' && refused.refusal.fieldErrors[0]!.message).toBe('Line 2 (“Dr Dee”): write the name, a comma, then the organisation');
  });

  const entry = {
    heldOn: '2026-03-09',
    attendees: [
      { name: 'Ava Amhp', organisation: 'Ashdown AMHP service' },
      { name: 'Inspector Ola Oduya', organisation: 'Northvale Police' },
    ],
    actions: [{ action: 'Share the crisis plan', owner: 'Three Rivers crisis team', dueOn: '2026-03-12' }],
    summary: '',
  };

  it('needs two organisations, an action, no future date and nothing due before it was held', () => {
    expect(checkDiscussion(entry, '2026-03-10').ok).toBe(true);
    const field = (r: ReturnType<typeof checkDiscussion>) => (!r.ok && r.refusal.kind === 'invalid' ? r.refusal.fieldErrors[0] : null);
    expect(field(checkDiscussion({ ...entry, heldOn: '2026-03-11' }, '2026-03-10'))?.field).toBe('heldOn');
    expect(field(checkDiscussion({ ...entry, attendees: [entry.attendees[0]!, { name: 'Bea', organisation: 'ashdown amhp service' }] }, '2026-03-10'))?.message).toBe('List who attended from at least two organisations');
    expect(field(checkDiscussion({ ...entry, actions: [] }, '2026-03-10'))?.field).toBe('actions');
    expect(field(checkDiscussion({ ...entry, actions: [{ ...entry.actions[0]!, dueOn: '2026-03-08' }] }, '2026-03-10'))).toEqual({ field: 'actions.0.dueOn', message: 'Action 1: the due date cannot be before the discussion' });
    expect(overdueActions(entry.actions, '2026-03-13')).toHaveLength(1);
    expect(overdueActions(entry.actions, '2026-03-12')).toHaveLength(0);
  });
});
