import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aReferral, approveForTest, referralLead, referralTaker } from '../../../../test/support/builders/referral-builders.js';
import { aPerson, organisationId, type TestPerson } from '../../../../test/support/builders/staff-builders.js';
import { createTestServices, type TestServices } from '../../../../test/support/test-app.js';
import { TEST_NOW } from '../../../../test/support/test-clock.js';
import { inTransaction, tablesFor } from '../../../db/database.js';
import type { ManualClock } from '../../../platform/clock.js';
import { ConflictError, ForbiddenError, RuleViolationError, StateError, ValidationError } from '../../../platform/errors.js';
import { instantOf } from '../../../platform/time/parse.js';
import { ReferralDutyReads } from '../referral-duty-reads.js';
import type { ReferralsModuleTables } from '../referrals-tables.js';
import { interpretSearch } from './referral-list-service.js';
import type { IntakeCommand } from './referral-schemas.js';

let t: TestServices;
let support: TestPerson;
let lead: TestPerson;
let ava: TestPerson;
let ben: TestPerson;
let director: TestPerson;

/** A police call about a person under s136, as typed commands (the schemas' output). */
function intake(overrides: Partial<IntakeCommand> = {}): IntakeCommand {
  return {
    receivedAt: instantOf('2026-03-10T08:55'),
    receivedVia: 'phone',
    sourceType: 'police',
    referrerName: 'PC Test Officer',
    referrerContact: '01632 960999',
    givenName: 'Robin',
    familyName: 'Testperson',
    dateOfBirth: '1990-05-05',
    gender: 'not_known',
    interpreterNeeded: false,
    currentLocation: 'Place of safety',
    legalStatus: 's136',
    legalStatusSince: instantOf('2026-03-10T08:30'),
    reason: 'Detained under s136 on the bridge',
    urgency: 'emergency',
    confirmNotDuplicate: false,
    ...overrides,
  };
}

const refusal = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error);

beforeAll(async () => {
  t = await createTestServices({ template: 'base' });
  support = await referralTaker(t.services);
  lead = await aPerson('Lena Lead').withRoles('amhp_lead', 'amhp').build(t.services);
  ava = await aPerson('Ava Amhp').withRoles('amhp').build(t.services);
  ben = await aPerson('Ben Amhp').withRoles('amhp').build(t.services);
  director = await aPerson('Dee Director').withRoles('governance_viewer').build(t.services);
  for (const amhp of [lead, ava, ben]) await approveForTest(t.services, amhp);
});
afterAll(async () => t.close());

describe('intake', () => {
  it('records a referral with a human-readable reference, a timeline entry and its version', async () => {
    const created = await t.services.referrals.create(support.ctx, intake({ givenName: 'Alex', familyName: 'Intake', dateOfBirth: '1980-01-01' }));
    expect(created.reference).toMatch(/^REF-2026-\d{6}$/);
    expect(created).toMatchObject({ status: 'received', version: 1, givenName: 'Alex', createdByName: support.name });
    expect(created.receivedAt).toEqual(instantOf('2026-03-10T08:55'));
    expect(created.timeline.map((e) => e.kind)).toEqual(['received']);
    expect(created.availableActions).toContain('decide');
    const view = await t.services.referrals.view(support.ctx, created.id);
    expect(view.referral.status).toBe('received');
  });

  it('refuses a future date of birth, a time received in the future and an unknown council, naming each field', async () => {
    const error = await refusal(
      t.services.referrals.create(support.ctx, intake({ dateOfBirth: '2030-01-01', receivedAt: new Date(TEST_NOW.getTime() + 3_600_000), lssaId: '00000000-0000-4000-8000-000000000000' })),
    );
    expect(error).toBeInstanceOf(ValidationError);
    const fields = Object.fromEntries((error as ValidationError).fieldErrors.map((f) => [f.field, f.message]));
    expect(fields.dateOfBirth).toMatch(/today or in the past/);
    expect(fields.receivedAt).toMatch(/now or in the past/);
    expect(fields.lssaId).toMatch(/council area/);
  });

  it('shows a possible duplicate (same NHS number, or same name and date of birth) before saving, and saves when confirmed', async () => {
    const nhs = '9434765919';
    await aReferral().forPerson({ givenName: 'Dee', familyName: 'Duplicate', dateOfBirth: '1970-02-02', nhsNumber: nhs }).build(t.services);
    const byNhs = (await refusal(t.services.referrals.create(support.ctx, intake({ givenName: 'Other', familyName: 'Name', dateOfBirth: undefined, nhsNumber: nhs })))) as RuleViolationError;
    expect(byNhs).toBeInstanceOf(RuleViolationError);
    expect(byNhs.code).toBe('possible_duplicate');
    expect(byNhs.details).toMatchObject({ duplicates: [{ matchedOn: 'nhs_number', givenName: 'Dee' }], warnings: [{ rule: 'possible_duplicate', severity: 'W' }] });
    const byName = (await refusal(t.services.referrals.create(support.ctx, intake({ givenName: 'dee', familyName: 'DUPLICATE', dateOfBirth: '1970-02-02' })))) as RuleViolationError;
    expect(byName.details).toMatchObject({ duplicates: [{ matchedOn: 'name_and_date_of_birth' }] });
    const saved = await t.services.referrals.create(support.ctx, intake({ givenName: 'Dee', familyName: 'Duplicate', dateOfBirth: '1970-02-02', confirmNotDuplicate: true }));
    expect(saved.timeline.map((e) => e.kind)).toContain('duplicate_confirmed');
  });
});

