import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anEvaluationOf, aStandardsCast, completingSave, type StandardsCast } from '../../../test/support/builders/standards-builders.js';
import { adminContext, aPerson, organisationId } from '../../../test/support/builders/staff-builders.js';
import { createTestServices, type TestServices } from '../../../test/support/test-app.js';
import type { ServiceContext } from '../../platform/audit.js';
import type { ManualClock } from '../../platform/clock.js';
import { ConflictError, ForbiddenError, RuleViolationError, StateError, ValidationError } from '../../platform/errors.js';
import { STANDARD_NUMBERS } from './standards-catalogue.js';
import type { StandardsService } from './standards-service.js';

let t: TestServices;
let standards: StandardsService;
let cast: StandardsCast;
let admin: ServiceContext;

beforeAll(async () => {
  t = await createTestServices({ template: 'base' });
  standards = t.services.standards;
  cast = await aStandardsCast(t.services);
  admin = await adminContext(t.services);
});
afterAll(async () => t.close());

const build = () => anEvaluationOf('northshire').chairedBy(cast.chair).notesBy(cast.notes);

async function refusal(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('Expected a refusal');
    },
    (error: unknown) => error,
  );
}

describe('setting up an evaluation', () => {
  it('stores the catalogue version it was made against, with an empty record for each of the 28 standards', async () => {
    const { id } = await build().build(t.services);
    const view = await standards.evaluations.view(cast.chair.ctx, id);
    expect(view.evaluation.catalogueVersion).toBe('AMHP Hub paraphrase 1');
    expect(view.evaluation.serviceName).toBe('Northshire County Council AMHP service');
    expect(view.records).toHaveLength(28);
    expect(view.stored.version).toBe(1);
  });

  it('is set up by organisers only, for a council, with people who work in the service', async () => {
    const serviceId = await organisationId(t.services, 'northshire');
    await expect(standards.setup.create(cast.notes.ctx, { serviceId, evaluationDate: '2026-03-10', chairPersonId: cast.notes.id, participants: [] })).rejects.toThrow(ForbiddenError);
    const trust = await organisationId(t.services, 'trust');
    const notACouncil = await refusal(standards.setup.create(cast.chair.ctx, { serviceId: trust, evaluationDate: '2026-03-10', chairPersonId: cast.chair.id, participants: [] }));
    expect((notACouncil as ValidationError).fieldErrors).toEqual([{ field: 'serviceId', message: 'Choose the council whose AMHP service is being evaluated' }]);
  });

  it('adds participants with the parts of the service they represent; only they add early thoughts, and only the editors change the list', async () => {
    const { id } = await build().build(t.services);
    const added = await standards.setup.addParticipant(cast.chair.ctx, id, { personId: cast.edt.id, represents: ['out_of_hours'], attending: true });
    expect(added.evaluation.participants).toEqual([expect.objectContaining({ personId: cast.edt.id, represents: ['out_of_hours'], attending: true })]);
    const view = await standards.evaluations.view(cast.edt.ctx, id);
    expect(view.can.addThoughts).toBe(true);
    const thought = await standards.setup.addEarlyThought(cast.edt.ctx, id, { standardNumber: '4.1', text: 'Nights are hard', gatheredFrom: 'Two EDT colleagues' });
    expect(thought).toMatchObject({ standardNumber: '4.1', author: { personId: cast.edt.id, name: 'Eddie Edt' }, gatheredFrom: 'Two EDT colleagues' });
    await expect(standards.setup.addEarlyThought(cast.director.ctx, id, { standardNumber: null, text: 'Not mine to add', gatheredFrom: null })).rejects.toThrow(ForbiddenError);
    await expect(standards.setup.addParticipant(cast.edt.ctx, id, { personId: cast.edt.id, represents: ['daytime'], attending: true })).rejects.toThrow(ForbiddenError);
    const removed = await standards.setup.removeParticipant(cast.notes.ctx, id, cast.edt.id);
    expect(removed.evaluation.participants).toEqual([]);
  });
});

