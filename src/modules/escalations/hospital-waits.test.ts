import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../platform/clock.js';
import { instantOf } from '../../platform/london-time.js';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { BASE } from '../../../test/support/base-data.js';
import { testClock } from '../../../test/support/test-clock.js';
import { apiToken, signedInBrowser, textOf } from '../../../test/support/http-client.js';
import { type TestPerson, aPerson, adminContext } from '../../../test/support/builders/staff-builders.js';
import { type BuiltReferral, aReferral } from '../../../test/support/builders/referral-builders.js';
import { DEMO_PARTNERS } from './escalations-demo.js';
import { DEFAULT_TIMERS, parseSteps, stepViews, summarise, validateTimers } from './hospital-waits.js';

describe('bed and A&E waits: the pure rules', () => {
  const start = instantOf('2026-03-10T09:00');
  const at = (h: number) => new Date(start.getTime() + h * 60 * 60_000);
  const wait = { startedAt: start, endedAt: null, steps: DEFAULT_TIMERS.emergencyDepartment };

  it('a wait crossing the warning points and the 12-hour breach: each step falls due in turn', () => {
    const states = (h: number) => stepViews(wait, new Set(), [], at(h)).map((s) => s.state);
    expect(states(3.9)).toEqual(['upcoming', 'upcoming', 'upcoming', 'upcoming', 'upcoming']);
    expect(states(4)).toEqual(['due', 'upcoming', 'upcoming', 'upcoming', 'upcoming']);
    expect(states(10.5)).toEqual(['due', 'due', 'due', 'due', 'upcoming']);
    const twelve = stepViews(wait, new Set([0, 1]), [], at(12));
    expect(twelve.map((s) => s.state)).toEqual(['contacted', 'contacted', 'due', 'due', 'due']);
    expect(twelve.at(-1)!.label).toBe('12 h: breach');
    expect(summarise('emergency_department', wait, twelve, at(12))).toMatchObject({ breached: true, stepsDue: 3, minutes: 720, text: 'Waiting in the emergency department: 12 h so far (breach)' });
    expect(summarise('emergency_department', wait, stepViews(wait, new Set(), [], at(11.99)), at(11.99)).breached).toBe(false);
  });

  it('the form’s steps: hours, role, "breach" last; bad lines and disorder refused by name', () => {
    expect(parseSteps('4, Duty senior nurse\n12, On-call director, breach', 'ae', 'A&E')).toEqual({ ok: true, value: [{ afterMinutes: 240, role: 'Duty senior nurse', breach: false }, { afterMinutes: 720, role: 'On-call director', breach: true }] });
    const bad = parseSteps('four hours', 'ae', 'A&E');
    expect(bad.ok).toBe(false);
    expect(JSON.stringify(bad)).toContain('A&E, line 1: write the hours, then the role');
    expect(JSON.stringify(validateTimers({ emergencyDepartment: [{ afterMinutes: 600, role: 'Site manager', breach: true }, { afterMinutes: 240, role: 'Nurse', breach: false }], bed: [] }))).toContain('each step must come later than the one before');
    expect(JSON.stringify(validateTimers({ emergencyDepartment: DEFAULT_TIMERS.emergencyDepartment, bed: [] }))).toContain('Bed pathway: add at least one step');
  });
});

