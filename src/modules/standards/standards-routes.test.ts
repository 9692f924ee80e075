import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE } from '../../../test/support/base-data.js';
import { adminContext, organisationId } from '../../../test/support/builders/staff-builders.js';
import { anEvaluationOf, aStandardsCast, completingSave, type BuiltEvaluation, type StandardsCast } from '../../../test/support/builders/standards-builders.js';
import { apiToken, signedInBrowser, textOf, type TestBrowser } from '../../../test/support/http-client.js';
import { pdfText } from '../../../test/support/pdf-text.js';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';

let t: TestApp;
let cast: StandardsCast;
let baseline: BuiltEvaluation;
let repeat: BuiltEvaluation;
let overdueActionId = '';
const browsers = new Map<string, TestBrowser>();
const tokens = new Map<string, string>();

async function browserFor(email: string): Promise<TestBrowser> {
  const existing = browsers.get(email);
  if (existing) return existing;
  const browser = await signedInBrowser(t.app, email, BASE.password);
  browsers.set(email, browser);
  return browser;
}

async function api(email: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) {
  const token = tokens.get(email) ?? (await apiToken(t.app, email, BASE.password));
  tokens.set(email, token);
  return t.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
}

beforeAll(async () => {
  t = await createTestApp({ template: 'base' });
  cast = await aStandardsCast(t.services);
  const standards = t.services.standards;
  // Last year's baseline, closed: 2.3 not met at high risk, 4.1 met by daytime but not by EDT.
  baseline = await anEvaluationOf('northshire')
    .on('2025-03-04')
    .chairedBy(cast.chair)
    .notesBy(cast.notes)
    .withParticipant(cast.edt, ['out_of_hours'])
    .completed({
      '2.3': { extentMet: 'not_met', effectiveness: 'not_effective', risk: { amhps: 'high', service: 'high', organisation: 'medium' } },
      '4.1': { extentMet: null, partPositions: [{ partKey: 'daytime', extentMet: 'met' }, { partKey: 'edt', extentMet: 'not_met', note: 'Lone visits at night' }], risk: { amhps: 'high', service: 'medium', organisation: 'medium' } },
    })
    .build(t.services);
  await standards.records.addAction(cast.chair.ctx, baseline.id, { standardNumber: '2.3', description: 'Escalation plan for high demand', owner: 'AMHP operational manager', targetDate: '2025-09-30' });
  await standards.evaluations.transition(cast.chair.ctx, baseline.id, { event: 'close' });
  // This year's repeat, in its meeting, with 2.3 now met; the open action is carried into it (still overdue).
  repeat = await anEvaluationOf('northshire').on('2026-03-10').chairedBy(cast.chair).notesBy(cast.notes).repeatOf(baseline.id).inMeeting().build(t.services);
  await standards.records.save(cast.chair.ctx, repeat.id, '2.3', completingSave('2.3', 0));
  overdueActionId = (await standards.evaluations.view(cast.chair.ctx, repeat.id)).actions[0]?.id ?? '';
}, 120_000);
afterAll(async () => t.close());

