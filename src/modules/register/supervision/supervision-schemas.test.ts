import { describe, expect, it } from 'vitest';
import { fieldErrorsOf } from '../../../../test/support/results.js';
import { contractForm, supervisionApiBody, supervisionForm } from './supervision-schemas.js';

const SUPERVISOR = '33333333-3333-4333-8333-333333333333';

describe('supervision forms', () => {
  it('reads cases one per line and needs two cases or a topic', () => {
    const parsed = supervisionForm.parse({ supervisorId: SUPERVISOR, date: '2026-05-01', type: 'professional_1_1', casesDiscussed: 'Case 1\r\n\r\nCase 2\n' });
    expect(parsed.casesDiscussed).toEqual(['Case 1', 'Case 2']);
    expect(fieldErrorsOf(supervisionForm, { supervisorId: SUPERVISOR, date: '2026-05-01', type: 'group', casesDiscussed: 'Case 1' })).toEqual({
      casesDiscussed: 'Enter at least two cases discussed, or the topic discussed if there were no assessments',
    });
    expect(fieldErrorsOf(supervisionForm, { supervisorId: SUPERVISOR, date: '2026-05-01', type: 'group', topic: 'Case law update' })).toEqual({});
    expect(supervisionApiBody.parse({ supervisorId: SUPERVISOR, date: '2026-05-01', type: 'group', casesDiscussed: ['A', 'B'], topic: null }).casesDiscussed).toEqual(['A', 'B']);
    // The API says which half of the either/or it gives: a topic, or null beside the cases.
    expect(fieldErrorsOf(supervisionApiBody, { supervisorId: SUPERVISOR, date: '2026-05-01', type: 'group', casesDiscussed: ['A', 'B'] })).toEqual({ topic: 'Enter the topic discussed, or null' });
  });

  it('names an unknown type and a supervisor who is not a person’s id', () => {
    expect(fieldErrorsOf(supervisionForm, { supervisorId: 'me', date: '2026-05-01', type: 'coffee', topic: 't' })).toEqual({
      supervisorId: 'Choose the supervisor',
      type: 'Choose the type of supervision',
    });
  });

  it('needs the arrangement on a contract', () => {
    expect(fieldErrorsOf(contractForm, { supervisorId: SUPERVISOR, startDate: '2026-05-01' })).toEqual({
      arrangement: 'Choose how the AMHP works (this sets how often supervision is due)',
    });
  });
});
