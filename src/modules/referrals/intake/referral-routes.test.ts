import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE } from '../../../../test/support/base-data.js';
import { aReferral, approveForTest, referralTaker } from '../../../../test/support/builders/referral-builders.js';
import { aPerson, type TestPerson } from '../../../../test/support/builders/staff-builders.js';
import { signedInBrowser, textOf, type TestBrowser } from '../../../../test/support/http-client.js';
import { pdfText } from '../../../../test/support/pdf-text.js';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.js';

let t: TestApp;
let support: TestPerson;
let lead: TestPerson;
let ava: TestPerson;

const signIn = (person: TestPerson): Promise<TestBrowser> => signedInBrowser(t.app, person.email, BASE.password);

/** The intake form as the browser sends it: GOV.UK date inputs and a 24-hour time box. */
const form = (overrides: Record<string, string> = {}) => ({
  'receivedAt-day': '10',
  'receivedAt-month': '3',
  'receivedAt-year': '2026',
  'receivedAt-time': '08:50',
  receivedVia: 'phone',
  sourceType: 'police',
  referrerName: 'PC Route Test',
  referrerContact: '01632 960123',
  givenName: 'Morgan',
  familyName: 'Routetest',
  'dateOfBirth-day': '4',
  'dateOfBirth-month': '4',
  'dateOfBirth-year': '1989',
  currentLocation: 'Place of safety',
  legalStatus: 's136',
  'legalStatusSince-day': '10',
  'legalStatusSince-month': '3',
  'legalStatusSince-year': '2026',
  'legalStatusSince-time': '0830',
  reason: 'Detained on the bridge',
  urgency: 'emergency',
  ...overrides,
});

beforeAll(async () => {
  t = await createTestApp({ template: 'base' });
  support = await referralTaker(t.services);
  lead = await aPerson('Morwenna Lead').withRoles('amhp_lead').build(t.services);
  ava = await aPerson('Tobias Amhp').withRoles('amhp').build(t.services);
  await approveForTest(t.services, ava);
});
afterAll(async () => t.close());

