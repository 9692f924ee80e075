import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { TestBrowser } from '../../../test/support/http-client.js';
import { BASE } from '../../../test/support/base-data.js';
import { aPerson, type TestPerson } from '../../../test/support/builders/staff-builders.js';

// Issue 13: a security test sent 30 parallel wrong passwords and the counter ended at 2, and the
// sign-in and token endpoints each had their own allowance. These prove the repaired behaviour.
describe('sign-in limits that cannot be raced', () => {
  let t: TestApp;
  let target: TestPerson;

  beforeAll(async () => {
    // A generous per-address limit so the burst below reaches the account lockout, not the 429.
    t = await createTestApp({ template: 'base', config: { signInRateLimitPerMinute: 1_000, signInMaxFailures: 5 } });
    target = await aPerson('Tamsin Penhallow').withRoles('amhp').build(t.services);
  });
  afterAll(async () => t.close());

  const failureReasons = async (personId: string) =>
    (await t.tables.selectFrom('auditLog').select(['action', 'summary']).where('entityId', '=', personId).orderBy('id').execute())
      .filter((row) => row.action === 'sign_in_failed')
      .map((row) => (row.summary as { reason: string }).reason);

  it('checks exactly the allowed number of passwords from a burst of 100 parallel guesses, then refuses the right one', async () => {
    const burst = await Promise.all(
      Array.from({ length: 100 }, (_, i) => t.app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { email: target.email, password: `guess-number-${i}` } })),
    );
    expect(burst.every((response) => response.statusCode === 401)).toBe(true);

    const reasons = await failureReasons(target.id);
    expect(reasons.filter((reason) => reason === 'wrong_password')).toHaveLength(5);
    expect(reasons.filter((reason) => reason === 'locked')).toHaveLength(95);
    const locks = await t.tables.selectFrom('auditLog').select('id').where('entityId', '=', target.id).where('action', '=', 'account_locked').execute();
    expect(locks).toHaveLength(1);

    const rightPassword = await t.app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { email: target.email, password: BASE.password } });
    expect(rightPassword.statusCode).toBe(401);
  }, 120_000);

  it('answers a refusal no sooner than the floor, for a known account and an unknown one alike', async () => {
    const floored = await createTestApp({ template: 'base', config: { signInFailureFloorMs: 300 } });
    try {
      const timed = async (email: string) => {
        const started = performance.now();
        const result = await floored.services.auth.signIn(email, 'not-the-password', 'timing-test');
        expect(result.ok).toBe(false);
        return performance.now() - started;
      };
      // Timers may fire a fraction of a millisecond early against performance.now().
      expect(await timed(BASE.admin.email)).toBeGreaterThanOrEqual(295);
      expect(await timed('nobody-here@example.org')).toBeGreaterThanOrEqual(295);
    } finally {
      await floored.close();
    }
  }, 60_000);
});

describe('one sign-in allowance per address, for pages and tokens, on every instance', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ template: 'base', config: { signInRateLimitPerMinute: 4 } });
  });
  afterAll(async () => t.close());

  it('counts page sign-ins and token requests together, across two instances on one database', async () => {
    // A second app on the same services and database: another instance behind the load balancer.
    const second = await buildApp(t.services);
    await second.ready();
    try {
      const browser = new TestBrowser(t.app);
      await browser.get('/sign-in');
      const codes: number[] = [];
      codes.push((await browser.post('/sign-in', { email: 'nobody@example.org', password: 'wrong-password' })).statusCode);
      codes.push((await t.app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { email: 'nobody@example.org', password: 'x' } })).statusCode);
      codes.push((await second.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { email: 'nobody@example.org', password: 'x' } })).statusCode);
      codes.push((await second.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { email: 'nobody@example.org', password: 'x' } })).statusCode);
      expect(codes).toEqual([401, 401, 401, 401]);

      // The fifth attempt from this address is refused by whichever instance it reaches.
      const fifthOnPage = await browser.post('/sign-in', { email: BASE.admin.email, password: BASE.password });
      expect(fifthOnPage.statusCode).toBe(429);
      const sixthOnSecond = await second.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { email: BASE.admin.email, password: BASE.password } });
      expect(sixthOnSecond.statusCode).toBe(429);
      expect((sixthOnSecond.json() as { code: string }).code).toBe('rate_limited');
    } finally {
      await second.close();
    }
  }, 60_000);
});