describe('working on a standard', () => {
  it('saves step by step, returning the record with its new version', async () => {
    const { id } = await build().inMeeting().build(t.services);
    const first = await standards.records.save(cast.notes.ctx, id, '2.3', { expectedVersion: 0, extentMet: 'partly_met', mapNotes: 'Legal advice hard to reach at night' });
    expect(first).toMatchObject({ standardNumber: '2.3', extentMet: 'partly_met', version: 1, updatedByPersonId: cast.notes.id });
    const second = await standards.records.save(cast.notes.ctx, id, '2.3', { expectedVersion: 1, effectiveness: 'partly_effective' });
    expect(second).toMatchObject({ extentMet: 'partly_met', effectiveness: 'partly_effective', version: 2 });
    expect(await standards.records.get(cast.director.ctx, id, '2.3')).toEqual(second);
  });

  it('lets only the chair or note-taker edit a standard', async () => {
    const { id } = await build().build(t.services);
    await expect(standards.records.save(cast.edt.ctx, id, '1.1', { expectedVersion: 0, extentMet: 'met' })).rejects.toThrow(ForbiddenError);
  });

  it('tells the second editor of the same standard about the conflict, with both versions, and saves nothing', async () => {
    const { id } = await build().build(t.services);
    await standards.records.save(cast.chair.ctx, id, '2.3', { expectedVersion: 0, extentMet: 'partly_met', mapNotes: 'Chair typed this' });
    const error = await refusal(standards.records.save(cast.notes.ctx, id, '2.3', { expectedVersion: 0, extentMet: 'not_met', mapNotes: 'Note-taker typed this' }));
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).currentVersion).toBe(1);
    const details = (error as ConflictError).details as { current: { mapNotes: string }; yours: { mapNotes: string } };
    expect(details.current.mapNotes).toBe('Chair typed this');
    expect(details.yours.mapNotes).toBe('Note-taker typed this');
    expect((await standards.records.get(cast.chair.ctx, id, '2.3')).mapNotes).toBe('Chair typed this');
  });

  it('refuses an action without an owner and one due before the evaluation date, both at once', async () => {
    const { id } = await build().on('2026-01-15').build(t.services);
    const error = await refusal(standards.records.addAction(cast.chair.ctx, id, { standardNumber: '1.1', description: 'Do it', owner: '', targetDate: '2026-01-14' }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors).toEqual([
      { field: 'owner', message: 'Enter who owns this action' },
      { field: 'targetDate', message: 'Target date must be on or after the evaluation date (15 January 2026)', anchor: 'day' },
    ]);
    const action = await standards.records.addAction(cast.chair.ctx, id, { standardNumber: '1.1', description: 'Do it', owner: 'AMHP Lead', targetDate: '2026-01-15' });
    expect(action).toMatchObject({ standardNumber: '1.1', status: 'not_started', version: 1, evaluationId: id });
  });
});

describe('the lifecycle', () => {
  it('cannot close until all 28 are agreed; only the chair closes; closed is read-only', async () => {
    const { id } = await build().inMeeting().build(t.services);
    const early = await refusal(standards.evaluations.transition(cast.chair.ctx, id, { event: 'close' }));
    expect(early).toBeInstanceOf(RuleViolationError);
    expect((early as RuleViolationError).code).toBe('incomplete_standards');
    expect((early as RuleViolationError).failures).toHaveLength(28);
    for (const number of STANDARD_NUMBERS) await standards.records.save(cast.notes.ctx, id, number, completingSave(number, 0));
    await expect(standards.evaluations.transition(cast.notes.ctx, id, { event: 'close' })).rejects.toThrow(ForbiddenError);
    const circulating = await standards.evaluations.transition(cast.chair.ctx, id, { event: 'circulate' });
    expect(circulating).toMatchObject({ evaluation: { status: 'circulating' }, version: 3 });
    await standards.evaluations.addComment(cast.edt.ctx, id, { standardNumber: '4.1', text: 'EDT view: still lone visits' });
    const stale = await refusal(standards.evaluations.transition(cast.chair.ctx, id, { event: 'close', version: 2 }));
    expect(stale).toMatchObject({ code: 'version_conflict', currentVersion: 3 });
    const closed = await standards.evaluations.transition(cast.chair.ctx, id, { event: 'close', version: 3 });
    expect(closed.evaluation.status).toBe('closed');
    expect(closed.closedAt).toEqual(t.clock.now());
    const editing = await refusal(standards.records.save(cast.chair.ctx, id, '1.1', { expectedVersion: 1, mapNotes: 'late change' }));
    expect(editing).toBeInstanceOf(StateError);
    expect((editing as StateError).code).toBe('evaluation_closed');
    await expect(standards.records.addAction(cast.chair.ctx, id, { standardNumber: '1.1', description: 'x', owner: 'y', targetDate: '2026-05-01' })).rejects.toThrow(StateError);
    const view = await standards.evaluations.view(cast.chair.ctx, id);
    expect(view.comments.map((c) => c.text)).toContain('EDT view: still lone visits');
  });
});

