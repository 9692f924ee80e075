// Issue 12 items 8, 10 and 11c for additional hours: the decision page shows the claim's length;
// a decision recorded after the event keeps both times and shows them; only the line manager
// decides unless the service configures that an operational manager may too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../../platform/clock.js';
import { instantOf } from '../../../platform/time/parse.js';
import { BASE } from '../../../../test/support/base-data.js';
import { type SafetyCast, aSafetyCast, anHoursClaim } from '../../../../test/support/builders/safety-builders.js';
import { aPerson } from '../../../../test/support/builders/staff-builders.js';
import { apiToken, signedInBrowser, textOf } from '../../../../test/support/http-client.js';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.js';
import { testClock } from '../../../../test/support/test-clock.js';

let t: TestApp;
let clock: ManualClock;
let cast: SafetyCast;

beforeAll(async () => {
  clock = testClock('2026-03-10T09:00');
  t = await createTestApp({ template: 'base', clock });
  cast = await aSafetyCast(t.services);
}, 60_000);
afterAll(async () => t.close());

const when = (time: string) => ({ 'decidedAt-day': '10', 'decidedAt-month': '3', 'decidedAt-year': '2026', 'decidedAt-time': time });

describe('deciding additional hours', () => {
  it('shows the length; a decision made at 09:45 and recorded at 16:50 keeps both; the future or before the claim is refused, nothing changed', async () => {
    // Claimed at 09:00 for 06:00–08:30 (2 h 30 min).
    const claim = await anHoursClaim(cast.ava).from(-180).to(-30).build(t.services);
    clock.set(instantOf('2026-03-10T16:50'));
    const manager = await signedInBrowser(t.app, cast.lina.email, BASE.password);
    const page = await manager.get(`/safety/hours/${claim.id}`);
    const text = textOf(page.body);
    expect(text).toContain('Length 2 h 30 min');
    expect(text).toContain('When was the decision made?');
    expect(page.body).not.toContain('type="time"');
    expect(textOf((await manager.get('/safety/hours/decide')).body)).toContain('2 h 30 min');

    const future = await manager.post(`/safety/hours/${claim.id}/decision`, { decision: 'approve_toil', ...when('17:30') });
    expect(future.statusCode).toBe(400);
    expect(textOf(future.body)).toContain('When the decision was made cannot be in the future (it is now 10 March 2026, 16:50)');
    const beforeClaim = await manager.post(`/safety/hours/${claim.id}/decision`, { decision: 'approve_toil', ...when('08:59') });
    expect(beforeClaim.statusCode).toBe(400);
    expect(textOf(beforeClaim.body)).toContain('When the decision was made cannot be before the claim was made (10 March 2026, 09:00)');
    expect((await t.services.safety.hours.claim(cast.lina.ctx, claim.id)).claim).toMatchObject({ status: 'submitted', version: 1, decidedAt: null });

    const decided = await manager.post(`/safety/hours/${claim.id}/decision`, { decision: 'approve_toil', ...when('09:45') });
    expect(decided.statusCode).toBe(303);
    const stored = (await t.services.safety.hours.claim(cast.lina.ctx, claim.id)).claim;
    expect([stored.status, stored.decidedAt?.toISOString(), stored.decisionRecordedAt?.toISOString()]).toEqual(['approved', '2026-03-10T09:45:00.000Z', '2026-03-10T16:50:00.000Z']);
    expect(textOf((await manager.get(`/safety/hours/${claim.id}`)).body)).toContain('Approved as time off in lieu by Lina Linemanager, 10 March 2026, 09:45 (recorded 10 March 2026, 16:50)');
  });

  it('on the API: decidedAt by the one time rule, or now', async () => {
    clock.set(instantOf('2026-03-11T09:00'));
    const first = await anHoursClaim(cast.eli).from(-300).to(-240).build(t.services);
    const second = await anHoursClaim(cast.eli).from(-200).to(-150).build(t.services);
    clock.set(instantOf('2026-03-11T15:00'));
    const token = await apiToken(t.app, cast.lina.email, BASE.password);
    const decide = (id: string, payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: `/api/v1/safety/hours/${id}/decision`, headers: { authorization: `Bearer ${token}` }, payload });
    const future = await decide(first.id, { decision: 'approve_payment', decidedAt: '2026-03-11T15:01' });
    expect(future.statusCode).toBe(400);
    expect(future.json()).toMatchObject({ details: { fieldErrors: [{ field: 'decidedAt' }] } });
    expect((await decide(first.id, { decision: 'approve_payment', decidedAt: '2026-03-11T10:15' })).json()).toMatchObject({ status: 'approved', decidedAt: '2026-03-11T10:15:00.000Z', decisionRecordedAt: '2026-03-11T15:00:00.000Z' });
    expect((await decide(second.id, { decision: 'decline', declineReason: 'On the timesheet already' })).json()).toMatchObject({ status: 'declined', decidedAt: '2026-03-11T15:00:00.000Z', decisionRecordedAt: '2026-03-11T15:00:00.000Z' });
  });

  it('only the line manager decides, unless the service lets an operational manager decide too', async () => {
    const claim = await anHoursClaim(cast.ava).from(-120).to(-60).build(t.services);
    const olu = await signedInBrowser(t.app, cast.olu.email, BASE.password);
    expect(textOf((await olu.get('/safety/hours/decide')).body)).toContain('No claims are waiting for you');
    await expect(t.services.safety.hours.decideClaim(cast.olu.ctx, claim.id, { outcome: 'approve', compensation: 'toil' })).rejects.toThrow('Only the AMHP’s line manager can decide their additional hours');
    expect((await t.services.safety.hours.claim(cast.lina.ctx, claim.id)).claim.status).toBe('submitted');

    const admin = await aPerson('Ada Admin').withRoles('admin').inTeam(null).build(t.services);
    const adminToken = await apiToken(t.app, admin.email, BASE.password);
    const api = (method: 'GET' | 'PUT', payload?: Record<string, unknown>) => t.app.inject({ method, url: '/api/v1/safety/settings/hours-deciders', headers: { authorization: `Bearer ${adminToken}` }, ...(payload ? { payload } : {}) });
    expect((await api('GET')).json()).toEqual({ deciders: 'line_manager', version: 0 });
    const adminPage = await signedInBrowser(t.app, admin.email, BASE.password);
    expect(textOf((await adminPage.get('/admin/safety-hours-deciders')).body)).toContain('Only the AMHP’s line manager');
    const saved = await adminPage.post('/admin/safety-hours-deciders', { deciders: 'line_manager_or_operational_manager', version: '0' });
    expect(saved.statusCode).toBe(303);
    expect((await api('PUT', { deciders: 'line_manager', version: 0 })).statusCode).toBe(409);
    expect((await api('GET')).json()).toEqual({ deciders: 'line_manager_or_operational_manager', version: 1 });

    expect(textOf((await olu.get('/safety/hours/decide')).body)).toContain('Ava Amhp');
    expect(await t.services.safety.hours.decideClaim(cast.olu.ctx, claim.id, { outcome: 'approve', compensation: 'toil' })).toMatchObject({ status: 'approved', decidedBy: cast.olu.id });
    expect((await api('PUT', { deciders: 'line_manager', version: 1 })).json()).toEqual({ deciders: 'line_manager', version: 2 });
  });
});