describe('decision, allocation and the lifecycle', () => {
  it('signs the decision with name and time; allocation refuses the reviewer unless a reason is given', async () => {
    const { id, version } = await aReferral().build(t.services);
    const decided = await t.services.referrals.decide(lead.ctx, id, { decision: 'proceed', rationale: 'Risk to life', version });
    expect(decided).toMatchObject({ status: 'decided', decision: 'proceed', decidedByName: lead.name, decidedBy: lead.id, version: version + 1 });
    expect(decided.decidedAt).toEqual(TEST_NOW);

    const refused = (await refusal(t.services.referrals.allocate(lead.ctx, id, { amhpId: lead.id, version: decided.version }))) as ValidationError;
    expect(refused).toBeInstanceOf(ValidationError);
    expect(refused.fieldErrors[0]?.field).toBe('overrideReason');

    const allocated = await t.services.referrals.allocate(lead.ctx, id, { amhpId: lead.id, version: decided.version, overrideReason: 'No other AMHP on duty tonight' });
    expect(allocated).toMatchObject({ status: 'allocated', allocatedAmhpId: lead.id, allocationOverrideReason: 'No other AMHP on duty tonight', version: decided.version + 1 });
    const audit = await t.services.audit.search({ entityId: id });
    expect(audit.rows.map((a) => a.action)).toContain('reviewer_rule_overridden');
  });

  it('two people allocating the same version at once: one wins, the other gets a conflict with the current version', async () => {
    const { id, version } = await aReferral().decided(lead).build(t.services);
    const results = await Promise.allSettled([
      t.services.referrals.allocate(lead.ctx, id, { amhpId: ava.id, version }),
      t.services.referrals.allocate(lead.ctx, id, { amhpId: ben.id, version }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(ConflictError);
    expect((rejected.reason as ConflictError).message).toMatch(/Someone else changed this referral/);
    expect((rejected.reason as ConflictError).currentVersion).toBe(version + 1);
    const row = await t.services.referrals.getReferral(lead.ctx, id);
    expect([ava.id, ben.id]).toContain(row.allocatedAmhpId);
    expect(row.version).toBe(version + 1);
  });

  it('refuses someone who may not act as an AMHP, and moves the lifecycle does not allow', async () => {
    const { id, version } = await aReferral().build(t.services);
    const early = await refusal(t.services.referrals.allocate(lead.ctx, id, { amhpId: ava.id, version }));
    expect(early).toBeInstanceOf(StateError);
    expect((early as StateError).message).toMatch(/decision to proceed/);
    const decided = await t.services.referrals.decide(lead.ctx, id, { decision: 'proceed', rationale: 'Needs assessing', version });
    const unapproved = await aPerson('Una Unapproved').withRoles('amhp').build(t.services);
    const refused = (await refusal(t.services.referrals.allocate(lead.ctx, id, { amhpId: unapproved.id, version: decided.version }))) as ValidationError;
    expect(refused.fieldErrors[0]?.field).toBe('amhpId');
    const withdrawn = await t.services.referrals.withdraw(support.ctx, id, { reason: 'Referrer withdrew the request', version: decided.version });
    expect(withdrawn).toMatchObject({ status: 'withdrawn', withdrawnReason: 'Referrer withdrew the request' });
    expect(await refusal(t.services.referrals.close(support.ctx, id, { version: withdrawn.version }))).toBeInstanceOf(StateError);
  });

  it('lists the AMHPs who may act for the council first, with the reason the others may not', async () => {
    const unapproved = await aPerson('Zed Unapproved').withRoles('amhp').build(t.services);
    const { id } = await aReferral().build(t.services);
    const amhps = await t.services.referrals.allocation.allocatableFor(lead.ctx, id);
    expect(amhps.filter((a) => a.eligible).map((a) => a.name)).toEqual(expect.arrayContaining(['Ava Amhp', 'Ben Amhp']));
    expect(amhps.find((a) => a.id === unapproved.id)).toMatchObject({ eligible: false, reason: expect.any(String) });
    const eligibleFirst = amhps.map((a) => a.eligible);
    expect(eligibleFirst).toEqual([...eligibleFirst].sort((x, y) => Number(y) - Number(x)));
  });

  it('more information needed: waits, then the information arrives and it can be decided again', async () => {
    const { id, version } = await aReferral().build(t.services);
    const waiting = await t.services.referrals.decide(lead.ctx, id, { decision: 'more_information_needed', rationale: 'Need the GP summary', version });
    expect(waiting.status).toBe('awaiting_information');
    const back = await t.services.referrals.informationReceived(support.ctx, id, { version: waiting.version });
    expect(back).toMatchObject({ status: 'received', availableActions: expect.arrayContaining(['decide']) });
  });

  it('not proceeding with the crisis team gives the crisis-team prompts; feedback, the letter, then closure', async () => {
    (t.clock as ManualClock).set(instantOf('2026-03-13T22:00')); // a Friday night: out of hours
    try {
      const { id, version } = await aReferral({ legalStatus: 'community' }).forPerson({ dateOfBirth: '2010-01-01' }).inCouncil(null).received('2026-03-13T21:30').build(t.services);
      const decided = await t.services.referrals.decide(lead.ctx, id, { decision: 'not_proceed', alternative: 'crisis_team_home_treatment', rationale: 'Home treatment', version });
      expect(decided.prompts.map((p) => p.code)).toEqual(expect.arrayContaining(['under_18', 'residence_unknown', 'out_of_hours']));
      const withFeedback = await t.services.referrals.recordFeedback(lead.ctx, id, { givenTo: 'Dr Rhiannon Test', method: 'phone' });
      expect(withFeedback.feedback).toMatchObject([{ givenTo: 'Dr Rhiannon Test', method: 'phone', givenByName: lead.name }]);
      const letter = await t.services.referrals.feedbackLetter(lead.ctx, id);
      expect(letter.filename).toBe(`${decided.reference}-feedback.pdf`);
      const closed = await t.services.referrals.close(lead.ctx, id, { version: withFeedback.version });
      expect(closed.status).toBe('closed');
    } finally {
      (t.clock as ManualClock).set(TEST_NOW);
    }
  });

  it('feedback before a decision is refused; a future time of feedback is refused', async () => {
    const { id } = await aReferral().build(t.services);
    expect(await refusal(t.services.referrals.recordFeedback(support.ctx, id, { givenTo: 'Dr Test', method: 'phone' }))).toBeInstanceOf(StateError);
    const future = (await refusal(t.services.referrals.recordFeedback(support.ctx, id, { givenTo: 'Dr Test', method: 'phone', givenAt: new Date(TEST_NOW.getTime() + 3_600_000) }))) as ValidationError;
    expect(future.fieldErrors).toEqual([{ field: 'givenAt', message: expect.stringMatching(/now or in the past/) }]);
  });

  it('applyLifecycleEvent refuses a stale version and illegal transitions (the assessment record uses it)', async () => {
    const { id } = await aReferral().build(t.services);
    await expect(t.services.referrals.decide(lead.ctx, id, { decision: 'proceed', rationale: 'ok', version: 7 })).rejects.toBeInstanceOf(ConflictError);
    await expect(inTransaction(t.services.db, (trx) => t.services.referrals.applyLifecycleEvent(trx, lead.ctx, id, { type: 'record_outcome' }))).rejects.toBeInstanceOf(StateError);
  });

  it('addTimelineEvent and findForUpdate work inside another module’s transaction', async () => {
    const { id } = await aReferral().build(t.services);
    await inTransaction(t.services.db, async (trx) => {
      const row = await t.services.referrals.findForUpdate(trx, id);
      await t.services.referrals.addTimelineEvent(trx, lead.ctx, id, 'handover_sent', `Handed over (${row.reference})`, { to: 'edt' });
    });
    expect((await t.services.referrals.timeline(id)).map((e) => e.kind)).toContain('handover_sent');
  });
});

describe('lists, search, audit and the published reads', () => {
  it('lists open referrals with filters and audits every list, search and view without names', async () => {
    const open = await aReferral({ urgency: 'emergency' }).build(t.services);
    const allocated = await aReferral().allocatedTo(ava).build(t.services);
    const rows = await t.services.referrals.list(lead.ctx, {});
    expect(rows.map((r) => r.id)).toEqual(expect.arrayContaining([open.id, allocated.id]));
    expect(rows.every((r) => !['closed', 'withdrawn'].includes(r.status))).toBe(true);
    const emergencies = await t.services.referrals.list(lead.ctx, { urgency: 'emergency' });
    expect(emergencies.map((r) => r.id)).toContain(open.id);
    expect(emergencies.every((r) => r.urgency === 'emergency')).toBe(true);
    const unallocated = await t.services.referrals.list(lead.ctx, { amhpId: 'none' });
    expect(unallocated.map((r) => r.id)).not.toContain(allocated.id);
    const avas = await t.services.referrals.list(lead.ctx, { amhpId: ava.id });
    expect(avas.map((r) => r.id)).toContain(allocated.id);
    expect(avas.every((r) => r.allocatedAmhpId === ava.id)).toBe(true);
    expect((await t.services.referrals.list(lead.ctx, { lssaId: await organisationId(t.services, 'westford') })).map((r) => r.id)).toEqual([]);

    const nhs = '4010232137';
    const { id } = await aReferral().forPerson({ givenName: 'Quinn', familyName: 'Searchable', dateOfBirth: '1975-07-07', nhsNumber: nhs }).build(t.services);
    expect((await t.services.referrals.search(lead.ctx, 'searchable')).map((r) => r.id)).toEqual([id]);
    expect((await t.services.referrals.search(lead.ctx, 'Quinn Search')).map((r) => r.id)).toEqual([id]);
    expect((await t.services.referrals.search(lead.ctx, '401 023 2137')).map((r) => r.id)).toEqual([id]);

    const audit = await t.services.audit.search({ actorId: lead.id });
    const searched = audit.rows.filter((a) => a.action === 'referrals_searched');
    expect(searched.map((a) => a.summary.by)).toEqual(expect.arrayContaining(['name', 'nhs_number']));
    expect(JSON.stringify(audit.rows)).not.toContain('Searchable');
    expect(JSON.stringify(audit.rows)).not.toContain(nhs);

    await t.services.referrals.getReferral(ava.ctx, id);
    const viewed = await t.services.audit.search({ entityId: id, actorId: ava.id });
    expect(viewed.rows.map((v) => v.action)).toContain('referral_viewed');
  });

  it('keeps person records from roles that only see aggregates', async () => {
    await expect(t.services.referrals.list(director.ctx, {})).rejects.toBeInstanceOf(ForbiddenError);
    await expect(t.services.referrals.search(director.ctx, 'Okafor')).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('reads search input sensibly', () => {
    expect(interpretSearch('943 476 5919')).toEqual({ kind: 'nhs_number', nhsNumber: '9434765919' });
    expect(interpretSearch('ref-2026-12')).toEqual({ kind: 'reference', reference: 'REF-2026-000012' });
    expect(interpretSearch('Okafor, Sam 1990-01-02')).toEqual({ kind: 'name', terms: ['Okafor', 'Sam'], dateOfBirth: '1990-01-02' });
    expect(interpretSearch('a')).toBeNull();
  });

  it('gives the duty module referrals received in a window, with their stage and no names', async () => {
    const { id, reference } = await aReferral().received('2026-03-10T08:40').allocatedTo(ava).build(t.services);
    const window = await new ReferralDutyReads(tablesFor<ReferralsModuleTables>(t.services.db)).receivedBetween(instantOf('2026-03-10T08:30'), instantOf('2026-03-10T08:50'));
    expect(window.find((r) => r.id === id)).toMatchObject({ reference, status: 'allocated', stageLabel: 'Allocated', open: true, allocatedAmhpId: ava.id, reviewerId: (await referralLead(t.services)).id });
    expect(JSON.stringify(window)).not.toContain('Testperson');
  });

  it('looks a referral up by its reference or id for other modules (safety)', async () => {
    const { id, reference } = await aReferral().build(t.services);
    expect(await t.services.referrals.lookupReference(` ${reference.toLowerCase()} `)).toEqual({ id, reference });
    expect(await t.services.referrals.lookupReference(id)).toEqual({ id, reference });
    expect(await t.services.referrals.lookupReference('REF-1999-000001')).toBeNull();
    expect(await t.services.referrals.lookupReference('  ')).toBeNull();
  });
});