describe('bed and A&E waits on a referral', () => {
  let t: TestApp;
  let clock: ManualClock;
  let amhp: TestPerson;
  let lead: TestPerson;
  let referral: BuiltReferral;
  let hospital: string;
  let police: string;

  const tokens = new Map<string, string>();
  const token = async (person: { email: string }) => tokens.get(person.email) ?? tokens.set(person.email, await apiToken(t.app, person.email, BASE.password)).get(person.email)!;
  const call = async (person: { email: string }, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${await token(person)}` }, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
  const outbox = (subjectLike: string) => t.tables.selectFrom('notificationOutbox').select(['subject', 'body', 'recipientPersonId']).where('subject', 'like', subjectLike).execute();

  beforeAll(async () => {
    clock = testClock();
    t = await createTestApp({ template: 'base', clock, config: { signInRateLimitPerMinute: 1000, sessionIdleMinutes: 60 * 24 * 30, sessionAbsoluteHours: 24 * 30, apiTokenHours: 24 * 30 } });
    amhp = await aPerson('Ava Amhp').withRoles('amhp').build(t.services);
    lead = await aPerson('Lou Lead').withRoles('amhp_lead').build(t.services);
    const admin = await adminContext(t.services);
    police = (await t.services.partnerDirectory.addPartner(admin, DEMO_PARTNERS[1]!)).id;
    hospital = (await t.services.partnerDirectory.addPartner(admin, DEMO_PARTNERS[2]!)).id;
    referral = await aReferral().build(t.services);
  }, 60_000);
  afterAll(async () => t.close());

  let waitId: string;

  it('refuses a wait at an organisation that is not a hospital, an unknown referral, or an arrival in the future; nothing is recorded', async () => {
    const notHospital = await call(amhp, 'POST', '/api/v1/hospital-waits', { referral: referral.reference, partnerId: police, kind: 'emergency_department' });
    expect(notHospital.statusCode).toBe(400);
    expect(JSON.stringify(notHospital.json())).toContain('Choose the hospital from the partner directory');
    expect((await call(amhp, 'POST', '/api/v1/hospital-waits', { referral: 'REF-1999-000001', partnerId: hospital, kind: 'bed' })).statusCode).toBe(400);
    const future = await call(amhp, 'POST', '/api/v1/hospital-waits', { referral: referral.reference, partnerId: hospital, kind: 'bed', startedAt: '2026-03-10T11:00' });
    expect(future.statusCode).toBe(400);
    expect(JSON.stringify(future.json())).toContain('The bed request time cannot be in the future');
    expect(await t.tables.selectFrom('escalationHospitalWaits').select('id').execute()).toEqual([]);
  });

  it('an arrival in A&E starts the timers, shows whom to contact from the directory, and goes on the referral’s timeline', async () => {
    const made = await call(amhp, 'POST', '/api/v1/hospital-waits', { referral: referral.reference, partnerId: hospital, kind: 'emergency_department', startedAt: '2026-03-10T08:30' });
    expect(made.statusCode).toBe(201);
    const view = made.json();
    waitId = view.wait.id;
    expect(view.steps.map((s: { afterMinutes: number }) => s.afterMinutes)).toEqual([240, 360, 480, 600, 720]);
    expect(view.steps[2]).toMatchObject({ role: 'Site manager', state: 'upcoming', dueAt: '2026-03-10T16:30:00.000Z', contacts: [expect.objectContaining({ roleLabel: 'Site manager', phone: '01632 960120', bleep: '500' })] });
    expect(view.steps[0].contacts).toEqual([expect.objectContaining({ roleLabel: 'Duty senior nurse', bleep: '612' })]);
    expect(view.summary).toMatchObject({ minutes: 30, breached: false, stepsDue: 0 });
    const again = await call(amhp, 'POST', '/api/v1/hospital-waits', { referral: referral.reference, partnerId: hospital, kind: 'emergency_department' });
    expect(again.statusCode).toBe(409);
    const timeline = await t.services.referrals.timeline(referral.id);
    expect(timeline.map((e) => e.summary).find((x) => x.startsWith('Arrived in the emergency department at Corrington General Hospital'))).toMatch(/08:30: escalation timers started$/);
    expect((await t.services.audit.search({ action: 'hospital_wait_recorded' })).total).toBe(1);
  });

  it('the scheduler sends each warning once as it is crossed, and the breach to the AMHP Lead too', async () => {
    clock.set(instantOf('2026-03-10T12:31'));
    await t.services.scheduler.runDue(true);
    await t.services.scheduler.runDue(true);
    const fourHours = await outbox('4 h waiting in the emergency department%');
    expect(fourHours).toEqual([expect.objectContaining({ recipientPersonId: amhp.id, subject: `4 h waiting in the emergency department: contact the duty senior nurse (${referral.reference})` })]);
    expect(fourHours[0]!.body).toContain('Contact Duty senior nurse (bleep 612)');
    expect(await outbox('6 h waiting%')).toEqual([]);

    const browser = await signedInBrowser(t.app, amhp.email, BASE.password);
    const page = textOf((await browser.get(`/referrals/${referral.id}`)).body);
    expect(page).toContain('Bed and A&E waits');
    expect(page).toContain('1 escalation step due now: Duty senior nurse');
    expect(page).toContain('Site manager, Corrington General Hospital');

    clock.set(instantOf('2026-03-10T20:40'));
    await t.services.scheduler.runDue(true);
    await t.services.scheduler.runDue(true);
    const breach = await outbox('Breach: 12 h waiting in the emergency department%');
    expect(breach.map((m) => m.recipientPersonId).sort()).toEqual([amhp.id, lead.id].sort());
    expect(await outbox('% waiting in the emergency department%')).toHaveLength(6);
    const listed = textOf((await browser.get('/escalations/hospital-waits')).body);
    expect(listed).toContain('5 steps due');
    expect(listed).toContain('Breach');
    expect(textOf((await browser.get('/escalations')).body)).toContain('Bed and A&E waits with an escalation step due now');
  });

  it('records a contact at a step (who, number, answered, outcome); refuses a contact for no step or with no one named', async () => {
    const noStep = await call(amhp, 'POST', `/api/v1/hospital-waits/${waitId}/contacts`, { stepIndex: 9, contactRole: 'Site manager', answered: true });
    expect(noStep.statusCode).toBe(400);
    expect((await call(amhp, 'POST', `/api/v1/hospital-waits/${waitId}/contacts`, { stepIndex: 2, contactRole: ' ', answered: true })).statusCode).toBe(400);
    const made = await call(amhp, 'POST', `/api/v1/hospital-waits/${waitId}/contacts`, { stepIndex: 2, contactRole: 'Site manager (Sam Pryor)', number: '01632 960120', answered: true, outcome: 'Will find a bed at Ashdown', at: '2026-03-10T16:35' });
    expect(made.statusCode).toBe(201);
    expect(made.json().contacts).toEqual([expect.objectContaining({ stepIndex: 2, contactRole: 'Site manager (Sam Pryor)', answered: true, byName: 'Ava Amhp' })]);
    expect(made.json().steps[2].state).toBe('contacted');
  });

  it('ending the wait puts the delay (and the breach) on the referral’s timeline; a stale or second end is refused', async () => {
    const ended = await call(amhp, 'POST', `/api/v1/hospital-waits/${waitId}/end`, { version: 1, endedAt: '2026-03-10T20:40', note: 'Conveyed to Ashdown' });
    expect(ended.statusCode).toBe(200);
    expect(ended.json().summary).toMatchObject({ minutes: 730, breached: true, text: 'Waited 12 h 10 min in the emergency department (breach)' });
    expect((await call(amhp, 'POST', `/api/v1/hospital-waits/${waitId}/end`, { version: 1 })).statusCode).toBe(409);
    const timeline = await t.services.referrals.timeline(referral.id);
    expect(timeline.map((e) => e.summary)).toContain('Waited 12 h 10 min in the emergency department (breach) at Corrington General Hospital');
    clock.set(instantOf('2026-03-10T09:00'));
  });

  it('a hospital’s own timers: kept by the AMHP Lead (versioned, audited), refused when out of order, used by new waits', async () => {
    const defaults = await call(amhp, 'GET', `/api/v1/escalation-partners/${hospital}/timers`);
    expect(defaults.json()).toMatchObject({ isDefault: true, version: 0 });
    expect((await call(amhp, 'PUT', `/api/v1/escalation-partners/${hospital}/timers`, { version: 0, emergencyDepartment: [], bed: [] })).statusCode).toBe(403);
    const bad = await call(lead, 'PUT', `/api/v1/escalation-partners/${hospital}/timers`, { version: 0, emergencyDepartment: [{ afterMinutes: 720, role: 'On-call director', breach: true }, { afterMinutes: 60, role: 'Nurse', breach: false }], bed: [{ afterMinutes: 120, role: 'Duty senior nurse' }] });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('A&E, Step 2: each step must come later than the one before');
    const saved = await call(lead, 'PUT', `/api/v1/escalation-partners/${hospital}/timers`, { version: 0, emergencyDepartment: [{ afterMinutes: 120, role: 'Nurse in charge', breach: false }, { afterMinutes: 720, role: 'On-call director', breach: true }], bed: [{ afterMinutes: 60, role: 'Duty senior nurse' }, { afterMinutes: 180, role: 'Site manager' }] });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ isDefault: false, version: 1 });
    expect((await call(lead, 'PUT', `/api/v1/escalation-partners/${hospital}/timers`, { version: 0, emergencyDepartment: [{ afterMinutes: 60, role: 'x' }], bed: [{ afterMinutes: 60, role: 'x' }] })).statusCode).toBe(409);
    expect((await call(lead, 'PUT', `/api/v1/escalation-partners/${hospital}/timers`, { version: 5, emergencyDepartment: [{ afterMinutes: 60, role: 'x' }], bed: [{ afterMinutes: 60, role: 'x' }] })).statusCode).toBe(409);
    expect((await t.services.audit.search({ action: 'hospital_timers_changed' })).total).toBe(1);
    const bed = await call(amhp, 'POST', '/api/v1/hospital-waits', { referral: referral.reference, partnerId: hospital, kind: 'bed', startedAt: '2026-03-10T08:00' });
    expect(bed.json().steps.map((s: { role: string; state: string }) => `${s.role}: ${s.state}`)).toEqual(['Duty senior nurse: due', 'Site manager: upcoming']);
  });

  it('the page form for timers refuses a line it cannot read, keeping what was typed', async () => {
    const browser = await signedInBrowser(t.app, lead.email, BASE.password);
    const refused = await browser.post(`/escalations/directory/${hospital}/timers`, { version: '1', emergencyDepartment: '4, Duty senior nurse\nsoon', bed: '4, Site manager' });
    expect(refused.statusCode).toBe(400);
    expect(textOf(refused.body)).toContain('A&E, line 2: write the hours, then the role');
    expect(refused.body).toContain('soon');
    expect((await t.services.audit.search({ action: 'hospital_timers_changed' })).total).toBe(1);
  });

  it('partners and the governance role see no waits', async () => {
    const partner = await aPerson('Pat Partner').withRoles('partner').inTeam(null).build(t.services);
    expect((await call(partner, 'GET', '/api/v1/hospital-waits')).statusCode).toBe(403);
    expect((await call(partner, 'GET', `/api/v1/hospital-waits/${waitId}`)).statusCode).toBe(403);
  });

  it('the directory on the duty board, and escalations linked to a handover or a visit: an id that names none is refused, nothing raised', async () => {
    const browser = await signedInBrowser(t.app, lead.email, BASE.password);
    const board = textOf((await browser.get('/duty/board')).body);
    expect(board).toContain('Partner contacts (in hours)');
    expect(board).toContain('Northvale Police: Response inspector (north)');
    const form = textOf((await browser.get('/escalations/new?handover=00000000-0000-4000-8000-000000000001')).body);
    expect(form).toContain('Linked to the handover you came from');
    const base = { category: 'shift_cover', urgency: 'routine', concern: 'No cover for the night', triedLocally: 'Asked the team', outcomeSought: 'Cover', receiverPersonId: lead.id };
    const before = (await t.tables.selectFrom('escalations').select('id').execute()).length;
    const handover = await call(amhp, 'POST', '/api/v1/escalations', { ...base, handover: '00000000-0000-4000-8000-000000000001' });
    expect(handover.statusCode).toBe(400);
    expect(JSON.stringify(handover.json())).toContain('No handover you can see has this id');
    const visit = await call(amhp, 'POST', '/api/v1/escalations', { ...base, visit: '00000000-0000-4000-8000-000000000002' });
    expect(JSON.stringify(visit.json())).toContain('No visit you can see has this id');
    expect((await call(amhp, 'POST', '/api/v1/escalations', { ...base, visit: 'not-an-id' })).statusCode).toBe(400);
    expect((await t.tables.selectFrom('escalations').select('id').execute()).length).toBe(before);
  });
});
