import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../../db/database.js';
import { ConflictError, ForbiddenError, RuleViolationError, StateError } from '../../../platform/errors.js';
import { aPerson, adminContext, organisationId, type TestPerson } from '../../../../test/support/builders/staff-builders.js';
import { aSuspension, anApprovedAmhp, anAuthorisation, messagesOf, refusedWith } from '../../../../test/support/builders/register-builders.js';
import { createTestServices, type TestServices } from '../../../../test/support/test-app.js';
import { TEST_TODAY } from '../../../../test/support/test-clock.js';
import { csvCell, toCsv } from '../register-csv.js';
import { registerSheet } from './approval-csv.js';

describe('the register: entries, approvals, authorisations, suspensions and eligibility', () => {
  let t: TestServices;
  let northshire: string;
  let westford: string;
  beforeAll(async () => {
    t = await createTestServices({ template: 'base' });
    northshire = await organisationId(t.services, 'northshire');
    westford = await organisationId(t.services, 'westford');
  });
  afterAll(async () => t.close());
  const register = () => t.services.register;

  it('adds only people who hold the AMHP role, and only once', async () => {
    const admin = await adminContext(t.services);
    const clerk = await aPerson('Cal Clerk').withRoles('business_support').withoutPassword().build(t.services);
    expect(messagesOf(await refusedWith(register().approvals.addToRegister(admin, { personId: clerk.id, profession: 'social_worker', registrationNumber: 'SW1', arrangement: 'rota' })))).toBe(
      'personId: Cal Clerk does not hold the AMHP role: an administrator must add it first',
    );
    const ava = await aPerson('Ava Amhp').withoutPassword().build(t.services);
    const entry = await register().approvals.addToRegister(admin, { personId: ava.id, profession: 'occupational_therapist', registrationNumber: 'OT551234', arrangement: 'rota' });
    expect(entry).toMatchObject({ personId: ava.id, name: 'Ava Amhp', profession: 'occupational_therapist', version: 1 });
    expect(messagesOf(await refusedWith(register().approvals.addToRegister(admin, { personId: ava.id, profession: 'social_worker', registrationNumber: 'SW1', arrangement: 'rota' })))).toBe(
      'personId: Ava Amhp is already on the register',
    );
  });

  it('approves for five years (a 29 February start ends on 28 February), refusing bad terms and overlaps by rule', async () => {
    const admin = await adminContext(t.services);
    const bea = await aPerson('Bea Amhp').withoutPassword().build(t.services);
    await register().approvals.addToRegister(admin, { personId: bea.id, profession: 'social_worker', registrationNumber: 'SW2', arrangement: 'rota' });
    const backwards = await refusedWith(register().approvals.addApproval(admin, bea.id, { approvingLssaId: northshire, startDate: '2026-03-01', endDate: '2026-02-01' }));
    expect(backwards).toBeInstanceOf(RuleViolationError);
    expect(messagesOf(backwards)).toMatch(/^end_before_start: The approval end date must be after the start date/);
    expect(messagesOf(await refusedWith(register().approvals.addApproval(admin, bea.id, { approvingLssaId: northshire, startDate: '2026-03-01', endDate: '2032-03-01' })))).toMatch(/longer_than_five_years: .*at most five years/);
    const approval = await register().approvals.addApproval(admin, bea.id, { approvingLssaId: northshire, startDate: '2024-02-29' });
    expect(approval).toMatchObject({ startDate: '2024-02-29', endDate: '2029-02-28', earlyEnd: null, version: 1 });
    expect(messagesOf(await refusedWith(register().approvals.addApproval(admin, bea.id, { approvingLssaId: northshire, startDate: '2028-01-01' })))).toMatch(/overlapping_approval: .*must start on or after 1 March 2029/);
    const trust = await organisationId(t.services, 'trust');
    expect(messagesOf(await refusedWith(register().approvals.addApproval(admin, bea.id, { approvingLssaId: trust, startDate: '2030-01-01' })))).toBe('approvingLssaId: Choose the LSSA giving the approval');
    expect(await refusedWith(register().approvals.addApproval((await aPerson().withoutPassword().build(t.services)).ctx, bea.id, { approvingLssaId: northshire, startDate: '2030-01-01' }))).toBeInstanceOf(ForbiddenError);
  });

  it('authorises another LSSA only within the approval, and never the approving LSSA', async () => {
    const cai = await aPerson('Cai Amhp').withoutPassword().build(t.services);
    const amhp = await anApprovedAmhp(t.services, cai, { lssa: 'northshire', from: '2025-04-01' });
    expect(messagesOf(await refusedWith(anAuthorisation(t.services, amhp, { lssa: 'westford', from: '2025-01-01' })))).toMatch(/outside_approval: An authorisation must fall within the approval/);
    expect(messagesOf(await refusedWith(anAuthorisation(t.services, amhp, { lssa: 'northshire', from: '2025-05-01' })))).toMatch(/approving_lssa: .*no authorisation is needed/);
    expect((await t.services.eligibility.mayAct(cai.id, westford, TEST_TODAY)).eligible).toBe(false);
    const authorisation = await anAuthorisation(t.services, amhp, { lssa: 'westford', from: '2025-05-01' });
    expect(authorisation).toMatchObject({ personId: cai.id, lssaId: westford, startDate: '2025-05-01', endDate: '2030-03-31' });
    expect(await t.services.eligibility.mayAct(cai.id, westford, TEST_TODAY)).toEqual({ eligible: true });
  });

  it('answers "may this AMHP act?" with the reason, naming the person', async () => {
    const dee = await aPerson('Dee Amhp').withoutPassword().build(t.services);
    const approved = await anApprovedAmhp(t.services, dee, { lssa: 'northshire', from: '2025-04-01' });
    expect(await t.services.eligibility.mayAct(dee.id, northshire, TEST_TODAY)).toEqual({ eligible: true });
    expect(await t.services.eligibility.mayAct(dee.id, null, TEST_TODAY)).toEqual({ eligible: true });
    expect(await t.services.eligibility.mayAct(dee.id, westford, TEST_TODAY)).toMatchObject({ eligible: false, reason: 'Dee Amhp: They are not authorised to act for Westford Borough Council on 10 March 2026' });
    expect(await t.services.eligibility.mayAct(dee.id, northshire, '2025-03-31')).toMatchObject({ eligible: false, code: 'not_yet_approved' });

    await aSuspension(t.services, approved, { from: TEST_TODAY, reason: 'Fitness to practise investigation' });
    expect(await t.services.eligibility.mayAct(dee.id, northshire, TEST_TODAY)).toEqual({
      eligible: false,
      code: 'suspended',
      reason: 'Dee Amhp: Suspended from 10 March 2026: Fitness to practise investigation, so they cannot act on 10 March 2026',
    });

    const eli = await aPerson('Eli Amhp').withoutPassword().build(t.services);
    await anApprovedAmhp(t.services, eli, { lssa: 'northshire', from: '2020-01-01' });
    expect(await t.services.eligibility.mayAct(eli.id, northshire, TEST_TODAY)).toMatchObject({ eligible: false, code: 'approval_lapsed', reason: expect.stringMatching(/^Eli Amhp: Approval lapsed after 31 December 2024/) });
    expect(await t.services.eligibility.mayAct('00000000-0000-4000-8000-000000000000', northshire, TEST_TODAY)).toMatchObject({ eligible: false, code: 'unknown_person' });
  });

  it('ends an approval early: authorisations and open suspensions are cut back, and it cannot end twice', async () => {
    const admin = await adminContext(t.services);
    const fay = await aPerson('Fay Amhp').withoutPassword().build(t.services);
    const amhp = await anApprovedAmhp(t.services, fay, { lssa: 'northshire', from: '2025-04-01' });
    await anAuthorisation(t.services, amhp, { lssa: 'westford', from: '2025-05-01' });
    await aSuspension(t.services, amhp, { from: '2026-02-01' });
    const ended = await register().approvals.endApproval(admin, fay.id, amhp.approvalId, { endedOn: '2026-03-01', reason: 'amhp_request' });
    expect(ended).toMatchObject({ earlyEnd: { endedOn: '2026-03-01', reason: 'amhp_request' }, version: 2 });
    const view = await register().people.view(admin, fay.id, { audit: false });
    expect(view.onRegister && view.history[0]?.authorisations[0]?.endDate).toBe('2026-03-01');
    expect(view.onRegister && view.history[0]?.suspensions[0]?.endDate).toBe('2026-03-01');
    expect(view.onRegister && view.status.status).toBe('approval_ended');
    const again = await refusedWith(register().approvals.endApproval(admin, fay.id, amhp.approvalId, { endedOn: '2026-03-02', reason: 'other' }));
    expect(again).toBeInstanceOf(StateError);
    expect(again.code).toBe('approval_already_ended');
  });

  it('lifts a suspension, not before the day it started', async () => {
    const admin = await adminContext(t.services);
    const gus = await aPerson('Gus Amhp').withoutPassword().build(t.services);
    const amhp = await anApprovedAmhp(t.services, gus, { lssa: 'northshire', from: '2025-04-01' });
    const suspension = await aSuspension(t.services, amhp, { from: '2026-03-01' });
    expect(messagesOf(await refusedWith(register().approvals.liftSuspension(admin, gus.id, suspension.id, { endDate: '2026-02-28' })))).toBe('endDate: The suspension cannot end before it started on 1 March 2026');
    expect(await register().approvals.liftSuspension(admin, gus.id, suspension.id, { endDate: '2026-03-05' })).toMatchObject({ endDate: '2026-03-05', version: 2 });
    expect(await t.services.eligibility.mayAct(gus.id, northshire, TEST_TODAY)).toEqual({ eligible: true });
  });

  it('gives the statutory checks the approval covering a date, read inside the caller’s transaction', async () => {
    const admin = await adminContext(t.services);
    const hal = await aPerson('Hal Amhp').withoutPassword().build(t.services);
    const amhp = await anApprovedAmhp(t.services, hal, { lssa: 'northshire', from: '2025-04-01' });
    await aSuspension(t.services, amhp, { from: '2026-01-10', to: '2026-01-20' });
    // On PGlite the outer handle inside a transaction would throw: this read uses the caller's handle.
    const inForce = await inTransaction(t.services.db, (trx) => register().approvalInForce(trx, hal.id, TEST_TODAY));
    expect(inForce).toEqual({ startsOn: '2025-04-01', endsOn: '2030-03-31', suspensions: [{ from: '2026-01-10', to: '2026-01-20' }] });
    await register().approvals.endApproval(admin, hal.id, amhp.approvalId, { endedOn: '2026-03-09', reason: 'competence_concern' });
    expect(await register().approvalInForce(t.services.db, hal.id, TEST_TODAY)).toBeNull();
    expect((await register().approvalInForce(t.services.db, hal.id, '2026-03-09'))?.endsOn).toBe('2026-03-09');
  });

  it('lists the register, shows re-approvals due in the warning period, and exports it safely', async () => {
    const admin = await adminContext(t.services);
    const ivy = await aPerson('Ivy Amhp').withoutPassword().build(t.services);
    await anApprovedAmhp(t.services, ivy, { lssa: 'westford', from: '2021-04-25', to: '2026-04-24' });
    const rows = await register().list.rows(admin);
    const row = rows.find((r) => r.personId === ivy.id);
    expect(row).toMatchObject({ name: 'Ivy Amhp', status: 'approved', approvingLssa: 'Westford Borough Council', approvalEnd: '2026-04-24', reapprovalState: 'due_soon', reapprovalDaysLeft: 45, keepUntil: '2036-04-24', eligibleToday: true });
    expect((await register().list.reapprovalsDue(admin)).map((r) => r.name)).toContain('Ivy Amhp');
    const csv = toCsv(registerSheet(rows));
    expect(csv.split('\r\n')[0]).toBe('Name,Email,Profession,Registration number,Employer,Approving LSSA,Approval start,Approval end,Status,Status detail,Authorised for,Re-approval,Re-approval due,Keep record until,Eligible today');
    expect(csv).toContain('Ivy Amhp');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(await refusedWith(register().list.rows((await aPerson().withRoles('governance_viewer').withoutPassword().build(t.services)).ctx))).toBeInstanceOf(ForbiddenError);
  });

  it('changes register details from the version read, refusing a stale version with the current one', async () => {
    const admin = await adminContext(t.services);
    const jo: TestPerson = await aPerson('Jo Amhp').withoutPassword().build(t.services);
    await anApprovedAmhp(t.services, jo, { lssa: 'northshire', from: '2025-04-01' });
    const changed = await register().approvals.updateEntry(admin, jo.id, { profession: 'nurse_mental_health', registrationNumber: '98Y1234E', arrangement: 'edt', version: 1 });
    expect(changed).toMatchObject({ profession: 'nurse_mental_health', arrangement: 'edt', version: 2 });
    const stale = await refusedWith(register().approvals.updateEntry(admin, jo.id, { profession: 'social_worker', registrationNumber: 'SW9', arrangement: 'rota', version: 1 }));
    expect(stale).toBeInstanceOf(ConflictError);
    expect((stale as ConflictError).currentVersion).toBe(2);
    expect(await refusedWith(register().approvals.updateEntry(jo.ctx, jo.id, { profession: 'social_worker', registrationNumber: 'SW9', arrangement: 'rota', version: 2 }))).toBeInstanceOf(ForbiddenError);
  });
});
