import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instantOf } from '../../platform/london-time.js';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { BASE } from '../../../test/support/base-data.js';
import { testClock } from '../../../test/support/test-clock.js';
import { apiToken, signedInBrowser, textOf } from '../../../test/support/http-client.js';
import { pdfText } from '../../../test/support/pdf-text.js';
import { type TestPerson, aPerson, organisationId } from '../../../test/support/builders/staff-builders.js';
import type { Pack } from './pack.js';

/**
 * The pack computed from a small hand-built dataset: October 2026 (the period), September 2026
 * (the one before) and October 2025 (a year earlier). The answers are worked out by hand below.
 */
describe('the monthly performance pack, from a hand-built dataset', () => {
  let t: TestApp;
  let lead: TestPerson;
  let viewer: TestPerson;
  let amhpA: TestPerson;
  let amhpB: TestPerson;
  let northshire: string;
  let westford: string;
  const tokens = new Map<string, string>();
  const token = async (p: { email: string }) => tokens.get(p.email) ?? tokens.set(p.email, await apiToken(t.app, p.email, BASE.password)).get(p.email)!;
  const api = async (p: { email: string }, url: string) => t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${await token(p)}` } });
  const at = (local: string) => instantOf(local);
  let seq = 0;

  async function referral(r: { at: string; source: string; via: string; nhs?: string; dob?: string | null; lssa?: string | null; legal?: string; since?: string; decision?: string; allocatedTo?: string; allocatedAt?: string }) {
    seq += 1;
    const id = (
      await sql<{ id: string }>`insert into referrals (reference, status, received_at, received_via, source_type, referrer_name, given_name, family_name, date_of_birth, nhs_number, lssa_id, legal_status, legal_status_since, reason, urgency, decision, decision_alternative, decided_at, allocated_amhp_id, allocated_at, created_by)
        values (${`TEST-${seq}`}, 'received', ${at(r.at)}, ${r.via}, ${r.source}, 'Referrer', 'Pat', ${`Person${seq}`}, ${r.dob ?? null}, ${r.nhs ?? null}, ${r.lssa ?? null}, ${r.legal ?? 'informal'}, ${r.since ? at(r.since) : null}, 'Reason', 'urgent',
          ${r.decision ?? null}, ${r.decision === 'not_proceed' ? 'signposting' : null}, ${r.decision ? at(r.at) : null}, ${r.allocatedTo ?? null}, ${r.allocatedAt ? at(r.allocatedAt) : null}, ${lead.id}) returning id`.execute(t.database.db)
    ).rows[0]!.id;
    return id;
  }

  async function assessment(referralId: string, a: { interview: string; outcome: string; recorded: string; delay?: string }) {
    const section = ['s2', 's3', 's4', 'guardianship'].includes(a.outcome) ? a.outcome : null;
    return (
      await sql<{ id: string }>`insert into assessments (referral_id, interview_at, outcome, application_section, outcome_recorded_at, delay_cause) values (${referralId}, ${at(a.interview)}, ${a.outcome}, ${section}, ${at(a.recorded)}, ${a.delay ?? null}) returning id`.execute(t.database.db)
    ).rows[0]!.id;
  }

  beforeAll(async () => {
    t = await createTestApp({ template: 'base', clock: testClock('2026-11-15T10:00') });
    lead = await aPerson('Lena Lead').withRoles('amhp_lead').build(t.services);
    viewer = await aPerson('Gus Governance').withRoles('governance_viewer').inTeam(null).build(t.services);
    amhpA = await aPerson('Ari Amhp').withRoles('amhp').inTeam('daytime').build(t.services);
    amhpB = await aPerson('Bo Amhp').withRoles('amhp').inTeam('edt').build(t.services);
    northshire = await organisationId(t.services, 'northshire');
    westford = await organisationId(t.services, 'westford');
    const db = t.database.db;

    // Referrals. R1 Mon 5 Oct 10:00 (daytime), R2 Sat 10 Oct 22:00 (EDT, s136 from 21:00), R3 Tue 20 Oct 14:00
    // (daytime; the same person as R1 15 days later), R4 Fri 25 Sep (the period before), R5 Oct 2025 (a year
    // earlier), R6 1 Aug 2026 (the same person as R2, 70 days before it: a repeat within 90 days, not 30).
    const r1 = await referral({ at: '2026-10-05T10:00', source: 'gp', via: 'phone', nhs: '1111111111', dob: '1990-01-01', lssa: northshire, decision: 'proceed', allocatedTo: amhpA.id, allocatedAt: '2026-10-05T11:00' });
    const r2 = await referral({ at: '2026-10-10T22:00', source: 'police', via: 'phone', nhs: '2222222222', dob: '2010-06-01', lssa: northshire, legal: 's136', since: '2026-10-10T21:00', decision: 'proceed', allocatedTo: amhpA.id, allocatedAt: '2026-10-10T22:30' });
    await referral({ at: '2026-10-20T14:00', source: 'gp', via: 'email', nhs: '1111111111', dob: '1990-01-01', lssa: westford, decision: 'not_proceed' });
    const r4 = await referral({ at: '2026-09-25T09:30', source: 'gp', via: 'phone', nhs: '3333333333', dob: null, lssa: northshire, decision: 'proceed', allocatedTo: amhpB.id, allocatedAt: '2026-09-25T10:00' });
    await referral({ at: '2025-10-15T11:00', source: 'mental_health_team', via: 'phone', nhs: '4444444444', dob: '1950-03-03', lssa: northshire });
    await referral({ at: '2026-08-01T12:00', source: 'family_or_carer', via: 'phone', nhs: '2222222222', dob: '2010-06-01', lssa: northshire });

    // Assessments: A1 (R1) interviewed 13:00 (180 min), s2, delayed by the s12 doctor (asked 11:00, arrived 12:30: 90 min);
    // A2 (R2) interviewed 02:00 (240 min from referral; 300 from arrival), informal admission, delayed by the bed
    // (asked 01:30, arrived 05:30: 240 min); A3 (R4) in September, no further action.
    const a1 = await assessment(r1, { interview: '2026-10-05T13:00', outcome: 's2', recorded: '2026-10-05T16:00', delay: 'section_12_doctor' });
    await sql`insert into assessment_doctors (assessment_id, name, s12_approved, requested_at, arrived_at) values (${a1}, 'Dr Test', true, ${at('2026-10-05T11:00')}, ${at('2026-10-05T12:30')})`.execute(db);
    await sql`insert into assessment_doctor_contacts (assessment_id, doctor_name, s12_approved, called_at, result) values (${a1}, 'Dr One', true, ${at('2026-10-05T10:40')}, 'no_answer'), (${a1}, 'Dr Test', true, ${at('2026-10-05T10:50')}, 'available')`.execute(db);
    const a2 = await assessment(r2, { interview: '2026-10-11T02:00', outcome: 'informal_admission', recorded: '2026-10-11T03:00', delay: 'bed' });
    await sql`insert into assessment_resources (assessment_id, kind, requested_at, arrived_at) values (${a2}, 'bed', ${at('2026-10-11T01:30')}, ${at('2026-10-11T05:30')})`.execute(db);
    await assessment(r4, { interview: '2026-09-25T12:30', outcome: 'no_further_action', recorded: '2026-09-25T14:00' });

    // A handover EDT → daytime, sent 08:00, accepted 08:45 (45 min).
    await sql`insert into handovers (from_kind, from_team, to_kind, to_team, sent_by, sent_at, status, accepted_by, accepted_at, acceptance_deadline) values ('team', 'edt', 'team', 'daytime', ${amhpB.id}, ${at('2026-10-06T08:00')}, 'accepted', ${lead.id}, ${at('2026-10-06T08:45')}, ${at('2026-10-06T10:00')})`.execute(db);

    // Safety: two visits in October; one alone, overdue alert at 15:00, acknowledged 15:10 (10 min).
    const visit = (await sql<{ id: string }>`insert into safety_visits (amhp_id, team_id, place, alone_reason, phone, started_at, expected_finish_at, status, finished_at) values (${amhpA.id}, (select team_id from people where id = ${amhpA.id}), 'A place', 'Contained setting', '07700 900111', ${at('2026-10-07T13:00')}, ${at('2026-10-07T14:30')}, 'finished_safe', ${at('2026-10-07T15:30')}) returning id`.execute(db)).rows[0]!.id;
    await sql`insert into safety_visits (amhp_id, team_id, place, companions, phone, started_at, expected_finish_at, status, finished_at) values (${amhpA.id}, (select team_id from people where id = ${amhpA.id}), 'B place', '[{"kind":"amhp","name":"X"}]', '07700 900111', ${at('2026-10-08T13:00')}, ${at('2026-10-08T14:30')}, 'finished_safe', ${at('2026-10-08T14:00')})`.execute(db);
    await sql`insert into safety_escalation_records (key, visit_id, episode_key, trigger, kind, at) values ('k1', ${visit}, 'e1', 'overdue', 'alert', ${at('2026-10-07T15:00')})`.execute(db);
    await sql`insert into safety_acknowledgements (alert_key, by_person_id, at, outcome) values ('k1', ${lead.id}, ${at('2026-10-07T15:10')}, 'reached_amhp')`.execute(db);

    // Hours: 2 h late referral, approved as TOIL on 9 Oct; 30 min of TOIL taken on 20 Oct: 1.5 h owed at the end of October.
    await sql`insert into safety_hours_claims (amhp_id, start_at, end_at, reason, submitted_at, status, compensation, decided_at) values (${amhpA.id}, ${at('2026-10-08T17:00')}, ${at('2026-10-08T19:00')}, 'late_referral', ${at('2026-10-08T19:30')}, 'approved', 'toil', ${at('2026-10-09T09:00')})`.execute(db);
    await sql`insert into safety_toil_taken (amhp_id, taken_on, minutes, recorded_by, recorded_at) values (${amhpA.id}, '2026-10-20', 30, ${lead.id}, ${at('2026-10-20T09:00')})`.execute(db);

    // Register: A approved to 2029 (18 h training in March, supervised 15 Sep); B approved to 1 Feb 2027 (re-approval due), 5 h training.
    for (const p of [amhpA, amhpB]) await sql`insert into register_entries (person_id, profession, registration_number) values (${p.id}, 'social_worker', ${`SW${p.id.slice(0, 6)}`})`.execute(db);
    await sql`insert into register_approvals (person_id, approving_lssa_id, start_date, end_date) values (${amhpA.id}, ${northshire}, '2024-01-01', '2029-01-01'), (${amhpB.id}, ${northshire}, '2022-01-01', '2027-02-01')`.execute(db);
    await sql`insert into register_training (person_id, date, title, provider, hours) values (${amhpA.id}, '2026-03-01', 'Law update', 'Provider', 18), (${amhpB.id}, '2026-03-01', 'Law update', 'Provider', 5)`.execute(db);
    await sql`insert into register_supervision_records (supervisee_id, supervisor_id, date, type) values (${amhpA.id}, ${lead.id}, '2026-09-15', 'professional_1_1')`.execute(db);

    // Rota: 5 Oct A (planned); 6 Oct B unavailable, covered by A; 7 Oct EDT B cancelled. Two shifts, both staffed.
    await sql`insert into duty_shifts (shift_date, kind, person_id, starts_at, ends_at, status) values ('2026-10-05', 'daytime', ${amhpA.id}, ${at('2026-10-05T09:00')}, ${at('2026-10-05T17:00')}, 'planned')`.execute(db);
    const bShift = (await sql<{ id: string }>`insert into duty_shifts (shift_date, kind, person_id, starts_at, ends_at, status) values ('2026-10-06', 'daytime', ${amhpB.id}, ${at('2026-10-06T09:00')}, ${at('2026-10-06T17:00')}, 'unavailable') returning id`.execute(db)).rows[0]!.id;
    await sql`insert into duty_shifts (shift_date, kind, person_id, starts_at, ends_at, status, covers_shift_id) values ('2026-10-06', 'daytime', ${amhpA.id}, ${at('2026-10-06T09:00')}, ${at('2026-10-06T17:00')}, 'planned', ${bShift})`.execute(db);
    await sql`insert into duty_shifts (shift_date, kind, person_id, starts_at, ends_at, status) values ('2026-10-07', 'edt', ${amhpB.id}, ${at('2026-10-07T17:00')}, ${at('2026-10-08T09:00')}, 'cancelled')`.execute(db);
    // B off sick 30 Oct – 3 Nov: 2 days in October.
    await sql`insert into duty_absences (person_id, kind, starts_on, ends_on, recorded_by, recorded_at) values (${amhpB.id}, 'sickness', '2026-10-30', '2026-11-03', ${lead.id}, ${at('2026-10-30T08:00')})`.execute(db);

    // An escalation: clock from 12 Oct 10:00, acknowledged 11:00 (60 min), answered 13 Oct 10:00 (1,440 min).
    await sql`insert into escalations (raised_by, raised_at, category, urgency, concern, tried_locally, outcome_sought, receiver_name, status, clock_started_at, acknowledge_by, respond_by, acknowledged_at, responded_at)
      values (${lead.id}, ${at('2026-10-12T10:00')}, 'conveyance', 'urgent', 'c', 't', 'o', 'R', 'responded', ${at('2026-10-12T10:00')}, ${at('2026-10-13T10:00')}, ${at('2026-10-22T10:00')}, ${at('2026-10-12T11:00')}, ${at('2026-10-13T10:00')})`.execute(db);
  }, 120_000);
  afterAll(async () => t.close());

  const figure = (pack: Pack, section: string, key: string) => {
    const f = pack.sections.find((s) => s.id === section)?.figures.find((x) => x.key === key);
    if (!f) throw new Error(`no figure ${section}.${key}`);
    return [f.current, f.previous, f.yearEarlier];
  };

  it('computes every figure for October 2026, beside September 2026 and October 2025', async () => {
    const res = await api(viewer, '/api/v1/reports/pack?period=month&month=2026-10');
    expect(res.statusCode).toBe(200);
    const pack = res.json() as Pack;
    expect(pack.periods.current.label).toBe('October 2026');
    expect(pack.periods.previous.label).toBe('September 2026');
    expect(pack.periods.yearEarlier.label).toBe('October 2025');

    expect(figure(pack, 'referrals', 'referrals')).toEqual([3, 1, 1]);
    expect(figure(pack, 'referrals', 'source_gp')).toEqual([2, 1, 0]);
    expect(figure(pack, 'referrals', 'source_police')).toEqual([1, 0, 0]);
    expect(figure(pack, 'referrals', 'source_mental_health_team')).toEqual([0, 0, 1]);
    expect(figure(pack, 'referrals', 'route_email')).toEqual([1, 0, 0]);
    expect(figure(pack, 'referrals', 'route_phone')).toEqual([2, 1, 1]);
    expect(figure(pack, 'referrals', 'within_30')).toEqual([1, 0, 0]);
    expect(figure(pack, 'referrals', 'within_90')).toEqual([2, 0, 0]);
    // The heat map: Monday 10:00, Saturday 22:00, Tuesday 14:00.
    const heat = pack.sections.find((s) => s.id === 'referrals')!.extra!;
    expect(heat.rows[0]![1 + 10]).toBe('1');
    expect(heat.rows[5]![1 + 22]).toBe('1');
    expect(heat.rows[1]![1 + 14]).toBe('1');
    expect(heat.rows.flatMap((r) => r.slice(1)).reduce((a, c) => a + Number(c), 0)).toBe(3);

    expect(figure(pack, 'age', 'age_36_45')).toEqual([2, 0, 0]);
    expect(figure(pack, 'age', 'age_under_18')).toEqual([1, 0, 0]);
    expect(figure(pack, 'age', 'age_unknown')).toEqual([0, 1, 0]);
    expect(figure(pack, 'age', 'age_66_75')).toEqual([0, 0, 1]);
    expect(figure(pack, 'decisions', 'decision_proceed')).toEqual([2, 1, 0]);
    expect(figure(pack, 'decisions', 'decision_not_proceed')).toEqual([1, 0, 0]);
    expect(figure(pack, 'decisions', 'decision_undecided')).toEqual([0, 0, 1]);

    expect(figure(pack, 'assessments', 'assessments')).toEqual([2, 1, 0]);
    expect(figure(pack, 'assessments', 'outcome_s2')).toEqual([1, 0, 0]);
    expect(figure(pack, 'assessments', 'outcome_informal_admission')).toEqual([1, 0, 0]);
    expect(figure(pack, 'assessments', 'outcome_no_further_action')).toEqual([0, 1, 0]);
    // 180 and 240 minutes: median 210, 90th percentile 180 + 0.9 × 60 = 234. None a year earlier: no data.
    expect(figure(pack, 'assessments', 'all_median')).toEqual([210, 180, null]);
    expect(figure(pack, 'assessments', 'all_p90')).toEqual([234, 180, null]);

    expect(figure(pack, 'delays', 'section_12_doctor')).toEqual([1, 0, 0]);
    expect(figure(pack, 'delays', 'section_12_doctor_median')).toEqual([90, null, null]);
    expect(figure(pack, 'delays', 'bed')).toEqual([1, 0, 0]);
    expect(figure(pack, 'delays', 'bed_p90')).toEqual([240, null, null]);
    expect(figure(pack, 'delays', 'conveyance')).toEqual([0, 0, 0]);
    expect(figure(pack, 'delays', 'conveyance_median')).toEqual([null, null, null]);

    expect(figure(pack, 's136', 'all')).toEqual([1, 0, 0]);
    expect(figure(pack, 's136', 'all_median')).toEqual([300, null, null]);
    expect(figure(pack, 's136', 's136_outcome_informal_admission')).toEqual([1, 0, 0]);

    expect(figure(pack, 'handovers', 'sent')).toEqual([1, 0, 0]);
    expect(figure(pack, 'handovers', 'accepted')).toEqual([1, 0, 0]);
    expect(figure(pack, 'handovers', 'late')).toEqual([0, 0, 0]);
    expect(figure(pack, 'handovers', 'sent_median')).toEqual([45, null, null]);

    expect(figure(pack, 'allocation', 'amhps')).toEqual([1, 1, 0]);
    expect(figure(pack, 'allocation', 'allocated')).toEqual([2, 1, 0]);

    expect(figure(pack, 'safety', 'visits')).toEqual([2, 0, 0]);
    expect(figure(pack, 'safety', 'alone')).toEqual([1, 0, 0]);
    expect(figure(pack, 'safety', 'alone_percent')).toEqual([50, null, null]);
    expect(figure(pack, 'safety', 'overdue')).toEqual([1, 0, 0]);
    expect(figure(pack, 'safety', 'acknowledge_median')).toEqual([10, null, null]);
    expect(pack.sections.find((s) => s.id === 'safety')!.extra!.rows).toEqual([['Contained setting', '1']]);

    expect(figure(pack, 'hours', 'hours_total')).toEqual([2, 0, 0]);
    expect(figure(pack, 'hours', 'hours_late_referral')).toEqual([2, 0, 0]);
    expect(figure(pack, 'hours', 'balance_minutes')).toEqual([1.5, 0, 0]);
    expect(figure(pack, 'hours', 'in_credit')).toEqual([1, 0, 0]);

    expect(figure(pack, 'workforce', 'approved')).toEqual([2, 2, 2]);
    expect(figure(pack, 'workforce', 'on_rota')).toEqual([1, 0, 0]);
    expect(figure(pack, 'workforce', 'shifts')).toEqual([2, 0, 0]);
    expect(figure(pack, 'workforce', 'rota_fill')).toEqual([100, null, null]);
    expect(figure(pack, 'workforce', 'backed_up')).toEqual([1, 0, 0]);
    expect(figure(pack, 'workforce', 'sickness_days')).toEqual([2, 0, 0]);
    expect(figure(pack, 'workforce', 'training_compliant')).toEqual([1, 1, 0]);
    expect(figure(pack, 'workforce', 'training_percent')).toEqual([50, 50, 0]);
    expect(figure(pack, 'workforce', 'supervision_percent')).toEqual([50, 50, 0]); // 15 September is within 3 months of the end of September too
    expect(figure(pack, 'workforce', 'reapprovals_due')).toEqual([1, 1, 0]);

    expect(figure(pack, 'escalations', 'escalations')).toEqual([1, 0, 0]);
    expect(figure(pack, 'escalations', 'escalation_conveyance')).toEqual([1, 0, 0]);
    expect(figure(pack, 'escalations', 'acknowledge_median')).toEqual([60, null, null]);
    expect(figure(pack, 'escalations', 'respond_median')).toEqual([1440, null, null]);
  });

  it('filters by service, LSSA and team', async () => {
    const edt = (await api(viewer, '/api/v1/reports/pack?month=2026-10&service=edt')).json() as Pack;
    expect(figure(edt, 'referrals', 'referrals')).toEqual([1, 0, 0]);
    expect(figure(edt, 'referrals', 'source_police')).toEqual([1, 0, 0]);
    const daytime = (await api(viewer, '/api/v1/reports/pack?month=2026-10&service=daytime')).json() as Pack;
    expect(figure(daytime, 'referrals', 'referrals')).toEqual([2, 1, 1]);
    const west = (await api(viewer, `/api/v1/reports/pack?month=2026-10&lssa=${westford}`)).json() as Pack;
    expect(west.lssaName).toBe('Westford Borough Council');
    expect(figure(west, 'referrals', 'referrals')).toEqual([1, 0, 0]);
    expect(figure(west, 'workforce', 'approved')).toEqual([0, 0, 0]);
  });

  it('by quarter and year, against the quarter before and a year earlier', async () => {
    const q = (await api(viewer, '/api/v1/reports/pack?period=quarter&month=2026-11')).json() as Pack;
    expect([q.periods.current.label, q.periods.previous.label, q.periods.yearEarlier.label]).toEqual(['Oct–Dec 2026 (Q4)', 'Jul–Sep 2026 (Q3)', 'Oct–Dec 2025 (Q4)']);
    expect(figure(q, 'referrals', 'referrals')).toEqual([3, 2, 1]);
    const y = (await api(viewer, '/api/v1/reports/pack?period=year&month=2026-03')).json() as Pack;
    expect(figure(y, 'referrals', 'referrals')).toEqual([5, 1, 0]);
  });

  it('shows the page with charts and tables, and downloads the same figures as CSV and PDF', async () => {
    const browser = await signedInBrowser(t.app, lead.email, BASE.password);
    const page = await browser.get('/reports/pack?period=month&month=2026-10&service=both');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<svg');
    expect(page.body).toContain('role="img"');
    const text = textOf(page.body);
    expect(text).toContain('Performance pack: October 2026');
    expect(text).toContain('Referral to assessment (minutes): median 210 min 180 min no data');

    const csv = await browser.get('/reports/pack/download.csv?month=2026-10');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.split('\r\n');
    expect(lines[0]).toBe('Section,Figure,Unit,October 2026,September 2026,October 2025');
    expect(lines).toContain('Referrals,Referrals received,count,3,1,1');
    expect(lines).toContain('Assessments and outcomes,Referral to assessment (minutes): median,minutes,210,180,');

    const pdf = await browser.get('/reports/pack/download.pdf?month=2026-10');
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const pdfBody = await pdfText(pdf.rawPayload);
    expect(pdfBody).toContain('AMHP service performance pack: October 2026');
    expect(pdfBody).toContain('Referrals by source');
    expect(pdfBody).toContain('Section 12 doctor wait (minutes): median');
  });

  it('refuses a month in the future, an unknown LSSA, and someone without access, changing nothing', async () => {
    const auditBefore = await t.tables.selectFrom('auditLog').select(sql<number>`count(*)::integer`.as('n')).executeTakeFirstOrThrow();
    const future = await api(viewer, '/api/v1/reports/pack?month=2026-12');
    expect(future.statusCode).toBe(400);
    expect(future.json().details.fieldErrors).toEqual([{ field: 'month', message: 'The month December 2026 is in the future: choose November 2026 or earlier' }]);
    const unknown = await api(viewer, '/api/v1/reports/pack?month=2026-10&lssa=00000000-0000-4000-8000-000000000000');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().details.fieldErrors[0].message).toBe('There is no LSSA with that id: choose one from the list');
    const malformed = await api(viewer, '/api/v1/reports/pack?month=2026-13');
    expect(malformed.statusCode).toBe(400);
    const amhp = await api(amhpA, '/api/v1/reports/pack/csv?month=2026-10');
    expect(amhp.statusCode).toBe(403);
    const auditAfter = await t.tables.selectFrom('auditLog').select(sql<number>`count(*)::integer`.as('n')).where('action', 'like', 'performance_pack%').executeTakeFirstOrThrow();
    expect(auditAfter.n).toBeLessThanOrEqual(auditBefore.n);

    const browser = await signedInBrowser(t.app, lead.email, BASE.password);
    const page = await browser.get('/reports/pack?month=2099-01');
    expect(page.statusCode).toBe(400);
    expect(textOf(page.body)).toContain('There is a problem');
    expect(textOf(page.body)).toContain('The month January 2099 is in the future');
  });
});
