import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aPerson, type TestPerson } from '../../../../test/support/builders/staff-builders.js';
import { aNomination, anApprovedAmhp, apiAs, browserAs, someTraining } from '../../../../test/support/builders/register-builders.js';
import { textOf } from '../../../../test/support/http-client.js';
import { pdfText } from '../../../../test/support/pdf-text.js';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.js';

describe('an AMHP’s register page, the panel pack and the summary', () => {
  let t: TestApp;
  let lead: TestPerson;
  let ava: TestPerson;
  beforeAll(async () => {
    t = await createTestApp({ template: 'base' });
    lead = await aPerson('Lena Lead').withRoles('lead_amhp').build(t.services);
    ava = await aPerson('Ava Amhp').build(t.services);
    await anApprovedAmhp(t.services, ava, { lssa: 'northshire', from: '2025-04-01' });
    await someTraining(t.services, ava, { date: '2026-01-15', hours: 6, legalUpdate: true });
  });
  afterAll(async () => t.close());

  it('shows who has seen a register entry to the AMHP and the Lead AMHP, and to nobody else', async () => {
    const leadBrowser = await browserAs(t.app, lead);
    expect((await leadBrowser.get(`/register/people/${ava.id}`)).statusCode).toBe(200);
    const avaBrowser = await browserAs(t.app, ava);
    const own = await avaBrowser.get(`/register/me`);
    expect(textOf(own.body)).toContain('Who has seen your register entry');
    const page = await avaBrowser.get(`/register/people/${ava.id}/access`);
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('Lena Lead Lead AMHP Opened the register entry');
    const api = await apiAs(t.app, lead);
    const answer = await api('GET', `/api/v1/register/people/${ava.id}/access`);
    expect(answer.status).toBe(200);
    const lines = (answer.body as unknown as { lines: Array<{ who: string; what: string }> }).lines;
    // Newest first: Ava looking at her own access page comes before the Lead opening her entry.
    expect(lines.map((line) => `${line.who}: ${line.what}`)).toEqual(expect.arrayContaining(['Ava Amhp: Looked at who has seen this entry', 'Lena Lead: Opened the register entry']));
    const other = await aPerson('Otto Other').build(t.services);
    const stranger = await browserAs(t.app, other);
    expect((await stranger.get(`/register/people/${ava.id}/access`)).statusCode).toBe(403);
  });

  it('renders every register page for the Lead AMHP', async () => {
    const browser = await browserAs(t.app, lead);
    const trainee = await aNomination(t.services);
    const pages = [
      '/register',
      '/register?status=suspended',
      '/register/compliance',
      '/register/supervision-audit',
      '/register/trainees',
      '/register/trainees/new',
      `/register/trainees/${trainee.id}`,
      '/register/funding',
      '/register/people/new',
      `/register/people/${ava.id}`,
      ...['details', 'approval', 'authorisation', 'suspension', 'training', 'event', 'supervision', 'contract', 'competency'].map((form) => `/register/people/${ava.id}/${form}`),
      '/',
    ];
    for (const url of pages) {
      const response = await browser.get(url);
      expect(response.statusCode, `${url}: ${textOf(response.body).slice(0, 300)}`).toBe(200);
    }
    const person = textOf((await browser.get(`/register/people/${ava.id}`)).body);
    expect(person).toContain('Approved until 31 March 2030');
    expect(person).toContain('Northshire County Council Yes Approving LSSA');
    expect(textOf((await browser.get('/')).body)).toContain('Re-approvals due');
  });

  it('shows the AMHP their own page and home panel, and no one else’s', async () => {
    const browser = await browserAs(t.app, ava);
    const mine = textOf((await browser.get('/register/me')).body);
    expect(mine).toContain('My approval and training');
    expect(mine).toContain('6 of 18');
    expect(textOf((await browser.get('/')).body)).toContain('My training hours');
    const other = await aPerson('Oz Other').build(t.services);
    expect((await browser.get(`/register/people/${other.id}`)).statusCode).toBe(403);
  });

  it('downloads the panel pack, as a page link and from the API', async () => {
    const browser = await browserAs(t.app, lead);
    const download = await browser.get(`/register/people/${ava.id}/panel-pack.pdf`);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toBe('attachment; filename="panel-pack-ava-amhp-2026-03-10.pdf"');
    const text = await pdfText(download.rawPayload);
    expect(text).toContain('Ava Amhp');
    expect(text).toContain('0 Mental Health Act assessments from 1 April 2025 to 10 March 2026.');
    const call = await apiAs(t.app, lead);
    const api = await call('GET', `/api/v1/register/people/${ava.id}/panel-pack`);
    expect(api.raw.headers['content-type']).toBe('application/pdf');
    expect(await pdfText(api.raw.rawPayload)).toContain('First approval');
    expect((await (await apiAs(t.app, ava))('GET', `/api/v1/register/people/${ava.id}/panel-pack`)).status).toBe(403);
  });

  it('gives one AMHP’s entry through the API, and 404 for someone not on the register', async () => {
    const call = await apiAs(t.app, lead);
    const entry = await call('GET', `/api/v1/register/people/${ava.id}`);
    expect(entry).toMatchObject({
      status: 200,
      body: {
        personId: ava.id,
        name: 'Ava Amhp',
        status: 'approved',
        approvals: [{ kind: 'first_approval', approval: { startDate: '2025-04-01', endDate: '2030-03-31', version: 1 }, lastDayInForce: '2030-03-31' }],
        eligibleToday: [
          { lssaName: 'Northshire County Council', eligible: true },
          { lssaName: 'Westford Borough Council', eligible: false },
        ],
        training: [{ hours: 6, legalUpdate: true }],
      },
    });
    const nobody = await aPerson('Nia Nobody').build(t.services);
    expect(await call('GET', `/api/v1/register/people/${nobody.id}`)).toMatchObject({ status: 404 });
  });

  it('gives governance viewers the summary page and API, and not the register', async () => {
    const director = await aPerson('Dana Director').withRoles('governance_viewer').build(t.services);
    const browser = await browserAs(t.app, director);
    const page = textOf((await browser.get('/register/summary')).body);
    expect(page).toContain('AMHPs on the register:');
    expect((await browser.get('/register')).statusCode).toBe(403);
    const summary = await (await apiAs(t.app, director))('GET', '/api/v1/register/summary');
    expect(summary).toMatchObject({ status: 200, body: { byStatus: expect.arrayContaining([{ status: 'approved', label: 'Approved', count: 1 }]) } });
  });
});
