import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { apiToken, signedInBrowser } from '../../../test/support/http-client.js';
import { BASE } from '../../../test/support/base-data.js';
import { aPerson, type TestPerson } from '../../../test/support/builders/staff-builders.js';
import { aReferral, referralTaker } from '../../../test/support/builders/referral-builders.js';
import { anApprovedAmhp } from '../../../test/support/builders/register-builders.js';
import { pdfText } from '../../../test/support/pdf-text.js';
import { readCatalogue } from './person-data-repository.js';
import { REFERRAL_ROOT, subjectLinks } from './person-data-walk.js';
import { NOT_EXPORTED, RESTRICTION_EXEMPT, SUBJECT_TABLES } from './subject-coverage.js';

/** Tables the walk finds that the coverage lists do not name: must be none. */
async function uncovered(t: TestApp): Promise<string[]> {
  const links = subjectLinks(await readCatalogue(t.database.db), REFERRAL_ROOT);
  return [...links.keys()].filter((table) => !(table in SUBJECT_TABLES) && !(table in NOT_EXPORTED)).sort();
}

/** Tables holding a referral's rows (the walk) that have neither the restriction guard nor a reason to be exempt. */
async function unguarded(t: TestApp): Promise<string[]> {
  const links = subjectLinks(await readCatalogue(t.database.db), REFERRAL_ROOT);
  const guarded = await sql<{ t: string }>`select tgrelid::regclass::text as t from pg_trigger where tgname = 'privacy_restriction_guard'`.execute(t.database.db);
  const has = new Set(guarded.rows.map((r) => r.t));
  // A child of an exempt table (a visit's escalation records and their acknowledgements) follows its parent.
  const exempt = (table: string, depth = 0): boolean =>
    table in RESTRICTION_EXEMPT || (depth < 5 && (links.get(table) ?? []).every((l) => l.kind === 'child' && exempt(l.parent, depth + 1)));
  return [...links.keys()].filter((table) => !has.has(table) && !exempt(table)).sort();
}

