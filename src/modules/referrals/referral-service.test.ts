import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServices, type TestServices } from '../../../test/support/test-app.js';
import { inTransaction, type Tx } from '../../db/database.js';
import type { ServiceContext } from '../../platform/audit.js';
import { ManualClock } from '../../platform/clock.js';
import { ConflictError, RuleViolationError, StateError, ValidationError } from '../../platform/errors.js';
import type { Actor, Role } from '../../platform/roles.js';
import { demoNhsNumber } from './referral-demo-seed.js';
import { interpretSearch } from './referral-service.js';

const NOW = new Date('2026-03-27T22:00:00Z'); // 22:00 in London (GMT before the clocks change)

let t: TestServices;
const people: Record<string, string> = {};

async function ctxFor(email: string): Promise<ServiceContext> {
  const row = await t.services.db.selectFrom('people').select(['id', 'name', 'employingOrganisationId', 'teamId']).where('email', '=', email).executeTakeFirstOrThrow();
  const roles = (await t.services.db.selectFrom('personRoles').select('role').where('personId', '=', row.id).execute()).map((r) => r.role as Role);
  const actor: Actor = { personId: row.id, name: row.name, email, roles, organisationId: row.employingOrganisationId, teamId: row.teamId };
  people[email] = row.id;
  return { actor, requestId: 'test' };
}

function intake(overrides: Record<string, unknown> = {}) {
  return {
    receivedAt: '2026-03-27T21:55',
    receivedVia: 'phone',
    sourceType: 'police',
    referrerName: 'PC Test Officer',
    referrerContact: '01632 960999',
    givenName: 'Robin',
    familyName: 'Testperson',
    dateOfBirth: '1990-05-05',
    nhsNumber: '',
    currentLocation: 'Place of safety',
    legalStatus: 's136',
    legalStatusSince: '2026-03-27T21:30',
    reason: 'Detained under s136 on the bridge',
    urgency: 'emergency',
    ...overrides,
  };
}

let support: ServiceContext;
let lead: ServiceContext;
let amhp: ServiceContext;
let director: ServiceContext;

beforeAll(async () => {
  t = await createTestServices({ clock: new ManualClock(NOW) });
  support = await ctxFor('support@example.org');
  lead = await ctxFor('lead@example.org');
  amhp = await ctxFor('amhp@example.org');
  director = await ctxFor('director@example.org');
});
afterAll(async () => t.close());

