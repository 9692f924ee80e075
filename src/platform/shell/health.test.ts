import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';

describe('the health check for a load balancer', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ template: 'base' });
  });
  afterAll(async () => t.close());

  const health = async () => {
    const response = await t.app.inject({ method: 'GET', url: '/health' });
    return { status: response.statusCode, body: response.json() as Record<string, unknown> };
  };

  it('says "degraded" with the reason (still 200) while live events from other instances are not arriving', async () => {
    const liveEvents = t.services.liveEvents;
    const original = liveEvents.health.bind(liveEvents);
    liveEvents.health = () => ({ ok: false, reason: 'live events listener down for 3 s (57P01); reconnecting' });
    try {
      expect(await health()).toEqual({ status: 200, body: { status: 'degraded', database: t.services.database.kind, reason: 'live events listener down for 3 s (57P01); reconnecting' } });
    } finally {
      liveEvents.health = original;
    }
    expect(await health()).toEqual({ status: 200, body: { status: 'ok', database: t.services.database.kind } });
  });

  it('answers 503 "stopping" once SIGTERM has arrived, and every response then closes its connection', async () => {
    t.app.lifecycle.stopping = true;
    try {
      expect(await health()).toEqual({ status: 503, body: { status: 'stopping', reason: 'the instance is shutting down' } });
      const page = await t.app.inject({ method: 'GET', url: '/sign-in' });
      expect(page.statusCode).toBe(200);
      expect(page.headers.connection).toBe('close');
    } finally {
      t.app.lifecycle.stopping = false;
    }
    const page = await t.app.inject({ method: 'GET', url: '/sign-in' });
    expect(page.headers.connection).not.toBe('close');
  });

  it('answers a clear 503 page (and API 503) when the database cannot be reached, not a 500', async () => {
    const auth = t.services.auth;
    const original = auth.resolveSession.bind(auth);
    const originalToken = auth.resolveApiToken.bind(auth);
    const refused = () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
    auth.resolveSession = refused;
    auth.resolveApiToken = refused;
    try {
      const page = await t.app.inject({ method: 'GET', url: '/', cookies: { amhp_session: 'any-session-token' } });
      expect(page.statusCode).toBe(503);
      expect(page.headers['retry-after']).toBe('10');
      expect(page.body).toContain('Sorry, the service is unavailable');
      expect(page.body).toContain('The service cannot reach its database just now. Nothing you sent has been saved.');
      const api = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: 'Bearer any-token' } });
      expect(api.statusCode).toBe(503);
      expect(api.json()).toEqual({ code: 'database_unavailable', message: 'The service cannot reach its database just now. Try again in a minute.', details: {} });
    } finally {
      auth.resolveSession = original;
      auth.resolveApiToken = originalToken;
    }
  });
});
