import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { apiToken, signedInBrowser, textOf, type TestBrowser } from '../../../test/support/http-client.js';
import { BASE } from '../../../test/support/base-data.js';
import { adminContext, aPerson, organisationId } from '../../../test/support/builders/staff-builders.js';
import type { MailTransport } from '../../platform/notifications.js';
import { buildChecklist, LA_CODE, type ChecklistFacts } from './setup-checklist.js';
import { MAIL_TEST_SUBJECT } from './setup-service.js';

interface Checklist {
  items: Array<{ key: string; status: 'done' | 'to_do'; detail: string }>;
  readyToGoLive: boolean;
  essentialsLeft: number;
}

describe('the set-up checklist', () => {
  let t: TestApp;
  let browser: TestBrowser;
  let token: string;
  const sent: Array<{ to: string; subject: string; text: string }> = [];
  const mailTransport: MailTransport = { send: async (message) => void sent.push(message) };
  const call = (method: 'GET' | 'PUT' | 'POST', url: string, payload?: unknown, bearer = token) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${bearer}` }, ...(payload !== undefined ? { payload: payload as object } : {}) });
  const checklist = async () => (await call('GET', '/api/v1/setup/checklist')).json() as Checklist;
  const statusOf = (list: Checklist) => Object.fromEntries(list.items.map((i) => [i.key, i.status]));

  beforeAll(async () => {
    t = await createTestApp({ template: 'base', mailTransport });
    browser = await signedInBrowser(t.app, BASE.admin.email, BASE.password);
    token = await apiToken(t.app, BASE.admin.email, BASE.password);
  });
  afterAll(async () => t.close());

  it('starts with what the base service already has done, and the rest to do', async () => {
    const list = await checklist();
    expect(statusOf(list)).toEqual({ service: 'to_do', councils: 'to_do', trust: 'done', teams: 'done', hours: 'to_do', 'bank-holidays': 'done', ladders: 'to_do', 'partner-directory': 'to_do', mail: 'to_do' });
    expect(list.readyToGoLive).toBe(false);
    expect(list.essentialsLeft).toBe(5);
    expect(list.items.find((i) => i.key === 'councils')?.detail).toBe('Give the local-authority code of Northshire County Council and Westford Borough Council.');
    expect(list.items.find((i) => i.key === 'trust')?.detail).toBe('Northshire and Westford NHS Foundation Trust.');
    expect(list.items.find((i) => i.key === 'bank-holidays')?.detail).toBe('Bank holidays are known up to 2032-12-28.');

    const page = await browser.get('/admin/setup');
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('5 essential items are still to do before the service is ready to go live');
    expect(text).toContain('Councils the service acts for (LSSAs) and their local-authority codes');
    expect(text).not.toContain('Ready to go live');
  });

  it('is for administrators only', async () => {
    const lead = await aPerson('Lou Lead').withRoles('amhp_lead').build(t.services);
    const leadToken = await apiToken(t.app, lead.email, BASE.password);
    expect((await call('GET', '/api/v1/setup/checklist', undefined, leadToken)).statusCode).toBe(403);
    const leadBrowser = await signedInBrowser(t.app, lead.email, BASE.password);
    expect((await leadBrowser.get('/admin/setup')).statusCode).toBe(403);
  });

  it('names the service through the form, with an error summary for a blank name and a conflict for a stale version', async () => {
    const blank = await browser.post('/admin/setup/service', { operatorName: '  ', version: '0' });
    expect(blank.statusCode).toBe(400);
    expect(textOf(blank.body)).toContain('There is a problem');
    const saved = await browser.post('/admin/setup/service', { operatorName: 'Northshire and Westford AMHP Service', version: '0' });
    expect(saved.statusCode).toBe(303);
    expect(textOf((await browser.get('/admin/setup')).body)).toContain('Recorded as Northshire and Westford AMHP Service.');
    const stale = await call('PUT', '/api/v1/setup/service', { operatorName: 'Another name', version: 0 });
    expect(stale.statusCode).toBe(409);
  });

  it('records each council’s official code, refusing a code that is not one', async () => {
    const northshire = await organisationId(t.services, 'northshire');
    const westford = await organisationId(t.services, 'westford');
    const wrong = await browser.post(`/admin/setup/councils/${northshire}`, { code: 'NORTH1' });
    expect(wrong.statusCode).toBe(400);
    expect(textOf(wrong.body)).toContain('The council’s 9-character ONS code, for example E10000014');
    const ok = await browser.post(`/admin/setup/councils/${northshire}`, { code: 'e10000099' });
    expect(ok.statusCode).toBe(303);
    expect(textOf((await browser.get('/admin/setup/councils')).body)).toContain('Northshire County Council: code E10000099 saved');
    const api = await call('PUT', `/api/v1/setup/councils/${westford}`, { code: 'E07000999' });
    expect(api.json()).toEqual({ id: westford, name: 'Westford Borough Council', code: 'E07000999' });
    const trust = await organisationId(t.services, 'trust');
    expect((await call('PUT', `/api/v1/setup/councils/${trust}`, { code: 'E10000001' })).statusCode).toBe(404);
    const list = await checklist();
    expect(list.items.find((i) => i.key === 'councils')).toMatchObject({ status: 'done', detail: 'Northshire County Council (E10000099) and Westford Borough Council (E07000999).' });
  });

  it('sends the administrator a test e-mail through the outbox; done once it has gone', async () => {
    const response = await browser.post('/admin/setup/mail-test');
    expect(response.statusCode).toBe(303);
    expect(textOf((await browser.get('/admin/setup')).body)).toContain(`A test e-mail is on its way to ${BASE.admin.email}`);
    expect((await checklist()).items.find((i) => i.key === 'mail')?.detail).toBe('The test e-mail is waiting to be sent (within a minute). Reload to see.');
    await t.services.notifications.deliverPending(t.services.db);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ to: BASE.admin.email, subject: MAIL_TEST_SUBJECT });
    expect(sent[0]?.text).toContain('If you can read it, e-mail from the service reaches you');
    expect((await checklist()).items.find((i) => i.key === 'mail')?.status).toBe('done');
    const audit = await t.tables.selectFrom('auditLog').select('action').where('action', '=', 'setup_mail_test_sent').execute();
    expect(audit).toHaveLength(1);
  });

  it('is ready to go live once the service hours are saved and every team has its ladder', async () => {
    const ctx = await adminContext(t.services);
    const hours = await t.services.duty.hours.current();
    expect((await call('PUT', '/api/v1/duty/service-hours', { config: hours.config, version: hours.version })).statusCode).toBe(200);
    const ladders = (await call('GET', '/api/v1/safety/ladders')).json() as Array<{ teamId: string; configured: boolean; version: number }>;
    for (const ladder of ladders.filter((l) => !l.configured)) {
      const body = { graceMinutes: 15, stepIntervalMinutes: 15, alarmStepIntervalMinutes: 5, ladder: [{ roleLabel: 'Duty manager', personId: ctx.actor.personId, contactNumber: '01632 960999' }], version: ladder.version };
      expect((await call('PUT', `/api/v1/safety/ladders/${ladder.teamId}`, body)).statusCode).toBe(200);
    }
    const list = await checklist();
    expect(list.essentialsLeft).toBe(0);
    expect(list.readyToGoLive).toBe(true);
    expect(textOf((await browser.get('/admin/setup')).body)).toContain('Ready to go live');
  });
});

describe('the checklist rules', () => {
  const links = { profile: '/p', councils: '/c', organisations: '/o', teams: '/t', serviceHours: '/h', bankHolidays: '/b', ladders: '/l', partnerDirectory: '/d', mailTest: '/m' };
  const facts: ChecklistFacts = {
    today: '2026-03-10',
    operatorName: 'A service',
    councils: [{ id: '1', name: 'A Council', code: 'E06000001' }],
    trusts: [{ name: 'A Trust' }],
    teams: [{ name: 'Day', kind: 'daytime' }],
    serviceHoursSaved: true,
    bankHolidays: [{ date: '2027-01-01' }],
    ladders: [{ teamName: 'Day', configured: true }],
    partners: [],
    mail: { deliversEmail: false, lastTest: null },
  };

  it('the partner directory is done once an organisation has a way to contact it (not essential to go live)', () => {
    const empty = buildChecklist(facts, links).items.find((i) => i.key === 'partner-directory');
    expect(empty).toMatchObject({ status: 'to_do', essential: false, action: { href: '/d', text: 'Add partner organisations' } });
    expect(empty?.detail).toContain('Add at least one partner organisation with a way to contact it');
    const noContacts = buildChecklist({ ...facts, partners: [{ name: 'Northvale Police', contacts: 0 }] }, links).items.find((i) => i.key === 'partner-directory');
    expect(noContacts?.status).toBe('to_do');
    const done = buildChecklist({ ...facts, partners: [{ name: 'Northvale Police', contacts: 4 }, { name: 'Empty Trust', contacts: 0 }] }, links).items.find((i) => i.key === 'partner-directory');
    expect(done).toMatchObject({ status: 'done', detail: 'Northvale Police.' });
  });

  it('asks for the missing EDT, for bank holidays a year ahead, and for a mail server', () => {
    const list = buildChecklist(facts, links);
    const byKey = Object.fromEntries(list.items.map((i) => [i.key, i]));
    expect(byKey.teams).toMatchObject({ status: 'to_do', detail: 'Add an EDT.' });
    expect(byKey['bank-holidays']).toMatchObject({ status: 'to_do', detail: 'Bank holidays are known up to 2027-01-01: add the coming year’s.' });
    expect(byKey.mail?.detail).toContain('No mail server is configured (SMTP_URL)');
    expect(list.readyToGoLive).toBe(false);
    expect(list.essentialsLeft).toBe(3);
  });

  it('knows official local-authority codes', () => {
    expect(['E10000014', 'E06000045', 'E07000085', 'E08000025', 'E09000033', 'W06000015'].every((c) => LA_CODE.test(c))).toBe(true);
    expect(['E1000001', 'E11000001', 'S12000033', 'e10000014', 'E10000014 '].some((c) => LA_CODE.test(c))).toBe(false);
  });
});
