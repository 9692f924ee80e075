import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anAllocatedReferral, anApprovedAmhp } from '../../../test/support/builders/assessment-builders.js';
import { aPerson, type TestPerson } from '../../../test/support/builders/staff-builders.js';
import { apiToken, signedInBrowser, textOf } from '../../../test/support/http-client.js';
import { BASE } from '../../../test/support/base-data.js';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import type { ManualClock } from '../../platform/clock.js';
import { instantOf } from '../../platform/time/parse.js';
import { approvalState, batchCsv, lastCompleteCycle, matchDoctor, rankDoctors, type FinderDoctor, type PersonNeeds } from './doctors.js';

// ── The pure rules ───────────────────────────────────────────────────────────────────────────

describe('the doctors’ rules', () => {
  const base: FinderDoctor = { id: 'a', gmcNumber: '7000001', s12ApprovedFrom: '2022-01-01', s12ApprovedUntil: '2028-01-01', approvedClinician: false, specialisms: [], languages: [], areas: [], active: true, slots: [] };
  const person: PersonNeeds = { dateOfBirth: '2010-05-01', firstLanguage: 'Polish', communicationNeeds: '', legalStatus: 'community', lssaId: 'lssa-1', knownGmcNumbers: [] };
  const at = instantOf('2026-03-10T14:00'); // a Tuesday

  it('flags an approval expiring within 60 days and one that has lapsed', () => {
    expect(approvalState({ s12ApprovedFrom: null, s12ApprovedUntil: '2026-05-09' }, '2026-03-10').state).toBe('expiring');
    expect(approvalState({ s12ApprovedFrom: null, s12ApprovedUntil: '2026-05-10' }, '2026-03-10').state).toBe('approved');
    expect(approvalState({ s12ApprovedFrom: null, s12ApprovedUntil: '2026-03-09' }, '2026-03-10').state).toBe('lapsed');
  });

  it('ranks the available doctor first, then acquaintance, specialism, language and area; never offers a lapsed doctor', () => {
    const available = { ...base, id: 'available', slots: [{ kind: 'weekly' as const, weekday: 2, startMinute: 13 * 60, endMinute: 17 * 60, startsAt: null, endsAt: null }] };
    const matching = { ...base, id: 'matching', gmcNumber: '7000002', specialisms: ['cyp'], languages: ['polish'], areas: ['lssa-1'] };
    const lapsed = { ...base, id: 'lapsed', s12ApprovedUntil: '2026-01-01', specialisms: ['cyp'], slots: available.slots };
    const ranked = rankDoctors([matching, lapsed, available], person, at, '2026-03-10');
    expect(ranked.map((r) => r.doctor.id)).toEqual(['available', 'matching']);
    expect(ranked[1]!.match.reasons).toEqual(['Specialism: Children and young people', 'Speaks Polish', 'Covers the person’s area']);
    expect(matchDoctor(matching, { ...person, knownGmcNumbers: ['7000002'] }, at).acquaintance).toBe(true);
  });

  it('finds the last complete fortnightly cycle and writes the batch CSV with a total', () => {
    expect(lastCompleteCycle({ cycleDays: 14, cycleAnchor: '2026-01-05' }, '2026-03-10')).toEqual({ from: '2026-02-16', to: '2026-03-01' });
    const csv = batchCsv([{ claimId: 'c1', doctorName: '=Dr Evil', gmcNumber: '7000001', reference: 'R-1', assessmentDate: '2026-03-01', feeType: 'assessment', miles: 10, feePence: 20000, mileagePence: 450, totalPence: 20450, approvedOn: '2026-03-01' }]);
    const lines = csv.trim().split('\r\n');
    expect(lines[1]).toBe("c1,'=Dr Evil,7000001,R-1,2026-03-01,assessment,10,200.00,4.50,204.50,2026-03-01");
    expect(lines[2]).toBe('Total,,,,,,,,,204.50,');
  });
});

// ── End to end through the services and the API ──────────────────────────────────────────────

