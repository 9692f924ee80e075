import { describe, expect, it } from 'vitest';
import { rulesOf } from '../../../../test/support/results.js';
import type { Approval, Authorisation, Suspension } from './approval.js';
import {
  PROFESSIONS,
  approvalHistory,
  approvalStatusOn,
  approvalTermEnd,
  eligibleToAct,
  keepUntil,
  mayBeErased,
  reapprovalDue,
  registerEntryKeepUntil,
  validateApproval,
  validateAuthorisation,
  validateEarlyEnd,
  validateSuspension,
} from './approval.js';

const NORTH = 'lssa-northshire';
const EAST = 'lssa-eastvale';
const WEST = 'lssa-westmere';
const names = { [NORTH]: 'Northshire Council', [EAST]: 'Eastvale Borough Council', [WEST]: 'Westmere Council' };

function anApproval(overrides: Partial<Approval> = {}): Approval {
  const startDate = overrides.startDate ?? '2024-04-01';
  return { id: 'ap-1', approvingLssaId: NORTH, startDate, endDate: approvalTermEnd(startDate), earlyEnd: null, ...overrides };
}

function anAuthorisation(overrides: Partial<Authorisation> = {}): Authorisation {
  return { id: 'au-1', approvalId: 'ap-1', lssaId: EAST, startDate: '2024-04-01', endDate: '2029-03-31', ...overrides };
}

describe('professions', () => {
  it('lists the four professions that may be approved, with nurses in mental health or learning disabilities', () => {
    expect(PROFESSIONS.map((p) => p.code)).toEqual([
      'social_worker',
      'nurse_mental_health',
      'nurse_learning_disabilities',
      'occupational_therapist',
      'chartered_psychologist',
    ]);
  });
});

describe('approval term', () => {
  it('lasts five years: the last day is the day before the fifth anniversary', () => {
    expect(approvalTermEnd('2024-04-01')).toBe('2029-03-31');
    expect(approvalTermEnd('2025-01-01')).toBe('2029-12-31');
  });

  it('starting on 29 February runs to 28 February five years on', () => {
    expect(approvalTermEnd('2024-02-29')).toBe('2029-02-28');
  });

  it('starting on 1 March in a year before a leap year still ends on the last day of February', () => {
    expect(approvalTermEnd('2023-03-01')).toBe('2028-02-29');
  });

  it('fills in a full term when no end date is given', () => {
    expect(validateApproval({ startDate: '2024-04-01' }, [])).toEqual({
      ok: true,
      value: { startDate: '2024-04-01', endDate: '2029-03-31' },
    });
  });

  it('refuses an end date before or on the start date', () => {
    for (const endDate of ['2024-03-31', '2024-04-01']) {
      const result = validateApproval({ startDate: '2024-04-01', endDate }, []);
      expect(result.ok).toBe(false);
      expect(rulesOf(result)[0]?.message).toBe('The approval end date must be after the start date');
    }
    expect(validateApproval({ startDate: '2024-04-01', endDate: '2024-04-02' }, []).ok).toBe(true);
  });

  it('refuses an approval longer than five years, allowing exactly five', () => {
    expect(validateApproval({ startDate: '2024-04-01', endDate: '2029-03-31' }, []).ok).toBe(true);
    const tooLong = validateApproval({ startDate: '2024-04-01', endDate: '2029-04-01' }, []);
    expect(tooLong.ok).toBe(false);
    expect(rulesOf(tooLong)[0]?.rule).toBe('longer_than_five_years');
  });

  it('refuses a date that does not exist', () => {
    const result = validateApproval({ startDate: '2025-02-29' }, []);
    expect(result.ok).toBe(false);
    expect(rulesOf(result)[0]?.rule).toBe('invalid_date');
  });

  it('refuses overlapping approvals and says when a re-approval may start', () => {
    const current = anApproval();
    const overlap = validateApproval({ startDate: '2029-03-31' }, [current]);
    expect(overlap.ok).toBe(false);
    expect(rulesOf(overlap)[0]?.rule).toBe('overlapping_approval');
    expect(rulesOf(overlap)[0]?.message).toContain('must start on or after 1 April 2029');
    expect(validateApproval({ startDate: '2029-04-01' }, [current]).ok).toBe(true);
  });

  it('lets a re-approval start the day after an approval that ended early', () => {
    const ended = anApproval({ earlyEnd: { endedOn: '2026-06-30', reason: 'amhp_request' } });
    expect(validateApproval({ startDate: '2026-06-30' }, [ended]).ok).toBe(false);
    expect(validateApproval({ startDate: '2026-07-01' }, [ended]).ok).toBe(true);
  });
});

