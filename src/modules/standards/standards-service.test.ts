import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServices, type TestServices } from '../../../test/support/test-app.js';
import type { ServiceContext } from '../../platform/audit.js';
import { ConflictError, ForbiddenError, RuleViolationError, StateError, ValidationError } from '../../platform/errors.js';
import type { Actor } from '../../platform/roles.js';
import { STANDARD_NUMBERS } from './standards-catalogue.js';
import type { StandardsService } from './standards-service.js';

let t: TestServices;
let standards: StandardsService;
const ctxs: Record<string, ServiceContext> = {};

async function ctxFor(email: string): Promise<ServiceContext> {
  const cached = ctxs[email];
  if (cached) return cached;
  const people = await t.services.staff.peopleWithRole(['amhp', 'amhp_lead', 'operational_manager', 'edt_manager', 'lead_amhp', 'governance_viewer', 'admin', 'line_manager', 'edt_officer']);
  const person = people.find((p) => p.email === email);
  if (!person) throw new Error(`no ${email}`);
  const actor: Actor = { personId: person.id, name: person.name, email, roles: person.roles, organisationId: person.employingOrganisationId, teamId: person.teamId };
  ctxs[email] = { actor, requestId: 'test' };
  return ctxs[email];
}

async function organisationId(name: string): Promise<string> {
  const org = (await t.services.staff.lssas()).find((o) => o.name.startsWith(name));
  if (!org) throw new Error(name);
  return org.id;
}

async function newEvaluation(service = 'Corrington', date = '2026-01-15'): Promise<string> {
  const lead = await ctxFor('lead@example.org');
  return standards.createEvaluation(lead, { serviceId: await organisationId(service), evaluationDate: date, chairPersonId: lead.actor.personId, noteTakerPersonId: (await ctxFor('amhp@example.org')).actor.personId });
}

async function completeAll(ctx: ServiceContext, id: string): Promise<void> {
  for (const number of STANDARD_NUMBERS) {
    const record = await standards.getRecord(ctx, id, number);
    await standards.saveRecord(ctx, id, number, {
      expectedVersion: record.version,
      ...(number === '4.1'
        ? { extentMet: null, partPositions: [{ partKey: 'daytime', extentMet: 'met', note: '' }, { partKey: 'edt', extentMet: 'not_met', note: 'Lone visits at night' }] }
        : { extentMet: 'met' }),
      evidence: [{ kind: 'policy', description: `Policy for ${number}`, whereToFind: '' }],
      effectiveness: 'effective',
      risk: { amhps: 'low', service: number === '4.1' ? 'high' : 'low', organisation: 'low' },
      agreedByGroup: true,
    });
  }
}

beforeAll(async () => {
  t = await createTestServices();
  standards = t.services.standards;
});
afterAll(async () => t.close());

describe('demo data', () => {
  it('has a closed baseline a year ago with all 28 complete, parts differing, overdue actions, and a repeat in progress', async () => {
    const lead = await ctxFor('lead@example.org');
    const list = await standards.listEvaluations(lead, { organisationId: await organisationId('Brackenford') });
    const baseline = list.find((i) => i.evaluation.status === 'closed');
    const repeat = list.find((i) => i.evaluation.status !== 'closed');
    expect(baseline?.progress.completed).toBe(28);
    expect(repeat?.evaluation.baselineEvaluationId).toBe(baseline?.evaluation.id);
    const view = await standards.getEvaluation(lead, baseline?.evaluation.id ?? '');
    expect(view.records.some((r) => new Set(r.partPositions.map((p) => p.extentMet)).size > 1)).toBe(true);
    const plan = await standards.plan(lead);
    expect(plan.summary.overdue).toBeGreaterThan(0);
    expect(plan.rows.every((r) => r.evaluation.id)).toBe(true);
  });
});

