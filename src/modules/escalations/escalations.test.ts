import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../platform/clock.js';
import { instantOf } from '../../platform/london-time.js';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { BASE } from '../../../test/support/base-data.js';
import { testClock } from '../../../test/support/test-clock.js';
import { apiToken, signedInBrowser, textOf } from '../../../test/support/http-client.js';
import { type TestPerson, aPerson, adminContext } from '../../../test/support/builders/staff-builders.js';
import { DEMO_PARTNERS } from './escalations-demo.js';

describe('escalations: the partner directory, the clock, disputes and the on-call ladder', () => {
  let t: TestApp;
  let clock: ManualClock;
  let lead: TestPerson;
  let edtManager: TestPerson;
  let officer: TestPerson;
  let amhp: TestPerson;
  let governance: TestPerson;
  let ashdownEdt: string;
  let police: string;

  const tokens = new Map<string, string>();
  // One token per person: sign-in is rate-limited, as it is in production.
  const token = async (person: { email: string }) => tokens.get(person.email) ?? tokens.set(person.email, await apiToken(t.app, person.email, BASE.password)).get(person.email)!;
  const call = async (person: { email: string }, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${await token(person)}` }, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
  const outbox = (subjectLike: string) => t.tables.selectFrom('notificationOutbox').select(['subject', 'body', 'recipientPersonId', 'recipientAddress']).where('subject', 'like', subjectLike).execute();

  beforeAll(async () => {
    clock = testClock();
    // The clock moves by days and weeks here: sessions and tokens outlive it, and sign-in is not throttled.
    t = await createTestApp({ template: 'base', clock, config: { signInRateLimitPerMinute: 1000, sessionIdleMinutes: 60 * 24 * 90, sessionAbsoluteHours: 24 * 90, apiTokenHours: 24 * 90 } });
    lead = await aPerson('Lina Lead').withRoles('amhp_lead', 'amhp').build(t.services);
    edtManager = await aPerson('Omar Oncall').withRoles('edt_manager').inTeam('edt').build(t.services);
    officer = await aPerson('Eve Edt').withRoles('edt_officer').inTeam('edt').build(t.services);
    amhp = await aPerson('Ava Amhp').withRoles('amhp').build(t.services);
    governance = await aPerson('Gil Governance').withRoles('governance_viewer').inTeam(null).build(t.services);
    const admin = await adminContext(t.services);
    ashdownEdt = (await t.services.partnerDirectory.addPartner(admin, DEMO_PARTNERS[0]!)).id;
    police = (await t.services.partnerDirectory.addPartner(admin, DEMO_PARTNERS[1]!)).id;
  }, 60_000);
  afterAll(async () => t.close());

  describe('the partner directory', () => {
    const hospital = { name: 'Westford Royal Infirmary', kind: 'acute_trust', complaintRoute: 'Datix', notes: '', contacts: [{ roleLabel: 'Site manager', rung: 1, hours: 'any', phone: '01632 960150', bleep: '', mailbox: '' }] };

    it('refuses a contact without any way to reach it, and changes nothing', async () => {
      const refused = await call(lead, 'POST', '/api/v1/escalation-partners', { ...hospital, contacts: [{ roleLabel: 'Duty senior nurse', rung: 1, hours: 'out_of_hours', phone: '', bleep: '', mailbox: '' }] });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().details.fieldErrors).toEqual([{ field: 'contacts.0.phone', message: 'Contact 1 (Duty senior nurse): give a phone number, a bleep or a mailbox' }]);
      const list = await call(amhp, 'GET', '/api/v1/escalation-partners');
      expect(list.json().partners.map((p: { name: string }) => p.name)).not.toContain('Westford Royal Infirmary');
    });

    it('the AMHP Lead adds and changes an entry (audited, versioned); an AMHP may only read', async () => {
      expect((await call(amhp, 'POST', '/api/v1/escalation-partners', hospital)).statusCode).toBe(403);
      const added = await call(lead, 'POST', '/api/v1/escalation-partners', hospital);
      expect(added.statusCode).toBe(201);
      const { id, version } = added.json();
      const changed = await call(lead, 'PUT', `/api/v1/escalation-partners/${id}`, { ...hospital, contacts: [...hospital.contacts, { roleLabel: 'On-call director', rung: 3, hours: 'any', phone: '', bleep: '', mailbox: 'gold@westford.example.org' }], version });
      expect(changed.statusCode).toBe(200);
      expect(changed.json().contacts).toHaveLength(2);
      const stale = await call(lead, 'PUT', `/api/v1/escalation-partners/${id}`, { ...hospital, version });
      expect(stale.statusCode).toBe(409);
      expect((await t.services.audit.search({ action: 'escalation_partner_changed' })).total).toBe(1);
    });

    it('the directory page lists each organisation’s routes; the form refuses an unreachable contact beside its field', async () => {
      const page = await (await signedInBrowser(t.app, amhp.email, BASE.password)).get('/escalations/directory');
      expect(page.statusCode).toBe(200);
      expect(textOf(page.body)).toContain('EDT on-call manager');
      expect(textOf(page.body)).toContain('01632 960100');
      const browser = await signedInBrowser(t.app, lead.email, BASE.password);
      const bad = await browser.post('/escalations/directory', { name: 'Hillcrest Hospital', kind: 'acute_trust', 'contacts-0-roleLabel': 'Duty senior nurse', 'contacts-0-rung': '1', 'contacts-0-hours': 'any' });
      expect(bad.statusCode).toBe(400);
      expect(textOf(bad.body)).toContain('Contact 1 (Duty senior nurse): give a phone number, a bleep or a mailbox');
      expect(bad.body).toContain('href="#contacts-0-phone"');
      const ok = await browser.post('/escalations/directory', { name: 'Hillcrest Hospital', kind: 'acute_trust', 'contacts-0-roleLabel': 'Duty senior nurse', 'contacts-0-rung': '1', 'contacts-0-hours': 'any', 'contacts-0-bleep': '612' });
      expect(ok.statusCode).toBe(303);
    });
  });

  describe('the clock', () => {
    it('a deadline across a bank holiday: raised on Thursday 2 April 2026, the response is due on 15 April', async () => {
      clock.set(instantOf('2026-04-02T10:00'));
      const raised = await call(amhp, 'POST', '/api/v1/escalations', { category: 'service_delay', urgency: 'routine', concern: 'Ambulance delay', triedLocally: 'Spoke to control', outcomeSought: 'Review', receiverPersonId: lead.id });
      expect(raised.statusCode).toBe(201);
      expect(raised.json().escalation.acknowledgeBy).toBe(instantOf('2026-04-03T10:00').toISOString());
      expect(raised.json().escalation.respondBy).toBe(instantOf('2026-04-15T17:00').toISOString());
      clock.set(instantOf('2026-03-10T09:00'));
    });

    it('refuses a response before acknowledgement and an acknowledgement by someone else; the receiver acknowledges and responds; a dispute goes one rung up', async () => {
      const raised = await call(amhp, 'POST', '/api/v1/escalations', {
        category: 'dispute_on_outcome',
        urgency: 'routine',
        concern: 'Disagreement about the outcome of an assessment',
        triedLocally: 'Discussed with the duty senior',
        outcomeSought: 'A joint review',
        receiverPersonId: edtManager.id,
        partnerId: ashdownEdt,
      });
      const { id, version } = raised.json().escalation;
      expect(raised.json().clock.acknowledgement.state).toBe('running');
      const early = await call(edtManager, 'POST', `/api/v1/escalations/${id}/response`, { version, response: 'Not yet' });
      expect(early.statusCode).toBe(409);
      expect(early.json().message).toBe('Acknowledge the escalation before giving a written response');
      const notReceiver = await call(lead, 'POST', `/api/v1/escalations/${id}/acknowledgement`, { version });
      expect(notReceiver.statusCode).toBe(403);
      expect(notReceiver.json().message).toBe('Only Omar Oncall, the receiving manager, can acknowledge this escalation');
      expect((await call(amhp, 'GET', `/api/v1/escalations/${id}`)).json().escalation.status).toBe('awaiting_acknowledgement');

      const acked = await call(edtManager, 'POST', `/api/v1/escalations/${id}/acknowledgement`, { version });
      expect(acked.statusCode).toBe(200);
      expect(acked.json().clock.acknowledgement.state).toBe('met');
      const responded = await call(edtManager, 'POST', `/api/v1/escalations/${id}/response`, { version: acked.json().escalation.version, response: 'The outcome stands.' });
      expect(responded.json().escalation.status).toBe('responded');
      const [toRaiser] = await outbox('Written response to your escalation%');
      expect(toRaiser).toMatchObject({ recipientPersonId: amhp.id, subject: 'Written response to your escalation: Mental Health Act referral: dispute on outcome' });
      expect(toRaiser!.body).toContain('Omar Oncall has responded in writing');

      clock.set(instantOf('2026-03-12T10:00'));
      const disputed = await call(amhp, 'POST', `/api/v1/escalations/${id}/dispute`, { version: responded.json().escalation.version, reason: 'The outcome did not consider the risk history' });
      expect(disputed.statusCode).toBe(200);
      expect(disputed.json().escalation).toMatchObject({
        rung: 2,
        status: 'awaiting_acknowledgement',
        receiverName: 'EDT team manager or service manager, Ashdown Emergency Duty Team',
        acknowledgeBy: instantOf('2026-03-13T10:00').toISOString(),
        respondBy: instantOf('2026-03-23T17:00').toISOString(),
      });
      clock.set(instantOf('2026-03-10T09:00'));
    });

    it('an outside receiver’s acknowledgement is recorded by the raiser, naming who; reminders go before and after each deadline', async () => {
      clock.set(instantOf('2026-03-10T09:00'));
      const raised = (await call(officer, 'POST', '/api/v1/escalations', { category: 'conveyance', urgency: 'routine', concern: 'Police cancelled attendance', triedLocally: 'Control room', outcomeSought: 'Rebooking route', partnerId: police, receiverPersonId: null, receiverName: 'Inspector Ola Oduya', receiverContact: 'ola.oduya@northvale-police.example.org' })).json();
      const noName = await call(officer, 'POST', `/api/v1/escalations/${raised.escalation.id}/acknowledgement`, { version: raised.escalation.version });
      expect(noName.statusCode).toBe(400);
      expect(JSON.stringify(noName.json())).toContain('Say who at the receiving organisation replied');

      clock.set(instantOf('2026-03-11T05:30'));
      await t.services.scheduler.runDue(true);
      const soon = await outbox('Please acknowledge the escalation by%');
      expect(soon.filter((m) => m.recipientAddress === 'ola.oduya@northvale-police.example.org')).toHaveLength(1);
      expect(soon.find((m) => m.recipientAddress === 'ola.oduya@northvale-police.example.org')!.body).toContain('An escalation (Conveyance) raised by Eve Edt is waiting for your acknowledgement, due by');

      clock.set(instantOf('2026-03-11T09:05'));
      await t.services.scheduler.runDue(true);
      await t.services.scheduler.runDue(true);
      const missed = (await outbox('Missed: acknowledgement of an escalation to Inspector Ola Oduya')).filter((m) => m.body.includes('Eve Edt'));
      expect(missed).toEqual([expect.objectContaining({ recipientPersonId: lead.id })]);
      const page = await (await signedInBrowser(t.app, officer.email, BASE.password)).get(`/escalations/${raised.escalation.id}`);
      expect(textOf(page.body)).toContain('Missed by 5 minutes');

      const acked = await call(officer, 'POST', `/api/v1/escalations/${raised.escalation.id}/acknowledgement`, { version: raised.escalation.version, onBehalfOf: 'Inspector Ola Oduya, by phone' });
      expect(acked.json().events.at(-1)).toMatchObject({ kind: 'acknowledged', onBehalfOf: 'Inspector Ola Oduya, by phone', byName: 'Eve Edt' });
      expect(acked.json().clock.acknowledgement.state).toBe('met_late');
      clock.set(instantOf('2026-03-10T09:00'));
    });

    it('people see only escalations they raised or receive; coordinators and governance see all', async () => {
      const other = await aPerson('Olly Other').withRoles('amhp').build(t.services);
      const list = await call(other, 'GET', '/api/v1/escalations');
      expect(list.json().escalations).toEqual([]);
      const some = (await call(amhp, 'GET', '/api/v1/escalations')).json().escalations[0].escalation.id;
      expect((await call(other, 'GET', `/api/v1/escalations/${some}`)).statusCode).toBe(403);
      expect((await call(governance, 'GET', `/api/v1/escalations/${some}`)).statusCode).toBe(200);
      expect((await call(governance, 'POST', '/api/v1/escalations', {})).statusCode).toBe(403);
      expect((await t.services.audit.search({ action: 'escalation_viewed' })).total).toBeGreaterThan(0);
    });
  });

  describe('partner agencies', () => {
    it('a person at the police raises a concern, sees only their organisation’s escalations, reads the response and replies; no clinical record', async () => {
      const inspector = await aPerson('Ola Oduya').withRoles('partner').inTeam(null).build(t.services);
      const ambulance = await aPerson('Abe Ambulance').withRoles('partner').inTeam(null).build(t.services);
      const unlinked = await call(inspector, 'POST', '/api/v1/escalations', { category: 'conveyance', urgency: 'routine', concern: 'x', triedLocally: 'y', outcomeSought: 'z', receiverPersonId: lead.id });
      expect(unlinked.statusCode).toBe(403);
      expect((await call(lead, 'POST', `/api/v1/escalation-partners/${police}/members`, { personId: amhp.id })).statusCode).toBe(400);
      expect((await call(lead, 'POST', `/api/v1/escalation-partners/${police}/members`, { personId: inspector.id })).json().members.map((m: { name: string }) => m.name)).toEqual(['Ola Oduya']);
      const admin = await adminContext(t.services);
      const eastern = (await t.services.partnerDirectory.addPartner(admin, DEMO_PARTNERS[4]!)).id;
      await call(lead, 'POST', `/api/v1/escalation-partners/${eastern}/members`, { personId: ambulance.id });

      const withReferral = await call(inspector, 'POST', '/api/v1/escalations', { category: 'appropriate_adult', urgency: 'routine', concern: 'No appropriate adult for 6 hours', triedLocally: 'Called EDT twice', outcomeSought: 'An appropriate adult within 2 hours', receiverPersonId: lead.id, referral: 'AMHP-2026-00001' });
      expect(withReferral.statusCode).toBe(400);
      const raised = await call(inspector, 'POST', '/api/v1/escalations', { category: 'appropriate_adult', urgency: 'routine', concern: 'No appropriate adult for 6 hours', triedLocally: 'Called EDT twice', outcomeSought: 'An appropriate adult within 2 hours', receiverPersonId: lead.id, partnerId: eastern });
      expect(raised.statusCode).toBe(201);
      const id = raised.json().escalation.id;
      expect(raised.json().escalation.partnerName).toBe('Northvale Police');

      const theirs = (await call(inspector, 'GET', '/api/v1/escalations')).json().escalations.map((e: { escalation: { partnerId: string } }) => e.escalation.partnerId);
      expect(theirs).toContain(police); // theirs (and any the service raised with the police), never another organisation's
      expect(new Set(theirs)).toEqual(new Set([police]));
      expect((await call(ambulance, 'GET', '/api/v1/escalations')).json().escalations).toEqual([]);
      const other = await call(ambulance, 'GET', `/api/v1/escalations/${id}`);
      expect(other.statusCode).toBe(403);
      expect(other.json().message).toBe('You can see only your organisation’s escalations');

      const acked = await call(lead, 'POST', `/api/v1/escalations/${id}/acknowledgement`, { version: raised.json().escalation.version });
      await call(lead, 'POST', `/api/v1/escalations/${id}/response`, { version: acked.json().escalation.version, response: 'EDT will provide an appropriate adult within 2 hours from Monday.' });
      const read = await call(inspector, 'GET', `/api/v1/escalations/${id}`);
      expect(read.json().events.find((e: { kind: string }) => e.kind === 'responded').text).toBe('EDT will provide an appropriate adult within 2 hours from Monday.');
      expect((await call(inspector, 'POST', `/api/v1/escalations/${id}/replies`, { text: 'Thank you: we will monitor it.' })).statusCode).toBe(201);

      // No clinical record, register or duty page; the home page offers raising a concern.
      const browser = await signedInBrowser(t.app, inspector.email, BASE.password);
      for (const url of ['/referrals', '/duty/board', '/safety/board', '/register', '/api/v1/people']) {
        const response = url.startsWith('/api') ? await call(inspector, 'GET', url) : await browser.get(url);
        expect(response.statusCode, url).toBe(403);
      }
      const home = await browser.get('/');
      expect(textOf(home.body)).toContain('Raise a concern with the AMHP service');
      const form = await browser.get('/escalations/new');
      expect(form.body).not.toContain('name="referral"');
    });
  });

  describe('the on-call ladder, out of hours', () => {
    it('an urgent concern at night goes to the ladder page: on-call manager, again, team manager, each call recorded; then the decision', async () => {
      clock.set(instantOf('2026-03-10T23:10'));
      const browser = await signedInBrowser(t.app, officer.email, BASE.password);
      const raised = await browser.post('/escalations', { category: 'on_call_unreachable', urgency: 'urgent', concern: 'Need a decision on a s136 handover', triedLocally: 'Discussed with the custody sergeant', outcomeSought: 'A decision tonight', partnerId: ashdownEdt, receiverPersonId: edtManager.id });
      expect(raised.statusCode).toBe(303);
      const ladderUrl = raised.headers.location as string;
      expect(ladderUrl).toMatch(/\/escalations\/[0-9a-f-]{36}\/on-call$/);
      let page = await browser.get(ladderUrl);
      expect(textOf(page.body)).toContain('Call the on-call manager');
      expect(textOf(page.body)).toContain('EDT on-call manager: 01632 960100');
      const callsUrl = ladderUrl.replace(/on-call$/, 'on-call/calls');
      expect((await browser.post(callsUrl, { step: 'on_call_manager', number: '01632 960100', answered: 'no' })).statusCode).toBe(303);
      page = await browser.get(ladderUrl);
      expect(page.body).toContain('data-next-step="on_call_manager_again"');
      await browser.post(callsUrl, { step: 'on_call_manager_again', number: '01632 960100', answered: 'no' });
      page = await browser.get(ladderUrl);
      expect(page.body).toContain('data-next-step="team_manager"');
      expect(textOf(page.body)).toContain('EDT team manager or service manager: 01632 960101');
      const missing = await browser.post(callsUrl, { step: 'team_manager', number: '' });
      expect(missing.statusCode).toBe(400);
      expect(textOf(missing.body)).toContain('Enter the number you called');
      await browser.post(callsUrl, { step: 'team_manager', number: '01632 960101', answered: 'yes' });
      page = await browser.get(ladderUrl);
      expect(textOf(page.body)).toContain('Reached at 23:10');
      await browser.post(ladderUrl.replace(/on-call$/, 'on-call/decision'), { decision: 'Agreed: EDT accepts the handover; manager to call custody.' });
      const id = ladderUrl.split('/')[2]!;
      const view = (await call(officer, 'GET', `/api/v1/escalations/${id}`)).json();
      expect(view.attempts.map((a: { number: string; answered: boolean }) => `${a.number} ${a.answered}`)).toEqual(['01632 960100 false', '01632 960100 false', '01632 960101 true']);
      expect(view.events.at(-1)).toMatchObject({ kind: 'on_call_decision', text: 'Agreed: EDT accepts the handover; manager to call custody.' });
    });

    it('not urgent: wait 15 minutes, then a reminder to call again', async () => {
      clock.set(instantOf('2026-03-10T23:30'));
      const raised = (await call(officer, 'POST', '/api/v1/escalations', { category: 'shift_cover', urgency: 'routine', concern: 'Cover for tomorrow', triedLocally: 'Asked the team', outcomeSought: 'Cover agreed', partnerId: ashdownEdt, receiverPersonId: edtManager.id })).json();
      const afterCall = (await call(officer, 'POST', `/api/v1/escalations/${raised.escalation.id}/calls`, { step: 'on_call_manager', number: '01632 960100', answered: false })).json();
      expect(afterCall.ladder.next).toEqual({ kind: 'wait', until: instantOf('2026-03-10T23:45').toISOString(), then: 'on_call_manager_again' });
      clock.set(instantOf('2026-03-10T23:46'));
      await t.services.scheduler.runDue(true);
      const reminders = (await outbox('Try the on-call manager again now')).filter((m) => m.body.includes(raised.escalation.id));
      expect(reminders).toEqual([expect.objectContaining({ recipientPersonId: officer.id })]);
      clock.set(instantOf('2026-03-10T09:00'));
    });
  });
});