describe('ending an approval early', () => {
  const approval = anApproval();
  it('accepts a last day from the start up to the day before the term ends', () => {
    expect(validateEarlyEnd(approval, { endedOn: '2024-04-01', reason: 'competence_concern' }).ok).toBe(true);
    expect(validateEarlyEnd(approval, { endedOn: '2029-03-30', reason: 'amhp_request' }).ok).toBe(true);
  });
  it('refuses an ending before the start or not before the term ends', () => {
    expect(validateEarlyEnd(approval, { endedOn: '2024-03-31', reason: 'other' }).ok).toBe(false);
    expect(validateEarlyEnd(approval, { endedOn: '2029-03-31', reason: 'other' }).ok).toBe(false);
  });
});

describe('suspensions', () => {
  const approval = anApproval();
  it('must start within the approval, end on or after they start, and give a reason', () => {
    expect(validateSuspension(approval, { approvalId: 'ap-1', startDate: '2025-01-10', endDate: null, reason: 'Registration suspended' }, []).ok).toBe(true);
    expect(validateSuspension(approval, { approvalId: 'ap-1', startDate: '2024-03-31', endDate: null, reason: 'x' }, []).ok).toBe(false);
    expect(validateSuspension(approval, { approvalId: 'ap-1', startDate: '2025-01-10', endDate: '2025-01-09', reason: 'x' }, []).ok).toBe(false);
    const noReason = validateSuspension(approval, { approvalId: 'ap-1', startDate: '2025-01-10', endDate: null, reason: ' ' }, []);
    expect(noReason.ok).toBe(false);
    expect(rulesOf(noReason)[0]?.message).toBe('Enter the reason for the suspension');
  });
  it('must not overlap another suspension of the same approval', () => {
    const open: Suspension = { id: 's1', approvalId: 'ap-1', startDate: '2025-01-10', endDate: null, reason: 'x' };
    expect(validateSuspension(approval, { approvalId: 'ap-1', startDate: '2026-01-01', endDate: '2026-01-05', reason: 'y' }, [open]).ok).toBe(false);
    const closed: Suspension = { ...open, endDate: '2025-02-10' };
    expect(validateSuspension(approval, { approvalId: 'ap-1', startDate: '2025-02-11', endDate: null, reason: 'y' }, [closed]).ok).toBe(true);
  });
});

describe('authorisations', () => {
  const approval = anApproval();
  it('defaults to the end of the approval', () => {
    const result = validateAuthorisation(approval, { lssaId: EAST, startDate: '2024-04-01' }, []);
    expect(result).toEqual({ ok: true, value: { approvalId: 'ap-1', lssaId: EAST, startDate: '2024-04-01', endDate: '2029-03-31' } });
  });
  it('is refused for the approving LSSA, with a clear explanation', () => {
    const result = validateAuthorisation(approval, { lssaId: NORTH, startDate: '2024-04-01' }, []);
    expect(result.ok).toBe(false);
    expect(rulesOf(result)[0]?.rule).toBe('approving_lssa');
    expect(rulesOf(result)[0]?.message).toContain('no authorisation is needed');
  });
  it('must lie within the approval', () => {
    const before = validateAuthorisation(approval, { lssaId: EAST, startDate: '2024-03-31' }, []);
    const after = validateAuthorisation(approval, { lssaId: EAST, startDate: '2024-04-01', endDate: '2029-04-01' }, []);
    expect(before.ok).toBe(false);
    expect(after.ok).toBe(false);
    expect(rulesOf(after)[0]?.message).toContain('1 April 2024 to 31 March 2029');
    expect(validateAuthorisation(approval, { lssaId: EAST, startDate: '2029-03-31', endDate: '2029-03-31' }, []).ok).toBe(true);
  });
  it('must lie within an approval that ended early', () => {
    const ended = anApproval({ earlyEnd: { endedOn: '2025-12-31', reason: 'amhp_request' } });
    expect(validateAuthorisation(ended, { lssaId: EAST, startDate: '2024-04-01' }, [])).toMatchObject({ ok: true, value: { endDate: '2025-12-31' } });
    expect(validateAuthorisation(ended, { lssaId: EAST, startDate: '2024-04-01', endDate: '2026-01-01' }, []).ok).toBe(false);
  });
  it('refuses a second overlapping authorisation for the same LSSA', () => {
    const result = validateAuthorisation(approval, { lssaId: EAST, startDate: '2025-01-01' }, [anAuthorisation()]);
    expect(result.ok).toBe(false);
    expect(validateAuthorisation(approval, { lssaId: WEST, startDate: '2025-01-01' }, [anAuthorisation()]).ok).toBe(true);
  });
});