describe('an evaluation from set-up to close', () => {
  it('stores the catalogue version it was made against', async () => {
    const id = await newEvaluation();
    const view = await standards.getEvaluation(await ctxFor('lead@example.org'), id);
    expect(view.evaluation.catalogueVersion).toBe('AMHP Hub paraphrase 1');
    expect(view.records).toHaveLength(28);
  });

  it('adds participants with the parts of the service they represent', async () => {
    const id = await newEvaluation();
    const lead = await ctxFor('lead@example.org');
    const edt = await ctxFor('edt@example.org');
    await expect(standards.addParticipant(lead, id, { personId: edt.actor.personId, represents: [], attending: 'yes' })).rejects.toThrow(ValidationError);
    await standards.addParticipant(lead, id, { personId: edt.actor.personId, represents: ['out_of_hours'], attending: 'yes' });
    const view = await standards.getEvaluation(edt, id);
    expect(view.evaluation.participants).toEqual([expect.objectContaining({ personId: edt.actor.personId, represents: ['out_of_hours'], attending: true })]);
    expect(view.can.addThoughts).toBe(true);
    await standards.addEarlyThought(edt, id, { standardNumber: '4.1', text: 'Nights are hard', gatheredFrom: 'Two EDT colleagues' });
    await expect(standards.addParticipant(edt, id, { personId: edt.actor.personId, represents: ['daytime'], attending: 'yes' })).rejects.toThrow(ForbiddenError);
  });

  it('rejects a rating outside the scale', async () => {
    const id = await newEvaluation();
    const lead = await ctxFor('lead@example.org');
    await expect(standards.saveRecord(lead, id, '1.1', { expectedVersion: 0, risk: { amhps: 'catastrophic', service: 'low', organisation: 'low' } })).rejects.toThrow(ValidationError);
    await expect(standards.saveRecord(lead, id, '1.1', { expectedVersion: 0, extentMet: 'mostly' })).rejects.toThrow(ValidationError);
  });

  it('rejects an action without an owner or due before the evaluation date', async () => {
    const id = await newEvaluation('Corrington', '2026-01-15');
    const lead = await ctxFor('lead@example.org');
    const noOwner = await standards.addAction(lead, id, { standardNumber: '1.1', description: 'Do it', owner: '', targetDate: '2026-03-01' }).catch((e: unknown) => e);
    expect(noOwner).toBeInstanceOf(ValidationError);
    expect((noOwner as ValidationError).fieldErrors.map((f) => f.field)).toContain('owner');
    const early = await standards.addAction(lead, id, { standardNumber: '1.1', description: 'Do it', owner: 'AMHP Lead', targetDate: '2026-01-14' }).catch((e: unknown) => e);
    expect((early as ValidationError).fieldErrors[0]?.message).toContain('on or after the evaluation date');
  });

  it('only the chair or note-taker edits a standard', async () => {
    const id = await newEvaluation();
    await expect(standards.saveRecord(await ctxFor('edt@example.org'), id, '1.1', { expectedVersion: 0, extentMet: 'met' })).rejects.toThrow(ForbiddenError);
  });

  it('tells the second editor of the same standard about the conflict, with both versions, and saves nothing', async () => {
    const id = await newEvaluation();
    const chair = await ctxFor('lead@example.org');
    const notes = await ctxFor('amhp@example.org');
    await standards.saveRecord(chair, id, '2.3', { expectedVersion: 0, extentMet: 'partly_met', mapNotes: 'Chair typed this' });
    const error = await standards.saveRecord(notes, id, '2.3', { expectedVersion: 0, extentMet: 'not_met', mapNotes: 'Note-taker typed this' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    const details = (error as ConflictError).details as { current: { mapNotes: string }; yours: { mapNotes: string } };
    expect(details.current.mapNotes).toBe('Chair typed this');
    expect(details.yours.mapNotes).toBe('Note-taker typed this');
    expect((await standards.getRecord(chair, id, '2.3')).mapNotes).toBe('Chair typed this');
  });

  it('cannot close until all 28 are agreed; only the chair closes; closed is read-only', async () => {
    const id = await newEvaluation();
    const chair = await ctxFor('lead@example.org');
    const notes = await ctxFor('amhp@example.org');
    await standards.transition(notes, id, 'start_meeting');
    await expect(standards.transition(chair, id, 'close')).rejects.toThrow(RuleViolationError);
    await completeAll(notes, id);
    await expect(standards.transition(notes, id, 'close')).rejects.toThrow(ForbiddenError);
    await standards.transition(chair, id, 'circulate');
    await standards.addComment(await ctxFor('edt@example.org'), id, { standardNumber: '4.1', text: 'EDT view: still lone visits' });
    const closed = await standards.transition(chair, id, 'close');
    expect(closed.status).toBe('closed');
    const editing = await standards.saveRecord(chair, id, '1.1', { expectedVersion: 1, mapNotes: 'late change' }).catch((e: unknown) => e);
    expect(editing).toBeInstanceOf(StateError);
    expect((editing as StateError).code).toBe('evaluation_closed');
    await expect(standards.addAction(chair, id, { standardNumber: '1.1', description: 'x', owner: 'y', targetDate: '2026-05-01' })).rejects.toThrow(StateError);
    const view = await standards.getEvaluation(chair, id);
    expect(view.comments.map((c) => c.text)).toContain('EDT view: still lone visits');
  });

  it('starts a repeat from a closed evaluation, carrying forward evidence and open actions for review, and compares them', async () => {
    const chair = await ctxFor('lead@example.org');
    const id = await newEvaluation('Corrington', '2025-02-01');
    await standards.transition(chair, id, 'start_meeting');
    await completeAll(chair, id);
    const open = await standards.addAction(chair, id, { standardNumber: '4.1', description: 'Second worker at night', owner: 'EDT manager', targetDate: '2025-06-01' });
    const done = await standards.addAction(chair, id, { standardNumber: '1.1', description: 'Report to DASS', owner: 'AMHP Lead', targetDate: '2025-04-01' });
    await standards.transition(chair, id, 'close');
    await standards.changeActionStatus(chair, done, { status: 'done', note: '' });

    await expect(standards.createEvaluation(chair, { serviceId: await organisationId('Corrington'), evaluationDate: '2025-01-01', chairPersonId: chair.actor.personId, baselineEvaluationId: id })).rejects.toThrow(ValidationError);
    const repeatId = await standards.createEvaluation(chair, { serviceId: await organisationId('Corrington'), evaluationDate: '2026-02-01', chairPersonId: chair.actor.personId, baselineEvaluationId: id });
    const repeat = await standards.getEvaluation(chair, repeatId);
    expect(repeat.records.find((r) => r.standardNumber === '4.1')?.evidence[0]).toMatchObject({ description: 'Policy for 4.1', needsReview: true, carriedForwardFrom: id });
    expect(repeat.records.find((r) => r.standardNumber === '4.1')?.extentMet).toBeNull();
    expect(repeat.actions.map((a) => a.description)).toEqual(['Second worker at night']);
    expect(repeat.actions[0]).toMatchObject({ needsReview: true });
    const plan = await standards.plan(chair);
    expect(plan.rows.filter((r) => r.action.description === 'Second worker at night')).toHaveLength(1);
    void open;

    await standards.transition(chair, repeatId, 'start_meeting');
    await standards.saveRecord(chair, repeatId, '4.1', { expectedVersion: 0, partPositions: [{ partKey: 'daytime', extentMet: 'met', note: '' }, { partKey: 'edt', extentMet: 'met', note: '' }], effectiveness: 'effective', risk: { amhps: 'low', service: 'low', organisation: 'low' }, agreedByGroup: true });
    await standards.saveRecord(chair, repeatId, '1.2', { expectedVersion: 0, extentMet: 'not_met', effectiveness: 'not_effective', risk: { amhps: 'high', service: 'high', organisation: 'high' }, agreedByGroup: true });
    const comparison = await standards.compare(chair, repeatId, id);
    expect(comparison.earlier.id).toBe(id);
    expect(comparison.standards.find((s) => s.standardNumber === '4.1')?.classification).toBe('improvement');
    expect(comparison.standards.find((s) => s.standardNumber === '1.2')?.classification).toBe('deterioration');
  });

  it('refuses to compare evaluations of different services', async () => {
    const chair = await ctxFor('lead@example.org');
    const a = await newEvaluation('Corrington');
    const b = await newEvaluation('Ashdown');
    const error = await standards.compare(chair, a, b).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RuleViolationError);
    expect((error as RuleViolationError).code).toBe('different_services');
  });
});

describe('catalogue versions', () => {
  it('an administrator loads the official wording from CSV; bad files are refused line by line', async () => {
    const admin = await ctxFor('admin@example.org');
    const rows = STANDARD_NUMBERS.map((n) => `${n},"Official text of standard ${n}"`).join('\n');
    const bad = await standards.importCatalogue(admin, { format: 'csv', versionLabel: 'Official 2023', content: `standard,text\n9.9,Nope\n${rows}` }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ValidationError);
    expect((bad as ValidationError).fieldErrors[0]?.message).toMatch(/Line 2/);
    await expect(standards.importCatalogue(await ctxFor('lead@example.org'), { format: 'csv', versionLabel: 'x', content: 'a' })).rejects.toThrow(ForbiddenError);
    const id = await standards.importCatalogue(admin, { format: 'csv', versionLabel: 'Official 2023', content: `standard,text\n${rows}` });
    const row = await standards.catalogue(admin, id);
    expect(row.catalogue.standards.find((s) => s.number === '2.3')?.summary).toBe('Official text of standard 2.3');
    const evaluationId = await newEvaluation();
    expect((await standards.getEvaluation(admin, evaluationId)).evaluation.catalogueVersion).toBe('Official 2023');
  });
});