describe('standards pages', () => {
  it('every page renders for the chair, and the summary and comparison show what the group decided', async () => {
    const chair = await browserFor(cast.chair.email);
    for (const url of [
      '/standards',
      '/standards/evaluations/new',
      `/standards/evaluations/new?baseline=${baseline.id}`,
      `/standards/evaluations/${repeat.id}`,
      `/standards/evaluations/${repeat.id}/standards/4.1`,
      `/standards/evaluations/${baseline.id}/standards/4.1`,
      `/standards/evaluations/${baseline.id}/summary`,
      '/standards/plan',
      `/standards/actions/${overdueActionId}`,
      `/standards/compare?baseline=${baseline.id}&repeat=${repeat.id}`,
      '/standards/catalogues',
    ]) {
      const response = await chair.get(url);
      expect(response.statusCode, url).toBe(200);
    }
    const summary = await chair.get(`/standards/evaluations/${baseline.id}/summary`);
    expect(textOf(summary.body)).toContain('Priorities, highest risk first');
    expect(summary.body).toContain('<svg');
    const compare = textOf((await chair.get(`/standards/compare?baseline=${baseline.id}&repeat=${repeat.id}`)).body);
    expect(compare).toMatch(/2\.3 .*Not met → Met.*Improved/);
    const plan = textOf((await chair.get('/standards/plan')).body);
    expect(plan).toContain('Escalation plan for high demand');
    expect(plan).toMatch(/Overdue \d+ days/);
  });

  it('sets up an evaluation from the GOV.UK date input, and shows the form again as typed when the date does not exist', async () => {
    const chair = await browserFor(cast.chair.email);
    await chair.get('/standards/evaluations/new');
    const serviceId = await organisationId(t.services, 'westford');
    const form = { serviceId, 'evaluationDate-day': '31', 'evaluationDate-month': '11', 'evaluationDate-year': '2026', chairPersonId: cast.chair.id, noteTakerPersonId: cast.notes.id, serviceParts: 'Daytime AMHP service\nEDT' };
    const refused = await chair.post('/standards/evaluations', form);
    expect(refused.statusCode).toBe(400);
    expect(textOf(refused.body)).toContain('The date of the evaluation meeting must be a real date');
    expect(refused.body).toContain('href="#evaluationDate-day"');
    expect(refused.body).toMatch(/name="evaluationDate-day"[^>]*value="31"/);
    expect(refused.body).toContain('Daytime AMHP service\nEDT');
    const created = await chair.post('/standards/evaluations', { ...form, 'evaluationDate-day': '30' });
    expect(created.statusCode).toBe(303);
    const page = await chair.get(created.headers.location as string);
    expect(textOf(page.body)).toContain('Standards evaluation, 30 November 2026');
    expect(textOf(page.body)).toContain('Daytime AMHP service, EDT');
  });

  it('shows the conflict with both versions when two people save the same standard', async () => {
    const chair = await browserFor(cast.chair.email);
    const notes = await browserFor(cast.notes.email);
    const url = `/standards/evaluations/${repeat.id}/standards/3.1`;
    await chair.get(url);
    await notes.get(url);
    const first = await chair.post(url, { expectedVersion: '0', extentMet: 'met', mapNotes: 'Chair view', step: 'map' });
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe(`${url}#evaluate`);
    const second = await notes.post(url, { expectedVersion: '0', extentMet: 'not_met', mapNotes: 'Note-taker view', step: 'map' });
    expect(second.statusCode).toBe(409);
    const text = textOf(second.body);
    expect(text).toContain('Someone else saved this standard');
    expect(text).toMatch(/Map notes Chair view Note-taker view/);
    expect(second.body).toContain('name="expectedVersion" value="1"');
  });

  it('refuses an action without an owner and one due before the evaluation date, both at once, keeping what was typed', async () => {
    const chair = await browserFor(cast.chair.email);
    const url = `/standards/evaluations/${repeat.id}/standards/3.2`;
    await chair.get(url);
    const response = await chair.post(`${url}/actions`, { description: 'Do it', owner: '', 'targetDate-day': '1', 'targetDate-month': '1', 'targetDate-year': '2000' });
    expect(response.statusCode).toBe(400);
    expect(textOf(response.body)).toContain('Enter who owns this action');
    expect(textOf(response.body)).toContain('Target date must be on or after the evaluation date (10 March 2026)');
    expect(response.body).toMatch(/id="description" name="description" type="text" value="Do it"/);
    const added = await chair.post(`${url}/actions`, { description: 'Do it', owner: 'AMHP Lead', 'targetDate-day': '30', 'targetDate-month': '6', 'targetDate-year': '2026' });
    expect(added.statusCode).toBe(303);
    expect(added.headers.location).toBe(`${url}#plan`);
  });

  it('saves and agrees a standard from the page and goes on to the next one', async () => {
    const notes = await browserFor(cast.notes.email);
    const url = `/standards/evaluations/${repeat.id}/standards/1.4`;
    await notes.get(url);
    const response = await notes.post(url, {
      expectedVersion: '0',
      extentMet: '',
      'partPositions.0.partKey': 'daytime',
      'partPositions.0.extentMet': 'met',
      'partPositions.1.partKey': 'edt',
      'partPositions.1.extentMet': 'partly_met',
      'partPositions.1.note': 'No night cover',
      'evidence.0.kind': 'protocol',
      'evidence.0.description': 'Escalation protocol',
      effectiveness: 'partly_effective',
      'risk.amhps': 'medium',
      'risk.service': 'high',
      'risk.organisation': 'low',
      agreedByGroup: 'yes',
      step: 'agree',
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/standards/evaluations/${repeat.id}/standards/2.1`);
    const record = await t.services.standards.records.get(cast.notes.ctx, repeat.id, '1.4');
    expect(record).toMatchObject({ extentMet: null, agreedByGroup: true, version: 1, risk: { amhps: 'medium', service: 'high', organisation: 'low' } });
    expect(record.partPositions).toEqual([
      { partKey: 'daytime', extentMet: 'met', note: '' },
      { partKey: 'edt', extentMet: 'partly_met', note: 'No night cover' },
    ]);
  });

  it('a closed evaluation cannot be edited from the page', async () => {
    const chair = await browserFor(cast.chair.email);
    const url = `/standards/evaluations/${baseline.id}/standards/1.1`;
    const page = await chair.get(url);
    expect(page.body).not.toContain('name="expectedVersion"');
    const response = await chair.post(url, { expectedVersion: '1', extentMet: 'not_met', step: 'map' });
    expect(response.statusCode).toBe(409);
    expect(textOf(response.body)).toContain('read-only');
  });

  it('refuses to close an evaluation with standards not completed, on the evaluation page', async () => {
    const chair = await browserFor(cast.chair.email);
    await chair.get(`/standards/evaluations/${repeat.id}`);
    const response = await chair.post(`/standards/evaluations/${repeat.id}/transition`, { event: 'close' });
    expect(response.statusCode).toBe(422);
    expect(textOf(response.body)).toMatch(/2\d of the 28 standards are not completed yet/);
  });

  it('exports the summary as PDF, CSV and XLSX with the evaluation’s figures', async () => {
    const director = await browserFor(cast.director.email);
    const pdf = await director.get(`/standards/evaluations/${baseline.id}/summary.pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toBe('attachment; filename="standards-northshire-county-council-amhp-service-2025-03-04.pdf"');
    const text = await pdfText(pdf.rawPayload);
    expect(text).toContain('Northshire County Council AMHP service, 4 March 2025 · Closed · Chair: Cara Chair · Note-taker: Nia Notes');
    expect(text).toContain('Met: 26 · Partly met: 1 · Not met: 1 · Not assessed: 0');
    expect(text).toContain('2.3 Not met A:H S:H O:M Priority: high');
    expect(text).toContain('4.1 Partly met Parts differ A:H S:M O:M Priority: medium');
    expect(text).toContain('1 2.3 Contingency plans for high demand Not met High High Medium 24 High priority');
    expect(text).toContain('Escalation plan for high demand');

    const csv = await director.get(`/standards/evaluations/${baseline.id}/ratings.csv`);
    const lines = csv.body.split('\r\n').filter((l) => l !== '');
    expect(lines).toHaveLength(29);
    expect(lines[0]).toContain('Risk to AMHPs');
    const row23 = lines.find((l) => l.includes(',2.3,')) ?? '';
    expect(row23).toContain(',Not met,');
    expect(row23).toContain(',Not effective,High,High,Medium,24,High priority,Yes,Completed,');
    const row41 = lines.find((l) => l.includes(',4.1,')) ?? '';
    expect(row41).toContain('Daytime AMHP service: Met; Emergency Duty Team (out of hours): Not met (Lone visits at night)');
    const actions = await director.get(`/standards/evaluations/${baseline.id}/actions.csv`);
    const actionLines = actions.body.split('\r\n').filter((l) => l !== '');
    expect(actionLines[0]).toContain('Target date');
    expect(actionLines).toHaveLength(2);
    expect(actionLines[1]).toMatch(/2\.3,.*Escalation plan for high demand,AMHP operational manager,2025-09-30,Not started,/);

    const xlsx = await director.get(`/standards/evaluations/${baseline.id}/summary.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ratings = workbook.getWorksheet('Ratings');
    expect(ratings?.rowCount).toBe(29);
    const values = (ratings?.getRow(1).values as unknown[]).slice(1);
    const column = (name: string) => values.indexOf(name) + 1;
    const xlsxRow23 = ratings?.getRows(2, 28)?.find((r) => r.getCell(column('Standard')).value === '2.3');
    expect(xlsxRow23?.getCell(column('Extent met')).value).toBe('Not met');
    expect(xlsxRow23?.getCell(column('Overall risk score')).value).toBe(24);
    expect(workbook.getWorksheet('Actions')?.getRow(2).getCell(4).value).toBe('Escalation plan for high demand');

    const exports = await t.services.audit.search({ action: 'standards_summary_exported', entityId: baseline.id });
    expect(exports.rows.map((r) => r.summary.format).sort()).toEqual(['actions-csv', 'pdf', 'ratings-csv', 'xlsx']);
  });

  it('governance viewers read but cannot create evaluations', async () => {
    const director = await browserFor(cast.director.email);
    expect((await director.get('/standards/plan')).statusCode).toBe(200);
    expect((await director.get('/standards/evaluations/new')).statusCode).toBe(403);
  });
});

describe('standards API', () => {
  it('saves a record with the version read, refuses bad ratings and stale versions, and returns the record as it now is', async () => {
    const url = `/api/v1/standards/evaluations/${repeat.id}/standards/5.1`;
    const bad = await api(cast.chair.email, 'PUT', url, { expectedVersion: 0, risk: { amhps: 'extreme', service: 'low', organisation: 'low' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'validation_failed', details: { fieldErrors: [{ field: 'risk.amhps', message: 'Risk to AMHPs must be low, medium or high' }] } });
    const ok = await api(cast.chair.email, 'PUT', url, { expectedVersion: 0, extentMet: 'partly_met', effectiveness: 'partly_effective', risk: { amhps: 'medium', service: 'low', organisation: 'low' }, agreedByGroup: true });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ standardNumber: '5.1', version: 1, agreedByGroup: true, extentMet: 'partly_met' });
    const conflict = await api(cast.notes.email, 'PUT', url, { expectedVersion: 0, extentMet: 'met' });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json()).toMatchObject({ code: 'version_conflict', details: { currentVersion: 1, current: { extentMet: 'partly_met' }, yours: { extentMet: 'met' } } });
    expect((await api(cast.director.email, 'GET', url)).json()).toMatchObject({ version: 1, extentMet: 'partly_met' });
  });

  it('sets up an evaluation (201, with its version), manages participants and early thoughts, and moves it on', async () => {
    const serviceId = await organisationId(t.services, 'westford');
    const created = await api(cast.chair.email, 'POST', '/api/v1/standards/evaluations', { serviceId, evaluationDate: '2026-04-20', chairPersonId: cast.chair.id, noteTakerPersonId: cast.notes.id });
    expect(created.statusCode).toBe(201);
    const evaluation = created.json() as { id: string; version: number; status: string; serviceName: string };
    expect(evaluation).toMatchObject({ version: 1, status: 'preparing', serviceName: 'Westford Borough Council AMHP service', evaluationDate: '2026-04-20' });
    const added = await api(cast.notes.email, 'POST', `/api/v1/standards/evaluations/${evaluation.id}/participants`, { personId: cast.edt.id, represents: ['out_of_hours'], attending: false });
    expect(added.statusCode).toBe(200);
    expect(added.json()).toMatchObject({ id: evaluation.id, version: 1, participants: [{ personId: cast.edt.id, represents: ['out_of_hours'], attending: false }] });
    const thought = await api(cast.edt.email, 'POST', `/api/v1/standards/evaluations/${evaluation.id}/early-thoughts`, { standardNumber: '4.1', text: 'Nights alone', gatheredFrom: 'EDT team meeting' });
    expect(thought.statusCode).toBe(201);
    expect(thought.json()).toMatchObject({ standardNumber: '4.1', text: 'Nights alone', gatheredFrom: 'EDT team meeting', author: { name: 'Eddie Edt' } });
    const removed = await api(cast.chair.email, 'DELETE', `/api/v1/standards/evaluations/${evaluation.id}/participants/${cast.edt.id}`);
    expect(removed.json()).toMatchObject({ participants: [] });
    expect((await api(cast.chair.email, 'DELETE', `/api/v1/standards/evaluations/${evaluation.id}/participants/${cast.edt.id}`)).statusCode).toBe(404);
    const started = await api(cast.notes.email, 'POST', `/api/v1/standards/evaluations/${evaluation.id}/transitions`, { event: 'start_meeting', version: 1 });
    expect(started.json()).toMatchObject({ status: 'in_meeting', version: 2 });
    const stale = await api(cast.chair.email, 'POST', `/api/v1/standards/evaluations/${evaluation.id}/transitions`, { event: 'close', version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'version_conflict', details: { currentVersion: 2 } });
    const incomplete = await api(cast.chair.email, 'POST', `/api/v1/standards/evaluations/${evaluation.id}/transitions`, { event: 'close', version: 2 });
    expect(incomplete.statusCode).toBe(422);
    expect(incomplete.json()).toMatchObject({ code: 'incomplete_standards', details: { failures: expect.arrayContaining([{ rule: 'incomplete_standards', severity: 'E', message: 'Standard 6.4 is not completed', field: 'standard-6.4' }]), warnings: [] } });
    const detail = (await api(cast.director.email, 'GET', `/api/v1/standards/evaluations/${evaluation.id}`)).json() as { records: unknown[]; earlyThoughts: unknown[]; can: { edit: boolean } };
    expect(detail.records).toHaveLength(28);
    expect(detail.earlyThoughts).toHaveLength(1);
    expect(detail.can.edit).toBe(false);
  });

  it('refuses a date that does not exist and ids that are not UUIDs, naming the field', async () => {
    const serviceId = await organisationId(t.services, 'westford');
    const feb30 = await api(cast.chair.email, 'POST', '/api/v1/standards/evaluations', { serviceId, evaluationDate: '2026-02-30', chairPersonId: cast.chair.id });
    expect(feb30.statusCode).toBe(400);
    expect(feb30.json()).toMatchObject({ details: { fieldErrors: [{ field: 'evaluationDate', message: 'February 2026 has 28 days: 30 is not a real day' }] } });
    const badId = await api(cast.chair.email, 'GET', '/api/v1/standards/evaluations/not-a-uuid');
    expect(badId.statusCode).toBe(400);
    expect(badId.json()).toMatchObject({ code: 'validation_failed', details: { fieldErrors: [{ field: 'id', message: 'Not a valid id' }] } });
    const badPerson = await api(cast.chair.email, 'POST', '/api/v1/standards/evaluations', { serviceId, evaluationDate: '2026-05-01', chairPersonId: 'Cara' });
    expect(badPerson.json()).toMatchObject({ details: { fieldErrors: [{ field: 'chairPersonId', message: 'Choose the chair' }] } });
    const badNumber = await api(cast.chair.email, 'GET', `/api/v1/standards/evaluations/${repeat.id}/standards/7.1`);
    expect(badNumber.json()).toMatchObject({ details: { fieldErrors: [{ field: 'number', message: 'Choose one of the 28 standards' }] } });
  });

  it('keeps the development plan: overdue first, each action with its version, status, notes and a new target date', async () => {
    const plan = await api(cast.director.email, 'GET', '/api/v1/standards/actions');
    const body = plan.json() as { summary: { overdue: number }; actions: Array<{ id: string; overdue: boolean; daysOverdue: number }> };
    expect(body.summary.overdue).toBe(1);
    expect(body.actions[0]).toMatchObject({ id: overdueActionId, overdue: true, daysOverdue: 161, serviceName: 'Northshire County Council AMHP service' });
    const one = await api(cast.director.email, 'GET', `/api/v1/standards/actions/${overdueActionId}`);
    expect(one.json()).toMatchObject({ id: overdueActionId, version: 1, overdue: true, mayUpdate: false });
    expect((await api(cast.director.email, 'POST', `/api/v1/standards/actions/${overdueActionId}/notes`, { note: 'x' })).statusCode).toBe(403);
    const started = await api(cast.chair.email, 'POST', `/api/v1/standards/actions/${overdueActionId}/status`, { status: 'in_progress', version: 1 });
    expect(started.json()).toMatchObject({ status: 'in_progress', version: 2 });
    const noted = await api(cast.chair.email, 'POST', `/api/v1/standards/actions/${overdueActionId}/notes`, { note: 'Draft with the trust' });
    expect(noted.json()).toMatchObject({ version: 3 });
    expect((noted.json() as { progressNotes: Array<{ text: string; byName: string }> }).progressNotes.at(-1)).toMatchObject({ text: 'Draft with the trust', byName: 'Cara Chair' });
    const revised = await api(cast.chair.email, 'POST', `/api/v1/standards/actions/${overdueActionId}/revise`, { owner: null, targetDate: '2026-06-30', reason: 'Waiting for the trust', version: 3 });
    expect(revised.json()).toMatchObject({ targetDate: '2026-06-30', version: 4, needsReview: false });
    const tooEarly = await api(cast.chair.email, 'POST', `/api/v1/standards/actions/${overdueActionId}/revise`, { owner: null, targetDate: '2025-01-01', reason: 'x', version: 4 });
    expect(tooEarly.json()).toMatchObject({ details: { fieldErrors: [{ field: 'targetDate', message: 'Target date must be on or after the evaluation date (10 March 2026)' }] } });
    expect(((await api(cast.director.email, 'GET', '/api/v1/standards/actions')).json() as { summary: { overdue: number } }).summary.overdue).toBe(0);
    const added = await api(cast.chair.email, 'POST', `/api/v1/standards/evaluations/${repeat.id}/actions`, { standardNumber: '6.1', description: 'Leaflet in more languages', owner: 'Lead AMHP', targetDate: '2026-09-30' });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ standardNumber: '6.1', version: 1, status: 'not_started' });
  });

  it('compares, summarises and downloads through the API; refuses evaluations of different services', async () => {
    const comparison = await api(cast.director.email, 'GET', `/api/v1/standards/comparisons?baseline=${baseline.id}&repeat=${repeat.id}`);
    expect(comparison.json()).toMatchObject({ earlier: { id: baseline.id }, later: { id: repeat.id } });
    const row23 = (comparison.json() as { standards: Array<{ standardNumber: string }> }).standards.find((s) => s.standardNumber === '2.3');
    expect(row23).toMatchObject({ title: 'Contingency plans for high demand', classification: 'improvement', extentMet: { before: 'not_met', after: 'met', direction: 'better' } });
    const other = await anEvaluationOf('westford').chairedBy(cast.chair).build(t.services);
    const refused = await api(cast.director.email, 'GET', `/api/v1/standards/comparisons?baseline=${baseline.id}&repeat=${other.id}`);
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'different_services', details: { failures: [{ rule: 'different_services', severity: 'E' }], warnings: [] } });
    const summary = await api(cast.director.email, 'GET', `/api/v1/standards/evaluations/${baseline.id}/summary`);
    expect(summary.json()).toMatchObject({ heading: 'Northshire County Council AMHP service, 4 March 2025', counts: { met: 26, partly_met: 1, not_met: 1 }, priorities: [{ rank: 1, standardNumber: '2.3', score: 24 }, { rank: 2, standardNumber: '4.1' }] });
    const csv = await api(cast.director.email, 'GET', `/api/v1/standards/evaluations/${baseline.id}/ratings.csv`);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.body.split('\r\n').filter((l) => l !== '')).toHaveLength(29);
  });

  it('loads the official wording, shows a version and chooses the current one (administrators)', async () => {
    const admin = (await adminContext(t.services)).actor.email;
    const content = ['standard,text', ...['1.1', '1.2', '1.3', '1.4', '2.1', '2.2', '2.3', '2.4', '2.5', '3.1', '3.2', '3.3', '3.4', '4.1', '4.2', '4.3', '4.4', '4.5', '5.1', '5.2', '5.3', '5.4', '5.5', '5.6', '6.1', '6.2', '6.3', '6.4'].map((n) => `${n},Official ${n}`)].join('\n');
    expect((await api(cast.chair.email, 'POST', '/api/v1/standards/catalogues', { format: 'csv', versionLabel: 'Official', content })).statusCode).toBe(403);
    const loaded = await api(admin, 'POST', '/api/v1/standards/catalogues', { format: 'csv', versionLabel: 'Official 2026', content });
    expect(loaded.statusCode).toBe(201);
    const row = loaded.json() as { id: string };
    expect(row).toMatchObject({ versionLabel: 'Official 2026', wording: 'official', isCurrent: true });
    const detail = await api(cast.director.email, 'GET', `/api/v1/standards/catalogues/${row.id}`);
    expect((detail.json() as { standards: Array<{ number: string; summary: string }> }).standards[6]).toMatchObject({ number: '2.3', summary: 'Official 2.3' });
    const list = (await api(admin, 'GET', '/api/v1/standards/catalogues')).json() as Array<{ id: string; wording: string }>;
    const builtIn = list.find((c) => c.wording === 'paraphrase');
    const current = await api(admin, 'POST', `/api/v1/standards/catalogues/${builtIn?.id}/current`);
    expect(current.json()).toMatchObject({ id: builtIn?.id, isCurrent: true });
  });

  it('documents every operation, and refuses an empty body only for fields the document says are required', async () => {
    const document = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as {
      paths: Record<string, Record<string, { requestBody?: { content: { 'application/json': { schema: { required?: string[] } } } } }>>;
    };
    const standardsPaths = Object.keys(document.paths).filter((p) => p.startsWith('/api/v1/standards/'));
    expect(standardsPaths).toEqual(
      expect.arrayContaining(['/api/v1/standards/comparisons', '/api/v1/standards/evaluations/{id}/early-thoughts', '/api/v1/standards/evaluations/{id}/participants/{personId}', '/api/v1/standards/actions/{id}/revise', '/api/v1/standards/catalogues/{id}/current', '/api/v1/standards/evaluations/{id}/summary']),
    );
    const ids: Record<string, string> = { id: repeat.id, personId: cast.edt.id, number: '1.1' };
    let checked = 0;
    for (const [path, operations] of Object.entries(document.paths)) {
      if (!path.startsWith('/api/v1/standards/')) continue;
      for (const [method, operation] of Object.entries(operations)) {
        const required = operation.requestBody?.content['application/json'].schema.required;
        if (!required) continue;
        const url = path.replace(/\{(\w+)\}/g, (_m, name: string) => (path.includes('/actions/') && name === 'id' ? overdueActionId : path.includes('/catalogues/') ? repeat.id : (ids[name] ?? '')));
        const response = await api((await adminContext(t.services)).actor.email, method.toUpperCase() as 'POST', url, {});
        expect(response.statusCode, `${method} ${path}`).toBe(400);
        const fields = (response.json() as { details: { fieldErrors: Array<{ field: string }> } }).details.fieldErrors.map((f) => f.field);
        expect(fields.sort(), `${method} ${path}`).toEqual([...required].sort());
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(10);
  });
});