describe('referral pages', () => {
  it('re-shows the intake form with errors beside the fields and the values typed, never a 500', async () => {
    const browser = await signIn(support);
    await browser.get('/referrals/new');
    const response = await browser.post('/referrals', form({ nhsNumber: '123', familyName: '' }));
    expect(response.statusCode).toBe(400);
    const text = textOf(response.body);
    expect(text).toContain('There is a problem');
    expect(text).toContain('An NHS number has 10 digits');
    expect(text).toContain("Enter the person's last name");
    expect(response.body).toContain('value="PC Route Test"');
    expect(response.body).toContain('name="receivedAt-time" type="text" value="08:50"');

    const future = await browser.post('/referrals', form({ 'dateOfBirth-year': '2099' }));
    expect(future.statusCode).toBe(400);
    expect(textOf(future.body)).toContain('Date of birth must be today or in the past');

    const impossible = await browser.post('/referrals', form({ 'receivedAt-day': '30', 'receivedAt-month': '2' }));
    expect(impossible.statusCode).toBe(400);
    expect(textOf(impossible.body)).toContain('February 2026 has 28 days');
    expect(impossible.body).toContain('href="#receivedAt-day"');

    // A summer wall-clock time on the form is UK time (BST): 09:00 on 15 July is 08:00Z.
    const summer = await browser.post('/referrals', form({ 'receivedAt-day': '15', 'receivedAt-month': '7', 'receivedAt-year': '2025', 'receivedAt-time': '9:00', familyName: 'Summertime', 'legalStatusSince-year': '2025', 'legalStatusSince-month': '7', 'legalStatusSince-day': '15' }));
    expect(summer.statusCode).toBe(303);
    const stored = await t.services.referrals.records.resource((summer.headers.location as string).split('/').pop()!);
    expect(stored.receivedAt.toISOString()).toBe('2025-07-15T08:00:00.000Z');
    expect(stored.legalStatusSince?.toISOString()).toBe('2025-07-15T07:30:00.000Z');

    await browser.get('/referrals/new');
    const twelveHour = await browser.post('/referrals', form({ 'receivedAt-time': '8.50pm' }));
    expect(textOf(twelveHour.body)).toContain('24-hour clock');
    const bads: Array<Record<string, string>> = [{ urgency: 'whenever' }, { 'receivedAt-day': 'yesterday' }, { lssaId: 'not-a-uuid' }, { legalStatus: '' }, { 'legalStatusSince-time': '' }];
    for (const bad of bads) {
      expect((await browser.post('/referrals', form(bad))).statusCode).toBe(400);
    }
  });

  it('takes a referral, shows duplicates before saving, then runs decision → allocation → feedback and the letter', async () => {
    const taker = await signIn(support);
    await taker.get('/referrals/new');
    const created = await taker.post('/referrals', form());
    expect(created.statusCode).toBe(303);
    const url = created.headers.location as string;
    const id = url.split('/').pop()!;
    const summary = textOf((await taker.get(url)).body);
    expect(summary).toMatch(/Referral REF-2026-\d{6} recorded/);
    expect(summary).toContain('Received 10 March 2026, 08:50 by phone');

    await taker.get('/referrals/new');
    const dup = await taker.post('/referrals', form());
    expect(dup.statusCode).toBe(422);
    expect(textOf(dup.body)).toContain('may be the same person as an open referral');
    expect(dup.body).toContain(`href="/referrals/${id}"`);
    const confirmed = await taker.post('/referrals', form({ confirmNotDuplicate: 'yes' }));
    expect(confirmed.statusCode).toBe(303);

    const browser = await signIn(lead);
    const page = await browser.get(url);
    expect(textOf(page.body)).toContain('Morgan Routetest');
    expect(page.body).toContain(`/referrals/${id}/assessment`);

    await browser.get(`${url}/decision`);
    const decided = await browser.post(`${url}/decision`, { decision: 'proceed', rationale: 'Risk to life', version: '1' });
    expect(decided.statusCode).toBe(303);
    const again = await browser.post(`${url}/decision`, { decision: 'proceed', rationale: 'Again', version: '2' });
    expect(again.statusCode).toBe(409);
    expect(textOf(again.body)).toContain('This cannot be done now');

    await browser.get(`${url}/allocate`);
    const stale = await browser.post(`${url}/allocate`, { amhpId: ava.id, version: '1' });
    expect(stale.statusCode).toBe(409);
    expect(textOf(stale.body)).toContain('Someone else changed this referral');
    expect(stale.body).toContain('name="version" value="2"');
    const none = await browser.post(`${url}/allocate`, { amhpId: '', version: '2' });
    expect(none.statusCode).toBe(400);
    expect(textOf(none.body)).toContain('Choose the AMHP to allocate');
    const allocated = await browser.post(`${url}/allocate`, { amhpId: ava.id, version: '2' });
    expect(allocated.statusCode).toBe(303);
    const after = textOf((await browser.get(url)).body);
    expect(after).toContain('AMHP allocated');
    expect(after).toContain('Risk to life');
    expect(after).toContain('Signed Morwenna Lead, 10 March 2026, 09:00');
    expect(after).toContain('Tobias Amhp (allocated');

    await browser.get(`${url}/feedback`);
    const noOne = await browser.post(`${url}/feedback`, { givenTo: '', method: 'phone', 'givenAt-time': '08:55' });
    expect(noOne.statusCode).toBe(400);
    expect(noOne.body).toContain('name="givenAt-time" type="text" value="08:55"');
    expect((await browser.post(`${url}/feedback`, { givenTo: 'PC Route Test', method: 'phone' })).statusCode).toBe(303);
    expect(textOf((await browser.get(`${url}/feedback`)).body)).toContain('PC Route Test');
    const pdf = await browser.get(`${url}/feedback-letter.pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const letter = await pdfText(pdf.rawPayload);
    expect(letter).toContain('Morgan Routetest');
    expect(letter).toMatch(/REF-2026-\d{6}/);
    expect(letter).toContain('Proceed to a Mental Health Act assessment');
  });

  it('a decision without reasons is shown again with the error; withdrawal and closure go through the lifecycle', async () => {
    const { id, version } = await aReferral().build(t.services);
    const browser = await signIn(lead);
    await browser.get(`/referrals/${id}/decision`);
    const noRationale = await browser.post(`/referrals/${id}/decision`, { decision: 'proceed', version: String(version) });
    expect(noRationale.statusCode).toBe(400);
    expect(textOf(noRationale.body)).toContain('Enter the reason for your decision');
    expect(noRationale.body).toContain('value="proceed" checked');

    const taker = await signIn(support);
    await taker.get(`/referrals/${id}`);
    const notYet = await taker.post(`/referrals/${id}/close`, { version: String(version) });
    expect(notYet.statusCode).toBe(409);
    expect(textOf(notYet.body)).toContain('Record the outcome (or a decision not to proceed) before closing it');
    await taker.get(`/referrals/${id}/withdraw`);
    expect((await taker.post(`/referrals/${id}/withdraw`, { reason: '', version: String(version) })).statusCode).toBe(400);
    expect((await taker.post(`/referrals/${id}/withdraw`, { reason: 'The person agreed to informal admission', version: String(version) })).statusCode).toBe(303);
    expect(textOf((await taker.get(`/referrals/${id}`)).body)).toContain('The person agreed to informal admission');
  });

  it('lists and searches; a bad filter or id is shown, not a crash', async () => {
    const { reference } = await aReferral().forPerson({ familyName: 'Listable' }).build(t.services);
    const browser = await signIn(lead);
    const list = await browser.get('/referrals');
    expect(list.statusCode).toBe(200);
    expect(textOf(list.body)).toMatch(/\d+ referrals/);
    expect(textOf((await browser.get('/referrals?q=Listable')).body)).toContain(reference);
    const badUrgency = await browser.get('/referrals?urgency=sometime');
    expect(badUrgency.statusCode).toBe(400);
    expect(textOf(badUrgency.body)).toContain('Choose an urgency from the list');
    expect((await browser.get('/referrals?q=x')).statusCode).toBe(400);
    expect((await browser.get('/referrals?page=0')).statusCode).toBe(400);
    expect((await browser.get('/referrals/not-a-uuid')).statusCode).toBe(400);
    expect((await browser.get('/referrals/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });
});
