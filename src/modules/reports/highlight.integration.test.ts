import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instantOf } from '../../platform/london-time.js';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { BASE } from '../../../test/support/base-data.js';
import { testClock } from '../../../test/support/test-clock.js';
import { apiToken, signedInBrowser, textOf } from '../../../test/support/http-client.js';
import { pdfText } from '../../../test/support/pdf-text.js';
import { type TestPerson, aPerson } from '../../../test/support/builders/staff-builders.js';
import { THEMES, change } from './highlight.js';

/**
 * The Highlight Report for October 2026 (today is 15 November 2026): two referrals in October and
 * one in September; one October assessment delayed by the section 12 doctor (asked 11:00, arrived
 * 12:30: a 90-minute wait).
 */
describe('the monthly Highlight Report', () => {
  let t: TestApp;
  let lead: TestPerson;
  let manager: TestPerson;
  let viewer: TestPerson;
  let amhp: TestPerson;
  const tokens = new Map<string, string>();
  const token = async (p: { email: string }) => tokens.get(p.email) ?? tokens.set(p.email, await apiToken(t.app, p.email, BASE.password)).get(p.email)!;
  const api = async (p: { email: string }, method: 'GET' | 'PUT' | 'POST', url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${await token(p)}` }, ...(payload === undefined ? {} : { payload: payload as object }) });
  const allNarratives = Object.fromEntries(THEMES.map((th) => [th.id, `Narrative about ${th.title.toLowerCase()}.`]));
  let seq = 0;

  async function referral(at: string) {
    seq += 1;
    return (
      await sql<{ id: string }>`insert into referrals (reference, status, received_at, received_via, source_type, referrer_name, given_name, family_name, legal_status, reason, urgency, created_by)
        values (${`HL-${seq}`}, 'received', ${instantOf(at)}, 'phone', 'gp', 'Referrer', 'Pat', ${`Person${seq}`}, 'informal', 'Reason', 'urgent', ${lead.id}) returning id`.execute(t.database.db)
    ).rows[0]!.id;
  }

  beforeAll(async () => {
    t = await createTestApp({ template: 'base', clock: testClock('2026-11-15T10:00') });
    lead = await aPerson('Hana Lead').withRoles('amhp_lead').build(t.services);
    manager = await aPerson('Omar Manager').withRoles('operational_manager').build(t.services);
    viewer = await aPerson('Gita Governance').withRoles('governance_viewer').inTeam(null).build(t.services);
    amhp = await aPerson('Ari Amhp').withRoles('amhp').inTeam('daytime').build(t.services);
    const r1 = await referral('2026-10-05T10:00');
    await referral('2026-10-20T14:00');
    await referral('2026-09-25T09:30');
    const a1 = (
      await sql<{ id: string }>`insert into assessments (referral_id, interview_at, outcome, application_section, outcome_recorded_at, delay_cause) values (${r1}, ${instantOf('2026-10-05T13:00')}, 's2', 's2', ${instantOf('2026-10-05T16:00')}, 'section_12_doctor') returning id`.execute(t.database.db)
    ).rows[0]!.id;
    await sql`insert into assessment_doctors (assessment_id, name, s12_approved, requested_at, arrived_at) values (${a1}, 'Dr Test', true, ${instantOf('2026-10-05T11:00')}, ${instantOf('2026-10-05T12:30')})`.execute(t.database.db);
  });
  afterAll(async () => t?.close());

  it('describes a change in words', () => {
    expect(change(2, 1, 'count')).toBe('up 1');
    expect(change(60, 90, 'minutes')).toBe('down 30 min');
    expect(change(50, 40, 'percent')).toBe('up 10 points');
    expect(change(3, 3, 'count')).toBe('no change');
    expect(change(3, null, 'minutes')).toBe('no data');
  });

  it('shows each theme with the pack’s figures and trend, as a draft the Lead edits (versioned)', async () => {
    const res = await api(viewer, 'GET', '/api/v1/reports/highlight/2026-10');
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ month: '2026-10', label: 'October 2026', status: 'draft', locked: false, version: 1, comparedWith: { previous: 'September 2026', yearEarlier: 'October 2025' } });
    expect(report.themes.map((th: { title: string }) => th.title)).toEqual(['Section 12 doctor availability', 'Bed availability and delays', 'Conveyance delays', 'Demand on the service', 'AMHP safety', 'AMHP morale and work-stress']);
    const demand = report.themes.find((th: { id: string }) => th.id === 'demand');
    expect(demand.figures[0]).toMatchObject({ label: 'Referrals received', current: 2, previous: 1, yearEarlier: 0, trend: 'up 1 on Sep 2026; up 2 on Oct 2025' });
    const s12 = report.themes.find((th: { id: string }) => th.id === 'doctors');
    expect(s12.figures.map((f: { label: string; current: number | null }) => [f.label, f.current])).toEqual([
      ['Delayed by: Section 12 doctor', 1],
      ['Section 12 doctor wait (minutes): median', 90],
      ['Section 12 doctor wait (minutes): 90th percentile', 90],
    ]);
    expect(s12.figures[1].trend).toBe('no data on Sep 2026; no data on Oct 2025');

    // The Lead writes on the page (GOV.UK form); the saved text is shown back.
    const browser = await signedInBrowser(t.app, lead.email, BASE.password);
    const page = await browser.get('/reports/highlight/2026-10');
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('Referrals received 2 1 0 up 1 on Sep 2026; up 2 on Oct 2025');
    const saved = await browser.post('/reports/highlight/2026-10/narrative', { version: '1', 'narrative-doctors': 'Doctors were slow to come out on a Monday.', 'narrative-demand': 'Demand doubled on September.' });
    expect(saved.statusCode).toBe(303);
    const after = await browser.get('/reports/highlight/2026-10');
    expect(after.body).toContain('Doctors were slow to come out on a Monday.');
    expect(textOf(after.body)).toContain('Last saved by Hana Lead');

    // Too long: the form is shown again with the GOV.UK error summary, and nothing is saved.
    const tooLong = await browser.post('/reports/highlight/2026-10/narrative', { version: '2', 'narrative-demand': 'x'.repeat(4001) });
    expect(tooLong.statusCode).toBe(400);
    expect(textOf(tooLong.body)).toContain('There is a problem');
    expect(textOf(tooLong.body)).toContain('Demand on the service: the narrative must be 4000 characters or fewer');

    const audit = await t.tables.selectFrom('auditLog').select('action').where('action', 'like', 'highlight_report%').execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['highlight_report_viewed', 'highlight_report_narratives_saved']));
  });

  it('refuses a save over a stale version (409), keeping what was saved', async () => {
    const current = (await api(manager, 'GET', '/api/v1/reports/highlight/2026-10')).json();
    expect(current.version).toBe(2);
    const stale = await api(manager, 'PUT', '/api/v1/reports/highlight/2026-10/narrative', { version: 1, narratives: { demand: 'Overwriting the Lead' } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().message).toContain('Someone else changed this Highlight Report');
    const still = (await api(manager, 'GET', '/api/v1/reports/highlight/2026-10')).json();
    expect(still.themes.find((th: { id: string }) => th.id === 'demand').narrative).toBe('Demand doubled on September.');

    const browser = await signedInBrowser(t.app, manager.email, BASE.password);
    const page = await browser.post('/reports/highlight/2026-10/narrative', { version: '1', 'narrative-demand': 'Overwriting again' });
    expect(page.statusCode).toBe(409);
    expect(textOf(page.body)).toContain('Someone else changed this Highlight Report');
  });

  it('approves only with every narrative written, then is locked: edits refused with the reason, nothing changed', async () => {
    const early = await api(manager, 'POST', '/api/v1/reports/highlight/2026-10/approval', { version: 2 });
    expect(early.statusCode).toBe(422);
    expect(early.json().message).toContain('Write a narrative for every theme before approving');

    const put = await api(manager, 'PUT', '/api/v1/reports/highlight/2026-10/narrative', { version: 2, narratives: allNarratives });
    expect(put.statusCode).toBe(200);
    expect(put.json().version).toBe(3);
    const approved = await api(manager, 'POST', '/api/v1/reports/highlight/2026-10/approval', { version: 3 });
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', locked: true, approvedByName: 'Omar Manager', version: 4 });

    const edit = await api(lead, 'PUT', '/api/v1/reports/highlight/2026-10/narrative', { version: 4, narratives: { demand: 'Too late' } });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().message).toBe('The Highlight Report for October 2026 was approved by Omar Manager on 15 November 2026 and is locked: it cannot be changed. Nothing was saved.');
    const again = await api(lead, 'POST', '/api/v1/reports/highlight/2026-10/approval', { version: 4 });
    expect(again.statusCode).toBe(409);
    const now = (await api(viewer, 'GET', '/api/v1/reports/highlight/2026-10')).json();
    expect(now.version).toBe(4);
    expect(now.themes.find((th: { id: string }) => th.id === 'demand').narrative).toBe(allNarratives.demand);

    // The page shows the locked report: no form, the reason when a stale form is posted.
    const browser = await signedInBrowser(t.app, lead.email, BASE.password);
    const page = await browser.get('/reports/highlight/2026-10');
    expect(textOf(page.body)).toContain('Approved by Omar Manager on 15 November 2026. The report is locked.');
    expect(page.body).not.toContain('name="narrative-demand"');
    const posted = await browser.post('/reports/highlight/2026-10/narrative', { version: '4', 'narrative-demand': 'Too late' });
    expect(posted.statusCode).toBe(409);
    expect(textOf(posted.body)).toContain('is locked: it cannot be changed');
    const audit = await t.tables.selectFrom('auditLog').select('action').where('action', '=', 'highlight_report_approved').execute();
    expect(audit).toHaveLength(1);
  });

  it('downloads the PDF with the themes, figures and narratives, audited', async () => {
    const browser = await signedInBrowser(t.app, viewer.email, BASE.password);
    const pdf = await browser.get('/reports/highlight/2026-10/download.pdf');
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(pdf.rawPayload);
    expect(text).toContain('Highlight Report: October 2026');
    expect(text).toContain('Approved by Omar Manager');
    for (const theme of THEMES) expect(text).toContain(theme.title);
    expect(text).toContain('Section 12 doctor wait (minutes): median 90 min');
    expect(text).toContain('Narrative about conveyance delays.');
    const audit = await t.tables.selectFrom('auditLog').select('action').where('action', '=', 'highlight_report_downloaded_pdf').execute();
    expect(audit).toHaveLength(1);
  });

  it('picks a month (last month by default), refuses a future month (400) and anyone but the readers (403)', async () => {
    const browser = await signedInBrowser(t.app, viewer.email, BASE.password);
    const list = await browser.get('/reports/highlight');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('value="2026-10"');
    expect(textOf(list.body)).toContain('October 2026 Approved');
    const picked = await browser.get('/reports/highlight?month=2026-09');
    expect(picked.statusCode).toBe(302);
    expect(picked.headers.location).toBe('/reports/highlight/2026-09');
    const futurePick = await browser.get('/reports/highlight?month=2026-12');
    expect(futurePick.statusCode).toBe(400);
    expect(textOf(futurePick.body)).toContain('The month December 2026 is in the future');
    const futurePage = await browser.get('/reports/highlight/2026-12');
    expect(futurePage.statusCode).toBe(400);
    expect(textOf(futurePage.body)).toContain('There is a problem');

    const future = await api(lead, 'GET', '/api/v1/reports/highlight/2026-12');
    expect(future.statusCode).toBe(400);
    expect(future.json().details.fieldErrors).toEqual([{ field: 'month', message: 'The month December 2026 is in the future: choose November 2026 or earlier' }]);
    expect((await api(lead, 'PUT', '/api/v1/reports/highlight/2026-12/narrative', { version: 1, narratives: {} })).statusCode).toBe(400);

    // A governance viewer reads but does not write or approve; an AMHP does neither.
    expect((await api(viewer, 'PUT', '/api/v1/reports/highlight/2026-09/narrative', { version: 1, narratives: { demand: 'No' } })).statusCode).toBe(403);
    expect((await api(amhp, 'GET', '/api/v1/reports/highlight/2026-09')).statusCode).toBe(403);
    expect((await api(amhp, 'PUT', '/api/v1/reports/highlight/2026-09/narrative', { version: 1, narratives: { demand: 'No' } })).statusCode).toBe(403);
    const amhpBrowser = await signedInBrowser(t.app, amhp.email, BASE.password);
    expect((await amhpBrowser.get('/reports/highlight/2026-09/download.pdf')).statusCode).toBe(403);
    // Nobody allowed opened September, so nothing was made or written for it.
    const september = await t.tables.selectFrom('reportHighlights').select(['narratives', 'version']).where('month', '=', '2026-09').executeTakeFirst();
    expect(september).toBeUndefined();
  });
});
