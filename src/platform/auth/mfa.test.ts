import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { TestBrowser, textOf } from '../../../test/support/http-client.js';
import { BASE } from '../../../test/support/base-data.js';
import { adminContext, aPerson, type TestPerson } from '../../../test/support/builders/staff-builders.js';
import type { ManualClock } from '../clock.js';
import { totpAt } from './totp.js';

// Issue 13 point 2: two-step verification (TOTP, RFC 6238) with recovery codes, a policy, and an
// administrator's reset; the code is asked after the password on pages and on the token endpoint.
describe('two-step verification', () => {
  let t: TestApp;
  let clock: ManualClock;
  let amhp: TestPerson;
  let secret = '';
  let recoveryCodes: string[] = [];

  beforeAll(async () => {
    t = await createTestApp({ config: { signInMaxFailures: 5 } });
    clock = t.clock as ManualClock;
    amhp = await aPerson('Morwenna Trebilcock').withRoles('amhp').build(t.services);
  });
  afterAll(async () => t.close());

  const passwordStep = async (email: string) => {
    const browser = new TestBrowser(t.app);
    await browser.get('/sign-in');
    const response = await browser.post('/sign-in', { email, password: BASE.password });
    // Follow the redirect as a browser would (the code page carries the form's token).
    if (response.statusCode === 303 && response.headers.location) await browser.get(String(response.headers.location));
    return { browser, response };
  };
  const actions = async (personId: string) =>
    (await t.tables.selectFrom('auditLog').select('action').where('entityId', '=', personId).orderBy('id').execute()).map((row) => row.action);

  it('is set up with a key typed into the app, confirmed by a code, and gives ten recovery codes once', async () => {
    const { browser } = await passwordStep(amhp.email);
    const off = await browser.get('/account/two-step');
    expect(textOf(off.body)).toContain('Two-step verification is off');
    expect((await browser.post('/account/two-step/start')).headers.location).toBe('/account/two-step');
    const page = await browser.get('/account/two-step');
    const shown = /data-testid="totp-secret">([A-Z2-7 ]+)</.exec(page.body)?.[1];
    expect(shown).toBeDefined();
    secret = shown!.replace(/ /g, '');
    expect(page.body).toContain(`otpauth://totp/AMHP%20Hub:${encodeURIComponent(amhp.email)}?secret=${secret}`);
    // The same key as a QR code to scan: an SVG drawn on the server, named for screen readers.
    const qr = /data-testid="totp-qr-code"><svg role="img" aria-label="([^"]+)"[^>]*viewBox="0 0 (\d+) \d+"[\s\S]*?<path stroke="#000000" d="([^"]+)"/.exec(page.body);
    expect(qr?.[1]).toBe('QR code of the key, for an authenticator app to scan');
    expect(Number(qr?.[2])).toBeGreaterThanOrEqual(25);
    expect(qr?.[3]?.length).toBeGreaterThan(300);

    const wrong = await browser.post('/account/two-step/confirm', { code: '000000' === totpAt(secret, clock.now()) ? '111111' : '000000' });
    expect(wrong.statusCode).toBe(400);
    expect(textOf(wrong.body)).toContain('The code is not right');

    const confirmed = await browser.post('/account/two-step/confirm', { code: totpAt(secret, clock.now()) });
    expect(confirmed.statusCode).toBe(200);
    recoveryCodes = [...confirmed.body.matchAll(/<li><code>([a-z2-9-]+)<\/code><\/li>/g)].map((m) => m[1]!);
    expect(recoveryCodes).toHaveLength(10);
    expect(textOf(confirmed.body)).toContain('This is the only time these codes are shown');
    const stored = await t.tables.selectFrom('mfaRecoveryCodes').select('codeHash').where('personId', '=', amhp.id).execute();
    expect(stored).toHaveLength(10);
    expect(stored.map((row) => row.codeHash)).not.toContain(recoveryCodes[0]);
    expect(await actions(amhp.id)).toEqual(expect.arrayContaining(['mfa_enrolment_started', 'mfa_enrolment_code_refused', 'mfa_enrolled']));
  });

  it('asks for the code after the password; the password alone opens nothing, and a used code is refused', async () => {
    const { browser, response } = await passwordStep(amhp.email);
    expect(response.headers.location).toBe('/sign-in/code?returnTo=%2F');
    const home = await browser.get('/referrals');
    expect(home.statusCode).toBe(303);
    expect(home.headers.location).toContain('/sign-in/code');
    expect((await browser.get('/account/two-step')).headers.location).toContain('/sign-in/code');

    // The code used to confirm the set-up is in the same 30-second step: it is not accepted again.
    const replay = await browser.post('/sign-in/code', { code: totpAt(secret, clock.now()), returnTo: '/' });
    expect(replay.statusCode).toBe(401);
    expect(textOf(replay.body)).toContain('it has been used already');

    clock.set(new Date(clock.now().getTime() + 30_000));
    const ok = await browser.post('/sign-in/code', { code: totpAt(secret, clock.now()), returnTo: '/' });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/');
    expect((await browser.get('/')).statusCode).toBe(200);
    expect(await actions(amhp.id)).toEqual(expect.arrayContaining(['sign_in_password_accepted', 'mfa_failed', 'mfa_verified', 'sign_in']));
  });

  it('accepts the code of the step before or after (a phone a little out) but not two steps away', async () => {
    // Stand exactly on a step boundary: the previous step's code is one step old.
    const boundary = Math.ceil(clock.now().getTime() / 30_000) * 30_000 + 60_000;
    clock.set(new Date(boundary));
    const earlier = await passwordStep(amhp.email);
    const previous = await earlier.browser.post('/sign-in/code', { code: totpAt(secret, new Date(boundary - 1)) });
    expect(previous.statusCode).toBe(303);

    clock.set(new Date(boundary + 5 * 30_000));
    const later = await passwordStep(amhp.email);
    const twoStepsOld = await later.browser.post('/sign-in/code', { code: totpAt(secret, new Date(boundary + 3 * 30_000)) });
    expect(twoStepsOld.statusCode).toBe(401);
    const nextStep = await later.browser.post('/sign-in/code', { code: totpAt(secret, new Date(boundary + 6 * 30_000)) });
    expect(nextStep.statusCode).toBe(303);
  });

  it('takes a recovery code once', async () => {
    const first = await passwordStep(amhp.email);
    expect((await first.browser.post('/sign-in/code', { code: recoveryCodes[0]!.toUpperCase() })).statusCode).toBe(303);
    const second = await passwordStep(amhp.email);
    expect((await second.browser.post('/sign-in/code', { code: recoveryCodes[0]! })).statusCode).toBe(401);
    expect(await actions(amhp.id)).toContain('mfa_recovery_code_used');
  });

  it('asks the token endpoint for the code too', async () => {
    clock.set(new Date(clock.now().getTime() + 60_000));
    const without = await t.app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { email: amhp.email, password: BASE.password } });
    expect(without.statusCode).toBe(401);
    expect(without.json().message).toContain('two-step verification');
    const right = await t.app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { email: amhp.email, password: BASE.password, code: totpAt(secret, clock.now()) } });
    expect(right.statusCode).toBe(201);
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { email: amhp.email, password: BASE.password, code: totpAt(secret, clock.now()) } });
    expect(again.statusCode).toBe(401);
  });

  it('locks the account after the allowed number of wrong codes, counted with wrong passwords', async () => {
    const victim = await aPerson('Jory Pascoe').withRoles('amhp').build(t.services);
    const enrol = await passwordStep(victim.email);
    await enrol.browser.post('/account/two-step/start');
    const key = (await t.tables.selectFrom('mfaFactors').select('secret').where('personId', '=', victim.id).executeTakeFirstOrThrow()).secret;
    await enrol.browser.post('/account/two-step/confirm', { code: totpAt(key, clock.now()) });
    clock.set(new Date(clock.now().getTime() + 30_000));

    const { browser } = await passwordStep(victim.email); // attempt 1 (a right password does not clear the count yet)
    for (let i = 0; i < 4; i += 1) expect((await browser.post('/sign-in/code', { code: String(100000 + i) })).statusCode).toBe(401);
    const right = await browser.post('/sign-in/code', { code: totpAt(key, clock.now()) });
    expect(right.statusCode).not.toBe(303);
    expect(await actions(victim.id)).toContain('account_locked');
  });

  it('is required of administrators when the policy says so, for pages and tokens', async () => {
    const admin = await adminContext(t.services);
    await t.services.mfa.savePolicy(admin, { requiredFor: 'admins' }, 0);
    const { browser, response } = await passwordStep(BASE.admin.email);
    expect(response.headers.location).toBe('/account/two-step');
    expect((await browser.get('/admin/audit')).headers.location).toBe('/account/two-step');
    expect(textOf((await browser.get('/account/two-step')).body)).toContain('Your role must use two-step verification');
    const token = await t.app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { email: BASE.admin.email, password: BASE.password } });
    expect(token.statusCode).toBe(403);
    // Amhps are not held by an administrators-only policy.
    const other = await aPerson('Kerensa Hocking').withRoles('amhp').build(t.services);
    expect((await passwordStep(other.email)).response.headers.location).toBe('/');
    await t.services.mfa.savePolicy(admin, { requiredFor: 'none' }, 1);
  });

  it('is reset by an administrator (audited), after which the password alone signs in', async () => {
    const admin = await passwordStep(BASE.admin.email);
    await admin.browser.get('/admin/security');
    const refused = await admin.browser.post('/admin/security/mfa-reset', { personId: 'not-an-id' });
    expect(refused.statusCode).toBe(400);
    const reset = await admin.browser.post('/admin/security/mfa-reset', { personId: amhp.id });
    expect(reset.statusCode).toBe(303);
    const resets = await t.tables.selectFrom('auditLog').select(['actorId']).where('action', '=', 'mfa_reset').where('entityId', '=', amhp.id).execute();
    expect(resets).toHaveLength(1);
    expect((await passwordStep(amhp.email)).response.headers.location).toBe('/');
    expect(await t.tables.selectFrom('mfaRecoveryCodes').select('id').where('personId', '=', amhp.id).execute()).toHaveLength(0);
  });
});
