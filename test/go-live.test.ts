import type { FastifyInstance } from 'fastify';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { testConfig } from '../src/config.js';
import { migrate, openPglite, openPostgres, type DatabaseHandle } from '../src/db/database.js';
import { createFirstAdministrator } from '../src/modules/setup/first-administrator.js';
import { createServices, type Services } from '../src/services.js';
import { TestBrowser, textOf } from './support/http-client.js';
import { testClock } from './support/test-clock.js';

// docs/go-live.md, followed step by step on an empty database — PostgreSQL when the suite runs
// with DATABASE_URL (a fresh database of its own), otherwise the embedded one — as far as the
// service goes today: first start, the first administrator, the organisations and teams, the
// set-up checklist, the staff, AMHP register, rota and open-referral imports, a Lead's training account,
// the Lead signed in allocating an imported referral to an imported AMHP whose imported approval
// is current (and refused for one whose imported approval has lapsed), the export.

async function emptyDatabase(): Promise<{ database: DatabaseHandle; drop: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) return { database: await openPglite({}), drop: async () => undefined };
  const { default: pg } = await import('pg');
  const name = `amhp_golive_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  return {
    database: await openPostgres(target.toString(), 3),
    drop: async () => {
      const dropper = new pg.Client({ connectionString: url });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

describe('docs/go-live.md on an empty database', () => {
  let database: DatabaseHandle;
  let drop: () => Promise<void>;
  let services: Services;
  let app: FastifyInstance;
  let token: string;
  const mail: Array<{ to: string; subject: string }> = [];
  const ADMIN_PASSWORD = 'the administrator chose this one';
  const api = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => {
    const response = await app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload !== undefined ? { payload: payload as object } : {}) });
    expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
    return response.json() as Record<string, unknown>;
  };

  beforeAll(async () => {
    ({ database, drop } = await emptyDatabase());
    await migrate(database);
    // Step 2 of the runbook: NODE_ENV=production, so no demo; the app starts on nobody.
    // Mail as SMTP_URL would send it: the messages are kept to read back.
    services = createServices({ config: testConfig({ seedDemo: false, env: 'production' }), database, clock: testClock(), mailTransport: { send: async (message) => void mail.push(message) } });
    await services.calendar.seedShippedHolidays();
    app = await buildApp(services);
    await app.ready();
  }, 300_000);
  afterAll(async () => {
    await app?.close();
    await database?.close();
    await drop?.();
  });

  it('follows the runbook from the first start to a Lead allocating an imported referral to an imported, approved AMHP', async () => {
    // 1. First start: answers /health, nobody can sign in, the sign-in page says what to do.
    expect((await app.inject({ method: 'GET', url: '/health' })).json()).toMatchObject({ status: 'ok' });
    expect(textOf((await new TestBrowser(app).get('/sign-in')).body)).toContain('npm run create-admin');

    // 2. The first administrator (npm run create-admin), who changes the one-time code at once.
    const created = await createFirstAdministrator(services.staff, { name: 'Iris Itteam', email: 'iris.itteam@council.example.org', organisation: 'Northshire County Council', organisationKind: 'lssa' });
    const admin = new TestBrowser(app);
    await admin.get('/sign-in');
    expect((await admin.post('/sign-in', { email: created.email, password: created.oneTimeCode })).headers.location).toBe('/account/password');
    await admin.get('/account/password');
    expect((await admin.post('/account/password', { currentPassword: created.oneTimeCode, newPassword: ADMIN_PASSWORD, confirmPassword: ADMIN_PASSWORD })).statusCode).toBe(303);
    token = ((await app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { email: created.email, password: ADMIN_PASSWORD } })).json() as { token: string }).token;

    // 3. The set-up checklist: organisations, teams, codes, hours, ladders, name.
    const before = (await api('GET', '/api/v1/setup/checklist')) as { readyToGoLive: boolean; essentialsLeft: number };
    expect(before.readyToGoLive).toBe(false);
    const { organisations } = (await api('GET', '/api/v1/organisations')) as { organisations: Array<{ id: string; name: string }> };
    const council = organisations.find((o) => o.name === 'Northshire County Council')!;
    await api('POST', '/api/v1/organisations', { name: 'Northshire Mental Health NHS Trust', shortName: 'NMHT', kind: 'nhs_trust' });
    await api('POST', '/api/v1/teams', { name: 'Northshire AMHP Service', kind: 'daytime', organisationId: council.id });
    await api('POST', '/api/v1/teams', { name: 'Northshire EDT', kind: 'edt', organisationId: council.id });
    await api('PUT', `/api/v1/setup/councils/${council.id}`, { code: 'E10000099' });
    await api('PUT', '/api/v1/setup/service', { operatorName: 'Northshire AMHP Service', version: 0 });
    const hours = (await api('GET', '/api/v1/duty/service-hours')) as { config: unknown; version: number };
    await api('PUT', '/api/v1/duty/service-hours', { config: hours.config, version: hours.version });
    const ladders = (await api('GET', '/api/v1/safety/ladders')) as unknown as Array<{ teamId: string; version: number }>;
    for (const ladder of ladders) {
      await api('PUT', `/api/v1/safety/ladders/${ladder.teamId}`, { graceMinutes: 15, stepIntervalMinutes: 15, alarmStepIntervalMinutes: 5, ladder: [{ roleLabel: 'EDT manager', contactNumber: '01632 960900' }], version: ladder.version });
    }

    // 4. Imports in order: staff first (people, roles, teams, line managers).
    const staffFile = [
      'email,name,organisation,roles,team,job_title,phone,line_manager_email',
      'lena.lead@council.example.org,Lena Lead,Northshire County Council,AMHP Lead; AMHP,Northshire AMHP Service,AMHP Lead,01632 960101,',
      'aled.amhp@council.example.org,Aled Amhp,Northshire County Council,AMHP,Northshire AMHP Service,Senior Practitioner,01632 960102,lena.lead@council.example.org',
      'eve.edt@council.example.org,Eve Edt,Northshire County Council,EDT officer; AMHP,Northshire EDT,,01632 960103,lena.lead@council.example.org',
    ].join('\r\n');
    const dryRun = (await api('POST', '/api/v1/setup/imports', { kind: 'staff', fileName: 'staff.csv', format: 'csv', content: Buffer.from(staffFile).toString('base64') })) as { id: string; counts: Record<string, number> };
    expect(dryRun.counts).toEqual({ create: 3, change: 0, unchanged: 0, error: 0 });
    await api('POST', `/api/v1/setup/imports/${dryRun.id}/confirm`);

    // 4b. The AMHP register: Aled's approval is current; Eve's lapsed at the end of 2024.
    const registerFile = [
      'record,email,profession,registration_number,council,start_date,end_date,date,title,hours,legal_update',
      'approval,aled.amhp@council.example.org,Social worker,SW000101,E10000099,01/04/2024,,,,,',
      'training,aled.amhp@council.example.org,,,,,,05/02/2026,Mental Health Act legal update,3,yes',
      'approval,eve.edt@council.example.org,Occupational therapist,OT000102,Northshire County Council,01/01/2020,31/12/2024,,,,',
    ].join('\r\n');
    const registerRun = (await api('POST', '/api/v1/setup/imports', { kind: 'register', fileName: 'register.csv', format: 'csv', content: Buffer.from(registerFile).toString('base64') })) as { id: string; counts: Record<string, number>; errors: unknown[] };
    expect(registerRun.errors).toEqual([]);
    expect(registerRun.counts).toEqual({ create: 3, change: 0, unchanged: 0, error: 0 });
    await api('POST', `/api/v1/setup/imports/${registerRun.id}/confirm`);

    // 4c. The rota: Aled's daytime duty tomorrow, at the service's usual hours.
    const rotaRun = (await api('POST', '/api/v1/setup/imports', { kind: 'rota', fileName: 'rota.csv', format: 'csv', content: Buffer.from('date,shift,email\r\n11/03/2026,daytime,aled.amhp@council.example.org').toString('base64') })) as { id: string; counts: Record<string, number>; errors: unknown[] };
    expect(rotaRun.errors).toEqual([]);
    expect(rotaRun.counts).toEqual({ create: 1, change: 0, unchanged: 0, error: 0 });
    await api('POST', `/api/v1/setup/imports/${rotaRun.id}/confirm`);

    // 4d. The open referrals (the caseload), each received at its original London time.
    const referralFile = [
      'received_at,previous_reference,source_type,referrer_name,referrer_contact,given_name,family_name,date_of_birth,council,current_location,legal_status,reason,urgency',
      '09/03/2026 16:45,OLD-77,gp,Dr Example,01632 960555,Alex,Example,14/07/1980,E10000099,At home,community,GP asks for a Mental Health Act assessment,urgent',
    ].join('\r\n');
    const referralRun = (await api('POST', '/api/v1/setup/imports', { kind: 'referrals', fileName: 'caseload.csv', format: 'csv', content: Buffer.from(referralFile).toString('base64') })) as { id: string; counts: Record<string, number>; errors: unknown[] };
    expect(referralRun.errors).toEqual([]);
    expect(referralRun.counts).toEqual({ create: 1, change: 0, unchanged: 0, error: 0 });
    await api('POST', `/api/v1/setup/imports/${referralRun.id}/confirm`);

    // 4e. The partner directory: the police force, with its out-of-hours inspector.
    await api('POST', '/api/v1/escalation-partners', {
      name: 'Example Constabulary',
      kind: 'police',
      contacts: [{ roleLabel: 'Response inspector', rung: 1, hours: 'any', phone: '01632 960777' }],
    });

    // 5. The mail test, then the checklist says ready.
    await api('POST', '/api/v1/setup/mail-test');
    await services.notifications.deliverPending(services.db);
    expect(mail).toEqual([expect.objectContaining({ to: 'iris.itteam@council.example.org', subject: 'AMHP Hub: test e-mail from the set-up checklist' })]);
    const ready = (await api('GET', '/api/v1/setup/checklist')) as { readyToGoLive: boolean; items: Array<{ key: string; status: string }> };
    expect(ready.items.filter((i) => i.status !== 'done').map((i) => i.key)).toEqual([]);
    expect(ready.readyToGoLive).toBe(true);

    // 6. A training account for the Lead: an administrator sets a one-time code, and Lena
    //    chooses her own password at her first sign-in.
    const people = (await api('GET', '/api/v1/people')) as unknown as Array<{ id: string; email: string }>;
    const lena = people.find((p) => p.email === 'lena.lead@council.example.org')!;
    await api('POST', `/api/v1/people/${lena.id}/password`, { password: 'lena one-time training code' });
    const lead = new TestBrowser(app);
    await lead.get('/sign-in');
    const firstSignIn = await lead.post('/sign-in', { email: 'lena.lead@council.example.org', password: 'lena one-time training code' });
    expect(firstSignIn.headers.location).toBe('/account/password');
    await lead.get('/account/password');
    const chosen = await lead.post('/account/password', { currentPassword: 'lena one-time training code', newPassword: 'lena training password', confirmPassword: 'lena training password' });
    expect(chosen.statusCode).toBe(303);
    const home = await lead.get('/');
    expect(home.statusCode).toBe(200);
    expect(textOf(home.body)).toContain('Hello, Lena Lead');
    // The operating service's name from the checklist is in the page header.
    expect(home.body).toMatch(/govuk-generic-header__homepage-link">\s*Northshire AMHP Service\s*</);

    // 7. The Lead decides the imported referral and allocates it to Aled (current approval);
    //    Eve (lapsed approval) is refused.
    const leadToken = ((await app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { email: 'lena.lead@council.example.org', password: 'lena training password' } })).json() as { token: string }).token;
    const asLead = async (method: 'GET' | 'POST', url: string, payload?: object) => app.inject({ method, url, headers: { authorization: `Bearer ${leadToken}` }, ...(payload ? { payload } : {}) });
    const list = (await asLead('GET', '/api/v1/referrals')).json() as { items?: Array<{ id: string }> } | Array<{ id: string }>;
    const referralId = (Array.isArray(list) ? list : list.items!)[0]!.id;
    let referral = (await asLead('GET', `/api/v1/referrals/${referralId}`)).json() as { version: number; receivedAt: string; status: string };
    expect(referral.receivedAt).toBe('2026-03-09T16:45:00.000Z');
    const decided = await asLead('POST', `/api/v1/referrals/${referralId}/decision`, { decision: 'proceed', rationale: 'The GP describes a deterioration: an assessment is needed', version: referral.version });
    expect(decided.statusCode, decided.body).toBe(200);
    referral = decided.json() as typeof referral;
    const aled = people.find((p) => p.email === 'aled.amhp@council.example.org')!;
    const eve = people.find((p) => p.email === 'eve.edt@council.example.org')!;
    const refused = await asLead('POST', `/api/v1/referrals/${referralId}/allocation`, { amhpId: eve.id, version: referral.version });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Choose an AMHP who may act today');
    const allocated = await asLead('POST', `/api/v1/referrals/${referralId}/allocation`, { amhpId: aled.id, version: referral.version });
    expect(allocated.statusCode, allocated.body).toBe(200);
    expect(allocated.json()).toMatchObject({ status: 'allocated', allocatedAmhpId: aled.id });

    // 8. The way back out: the export holds the imported people.
    const exported = await app.inject({ method: 'GET', url: '/api/v1/setup/export', headers: { authorization: `Bearer ${token}` } });
    const zip = await JSZip.loadAsync(exported.rawPayload);
    expect(await zip.file('tables/people.csv')!.async('string')).toContain('Aled Amhp');
  }, 300_000);
});