describe('section 12 doctors: directory, finder, invitations and claims', () => {
  let t: TestApp;
  let lead: TestPerson;
  let ava: TestPerson;
  let doctorPerson: TestPerson;
  let officer: TestPerson;
  let doctorId: string;
  let lapsedId: string;

  beforeAll(async () => {
    t = await createTestApp({ template: 'base' });
    lead = await aPerson('Lena Directory').withRoles('amhp_lead').inTeam('daytime').build(t.services);
    ava = await anApprovedAmhp('Ava Finder').build(t.services);
    doctorPerson = await aPerson('Dr Olwen Test').withRoles('s12_doctor').build(t.services);
    officer = await aPerson('Cal Claims').withRoles('claims_officer').build(t.services);
    const councils = await t.services.doctors.councils();
    const doctor = await t.services.doctors.addDoctor(lead.ctx, { name: 'Dr Olwen Test', gmcNumber: '7000123', s12ApprovedFrom: '2024-01-01', s12ApprovedUntil: '2029-01-01', approvedClinician: false, specialisms: ['older_adults'], languages: ['Welsh'], areas: [councils[0]!.id], phone: '07700 900123', email: 'olwen@doctors.example.org', base: '', notes: '', personId: doctorPerson.id });
    doctorId = doctor.id;
    lapsedId = (await t.services.doctors.addDoctor(lead.ctx, { name: 'Dr Lapsed Test', gmcNumber: '7000456', s12ApprovedFrom: '2021-01-01', s12ApprovedUntil: '2026-01-31', approvedClinician: false, specialisms: [], languages: [], areas: [], phone: '07700 900456', email: 'lapsed@doctors.example.org', base: '', notes: '' })).id;
  }, 120_000);
  afterAll(async () => t?.close());

  it('refuses a GMC number that is not 7 digits, and keeps every version of an entry', async () => {
    await expect(t.services.doctors.addDoctor(lead.ctx, { name: 'Dr Short', gmcNumber: '12345', approvedClinician: false, specialisms: [], languages: [], areas: [], phone: '07700 900999', email: 'x@example.org', base: '', notes: '' })).rejects.toMatchObject({ status: 400 });
    const current = await t.services.doctors.doctor(lead.ctx, doctorId);
    const changed = await t.services.doctors.updateDoctor(lead.ctx, doctorId, current.version, { ...current, languages: ['Welsh', 'Polish'] });
    expect(changed.languages).toEqual(['Welsh', 'Polish']);
    await expect(t.services.doctors.updateDoctor(lead.ctx, doctorId, current.version, { ...current })).rejects.toMatchObject({ status: 409 });
    expect((await t.services.doctors.versions(lead.ctx, doctorId)).map((v) => v.version)).toEqual([2, 1]);
    expect((await t.services.doctors.doctor(lead.ctx, lapsedId)).approval.state).toBe('lapsed');
  });

  it('lets the doctor say they are available now, and refuses these pages to a doctor’s peers', async () => {
    const me = await t.services.doctors.addSlot(doctorPerson.ctx, { kind: 'now', hours: 4 });
    expect(me.slots).toHaveLength(1);
    await expect(t.services.doctors.directory(doctorPerson.ctx)).rejects.toMatchObject({ status: 403 });
    await expect(t.services.doctors.me(officer.ctx)).rejects.toMatchObject({ status: 403 });
  });

  it('finds, invites (outbox and contact log), and the doctor’s acceptance is logged so the wait is measured; then the claim is checked, rejected with a reason, sent again, approved and paid', async () => {
    const referral = await anAllocatedReferral().allocatedTo(ava).build(t.services);
    const finder = await t.services.doctors.finder(ava.ctx, referral.id);
    expect(finder.offered.map((o) => o.doctor.name)).toEqual(['Dr Olwen Test']);
    expect(finder.offered[0]!.match.available).toBe(true);
    expect(finder.notOffered).toEqual([expect.objectContaining({ reason: 'Section 12 approval lapsed on 2026-01-31' })]);
    await expect(t.services.doctors.invite(ava.ctx, referral.id, { doctorId: lapsedId, neededAt: t.clock.now() })).rejects.toMatchObject({ status: 409 });

    const invitation = await t.services.doctors.invite(ava.ctx, referral.id, { doctorId, neededAt: t.clock.now(), message: 'Ward 3 at 11:00' });
    const mail = await t.tables.selectFrom('notificationOutbox').selectAll().where('recipientAddress', '=', 'olwen@doctors.example.org').execute();
    expect(mail).toHaveLength(1);
    expect(mail[0]!.body).toContain('You are invited as a section 12 doctor');
    expect(mail[0]!.body).not.toContain(referral.name);
    await expect(t.services.doctors.invite(ava.ctx, referral.id, { doctorId, neededAt: t.clock.now() })).rejects.toMatchObject({ code: 'already_invited' });

    (t.clock as ManualClock).advanceMinutes(25);
    await t.services.doctors.answer(doctorPerson.ctx, invitation.id, { accept: true, version: invitation.version });
    let record = await t.services.assessments.getRecord(ava.ctx, referral.id);
    expect(record.contacts.map((c) => c.result)).toEqual(['left_message', 'available']);
    expect(record.contactSummary.minutesToFindS12).toBe(25);
    expect(record.doctors.map((d) => d.gmcNumber)).toEqual(['7000123']);
    const told = await t.tables.selectFrom('notificationOutbox').selectAll().where('recipientPersonId', '=', ava.id).execute();
    expect(told.at(-1)!.subject).toContain('Dr Olwen Test accepted');

    // Before the outcome: refused with the reason, nothing written.
    await expect(t.services.doctors.submitClaim(doctorPerson.ctx, { referralId: referral.id, feeType: 'assessment', miles: 10 })).rejects.toMatchObject({ code: 'assessment_not_finished' });
    record = await t.services.assessments.getRecord(ava.ctx, referral.id);
    await t.services.assessments.recordOutcome(ava.ctx, referral.id, { outcome: 'no_further_action', outcomeReason: 'Support at home', version: record.version } as never);

    const claim = await t.services.doctors.submitClaim(doctorPerson.ctx, { referralId: referral.id, feeType: 'assessment', miles: 10 });
    expect(claim).toMatchObject({ status: 'submitted', feePence: 20000, mileagePence: 450, totalPence: 20450 });

    // A second claim: refused with the reason, nothing changed.
    const second = await t.services.doctors.submitClaim(doctorPerson.ctx, { referralId: referral.id, feeType: 'assessment', miles: 3 }).catch((e: unknown) => e);
    expect(second).toMatchObject({ status: 422, code: 'already_claimed' });
    expect(await t.services.doctors.myClaims(doctorPerson.ctx)).toHaveLength(1);

    // Rejected with a reason the doctor sees; sent again; approved.
    await expect(t.services.doctors.decide(officer.ctx, claim.id, { decision: 'reject', version: claim.version })).rejects.toMatchObject({ status: 400 });
    const rejected = await t.services.doctors.decide(officer.ctx, claim.id, { decision: 'reject', reason: 'Mileage looks too high', version: claim.version });
    expect((await t.services.doctors.ownClaim(doctorPerson.ctx, claim.id))).toMatchObject({ status: 'rejected', decisionReason: 'Mileage looks too high' });
    const again = await t.services.doctors.resubmitClaim(doctorPerson.ctx, claim.id, { feeType: 'assessment', miles: 4, version: rejected.version });
    const approved = await t.services.doctors.decide(officer.ctx, claim.id, { decision: 'approve', version: again.version });
    expect(approved.status).toBe('approved');

    // Paid in the batch of the cycle after the approval, and the CSV read back through the API.
    await expect(t.services.doctors.createBatch(officer.ctx)).rejects.toMatchObject({ code: 'nothing_to_pay' });
    (t.clock as ManualClock).set('2026-03-16T09:00');
    const batch = await t.services.doctors.createBatch(officer.ctx);
    expect(batch).toMatchObject({ periodFrom: '2026-03-02', periodTo: '2026-03-15', claimCount: 1, totalPence: 20180 });
    expect((await t.services.doctors.ownClaim(doctorPerson.ctx, claim.id)).status).toBe('paid');
    const token = await apiToken(t.app, officer.email, BASE.password);
    const csv = await t.app.inject({ method: 'GET', url: `/api/v1/s12-payment-batches/${batch.id}/csv`, headers: { authorization: `Bearer ${token}` } });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const rows = csv.body.trim().split('\r\n').map((l) => l.split(','));
    expect(rows[0]).toEqual(['Claim', 'Doctor', 'GMC number', 'Referral', 'Assessment date', 'Fee type', 'Miles', 'Fee (£)', 'Mileage (£)', 'Total (£)', 'Approved on']);
    expect(rows[1]).toEqual([claim.id, 'Dr Olwen Test', '7000123', referral.reference, '2026-03-10', 'assessment', '4', '200.00', '1.80', '201.80', '2026-03-10']);

    const actions = (await t.tables.selectFrom('auditLog').select('action').where('action', 'like', 's12_%').execute()).map((r: { action: string }) => r.action);
    for (const a of ['s12_finder_viewed', 's12_doctor_invited', 's12_invitation_accepted', 's12_claim_submitted', 's12_claim_rejected', 's12_claim_approved', 's12_payment_batch_created', 's12_payment_batch_downloaded']) expect(actions).toContain(a);
    (t.clock as ManualClock).set('2026-03-10T09:00');
  });

  it('refuses a claim for an assessment the doctor was not on, and one after the approval lapsed, with the reason and nothing changed', async () => {
    const other = await anAllocatedReferral().allocatedTo(ava).build(t.services);
    const token = await apiToken(t.app, doctorPerson.email, BASE.password);
    const before = (await t.services.doctors.myClaims(doctorPerson.ctx)).length;
    const notOn = await t.app.inject({ method: 'POST', url: '/api/v1/me/s12-doctor/claims', headers: { authorization: `Bearer ${token}` }, payload: { referralId: other.id, feeType: 'assessment', miles: 5 } });
    expect(notOn.statusCode).toBe(422);
    expect(notOn.body).toContain('You are not recorded as a doctor on the assessment');

    // Approval lapsed before the assessment: the doctor is on it, but was not approved that day.
    const current = await t.services.doctors.doctor(lead.ctx, doctorId, false);
    await t.services.doctors.updateDoctor(lead.ctx, doctorId, current.version, { ...current, s12ApprovedUntil: '2026-03-01' });
    const late = await anAllocatedReferral().allocatedTo(ava).build(t.services);
    await t.services.assessments.addDoctor(ava.ctx, late.id, { name: 'Dr Olwen Test', gmcNumber: '7000123', s12Approved: false, approvedClinician: false, previousAcquaintance: false } as never);
    const record = await t.services.assessments.getRecord(ava.ctx, late.id);
    await t.services.assessments.recordOutcome(ava.ctx, late.id, { outcome: 'no_further_action', outcomeReason: 'Support at home', version: record.version } as never);
    const lapsed = await t.app.inject({ method: 'POST', url: '/api/v1/me/s12-doctor/claims', headers: { authorization: `Bearer ${token}` }, payload: { referralId: late.id, feeType: 'assessment', miles: 5 } });
    expect(lapsed.statusCode).toBe(422);
    expect(lapsed.body).toContain('Your section 12 approval was not in force on the day of the assessment');
    expect((await t.services.doctors.myClaims(doctorPerson.ctx)).length).toBe(before);
  });

  it('on the pages: a claim for an assessment the doctor was not on is refused in the error summary, nothing written; opening an invitation or a claim is audited', async () => {
    const other = await anAllocatedReferral().allocatedTo(ava).build(t.services);
    const browser = await signedInBrowser(t.app, doctorPerson.email, BASE.password);
    const before = await t.services.doctors.myClaims(doctorPerson.ctx);
    const refused = await browser.post('/my-doctor-profile/claims', { referralId: other.id, feeType: 'assessment', miles: '5' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('govuk-error-summary');
    expect(textOf(refused.body)).toContain('You are not recorded as a doctor on the assessment');
    expect(await t.services.doctors.myClaims(doctorPerson.ctx)).toEqual(before);

    const claim = before[0]!;
    const claimPage = await browser.get(`/my-doctor-profile/claims/${claim.id}`);
    expect(claimPage.statusCode).toBe(200);
    expect(textOf(claimPage.body)).toContain('Paid');
    const [invitation] = await t.services.doctors.myInvitations(doctorPerson.ctx);
    const invitationPage = await browser.get(`/my-doctor-profile/invitations/${invitation!.id}`);
    expect(invitationPage.statusCode).toBe(200);
    expect(textOf(invitationPage.body)).toContain('You accepted this invitation');
    const seen = await t.tables.selectFrom('auditLog').select(['action', 'entityId']).where('actorId', '=', doctorPerson.id).where('action', 'in', ['s12_claim_viewed', 's12_invitation_viewed']).execute();
    expect(seen).toEqual(expect.arrayContaining([{ action: 's12_claim_viewed', entityId: claim.id }, { action: 's12_invitation_viewed', entityId: invitation!.referralId }]));
  });
});
