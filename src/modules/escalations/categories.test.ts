import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { BASE } from '../../../test/support/base-data.js';
import { apiToken, signedInBrowser, textOf } from '../../../test/support/http-client.js';
import { type TestPerson, aPerson } from '../../../test/support/builders/staff-builders.js';
import { DEFAULT_CATEGORIES } from './escalation.js';

describe('escalation categories: configurable by administrators and the AMHP Lead (issue 14, point 2)', () => {
  let t: TestApp;
  let lead: TestPerson;
  let admin: TestPerson;
  let amhp: TestPerson;
  let partner: TestPerson;

  const tokens = new Map<string, string>();
  const token = async (person: { email: string }) => tokens.get(person.email) ?? tokens.set(person.email, await apiToken(t.app, person.email, BASE.password)).get(person.email)!;
  const call = async (person: { email: string }, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${await token(person)}` }, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
  const categories = async () => (await call(amhp, 'GET', '/api/v1/escalation-categories')).json().categories as Array<{ id: string; key: string; label: string; retiredAt: string | null; version: number }>;
  const escalationCount = async () => Number((await t.tables.selectFrom('escalations').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const raise = (category: string) => call(amhp, 'POST', '/api/v1/escalations', { category, urgency: 'routine', concern: 'Ambulance waited four hours', triedLocally: 'Spoke to control', outcomeSought: 'A review', receiverPersonId: lead.id });
  const audited = async (action: string) => (await t.services.audit.search({ action })).total;

  beforeAll(async () => {
    t = await createTestApp({ template: 'base', config: { signInRateLimitPerMinute: 1000 } });
    lead = await aPerson('Lina Lead').withRoles('amhp_lead', 'amhp').build(t.services);
    admin = await aPerson('Ada Admin').withRoles('admin').inTeam(null).build(t.services);
    amhp = await aPerson('Ava Amhp').withRoles('amhp').build(t.services);
    partner = await aPerson('Pat Partner').withRoles('partner').inTeam(null).build(t.services);
  }, 60_000);
  afterAll(async () => t.close());

  it('starts with exactly the seed list, every one in use, in order', async () => {
    const list = await categories();
    expect(list.map((c) => ({ key: c.key, label: c.label }))).toEqual(DEFAULT_CATEGORIES);
    expect(list.every((c) => c.retiredAt === null)).toBe(true);
  });

  it('the AMHP Lead adds a category (audited); a duplicate or blank name is refused and nothing is added', async () => {
    const added = await call(lead, 'POST', '/api/v1/escalation-categories', { label: 'Delay in conveyance to a place of safety' });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ key: 'delay_in_conveyance_to_a_place_of_safety', label: 'Delay in conveyance to a place of safety', retiredAt: null, version: 1 });
    const duplicate = await call(admin, 'POST', '/api/v1/escalation-categories', { label: 'media ENQUIRY' });
    expect(duplicate.statusCode).toBe(400);
    expect(duplicate.json().details.fieldErrors).toEqual([{ field: 'label', message: 'There is already a category called “media ENQUIRY”: choose another name (restore it if it is retired)' }]);
    const blank = await call(admin, 'POST', '/api/v1/escalation-categories', { label: '  ' });
    expect(blank.statusCode).toBe(400);
    expect(await categories()).toHaveLength(DEFAULT_CATEGORIES.length + 1);
    expect(await audited('escalation_category_added')).toBe(1);
    // The raise form offers it, and an escalation may take it.
    const form = await (await signedInBrowser(t.app, amhp.email, BASE.password)).get('/escalations/new');
    expect(textOf(form.body)).toContain('Delay in conveyance to a place of safety');
    expect((await raise('delay_in_conveyance_to_a_place_of_safety')).statusCode).toBe(201);
  });

  it('renames a category (versioned: a stale rename is 409 and changes nothing); escalations already raised show the new name', async () => {
    const raised = (await raise('weather')).json();
    const weather = (await categories()).find((c) => c.key === 'weather')!;
    const renamed = await call(lead, 'PUT', `/api/v1/escalation-categories/${weather.id}`, { label: 'Severe weather', version: weather.version });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ key: 'weather', label: 'Severe weather', version: weather.version + 1 });
    const stale = await call(admin, 'PUT', `/api/v1/escalation-categories/${weather.id}`, { label: 'Snow and ice', version: weather.version });
    expect(stale.statusCode).toBe(409);
    expect((await categories()).find((c) => c.key === 'weather')!.label).toBe('Severe weather');
    const clash = await call(lead, 'PUT', `/api/v1/escalation-categories/${weather.id}`, { label: 'Shift cover', version: weather.version + 1 });
    expect(clash.statusCode).toBe(400);
    const page = await (await signedInBrowser(t.app, amhp.email, BASE.password)).get(`/escalations/${raised.escalation.id}`);
    expect(textOf(page.body)).toContain('Severe weather');
    expect(await audited('escalation_category_renamed')).toBe(1);
  });

  it('a retired category is refused for a new escalation (nothing raised); old ones keep its label, the themes count it; restored, it may be raised again', async () => {
    const old = (await raise('pace_bed')).json();
    const pace = (await categories()).find((c) => c.key === 'pace_bed')!;
    const retired = await call(lead, 'POST', `/api/v1/escalation-categories/${pace.id}/retirement`, { version: pace.version });
    expect(retired.statusCode).toBe(200);
    expect(retired.json().retiredAt).not.toBeNull();
    expect((await call(lead, 'POST', `/api/v1/escalation-categories/${pace.id}/retirement`, { version: retired.json().version })).statusCode).toBe(409);

    const before = await escalationCount();
    const refused = await raise('pace_bed');
    expect(refused.statusCode).toBe(400);
    expect(refused.json().details.fieldErrors).toEqual([{ field: 'category', message: 'The category “PACE bed availability” has been retired: choose another' }]);
    expect(await escalationCount()).toBe(before);

    const browser = await signedInBrowser(t.app, amhp.email, BASE.password);
    expect(textOf((await browser.get('/escalations/new')).body)).not.toContain('PACE bed availability');
    const byForm = await browser.post('/escalations', { category: 'pace_bed', urgency: 'routine', concern: 'x', triedLocally: 'y', outcomeSought: 'z', receiverPersonId: lead.id });
    expect(byForm.statusCode).toBe(400);
    expect(textOf(byForm.body)).toContain('There is a problem');
    expect(textOf(byForm.body)).toContain('The category “PACE bed availability” has been retired: choose another');
    expect(await escalationCount()).toBe(before);
    expect(textOf((await browser.get(`/escalations/${old.escalation.id}`)).body)).toContain('PACE bed availability');

    const themes = (await call(lead, 'GET', '/api/v1/escalation-themes')).json();
    expect(themes.byCategory).toContainEqual({ key: 'pace_bed', label: 'PACE bed availability', count: 1 });
    expect(themes.byCategory).toContainEqual({ key: 'weather', label: 'Severe weather', count: 1 });

    const restored = await call(admin, 'POST', `/api/v1/escalation-categories/${pace.id}/restoration`, { version: retired.json().version });
    expect(restored.statusCode).toBe(200);
    expect(restored.json().retiredAt).toBeNull();
    expect((await raise('pace_bed')).statusCode).toBe(201);
    expect(await audited('escalation_category_retired')).toBe(1);
    expect(await audited('escalation_category_restored')).toBe(1);
  });

  it('an AMHP or a partner may not change the categories (403), nor open the page; an unknown category is refused', async () => {
    const any = (await categories())[0]!;
    for (const person of [amhp, partner]) {
      expect((await call(person, 'POST', '/api/v1/escalation-categories', { label: 'Something new' })).statusCode).toBe(403);
      expect((await call(person, 'PUT', `/api/v1/escalation-categories/${any.id}`, { label: 'Renamed', version: any.version })).statusCode).toBe(403);
      expect((await call(person, 'POST', `/api/v1/escalation-categories/${any.id}/retirement`, { version: any.version })).statusCode).toBe(403);
    }
    expect((await (await signedInBrowser(t.app, amhp.email, BASE.password)).get('/escalations/categories')).statusCode).toBe(403);
    expect((await categories()).find((c) => c.id === any.id)).toMatchObject({ label: any.label, retiredAt: null, version: any.version });
    const unknown = await raise('no_such_category');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().details.fieldErrors).toEqual([{ field: 'category', message: 'Choose what the escalation is about' }]);
  });

  it('the page: the Lead adds, renames (a stale form is told so) and retires, with the error summary beside the field', async () => {
    const browser = await signedInBrowser(t.app, lead.email, BASE.password);
    expect((await browser.get('/escalations')).body).toContain('href="/escalations/categories"');
    const page = await browser.get('/escalations/categories');
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('Cannot reach the on-call manager or get manager support');
    const duplicate = await browser.post('/escalations/categories', { label: 'Conveyance' });
    expect(duplicate.statusCode).toBe(400);
    expect(textOf(duplicate.body)).toContain('There is a problem');
    expect(duplicate.body).toContain('href="#label"');
    expect(textOf(duplicate.body)).toContain('There is already a category called “Conveyance”');
    expect((await browser.post('/escalations/categories', { label: 'Interpreter not available' })).statusCode).toBe(303);
    const added = (await categories()).find((c) => c.label === 'Interpreter not available')!;
    const edit = await browser.get(`/escalations/categories/${added.id}`);
    expect(textOf(edit.body)).toContain('Retire the category');
    expect((await browser.post(`/escalations/categories/${added.id}`, { label: 'No interpreter available', version: String(added.version) })).statusCode).toBe(303);
    const stale = await browser.post(`/escalations/categories/${added.id}`, { label: 'Interpreter delayed', version: String(added.version) });
    expect(stale.statusCode).toBe(409);
    expect(textOf(stale.body)).toContain('Someone else changed this category');
    expect((await browser.post(`/escalations/categories/${added.id}/retire`, { version: String(added.version + 1) })).statusCode).toBe(303);
    const after = await browser.get('/escalations/categories');
    expect(textOf(after.body)).toMatch(/Retired[\s\S]*No interpreter available/);
    expect((await categories()).find((c) => c.id === added.id)).toMatchObject({ label: 'No interpreter available', version: added.version + 2 });
    expect(after.body).not.toContain('Interpreter delayed');
  });
});