describe('status on a date', () => {
  const approval = anApproval();
  const suspension: Suspension = { id: 's1', approvalId: 'ap-1', startDate: '2025-03-02', endDate: '2025-03-31', reason: 'registration suspended' };

  it('is not approved before the first approval starts', () => {
    expect(approvalStatusOn({ approvals: [approval], suspensions: [], date: '2024-03-31' })).toMatchObject({
      status: 'not_approved',
      description: 'Not yet approved: approval starts on 1 April 2024',
    });
    expect(approvalStatusOn({ approvals: [], suspensions: [], date: '2024-03-31' }).description).toBe('No approval on record');
  });
  it('is approved from the first day to the last day of the term', () => {
    expect(approvalStatusOn({ approvals: [approval], suspensions: [], date: '2024-04-01' }).status).toBe('approved');
    expect(approvalStatusOn({ approvals: [approval], suspensions: [], date: '2029-03-31' }).status).toBe('approved');
  });
  it('has lapsed the day after the term ends without re-approval', () => {
    expect(approvalStatusOn({ approvals: [approval], suspensions: [], date: '2029-04-01' }).status).toBe('lapsed');
  });
  it('is suspended on the first and last suspended days only', () => {
    const at = (date: string) => approvalStatusOn({ approvals: [approval], suspensions: [suspension], date }).status;
    expect(at('2025-03-01')).toBe('approved');
    expect(at('2025-03-02')).toBe('suspended');
    expect(at('2025-03-31')).toBe('suspended');
    expect(at('2025-04-01')).toBe('approved');
  });
  it('shows approval ended, with the reason, after an early ending', () => {
    const ended = anApproval({ earlyEnd: { endedOn: '2026-06-30', reason: 'amhp_request' } });
    expect(approvalStatusOn({ approvals: [ended], suspensions: [], date: '2026-06-30' }).status).toBe('approved');
    expect(approvalStatusOn({ approvals: [ended], suspensions: [], date: '2026-07-01' })).toMatchObject({
      status: 'approval_ended',
      description: 'Approval ended on 30 June 2026: The AMHP asked in writing for approval to end',
    });
  });
  it('follows a re-approval without a break', () => {
    const second = anApproval({ id: 'ap-2', startDate: '2029-04-01' });
    expect(approvalStatusOn({ approvals: [approval, second], suspensions: [], date: '2029-04-01' })).toMatchObject({
      status: 'approved',
      approval: { id: 'ap-2' },
    });
  });
});

describe('eligible to act', () => {
  const approval = anApproval();
  const base = { approvals: [approval], suspensions: [] as Suspension[], authorisations: [anAuthorisation()], lssaNames: names };

  it('allows the approving LSSA without an authorisation', () => {
    expect(eligibleToAct({ ...base, authorisations: [], lssaId: NORTH, date: '2025-06-01' })).toMatchObject({ eligible: true, authorisation: null });
  });
  it('allows another LSSA while authorised for it', () => {
    expect(eligibleToAct({ ...base, lssaId: EAST, date: '2025-06-01' })).toMatchObject({ eligible: true, authorisation: { id: 'au-1' } });
  });
  it('refuses an LSSA the AMHP is not authorised for, naming it', () => {
    expect(eligibleToAct({ ...base, lssaId: WEST, date: '2025-06-01' })).toEqual({
      eligible: false,
      code: 'not_authorised_for_lssa',
      reason: 'They are not authorised to act for Westmere Council on 1 June 2025',
    });
  });
  it('refuses outside the authorisation’s dates', () => {
    const short = anAuthorisation({ startDate: '2025-01-01', endDate: '2025-12-31' });
    const at = (date: string) => eligibleToAct({ ...base, authorisations: [short], lssaId: EAST, date }).eligible;
    expect(at('2024-12-31')).toBe(false);
    expect(at('2025-01-01')).toBe(true);
    expect(at('2025-12-31')).toBe(true);
    expect(at('2026-01-01')).toBe(false);
  });
  it('refuses while suspended, giving the reason', () => {
    const suspensions: Suspension[] = [{ id: 's1', approvalId: 'ap-1', startDate: '2025-06-01', endDate: null, reason: 'registration suspended by the regulator' }];
    expect(eligibleToAct({ ...base, suspensions, lssaId: NORTH, date: '2025-06-01' })).toEqual({
      eligible: false,
      code: 'suspended',
      reason: 'Suspended from 1 June 2025: registration suspended by the regulator, so they cannot act on 1 June 2025',
    });
    expect(eligibleToAct({ ...base, suspensions, lssaId: NORTH, date: '2025-05-31' }).eligible).toBe(true);
  });
  it('refuses after the approval lapses, even for the approving LSSA', () => {
    expect(eligibleToAct({ ...base, lssaId: NORTH, date: '2029-03-31' }).eligible).toBe(true);
    expect(eligibleToAct({ ...base, lssaId: NORTH, date: '2029-04-01' })).toMatchObject({ eligible: false, code: 'approval_lapsed' });
  });
  it('refuses after an early ending and before approval starts', () => {
    const ended = anApproval({ earlyEnd: { endedOn: '2025-01-31', reason: 'condition_breached' } });
    expect(eligibleToAct({ ...base, approvals: [ended], lssaId: NORTH, date: '2025-02-01' })).toMatchObject({ eligible: false, code: 'approval_ended' });
    expect(eligibleToAct({ ...base, lssaId: NORTH, date: '2024-03-31' })).toMatchObject({ eligible: false, code: 'not_yet_approved' });
    expect(eligibleToAct({ ...base, approvals: [], lssaId: NORTH, date: '2024-03-31' })).toMatchObject({ eligible: false, code: 'no_approval' });
  });
  it('does not carry an authorisation over to a re-approval', () => {
    const second = anApproval({ id: 'ap-2', startDate: '2029-04-01' });
    expect(eligibleToAct({ ...base, approvals: [approval, second], lssaId: EAST, date: '2029-04-01' }).eligible).toBe(false);
  });
  it('reads an instant as the day in England', () => {
    const suspensions: Suspension[] = [{ id: 's1', approvalId: 'ap-1', startDate: '2025-07-01', endDate: null, reason: 'x' }];
    // 23:30 UTC on 30 June is already 1 July in London.
    expect(eligibleToAct({ ...base, suspensions, lssaId: NORTH, date: new Date('2025-06-30T23:30:00Z') }).eligible).toBe(false);
    expect(eligibleToAct({ ...base, suspensions, lssaId: NORTH, date: new Date('2025-06-30T22:30:00Z') }).eligible).toBe(true);
  });
});

