import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { signedInBrowser, type TestBrowser, textOf } from '../../../test/support/http-client.js';

describe('administrators manage people and roles', () => {
  let t: TestApp;
  let admin: TestBrowser;
  let ashdownId: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await signedInBrowser(t.app, 'admin@example.org');
    ashdownId = (await t.services.db.selectFrom('organisations').select('id').where('shortName', '=', 'Ashdown').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => t.close());

  it('re-shows the form with an error summary and keeps what was typed', async () => {
    await admin.get('/admin/people/new');
    const response = await admin.post('/admin/people', { name: 'Nell Quarrie', email: 'not an email', roles: [] });
    expect(response.statusCode).toBe(400);
    const text = textOf(response.body);
    expect(text).toContain('There is a problem');
    expect(text).toContain('Enter an email address in the correct format');
    expect(text).toContain('Choose the employing organisation');
    expect(text).toContain('Choose at least one role');
    expect(response.body).toContain('value="Nell Quarrie"');
  });

  it('adds a person with roles, who can then sign in; the change is audited', async () => {
    await admin.get('/admin/people/new');
    const response = await admin.post('/admin/people', {
      name: 'Nell Quarrie',
      email: 'nell.quarrie@example.org',
      employingOrganisationId: ashdownId,
      roles: ['amhp', 'edt_officer'],
      password: 'a-long-enough-password',
    });
    expect(response.statusCode).toBe(303);
    const person = await t.services.db.selectFrom('people').select(['id']).where('email', '=', 'nell.quarrie@example.org').executeTakeFirstOrThrow();
    const audit = await t.services.db.selectFrom('auditLog').select(['action', 'summary']).where('entityId', '=', person.id).execute();
    expect(audit.map((a) => a.action)).toContain('person_added');
    expect(JSON.stringify(audit)).not.toContain('a-long-enough-password');
    const nell = await signedInBrowser(t.app, 'nell.quarrie@example.org', 'a-long-enough-password');
    expect(textOf((await nell.get('/')).body)).toContain('EDT officer');
  });

  it('refuses a duplicate email address', async () => {
    await admin.get('/admin/people/new');
    const response = await admin.post('/admin/people', { name: 'Someone Else', email: 'AMHP@example.org', employingOrganisationId: ashdownId, roles: ['amhp'] });
    expect(response.statusCode).toBe(400);
    expect(textOf(response.body)).toContain('Someone already has this email address');
  });

  it('detects two administrators editing the same person and loses nothing silently', async () => {
    const person = await t.services.db.selectFrom('people').select(['id', 'version', 'name', 'email', 'employingOrganisationId']).where('email', '=', 'jonah.pettigrew@example.org').executeTakeFirstOrThrow();
    const otherAdmin = await signedInBrowser(t.app, 'admin@example.org');
    await admin.get(`/admin/people/${person.id}/edit`);
    await otherAdmin.get(`/admin/people/${person.id}/edit`);
    const form = { name: person.name, email: person.email, employingOrganisationId: person.employingOrganisationId, roles: ['business_support'], version: person.version };
    const first = await admin.post(`/admin/people/${person.id}`, { ...form, jobTitle: 'First edit' });
    expect(first.statusCode).toBe(303);
    const second = await otherAdmin.post(`/admin/people/${person.id}`, { ...form, jobTitle: 'Second edit' });
    expect(second.statusCode).toBe(409);
    expect(textOf(second.body)).toContain('Someone else changed this person');
    const saved = await t.services.db.selectFrom('people').select('jobTitle').where('id', '=', person.id).executeTakeFirstOrThrow();
    expect(saved.jobTitle).toBe('First edit');
  });

  it('audits role changes and ends the sessions of someone who loses a role', async () => {
    const person = await t.services.db.selectFrom('people').select(['id', 'version', 'name', 'email', 'employingOrganisationId']).where('email', '=', 'support@example.org').executeTakeFirstOrThrow();
    const support = await signedInBrowser(t.app, 'support@example.org');
    await admin.get(`/admin/people/${person.id}/edit`);
    const response = await admin.post(`/admin/people/${person.id}`, {
      name: person.name,
      email: person.email,
      employingOrganisationId: person.employingOrganisationId,
      roles: ['amhp'],
      version: person.version,
    });
    expect(response.statusCode).toBe(303);
    const audit = await t.services.db.selectFrom('auditLog').select(['action', 'summary']).where('entityId', '=', person.id).where('action', '=', 'roles_changed').executeTakeFirstOrThrow();
    expect(audit.summary).toMatchObject({ added: ['amhp'], removed: ['business_support'] });
    expect((await support.get('/')).statusCode).toBe(303);
  });

  it('never deletes: a deactivated person stays listed under "Deactivated" with the reason', async () => {
    const person = await t.services.db.selectFrom('people').select(['id', 'version']).where('email', '=', 'carys.oyelaran@example.org').executeTakeFirstOrThrow();
    await admin.get(`/admin/people/${person.id}/deactivate`);
    const missingReason = await admin.post(`/admin/people/${person.id}/deactivate`, { reason: '', version: person.version });
    expect(missingReason.statusCode).toBe(400);
    expect(textOf(missingReason.body)).toContain('Enter the reason for deactivating this account');
    await admin.post(`/admin/people/${person.id}/deactivate`, { reason: 'Moved to another council', version: person.version });
    const list = await admin.get('/admin/people?status=inactive');
    expect(textOf(list.body)).toContain('Carys Oyelaran');
    const detail = await admin.get(`/admin/people/${person.id}`);
    expect(textOf(detail.body)).toContain('Moved to another council');
  });

  it('lets administrators search the audit log by person and record type', async () => {
    const lead = await t.services.db.selectFrom('people').select('id').where('email', '=', 'admin@example.org').executeTakeFirstOrThrow();
    const page = await admin.get(`/admin/audit?actorId=${lead.id}&entityType=person`);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('person_added');
    const api = await t.app.inject({ method: 'GET', url: `/api/v1/audit?entityType=session` });
    expect(api.statusCode).toBe(401);
  });

  it('edits bank holidays, which the working-days calendar then uses', async () => {
    await admin.get('/admin/bank-holidays');
    const added = await admin.post('/admin/bank-holidays', { date: '2031-06-06', name: 'Special bank holiday' });
    expect(added.statusCode).toBe(303);
    const calendar = await t.services.calendar.calendar();
    expect(calendar.isWorkingDay('2031-06-06')).toBe(false);
    const duplicate = await admin.post('/admin/bank-holidays', { date: '2031-06-06', name: 'Again' });
    expect(textOf(duplicate.body)).toContain('already a bank holiday');
  });
});