describe('UK GDPR: subject access, restriction, retention', () => {
  let t: TestApp;
  let lead: TestPerson;
  let leadAmhp: TestPerson;
  let amhp: TestPerson;
  const nhs = '9434765919';
  let first: { id: string; reference: string; version: number };
  let second: { id: string; reference: string; version: number };

  beforeAll(async () => {
    t = await createTestApp({ template: 'base' });
    lead = await aPerson('Priya Lead').withRoles('amhp_lead').build(t.services);
    leadAmhp = await aPerson('Lena Register').withRoles('lead_amhp').build(t.services);
    amhp = await aPerson('Ade Amhp').withRoles('amhp').build(t.services);
    first = await aReferral().forPerson({ givenName: 'Sam', familyName: 'Okafor', dateOfBirth: '1990-01-02', nhsNumber: nhs }).build(t.services);
    second = await aReferral({ confirmNotDuplicate: true }).forPerson({ givenName: 'Sam', familyName: 'Okafor', dateOfBirth: '1990-01-02', nhsNumber: nhs }).build(t.services);
  }, 240_000);
  afterAll(async () => t?.close());

  describe('the walk covers every table that holds a person', () => {
    it('names every table the walk finds, and the restriction guard covers or exempts each', async () => {
      expect(await uncovered(t)).toEqual([]);
      expect(await unguarded(t)).toEqual([]);
    });

    it('finds a table a module adds later, so the coverage test fails until it is named', async () => {
      await sql`create table zz_new_notes (id serial primary key, referral_id uuid, note text not null)`.execute(t.database.db);
      try {
        expect(await uncovered(t)).toEqual(['zz_new_notes']);
        await sql`insert into zz_new_notes (referral_id, note) values (${first.id}::uuid, 'A note nobody listed')`.execute(t.database.db);
        const data = await t.services.privacy.exportSubject(lead.ctx, { nhsNumber: nhs });
        // Not forgotten at run time either: exported under its own name.
        expect(data.sections.find((s) => s.table === 'zz_new_notes')).toMatchObject({ title: 'Other records (zz_new_notes)', count: 1 });
      } finally {
        await sql`drop table zz_new_notes`.execute(t.database.db);
      }
    });
  });

  describe('subject access export', () => {
    it('exports every record about the person, as JSON and as a PDF a person can read, and audits it', async () => {
      const data = await t.services.privacy.exportSubject(lead.ctx, { reference: second.reference });
      expect(data.subject).toMatchObject({ name: 'Sam Okafor', dateOfBirth: '1990-01-02', nhsNumbers: [nhs] });
      expect(data.subject.references.sort()).toEqual([first.reference, second.reference].sort());
      const referrals = data.sections.find((s) => s.table === 'referrals')!;
      expect(referrals.count).toBe(2);
      expect(referrals.rows.map((r) => r.family_name)).toEqual(['Okafor', 'Okafor']);
      const timeline = data.sections.find((s) => s.table === 'referral_events')!;
      expect(timeline.count).toBeGreaterThanOrEqual(2);
      expect(data.sections.find((s) => s.table === 'audit_log')?.count).toBeGreaterThan(0);
      expect(data.tablesSearched).toBeGreaterThan(50);

      const pdf = await t.services.privacy.exportSubjectPdf(lead.ctx, { nhsNumber: nhs });
      const text = await pdfText(pdf.body);
      expect(text).toContain('Subject access: Sam Okafor');
      expect(text).toContain('Referrals (the person’s details, the referral and the decision): 2 records');
      expect(text).toContain(`Referral timeline: ${timeline.count} records`);
      expect(text).toContain(first.reference);

      const audited = await t.tables.selectFrom('auditLog').select(['action', 'summary']).where('action', '=', 'subject_access_exported').where('actorId', '=', lead.id).execute();
      expect(audited.length).toBeGreaterThanOrEqual(2);
    });

    it('answers on the API and as page downloads for the AMHP Lead; bad input is refused clearly', async () => {
      const token = await apiToken(t.app, lead.email, BASE.password);
      const ok = await t.app.inject({ method: 'GET', url: `/api/v1/privacy/subject-access?person=${nhs}`, headers: { authorization: `Bearer ${token}` } });
      expect(ok.statusCode).toBe(200);
      expect((ok.json() as { totalRecords: number }).totalRecords).toBeGreaterThan(3);
      const bad = await t.app.inject({ method: 'GET', url: '/api/v1/privacy/subject-access?person=12345', headers: { authorization: `Bearer ${token}` } });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('NHS number');
      const unknown = await t.app.inject({ method: 'GET', url: '/api/v1/privacy/subject-access?person=REF-1999-000001', headers: { authorization: `Bearer ${token}` } });
      expect(unknown.statusCode).toBe(404);

      const browser = await signedInBrowser(t.app, lead.email, BASE.password);
      const page = await browser.get(`/privacy/subject?person=${encodeURIComponent(first.reference)}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Sam Okafor');
      expect(page.body).toContain(second.reference);
      const pdf = await browser.get(`/privacy/subject/export.pdf?person=${nhs}`);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(await pdfText(pdf.rawPayload)).toContain('Subject access: Sam Okafor');
      const refused = await browser.get('/privacy/subject?person=not-a-number');
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain('There is a problem');
    });
  });

  describe('restriction of processing', () => {
    it('makes the record read-only and hides it from lists and searches until lifted, with reasons recorded and audited', async () => {
      await expect(t.services.privacy.restrict(lead.ctx, first.id, 'short')).rejects.toMatchObject({ fieldErrors: [{ message: expect.stringMatching(/at least 10/) }] });
      const restriction = await t.services.privacy.restrict(lead.ctx, first.id, 'The person contests the accuracy of the record');
      expect(restriction.restrictedByName).toBe('Priya Lead');
      await expect(t.services.privacy.restrict(lead.ctx, first.id, 'Restricting a second time over')).rejects.toThrow(/already restricted/);

      // Hidden from a caseworker's list and search; the AMHP Lead still sees it.
      const taker = await referralTaker(t.services);
      const theirs = await t.services.referrals.search(taker.ctx, nhs);
      expect(theirs.map((r) => r.id)).toEqual([second.id]);
      const leads = await t.services.referrals.search(lead.ctx, nhs);
      expect(leads.map((r) => r.id).sort()).toEqual([first.id, second.id].sort());
      const list = await t.services.referrals.list(taker.ctx, { status: 'open' } as never);
      expect(list.map((r) => r.id)).not.toContain(first.id);

      // Read-only: a change is refused with a clear message, on the API and the page.
      const token = await apiToken(t.app, taker.email, BASE.password);
      const refused = await t.app.inject({ method: 'POST', url: `/api/v1/referrals/${first.id}/withdraw`, headers: { authorization: `Bearer ${token}` }, payload: { reason: 'The GP withdrew the request', version: first.version } });
      expect(refused.statusCode, refused.body).toBe(409);
      expect(refused.json()).toMatchObject({ code: 'record_restricted' });
      expect(refused.json().message).toContain('restricted');
      const still = await t.tables.selectFrom('referrals').select('status').where('id', '=', first.id).executeTakeFirstOrThrow();
      expect(still.status).not.toBe('withdrawn');

      // Lifted with a reason: writable and listed again.
      await expect(t.services.privacy.lift(lead.ctx, first.id, 'Accuracy checked with the person', restriction.version + 1)).rejects.toThrow();
      const lifted = await t.services.privacy.lift(lead.ctx, first.id, 'Accuracy checked with the person', restriction.version);
      expect(lifted.liftReason).toBe('Accuracy checked with the person');
      expect((await t.services.referrals.search(taker.ctx, nhs)).map((r) => r.id).sort()).toEqual([first.id, second.id].sort());
      const actions = (await t.tables.selectFrom('auditLog').select('action').where('entityId', '=', first.id).execute()).map((r) => r.action);
      expect(actions).toEqual(expect.arrayContaining(['processing_restricted', 'processing_restriction_lifted']));
    });

    it('refuses an AMHP who does not manage restrictions', async () => {
      await expect(t.services.privacy.restrict(amhp.ctx, second.id, 'An AMHP trying to restrict')).rejects.toThrow(/permission/);
    });
  });

  describe('retention schedule', () => {
    it('lists a referral 20 years after its last contact; erasure needs the AMHP Lead and leaves a tombstone without personal data', async () => {
      const old = await aReferral().forPerson({ givenName: 'Olive', familyName: 'Oldcase' }).build(t.services);
      const taker = await referralTaker(t.services);
      await t.services.referrals.withdraw(taker.ctx, old.id, { reason: 'Withdrawn long ago by the GP', version: old.version });
      // As if it had closed 21 years ago (the test date is 2026-03-10).
      const longAgo = new Date('2005-01-10T12:00:00Z');
      await t.tables.updateTable('referralEvents').set({ occurredAt: longAgo }).where('referralId', '=', old.id).execute();
      await t.tables.updateTable('referrals').set({ updatedAt: longAgo, closedAt: longAgo }).where('id', '=', old.id).execute();
      // Closed as long ago, but its timeline has an entry from this year: not due.
      const touched = await aReferral().forPerson({ givenName: 'Tess', familyName: 'Touchedlately' }).build(t.services);
      await t.services.referrals.withdraw(taker.ctx, touched.id, { reason: 'Withdrawn long ago by the GP', version: touched.version });
      await t.tables.updateTable('referrals').set({ updatedAt: longAgo, closedAt: longAgo }).where('id', '=', touched.id).execute();

      // The scheduled job finds it (in the job's own transaction); a second run adds nothing.
      expect(await t.services.scheduler.runDue(true)).toContain('privacy-retention-review');
      expect(await t.services.privacy.runReview(t.database.db, t.clock.now())).toBe(0);
      const reviews = await t.services.privacy.reviews(lead.ctx);
      const review = reviews.find((r) => r.recordId === old.id)!;
      expect(review).toMatchObject({ kind: 'referral', label: old.reference, lastActivityOn: '2005-01-10', dueOn: '2025-01-10', mayDecide: true });
      expect(reviews.some((r) => r.recordId === first.id || r.recordId === second.id || r.recordId === touched.id)).toBe(false);

      await expect(t.services.privacy.decide(leadAmhp.ctx, review.id, { decision: 'erase', reason: 'Past the retention period', version: review.version })).rejects.toThrow(/AMHP Lead/);
      await expect(t.services.privacy.decide(lead.ctx, review.id, { decision: 'erase', reason: 'short', version: review.version })).rejects.toMatchObject({ fieldErrors: [{ message: expect.stringMatching(/at least 10/) }] });
      await expect(t.services.privacy.decide(lead.ctx, review.id, { decision: 'keep', reason: 'Needed for an ongoing complaint', version: review.version })).rejects.toMatchObject({ fieldErrors: [{ message: expect.stringMatching(/review the record again/) }] });

      const done = await t.services.privacy.decide(lead.ctx, review.id, { decision: 'erase', reason: 'Past the retention period; no hold', version: review.version });
      expect(done.decision).toBe('erased');
      expect(await t.tables.selectFrom('referrals').select('id').where('id', '=', old.id).execute()).toEqual([]);
      expect(await t.tables.selectFrom('referralEvents').select('id').where('referralId', '=', old.id).execute()).toEqual([]);
      const tombstone = await t.tables.selectFrom('privacyTombstones').selectAll().where('id', '=', done.tombstoneId!).executeTakeFirstOrThrow();
      expect(tombstone).toMatchObject({ kind: 'referral', recordId: old.id, erasedBy: lead.id, reason: 'Past the retention period; no hold' });
      expect(JSON.stringify(tombstone)).not.toMatch(/Olive|Oldcase/);
      const audit = await t.tables.selectFrom('auditLog').select(['action', 'summary']).where('action', '=', 'record_erased').where('entityId', '=', old.id).executeTakeFirstOrThrow();
      expect(JSON.stringify(audit.summary)).not.toMatch(/Olive|Oldcase/);
      await expect(t.services.privacy.decide(lead.ctx, review.id, { decision: 'erase', reason: 'Past the retention period; again', version: review.version + 1 })).rejects.toThrow(/already been decided/);
      // The other referrals are untouched.
      expect(await t.tables.selectFrom('referrals').select('id').where('id', 'in', [first.id, second.id]).execute()).toHaveLength(2);
    });

    it('lists a register entry ten years after the latest approval ended (the register’s mayBeErased); the Lead AMHP erases it', async () => {
      const former = await aPerson('Fern Former').withRoles('amhp').build(t.services);
      await anApprovedAmhp(t.services, former, { lssa: 'northshire', from: '2008-01-01', to: '2012-12-31' });
      await t.services.privacy.runReview(t.database.db, t.clock.now());
      const review = (await t.services.privacy.reviews(leadAmhp.ctx)).find((r) => r.recordId === former.id)!;
      expect(review).toMatchObject({ kind: 'register_entry', lastActivityOn: '2012-12-31', dueOn: '2022-12-31', mayDecide: true });
      const done = await t.services.privacy.decide(leadAmhp.ctx, review.id, { decision: 'erase', reason: 'Ten years after the approval ended', version: review.version });
      expect(done.decision).toBe('erased');
      expect(await t.tables.selectFrom('registerEntries').select('personId').where('personId', '=', former.id).execute()).toEqual([]);
      expect(await t.tables.selectFrom('registerApprovals').select('id').where('personId', '=', former.id).execute()).toEqual([]);
    });

    it('keeps the schedule configurable within the sources’ minimums', async () => {
      const rules = await t.services.privacy.rules(lead.ctx);
      expect(rules.map((r) => [r.kind, r.years])).toEqual([['referral', 20], ['register_entry', 10]]);
      await expect(t.services.privacy.saveRule(lead.ctx, 'register_entry', 5, 1)).rejects.toMatchObject({ fieldErrors: [{ message: expect.stringMatching(/at least 10/) }] });
      expect(await t.services.privacy.saveRule(lead.ctx, 'referral', 25, 1)).toMatchObject({ years: 25, version: 2 });
      await expect(t.services.privacy.saveRule(lead.ctx, 'referral', 30, 1)).rejects.toThrow();
      const browser = await signedInBrowser(t.app, lead.email, BASE.password);
      const page = await browser.get('/privacy/retention');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Records due for review');
      const refused = await browser.post('/privacy/retention/rules/referral', { years: 'many', version: '2' });
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain('must be a whole number');
    });
  });
});