describe('repeat and comparison', () => {
  it('starts a repeat from a closed evaluation, carrying forward evidence and open actions for review, and compares them', async () => {
    const baseline = await build()
      .on('2025-02-01')
      .completed({ '4.1': { extentMet: null, partPositions: [{ partKey: 'daytime', extentMet: 'met' }, { partKey: 'edt', extentMet: 'not_met', note: 'Lone visits at night' }], risk: { amhps: 'low', service: 'high', organisation: 'low' } } })
      .build(t.services);
    const id = baseline.id;
    await standards.records.addAction(cast.chair.ctx, id, { standardNumber: '4.1', description: 'Second worker at night', owner: 'EDT manager', targetDate: '2025-06-01' });
    const done = await standards.records.addAction(cast.chair.ctx, id, { standardNumber: '1.1', description: 'Report to DASS', owner: 'AMHP Lead', targetDate: '2025-04-01' });
    await standards.evaluations.transition(cast.chair.ctx, id, { event: 'close' });
    const finished = await standards.plan.changeStatus(cast.chair.ctx, done.id, { status: 'done' });
    expect(finished).toMatchObject({ status: 'done', completedOn: '2026-03-10', version: 2 });

    const serviceId = await organisationId(t.services, 'northshire');
    const tooEarly = await refusal(standards.setup.create(cast.chair.ctx, { serviceId, evaluationDate: '2025-01-01', chairPersonId: cast.chair.id, participants: [], baselineEvaluationId: id }));
    expect((tooEarly as ValidationError).fieldErrors[0]).toMatchObject({ field: 'evaluationDate' });
    const repeat = await standards.setup.create(cast.chair.ctx, { serviceId, evaluationDate: '2026-02-01', chairPersonId: cast.chair.id, participants: [], baselineEvaluationId: id });
    const repeatId = repeat.evaluation.id;
    const view = await standards.evaluations.view(cast.chair.ctx, repeatId);
    const record41 = view.records.find((r) => r.standardNumber === '4.1');
    expect(record41?.evidence[0]).toMatchObject({ description: 'Policy for 4.1', needsReview: true, carriedForwardFrom: id });
    expect(record41?.extentMet).toBeNull();
    expect(view.actions.map((a) => a.description)).toEqual(['Second worker at night']);
    expect(view.actions[0]).toMatchObject({ needsReview: true });
    const plan = await standards.plan.plan(cast.chair.ctx);
    expect(plan.rows.filter((r) => r.action.description === 'Second worker at night')).toHaveLength(1);

    await standards.evaluations.transition(cast.chair.ctx, repeatId, { event: 'start_meeting' });
    await standards.records.save(cast.chair.ctx, repeatId, '4.1', {
      expectedVersion: 0,
      partPositions: [{ partKey: 'daytime', extentMet: 'met' }, { partKey: 'edt', extentMet: 'met' }],
      effectiveness: 'effective',
      risk: { amhps: 'low', service: 'low', organisation: 'low' },
      agreedByGroup: true,
    });
    await standards.records.save(cast.chair.ctx, repeatId, '1.2', completingSave('1.2', 0, { extentMet: 'not_met', effectiveness: 'not_effective', risk: { amhps: 'high', service: 'high', organisation: 'high' } }));
    const comparison = await standards.comparisons.compare(cast.director.ctx, repeatId, id);
    expect(comparison.earlier.id).toBe(id);
    expect(comparison.standards.find((s) => s.standardNumber === '4.1')?.classification).toBe('improvement');
    expect(comparison.standards.find((s) => s.standardNumber === '1.2')?.classification).toBe('deterioration');
  });

  it('refuses to compare evaluations of different services', async () => {
    const a = await build().build(t.services);
    const b = await anEvaluationOf('westford').chairedBy(cast.chair).build(t.services);
    const error = await refusal(standards.comparisons.compare(cast.chair.ctx, a.id, b.id));
    expect(error).toBeInstanceOf(RuleViolationError);
    expect((error as RuleViolationError).code).toBe('different_services');
  });
});

