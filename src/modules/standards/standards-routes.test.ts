import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiToken, signedInBrowser, textOf } from '../../../test/support/http-client.js';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';

let t: TestApp;
let baselineId = '';
let repeatId = '';

beforeAll(async () => {
  t = await createTestApp();
  const token = await apiToken(t.app, 'lead@example.org');
  const list = await t.app.inject({ method: 'GET', url: '/api/v1/standards/evaluations', headers: { authorization: `Bearer ${token}` } });
  const items = list.json() as Array<{ id: string; status: string; baselineEvaluationId: string | null }>;
  baselineId = items.find((i) => i.status === 'closed')?.id ?? '';
  repeatId = items.find((i) => i.baselineEvaluationId === baselineId)?.id ?? '';
});
afterAll(async () => t.close());

describe('standards pages', () => {
  it('every page renders for the chair', async () => {
    const browser = await signedInBrowser(t.app, 'manager@example.org');
    for (const url of ['/standards', '/standards/evaluations/new', `/standards/evaluations/${repeatId}`, `/standards/evaluations/${repeatId}/standards/4.1`, `/standards/evaluations/${baselineId}/standards/4.1`, `/standards/evaluations/${baselineId}/summary`, '/standards/plan', `/standards/compare?baseline=${baselineId}&repeat=${repeatId}`, '/standards/catalogues', `/standards/evaluations/new?baseline=${baselineId}`]) {
      const response = await browser.get(url);
      expect(response.statusCode, url).toBe(200);
    }
    const summary = textOf((await browser.get(`/standards/evaluations/${baselineId}/summary`)).body);
    expect(summary).toContain('Priorities, highest risk first');
    expect((await browser.get(`/standards/evaluations/${baselineId}/summary`)).body).toContain('<svg');
    const compare = textOf((await browser.get(`/standards/compare?baseline=${baselineId}&repeat=${repeatId}`)).body);
    expect(compare).toContain('Improved');
  });

  it('shows the conflict with both versions when two people save the same standard', async () => {
    const chair = await signedInBrowser(t.app, 'manager@example.org');
    const notes = await signedInBrowser(t.app, 'lead@example.org');
    const url = `/standards/evaluations/${repeatId}/standards/3.1`;
    await chair.get(url);
    await notes.get(url);
    const first = await chair.post(url, { expectedVersion: '0', extentMet: 'met', mapNotes: 'Chair view', step: 'map' });
    expect(first.statusCode).toBe(303);
    const second = await notes.post(url, { expectedVersion: '0', extentMet: 'not_met', mapNotes: 'Note-taker view', step: 'map' });
    expect(second.statusCode).toBe(409);
    const text = textOf(second.body);
    expect(text).toContain('Someone else saved this standard');
    expect(text).toContain('Chair view');
    expect(second.body).toContain('Note-taker view');
  });

  it('refuses a target date before the evaluation date on the page', async () => {
    const chair = await signedInBrowser(t.app, 'manager@example.org');
    const url = `/standards/evaluations/${repeatId}/standards/3.2`;
    await chair.get(url);
    const response = await chair.post(`${url}/actions`, { description: 'Do it', owner: '', targetDate: '2000-01-01' });
    expect(response.statusCode).toBe(400);
    expect(textOf(response.body)).toContain('Enter who owns this action');
    expect(textOf(response.body)).toContain('on or after the evaluation date');
  });

  it('a closed evaluation cannot be edited from the page', async () => {
    const chair = await signedInBrowser(t.app, 'manager@example.org');
    const url = `/standards/evaluations/${baselineId}/standards/1.1`;
    const page = await chair.get(url);
    expect(page.body).not.toContain('name="expectedVersion"');
    const response = await chair.post(url, { expectedVersion: '1', extentMet: 'not_met', step: 'map' });
    expect(response.statusCode).toBe(409);
    expect(textOf(response.body)).toContain('read-only');
  });

  it('exports the summary as PDF, CSV and XLSX', async () => {
    const browser = await signedInBrowser(t.app, 'director@example.org');
    const pdf = await browser.get(`/standards/evaluations/${baselineId}/summary.pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const csv = await browser.get(`/standards/evaluations/${baselineId}/ratings.csv`);
    expect(csv.body.split('\r\n')[0]).toContain('Risk to AMHPs');
    expect(csv.body.split('\r\n').filter((l) => l !== '')).toHaveLength(29);
    const actions = await browser.get(`/standards/evaluations/${baselineId}/actions.csv`);
    expect(actions.body).toContain('Target date');
    const xlsx = await browser.get(`/standards/evaluations/${baselineId}/summary.xlsx`);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('governance viewers read but cannot create evaluations', async () => {
    const director = await signedInBrowser(t.app, 'director@example.org');
    expect((await director.get('/standards/plan')).statusCode).toBe(200);
    expect((await director.get('/standards/evaluations/new')).statusCode).toBe(403);
  });
});

describe('standards API', () => {
  it('lists, rejects bad ratings and different-service comparisons, and is documented', async () => {
    const token = await apiToken(t.app, 'manager@example.org');
    const headers = { authorization: `Bearer ${token}` };
    const bad = await t.app.inject({ method: 'PUT', url: `/api/v1/standards/evaluations/${repeatId}/standards/5.1`, headers, payload: { expectedVersion: 0, risk: { amhps: 'extreme', service: 'low', organisation: 'low' } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'validation_failed' });
    const ok = await t.app.inject({ method: 'PUT', url: `/api/v1/standards/evaluations/${repeatId}/standards/5.1`, headers, payload: { expectedVersion: 0, extentMet: 'partly_met', effectiveness: 'partly_effective', risk: { amhps: 'medium', service: 'low', organisation: 'low' }, agreedByGroup: true } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ version: 1, agreedByGroup: true });
    const conflict = await t.app.inject({ method: 'PUT', url: `/api/v1/standards/evaluations/${repeatId}/standards/5.1`, headers, payload: { expectedVersion: 0, extentMet: 'met' } });
    expect(conflict.statusCode).toBe(409);
    const lead = await apiToken(t.app, 'lead@example.org');
    const orgs = (await t.app.inject({ method: 'GET', url: '/api/v1/organisations', headers })).json() as { organisations: Array<{ id: string; name: string; kind: string }> };
    const other = orgs.organisations.find((o) => o.name.startsWith('Ashdown'))?.id;
    const me = (await t.app.inject({ method: 'GET', url: '/api/v1/standards/evaluations', headers: { authorization: `Bearer ${lead}` } })).json() as Array<{ chair: { personId: string } }>;
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/standards/evaluations', headers: { authorization: `Bearer ${lead}` }, payload: { serviceId: other, evaluationDate: '2026-03-01', chairPersonId: me[0]?.chair.personId } });
    expect(created.statusCode).toBe(201);
    const comparison = await t.app.inject({ method: 'GET', url: `/api/v1/standards/comparisons?baseline=${baselineId}&repeat=${(created.json() as { id: string }).id}`, headers });
    expect(comparison.statusCode).toBe(422);
    expect(comparison.json()).toMatchObject({ code: 'different_services' });
    const plan = await t.app.inject({ method: 'GET', url: '/api/v1/standards/actions', headers });
    expect((plan.json() as { summary: { overdue: number } }).summary.overdue).toBeGreaterThan(0);
    const openapi = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json', headers });
    expect(openapi.body).toContain('/api/v1/standards/comparisons');
  });
});