describe('intake', () => {
  it('records a referral with a human-readable reference and a timeline entry', async () => {
    const { id, reference } = await t.services.referrals.create(support, intake({ givenName: 'Alex', familyName: 'Intake', dateOfBirth: '1980-01-01' }));
    expect(reference).toMatch(/^REF-2026-\d{6}$/);
    const view = await t.services.referrals.view(support, id);
    expect(view.referral.status).toBe('received');
    expect(view.timeline.map((e) => e.kind)).toContain('received');
    expect(view.actions).toContain('decide');
  });

  it('refuses an NHS number with a wrong check digit, a future date of birth, and says why', async () => {
    const error = await t.services.referrals.create(support, intake({ nhsNumber: '943 476 5918', dateOfBirth: '2030-01-01' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const fields = Object.fromEntries((error as ValidationError).fieldErrors.map((f) => [f.field, f.message]));
    expect(fields.nhsNumber).toMatch(/not valid/);
    expect(fields.dateOfBirth).toMatch(/today or in the past/);
  });

  it('requires when s136 started, and the referrer contact', async () => {
    const error = (await t.services.referrals.create(support, intake({ legalStatusSince: '', referrerContact: '' })).catch((e: unknown) => e)) as ValidationError;
    expect(error.fieldErrors.map((f) => f.field).sort()).toEqual(['legalStatusSince', 'referrerContact']);
  });

  it('shows a possible duplicate (same NHS number, or same name and DOB) before saving, and saves when confirmed', async () => {
    const nhs = demoNhsNumber(9001);
    await t.services.referrals.create(support, intake({ givenName: 'Dee', familyName: 'Duplicate', dateOfBirth: '1970-02-02', nhsNumber: nhs }));
    const byNhs = await t.services.referrals.create(support, intake({ givenName: 'Other', familyName: 'Name', dateOfBirth: '', nhsNumber: nhs })).catch((e: unknown) => e);
    expect(byNhs).toBeInstanceOf(RuleViolationError);
    expect((byNhs as RuleViolationError).code).toBe('possible_duplicate');
    expect((byNhs as RuleViolationError).details).toMatchObject({ duplicates: [{ matchedOn: 'nhs_number' }] });
    const byName = (await t.services.referrals.create(support, intake({ givenName: 'dee', familyName: 'DUPLICATE', dateOfBirth: '1970-02-02' })).catch((e: unknown) => e)) as RuleViolationError;
    expect(byName.details).toMatchObject({ duplicates: [{ matchedOn: 'name_and_date_of_birth' }] });
    const saved = await t.services.referrals.create(support, intake({ givenName: 'Dee', familyName: 'Duplicate', dateOfBirth: '1970-02-02', confirmNotDuplicate: 'yes' }));
    expect((await t.services.referrals.timeline(saved.id)).map((e) => e.kind)).toContain('duplicate_confirmed');
  });
});

describe('decision, allocation and the lifecycle', () => {
  it('signs the decision with name and time; allocation refuses the reviewer unless a reason is given', async () => {
    const { id } = await t.services.referrals.create(support, intake({ givenName: 'Sam', familyName: 'Decide', dateOfBirth: '1991-01-01' }));
    const before = await t.services.referrals.getReferral(lead, id);
    const decided = await t.services.referrals.decide(lead, id, { decision: 'proceed', rationale: 'Risk to life', version: before.version });
    const after = await t.services.referrals.getReferral(lead, id);
    expect(after).toMatchObject({ status: 'decided', decision: 'proceed', decidedByName: lead.actor.name, decidedBy: lead.actor.personId });
    expect(after.decidedAt).toEqual(NOW);

    const refused = (await t.services.referrals.allocate(lead, id, { amhpId: lead.actor.personId, version: decided.version }).catch((e: unknown) => e)) as ValidationError;
    expect(refused).toBeInstanceOf(ValidationError);
    expect(refused.fieldErrors[0]?.field).toBe('overrideReason');

    await t.services.referrals.allocate(lead, id, { amhpId: lead.actor.personId, version: decided.version, overrideReason: 'No other AMHP on duty tonight' });
    const allocated = await t.services.referrals.getReferral(lead, id);
    expect(allocated).toMatchObject({ status: 'allocated', allocatedAmhpId: lead.actor.personId, allocationOverrideReason: 'No other AMHP on duty tonight' });
    const audit = await t.services.db.selectFrom('auditLog').select('action').where('entityId', '=', id).execute();
    expect(audit.map((a) => a.action)).toContain('reviewer_rule_overridden');
  });

  it('two people allocating the same version at once: one wins, the other gets a conflict and nothing is lost', async () => {
    const { id } = await t.services.referrals.create(support, intake({ givenName: 'Cory', familyName: 'Conflict', dateOfBirth: '1992-01-01' }));
    const { version } = await t.services.referrals.decide(lead, id, { decision: 'proceed', rationale: 'Needs assessing', version: 1 });
    const amhps = await t.services.referrals.allocatableAmhps(null);
    const [first, second] = amhps.filter((a) => a.eligible && a.id !== lead.actor.personId);
    const results = await Promise.allSettled([
      t.services.referrals.allocate(lead, id, { amhpId: first!.id, version }),
      t.services.referrals.allocate(lead, id, { amhpId: second!.id, version }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(ConflictError);
    expect((rejected.reason as ConflictError).message).toMatch(/Someone else changed this referral/);
    const row = await t.services.referrals.getReferral(lead, id);
    expect([first!.id, second!.id]).toContain(row.allocatedAmhpId);
    expect(row.version).toBe(version + 1);
  });

  it('refuses someone who may not act as an AMHP, and illegal moves', async () => {
    const { id } = await t.services.referrals.create(support, intake({ givenName: 'Ivy', familyName: 'Illegal', dateOfBirth: '1993-01-01' }));
    const early = await t.services.referrals.allocate(lead, id, { amhpId: amhp.actor.personId, version: 1 }).catch((e: unknown) => e);
    expect(early).toBeInstanceOf(StateError);
    expect((early as StateError).message).toMatch(/decision to proceed/);
    await t.services.referrals.decide(lead, id, { decision: 'proceed', rationale: 'Needs assessing', version: 1 });
    const refused = (await t.services.referrals.allocate(lead, id, { amhpId: support.actor.personId, version: 2 }).catch((e: unknown) => e)) as ValidationError;
    expect(refused.fieldErrors[0]?.field).toBe('amhpId');
    await t.services.referrals.withdraw(support, id, { reason: 'Referrer withdrew the request', version: 2 });
    const afterWithdraw = await t.services.referrals.close(support, id, { version: 3 }).catch((e: unknown) => e);
    expect(afterWithdraw).toBeInstanceOf(StateError);
  });

  it('not proceeding with the crisis team shows the crisis-team prompts and needs an alternative', async () => {
    const { id } = await t.services.referrals.create(support, intake({ givenName: 'Kit', familyName: 'Young', dateOfBirth: '2010-01-01', legalStatus: 'community', legalStatusSince: '' }));
    const missing = (await t.services.referrals.decide(lead, id, { decision: 'not_proceed', rationale: 'x', version: 1 }).catch((e: unknown) => e)) as ValidationError;
    expect(missing.fieldErrors[0]?.field).toBe('alternative');
    const result = await t.services.referrals.decide(lead, id, { decision: 'not_proceed', alternative: 'crisis_team_home_treatment', rationale: 'Home treatment', version: 1 });
    expect(result.prompts.map((p) => p.code)).toEqual(expect.arrayContaining(['under_18', 'residence_unknown', 'out_of_hours']));
    await t.services.referrals.recordFeedback(lead, id, { givenTo: 'PC Test Officer', method: 'phone' });
    const letter = await t.services.referrals.feedbackLetter(lead, id);
    expect(letter.pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await t.services.referrals.close(lead, id, { version: result.version });
    expect((await t.services.referrals.getReferral(lead, id)).status).toBe('closed');
  });

  it('applyLifecycleEvent refuses a stale version and illegal transitions (used by the assessment record)', async () => {
    const { id } = await t.services.referrals.create(support, intake({ givenName: 'Lee', familyName: 'Cycle', dateOfBirth: '1994-01-01' }));
    await expect(
      t.services.referrals.decide(lead, id, { decision: 'proceed', rationale: 'ok', version: 7 }),
    ).rejects.toBeInstanceOf(ConflictError);
    await expect(
      inTx((trx) => t.services.referrals.applyLifecycleEvent(trx, lead, id, { type: 'record_outcome' })),
    ).rejects.toBeInstanceOf(StateError);
  });
});

async function inTx<T>(work: (trx: Tx) => Promise<T>): Promise<T> {
  return inTransaction(t.services.db, work);
}

describe('lists, search and audit', () => {
  it('lists open referrals with filters and audits every list, search and view', async () => {
    const open = await t.services.referrals.listOpen(lead, {});
    expect(open.length).toBeGreaterThan(10);
    expect(open.every((r) => !['closed', 'withdrawn'].includes(r.status))).toBe(true);
    const emergencies = await t.services.referrals.listOpen(lead, { urgency: 'emergency' });
    expect(emergencies.every((r) => r.urgency === 'emergency')).toBe(true);
    const unallocated = await t.services.referrals.listOpen(lead, { amhpId: 'none' });
    expect(unallocated.every((r) => r.allocatedAmhpId === null)).toBe(true);

    const { id } = await t.services.referrals.create(support, intake({ givenName: 'Quinn', familyName: 'Searchable', dateOfBirth: '1975-07-07', nhsNumber: demoNhsNumber(7777) }));
    expect((await t.services.referrals.search(lead, 'searchable')).map((r) => r.id)).toContain(id);
    expect((await t.services.referrals.search(lead, 'Quinn Search')).map((r) => r.id)).toContain(id);
    const nhs = demoNhsNumber(7777);
    expect((await t.services.referrals.search(lead, `${nhs.slice(0, 3)} ${nhs.slice(3, 6)} ${nhs.slice(6)}`)).map((r) => r.id)).toEqual([id]);

    const audit = await t.services.db.selectFrom('auditLog').select(['action', 'summary']).where('actorId', '=', lead.actor.personId).where('action', 'in', ['referrals_searched', 'referrals_listed']).execute();
    expect(audit.filter((a) => a.action === 'referrals_searched').map((a) => a.summary.by)).toEqual(expect.arrayContaining(['name', 'nhs_number']));
    expect(JSON.stringify(audit)).not.toContain('Searchable');
    expect(JSON.stringify(audit)).not.toContain(nhs);

    await t.services.referrals.getReferral(amhp, id);
    const viewed = await t.services.db.selectFrom('auditLog').select('action').where('entityId', '=', id).where('actorId', '=', amhp.actor.personId).execute();
    expect(viewed.map((v) => v.action)).toContain('referral_viewed');
  });

  it('keeps person records from roles that only see aggregates', async () => {
    await expect(t.services.referrals.listOpen(director, {})).rejects.toThrow();
  });

  it('reads search input sensibly', () => {
    expect(interpretSearch('943 476 5919')).toEqual({ kind: 'nhs_number', nhsNumber: '9434765919' });
    expect(interpretSearch('ref-2026-12')).toEqual({ kind: 'reference', reference: 'REF-2026-000012' });
    expect(interpretSearch('Okafor, Sam 1990-01-02')).toEqual({ kind: 'name', terms: ['Okafor', 'Sam'], dateOfBirth: '1990-01-02' });
    expect(interpretSearch('a')).toBeNull();
  });

  it('gives the duty module referrals received in a window', async () => {
    const rows = await t.services.referrals.referralsReceivedBetween(new Date(NOW.getTime() - 3_600_000), new Date(NOW.getTime() + 60_000));
    expect(rows.some((r) => r.familyName === 'Searchable')).toBe(true);
  });
});