describe('the development plan', () => {
  it('lets the owner, the editors or a manager update an action, with the version they read', async () => {
    const { id } = await build().inMeeting().build(t.services);
    const owner = await aPerson('Owen Owner').withRoles('amhp').build(t.services);
    const action = await standards.records.addAction(cast.chair.ctx, id, { standardNumber: '2.2', description: 'One activity record', owner: 'Owen Owner', ownerPersonId: owner.id, targetDate: '2026-06-30' });
    await expect(standards.plan.addNote(cast.edt.ctx, action.id, { note: 'Not my action' })).rejects.toThrow(ForbiddenError);
    const noted = await standards.plan.addNote(owner.ctx, action.id, { note: 'Draft shared', version: 1 });
    expect(noted).toMatchObject({ version: 2, progressNotes: [expect.objectContaining({ text: 'Draft shared', byName: 'Owen Owner' })] });
    await expect(standards.plan.revise(cast.chair.ctx, action.id, { owner: 'Lead AMHP', reason: 'Owen on leave', version: 1 })).rejects.toThrow(ConflictError);
    await expect(standards.plan.revise(cast.chair.ctx, action.id, { reason: 'Nothing to change', version: 2 })).rejects.toThrow(ValidationError);
    const revised = await standards.plan.revise(cast.chair.ctx, action.id, { targetDate: '2026-09-30', reason: 'Owen on leave', version: 2 });
    expect(revised).toMatchObject({ targetDate: '2026-09-30', version: 3 });
    expect(revised.progressNotes.at(-1)?.text).toBe('Target date changed from 30 June 2026 to 30 September 2026: Owen on leave');
  });

  it('counts an action as overdue from the London day after its target date (in summer, 00:30 BST is already the next day)', async () => {
    const { id } = await build().on('2026-03-10').inMeeting().build(t.services);
    const action = await standards.records.addAction(cast.chair.ctx, id, { standardNumber: '3.1', description: 'Summer deadline', owner: 'AMHP Lead', targetDate: '2026-06-30' });
    const clock = t.clock as ManualClock;
    try {
      clock.set('2026-06-30T22:30:00Z'); // 23:30 BST on 30 June: due today, not overdue
      expect((await standards.plan.action(cast.chair.ctx, action.id)).overdue).toBe(false);
      clock.set('2026-06-30T23:30:00Z'); // 00:30 BST on 1 July
      expect((await standards.plan.action(cast.chair.ctx, action.id)).overdue).toBe(true);
      const row = (await standards.plan.plan(cast.chair.ctx)).rows.find((r) => r.action.id === action.id);
      expect(row).toMatchObject({ overdue: true, daysOverdue: 1 });
    } finally {
      clock.set('2026-03-10T09:00:00Z');
    }
  });
});

describe('catalogue versions', () => {
  it('an administrator loads the official wording from CSV; bad files are refused line by line; new evaluations use it', async () => {
    const rows = STANDARD_NUMBERS.map((n) => `${n},"Official text of standard ${n}"`).join('\n');
    const bad = await refusal(standards.catalogues.import(admin, { format: 'csv', versionLabel: 'Official 2023', content: `standard,text\n9.9,Nope\n${rows}` }));
    expect(bad).toBeInstanceOf(ValidationError);
    expect((bad as ValidationError).fieldErrors[0]?.message).toMatch(/^Line 2: /);
    await expect(standards.catalogues.import(cast.chair.ctx, { format: 'csv', versionLabel: 'x', content: 'a' })).rejects.toThrow(ForbiddenError);
    const row = await standards.catalogues.import(admin, { format: 'csv', versionLabel: 'Official 2023', content: `standard,text\n${rows}` });
    expect(row).toMatchObject({ versionLabel: 'Official 2023', wording: 'official', isCurrent: true });
    expect(row.catalogue.standards.find((s) => s.number === '2.3')?.summary).toBe('Official text of standard 2.3');
    const again = await refusal(standards.catalogues.import(admin, { format: 'csv', versionLabel: 'Official 2023', content: `standard,text\n${rows}` }));
    expect((again as ValidationError).fieldErrors[0]?.field).toBe('versionLabel');
    const { id } = await build().build(t.services);
    expect((await standards.evaluations.view(admin, id)).evaluation.catalogueVersion).toBe('Official 2023');
    const list = await standards.catalogues.list(admin);
    const builtIn = list.find((c) => c.wording === 'paraphrase');
    expect(builtIn?.isCurrent).toBe(false);
    const current = await standards.catalogues.makeCurrent(admin, builtIn?.id ?? '');
    expect(current).toMatchObject({ versionLabel: 'AMHP Hub paraphrase 1', isCurrent: true });
  });
});
