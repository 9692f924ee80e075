import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { testConfig } from '../../config.js';
import { migrate, type DatabaseHandle } from '../../db/database.js';
import { createServices, type Services } from '../../services.js';
import { allTables } from '../../../test/support/all-tables.js';
import { TestBrowser, textOf } from '../../../test/support/http-client.js';
import { testClock } from '../../../test/support/test-clock.js';
import { openMigratedPglite } from '../../../test/support/test-database.js';
import { AdministratorExistsError } from '../staff/staff-service.js';
import { createFirstAdministrator, newOneTimeCode, parseCreateAdminArguments, type CreatedAdministrator } from './first-administrator.js';

// A new installation: an empty, migrated database with nobody in it (no demo, no base data).
describe('the first administrator of an empty database', () => {
  let database: DatabaseHandle;
  let services: Services;
  let app: FastifyInstance;
  let created: CreatedAdministrator;
  const NEW_PASSWORD = 'a long new password of mine';

  beforeAll(async () => {
    database = await openMigratedPglite();
    await migrate(database);
    services = createServices({ config: testConfig({ seedDemo: false }), database, clock: testClock() });
    app = await buildApp(services);
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('says on the sign-in page that nobody can sign in yet and how to make the first administrator', async () => {
    const page = await new TestBrowser(app).get('/sign-in');
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('Nobody can sign in yet: this is a new installation with no people in it');
    expect(textOf(page.body)).toContain('npm run create-admin');
  });

  it('makes the administrator with a one-time code and audits it without their name or e-mail', async () => {
    created = await createFirstAdministrator(services.staff, { name: 'Ann Example', email: 'ann.example@council.example.org', organisation: 'Example County Council', organisationKind: 'lssa' });
    expect(created.oneTimeCode).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    const person = await services.staff.findPerson(created.personId);
    expect(person?.name).toBe('Ann Example');
    expect(person?.roles).toEqual(['admin']);
    expect((await services.staff.organisations()).map((o) => [o.name, o.kind])).toEqual([['Example County Council', 'lssa']]);
    const audit = await allTables(database.db).selectFrom('auditLog').select(['action', 'entityId', 'summary', 'actorId']).where('action', '=', 'first_administrator_created').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.entityId).toBe(created.personId);
    expect(audit[0]?.actorId).toBeNull();
    expect(JSON.stringify(audit[0]?.summary)).not.toMatch(/Ann|ann\.example|council\.example/);
  });

  it('refuses a second administrator once one exists, and changes nothing', async () => {
    await expect(createFirstAdministrator(services.staff, { name: 'Bob Second', email: 'bob@council.example.org', organisation: 'Example County Council', organisationKind: 'lssa' })).rejects.toBeInstanceOf(AdministratorExistsError);
    expect(await services.staff.peopleWithRole(['admin'])).toHaveLength(1);
  });

  it('no longer shows the notice on the sign-in page', async () => {
    const page = await new TestBrowser(app).get('/sign-in');
    expect(textOf(page.body)).not.toContain('Nobody can sign in yet');
  });

  it('refuses an API token for the one-time code: it must be changed on the web first', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { email: created.email, password: created.oneTimeCode } });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'forbidden', message: expect.stringContaining('one-time code') });
  });

  it('sends someone signed in with the code to "change your password", and nowhere else, until they do', async () => {
    const browser = new TestBrowser(app);
    await browser.get('/sign-in');
    const signIn = await browser.post('/sign-in', { email: created.email, password: created.oneTimeCode });
    expect(signIn.statusCode).toBe(303);
    expect(signIn.headers.location).toBe('/account/password');
    for (const url of ['/', '/admin', '/admin/audit']) {
      const page = await browser.get(url);
      expect(page.statusCode, url).toBe(303);
      expect(page.headers.location, url).toBe('/account/password');
    }
    const form = await browser.get('/account/password');
    expect(form.statusCode).toBe(200);
    expect(textOf(form.body)).toContain('You signed in with a one-time code');

    const wrong = await browser.post('/account/password', { currentPassword: 'not the code at all', newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    expect(wrong.statusCode).toBe(400);
    expect(textOf(wrong.body)).toContain('Your current password (or one-time code) is not right');
    const short = await browser.post('/account/password', { currentPassword: created.oneTimeCode, newPassword: 'short', confirmPassword: 'short' });
    expect(short.statusCode).toBe(400);
    expect(textOf(short.body)).toContain('Passwords must be at least 12 characters long');
    const mismatch = await browser.post('/account/password', { currentPassword: created.oneTimeCode, newPassword: NEW_PASSWORD, confirmPassword: `${NEW_PASSWORD}!` });
    expect(mismatch.statusCode).toBe(400);
    expect(textOf(mismatch.body)).toContain('The two new passwords are not the same');

    const changed = await browser.post('/account/password', { currentPassword: created.oneTimeCode, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    expect(changed.statusCode).toBe(303);
    expect(changed.headers.location).toBe('/');
    const home = await browser.get('/');
    expect(home.statusCode).toBe(200);
    expect(textOf(home.body)).toContain('Your password has been changed');
    expect((await browser.get('/admin')).statusCode).toBe(200);
    const audit = await allTables(database.db).selectFrom('auditLog').select(['action', 'summary']).where('action', '=', 'password_changed').execute();
    expect(audit.map((a) => a.summary)).toEqual([{ oneTimeCode: true }]);
  });

  it('the code no longer signs in; the new password does, straight to the page asked for', async () => {
    const old = new TestBrowser(app);
    await old.get('/sign-in');
    expect((await old.post('/sign-in', { email: created.email, password: created.oneTimeCode })).statusCode).toBe(401);
    const fresh = new TestBrowser(app);
    await fresh.get('/sign-in');
    const ok = await fresh.post('/sign-in', { email: created.email, password: NEW_PASSWORD, returnTo: '/admin' });
    expect(ok.headers.location).toBe('/admin');
    expect((await fresh.get('/admin')).statusCode).toBe(200);
  });
});

describe('create-admin arguments and codes', () => {
  it('reads --name/--email in both spellings and refuses unknown options', () => {
    expect(parseCreateAdminArguments(['--name', 'Ann Example', '--email=ann@example.org', '--organisation-kind', 'nhs_trust'])).toEqual({ help: false, name: 'Ann Example', email: 'ann@example.org', organisationKind: 'nhs_trust' });
    expect(() => parseCreateAdminArguments(['--password', 'x'])).toThrow('Unknown option --password');
    expect(() => parseCreateAdminArguments(['--name'])).toThrow('--name needs a value');
  });

  it('never gives the same code twice and never uses look-alike characters', () => {
    const codes = new Set(Array.from({ length: 200 }, () => newOneTimeCode()));
    expect(codes.size).toBe(200);
    expect([...codes].join('')).not.toMatch(/[01ilo]/);
  });
});

// The command itself, as an operator runs it on the embedded database (npm → scripts/create-admin.mjs).
describe('npm run create-admin', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'amhp-create-admin-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const env = { ...process.env, DATA_DIR: dataDir, NODE_ENV: 'development', LOG_LEVEL: 'silent' } as NodeJS.ProcessEnv;
  delete env.DATABASE_URL;
  const run = (...args: string[]) => spawnSync('npm', ['run', '--silent', 'create-admin', '--', ...args], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });

  it('needs --name and --email without a terminal, then makes the administrator once and refuses after', () => {
    const missing = run('--name', 'Ann Example');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('Give --name and --email');

    const first = run('--name', 'Ann Example', '--email', 'ann@council.example.org', '--organisation', 'Example County Council');
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('The first administrator is ready: ann@council.example.org');
    expect(first.stdout).toMatch(/One-time code: {2}[a-z2-9]{5}(-[a-z2-9]{5}){3}/);

    const second = run('--name', 'Bob Second', '--email', 'bob@council.example.org');
    expect(second.status).toBe(3);
    expect(second.stderr).toContain('An administrator already exists');
    expect(second.stdout).not.toContain('One-time code');
  }, 180_000);
});
