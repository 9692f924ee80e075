import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { signedInBrowser, TestBrowser, textOf } from '../../../test/support/http-client.js';
import { BASE } from '../../../test/support/base-data.js';
import { adminContext, aPerson, organisationId, teamId } from '../../../test/support/builders/staff-builders.js';

describe('administrators manage people and roles (pages)', () => {
  let t: TestApp;
  let admin: TestBrowser;
  let northshireId: string;
  beforeAll(async () => {
    t = await createTestApp({ template: 'base' });
    admin = await signedInBrowser(t.app, BASE.admin.email, BASE.password);
    northshireId = await organisationId(t.services, 'northshire');
  });
  afterAll(async () => t.close());

  const auditOf = (entityId: string) => t.tables.selectFrom('auditLog').select(['action', 'summary']).where('entityId', '=', entityId).orderBy('id').execute();

  it('re-shows the form with an error summary and keeps what was typed', async () => {
    await admin.get('/admin/people/new');
    const response = await admin.post('/admin/people', { name: 'Nell Quarrie', email: 'not an email', jobTitle: 'Social worker', roles: [], password: 'secret-but-typed' });
    expect(response.statusCode).toBe(400);
    const text = textOf(response.body);
    expect(text).toContain('There is a problem');
    expect(text).toContain('Enter an email address in the correct format');
    expect(text).toContain('Choose the employing organisation');
    expect(text).toContain('Choose at least one role');
    expect(response.body).toContain('value="Nell Quarrie"');
    expect(response.body).toContain('value="not an email"');
    expect(response.body).toContain('value="Social worker"');
    expect(response.body).not.toContain('secret-but-typed');
  });

  it('adds a person with roles, who can then sign in; the change is audited and the password never is', async () => {
    await admin.get('/admin/people/new');
    const response = await admin.post('/admin/people', {
      name: 'Nell Quarrie',
      email: 'nell.quarrie@example.org',
      employingOrganisationId: northshireId,
      teamId: await teamId(t.services, 'edt'),
      roles: ['amhp', 'edt_officer'],
      password: 'a-long-enough-password',
    });
    expect(response.statusCode).toBe(303);
    const [person] = await t.services.staff.listPeople(await adminContext(t.services), { q: 'nell.quarrie', status: 'all' });
    expect(response.headers.location).toBe(`/admin/people/${person!.id}`);
    expect(person).toMatchObject({ name: 'Nell Quarrie', teamName: BASE.teams.edt.name, roles: expect.arrayContaining(['amhp', 'edt_officer']) });
    const audit = await auditOf(person!.id);
    expect(audit.map((a) => a.action)).toContain('person_added');
    expect(JSON.stringify(audit)).not.toContain('a-long-enough-password');
    const nell = await signedInBrowser(t.app, 'nell.quarrie@example.org', 'a-long-enough-password');
    expect(textOf((await nell.get('/')).body)).toContain('EDT officer');
  });

  it('refuses a password shorter than the rules and a duplicate email address', async () => {
    await admin.get('/admin/people/new');
    const short = await admin.post('/admin/people', { name: 'Short Pass', email: 'short.pass@example.org', employingOrganisationId: northshireId, roles: ['amhp'], password: 'short' });
    expect(short.statusCode).toBe(400);
    expect(textOf(short.body)).toContain('Passwords must be at least 12 characters long');
    const duplicate = await admin.post('/admin/people', { name: 'Someone Else', email: BASE.admin.email.toUpperCase(), employingOrganisationId: northshireId, roles: ['amhp'] });
    expect(duplicate.statusCode).toBe(400);
    expect(textOf(duplicate.body)).toContain('Someone already has this email address');
  });

  it('shows a person with their last sign-in and the recent changes, with who made them', async () => {
    const ava = await aPerson('Ava Amhp').withRoles('amhp').withJobTitle('Social worker (AMHP)').build(t.services);
    const before = textOf((await admin.get(`/admin/people/${ava.id}`)).body);
    expect(before).toContain('Ava Amhp');
    expect(before).toContain('Social worker (AMHP)');
    expect(before).toContain('Last signed in Never');
    expect(before).toContain('person added');
    expect(before).toContain(BASE.admin.name);
    await signedInBrowser(t.app, ava.email, BASE.password);
    expect(textOf((await admin.get(`/admin/people/${ava.id}`)).body)).toContain('Last signed in 10 March 2026');
  });

  it('detects two administrators editing the same person and loses nothing silently', async () => {
    const jonah = await aPerson('Jonah Pettigrew').withRoles('business_support').build(t.services);
    const person = (await t.services.staff.findPerson(jonah.id))!;
    const otherAdmin = await signedInBrowser(t.app, BASE.admin.email, BASE.password);
    const form = await admin.get(`/admin/people/${person.id}/edit`);
    expect(form.body).toContain(`name="version" value="${person.version}"`);
    await otherAdmin.get(`/admin/people/${person.id}/edit`);
    const values = { name: person.name, email: person.email, employingOrganisationId: person.employingOrganisationId, roles: ['business_support'], version: person.version };
    const first = await admin.post(`/admin/people/${person.id}`, { ...values, jobTitle: 'First edit' });
    expect(first.statusCode).toBe(303);
    const second = await otherAdmin.post(`/admin/people/${person.id}`, { ...values, jobTitle: 'Second edit' });
    expect(second.statusCode).toBe(409);
    expect(textOf(second.body)).toContain('Someone else changed this person');
    expect(second.body).toContain('value="Second edit"');
    expect((await t.services.staff.findPerson(person.id))?.jobTitle).toBe('First edit');
  });

  it('refuses a line manager who is managed by the person (no loops)', async () => {
    const manager = await aPerson('Gareth Lindqvist').withRoles('line_manager').build(t.services);
    const worker = await aPerson('Wren Worker').withRoles('amhp').managedBy(manager).build(t.services);
    const current = (await t.services.staff.findPerson(manager.id))!;
    await admin.get(`/admin/people/${manager.id}/edit`);
    const response = await admin.post(`/admin/people/${manager.id}`, { name: current.name, email: current.email, employingOrganisationId: current.employingOrganisationId, lineManagerId: worker.id, roles: ['line_manager'], version: current.version });
    expect(response.statusCode).toBe(400);
    expect(textOf(response.body)).toContain('A person cannot be line-managed by themselves or by someone they manage');
  });

  it('audits role changes and ends the sessions of someone who loses a role', async () => {
    const hollie = await aPerson('Hollie Brennan-Szabo').withRoles('business_support').build(t.services);
    const person = (await t.services.staff.findPerson(hollie.id))!;
    const session = await signedInBrowser(t.app, hollie.email, BASE.password);
    await admin.get(`/admin/people/${person.id}/edit`);
    const response = await admin.post(`/admin/people/${person.id}`, { name: person.name, email: person.email, employingOrganisationId: person.employingOrganisationId, roles: ['amhp'], version: person.version });
    expect(response.statusCode).toBe(303);
    const audit = (await auditOf(person.id)).find((a) => a.action === 'roles_changed');
    expect(audit?.summary).toMatchObject({ added: ['amhp'], removed: ['business_support'] });
    expect((await session.get('/')).statusCode).toBe(303);
  });

  it('never deletes: a deactivated person stays listed under "Deactivated" with the reason, and can be reactivated', async () => {
    const carys = await aPerson('Carys Oyelaran').withRoles('edt_officer').inTeam('edt').build(t.services);
    const person = (await t.services.staff.findPerson(carys.id))!;
    await admin.get(`/admin/people/${person.id}/deactivate`);
    const missingReason = await admin.post(`/admin/people/${person.id}/deactivate`, { reason: '', version: person.version });
    expect(missingReason.statusCode).toBe(400);
    expect(textOf(missingReason.body)).toContain('Enter the reason for deactivating this account');
    expect((await admin.post(`/admin/people/${person.id}/deactivate`, { reason: 'Moved to another council', version: person.version })).statusCode).toBe(303);
    expect(textOf((await admin.get('/admin/people?status=inactive')).body)).toContain('Carys Oyelaran');
    expect(textOf((await admin.get('/admin/people')).body)).not.toContain('Carys Oyelaran');
    const detail = await admin.get(`/admin/people/${person.id}`);
    expect(textOf(detail.body)).toContain('Moved to another council');
    const reactivated = await admin.post(`/admin/people/${person.id}/reactivate`, { version: person.version + 1 });
    expect(reactivated.statusCode).toBe(303);
    expect((await t.services.staff.findPerson(person.id))?.active).toBe(true);
  });

  it('sets a password, refusing one that is too short', async () => {
    const pat = await aPerson('Pat Password').withRoles('amhp').withoutPassword().build(t.services);
    await admin.get(`/admin/people/${pat.id}/password`);
    const short = await admin.post(`/admin/people/${pat.id}/password`, { password: 'short' });
    expect(short.statusCode).toBe(400);
    expect(textOf(short.body)).toContain('Passwords must be at least 12 characters long');
    const common = await admin.post(`/admin/people/${pat.id}/password`, { password: 'password1234' });
    expect(common.statusCode).toBe(400);
    expect(textOf(common.body)).toContain('This password is too easy to guess');
    expect((await admin.post(`/admin/people/${pat.id}/password`, { password: 'pat-has-a-long-password' })).statusCode).toBe(303);
    expect((await auditOf(pat.id)).map((a) => a.action)).toContain('password_set');

    // What an administrator sets is a one-time code: Pat must choose their own password first.
    const pat1 = new TestBrowser(t.app);
    await pat1.get('/sign-in');
    const signIn = await pat1.post('/sign-in', { email: pat.email, password: 'pat-has-a-long-password' });
    expect(signIn.headers.location).toBe('/account/password');
    const home = await pat1.get('/');
    expect(home.statusCode).toBe(303);
    expect(home.headers.location).toBe('/account/password');
  });

  it('adds organisations and teams, re-showing the right form with what was typed', async () => {
    await admin.get('/admin/organisations');
    const org = await admin.post('/admin/organisations', { name: 'Eastmere Council', shortName: 'Eastmere', kind: 'lssa' });
    expect(org.statusCode).toBe(303);
    expect((await t.services.staff.lssas()).map((o) => o.name)).toContain('Eastmere Council');
    const badTeam = await admin.post('/admin/teams', { name: 'Eastmere EDT', kind: '', organisationId: '' });
    expect(badTeam.statusCode).toBe(400);
    expect(textOf(badTeam.body)).toContain('Choose the kind of team');
    expect(badTeam.body).toContain('value="Eastmere EDT"');
    const duplicate = await admin.post('/admin/organisations', { name: 'Eastmere Council', shortName: 'E', kind: 'lssa' });
    expect(textOf(duplicate.body)).toContain('An organisation with this name already exists');
  });

  it('lists the staff pages on the administration index', async () => {
    const index = textOf((await admin.get('/admin')).body);
    for (const link of ['People and roles', 'Organisations and teams', 'Audit log', 'Bank holidays', 'Notification outbox']) expect(index).toContain(link);
  });
});