describe('re-approval due', () => {
  const approval = anApproval();
  it('is due soon from the warning period before the last day, and overdue after it', () => {
    expect(reapprovalDue([approval], '2028-12-30')).toMatchObject({ state: 'not_due', dueDate: '2029-03-31', warnFrom: '2028-12-31' });
    expect(reapprovalDue([approval], '2028-12-31')).toMatchObject({ state: 'due_soon', daysLeft: 90 });
    expect(reapprovalDue([approval], '2029-03-31')).toMatchObject({ state: 'due_soon', daysLeft: 0 });
    expect(reapprovalDue([approval], '2029-04-01')).toMatchObject({ state: 'overdue', daysLeft: -1 });
  });
  it('has a configurable warning period', () => {
    expect(reapprovalDue([approval], '2028-10-01', { warningDays: 182 }).state).toBe('due_soon');
    expect(reapprovalDue([approval], '2028-09-30', { warningDays: 182 }).state).toBe('due_soon');
    expect(reapprovalDue([approval], '2028-09-29', { warningDays: 182 }).state).toBe('not_due');
  });
  it('tracks the latest approval once re-approved, and nothing after an early ending', () => {
    const second = anApproval({ id: 'ap-2', startDate: '2029-04-01' });
    expect(reapprovalDue([second, approval], '2029-03-01')).toMatchObject({ state: 'not_due', dueDate: '2034-03-31' });
    expect(reapprovalDue([anApproval({ earlyEnd: { endedOn: '2025-01-01', reason: 'amhp_request' } })], '2029-03-01').state).toBe('not_applicable');
    expect(reapprovalDue([], '2029-03-01').state).toBe('not_applicable');
  });
});

describe('approval history', () => {
  it('marks the first approval and re-approvals with any gap between them', () => {
    const first = anApproval();
    const second = anApproval({ id: 'ap-2', startDate: '2029-04-01' });
    const third = anApproval({ id: 'ap-3', startDate: '2034-05-01' });
    const history = approvalHistory([third, first, second]);
    expect(history.map((h) => [h.approval.id, h.kind, h.gapDays])).toEqual([
      ['ap-1', 'first_approval', 0],
      ['ap-2', 're_approval', 0],
      ['ap-3', 're_approval', 30],
    ]);
  });
});

describe('retention', () => {
  it('keeps records until ten years after the approval ended', () => {
    expect(keepUntil(anApproval())).toBe('2039-03-31');
    expect(keepUntil(anApproval({ earlyEnd: { endedOn: '2025-01-15', reason: 'amhp_request' } }))).toBe('2035-01-15');
  });
  it('keeps a leap-day ending until 1 March ten years on', () => {
    expect(keepUntil(anApproval({ startDate: '2019-03-01', endDate: '2024-02-29' }))).toBe('2034-03-01');
  });
  it('keeps the whole entry until the latest approval’s retention has passed', () => {
    const approvals = [anApproval(), anApproval({ id: 'ap-2', startDate: '2029-04-01' })];
    expect(registerEntryKeepUntil(approvals)).toBe('2044-03-31');
    expect(mayBeErased(approvals, '2044-03-31')).toBe(false);
    expect(mayBeErased(approvals, '2044-04-01')).toBe(true);
  });
});
