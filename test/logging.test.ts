import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { buildApp } from '../src/app.js';
import type { FastifyInstance } from 'fastify';
import { createTestServices, type TestServices } from './support/test-app.js';
import { signedInBrowser, TestBrowser } from './support/http-client.js';
import { BASE } from './support/base-data.js';
import { aPerson } from './support/builders/staff-builders.js';

describe('logs', () => {
  let t: TestServices;
  let app: FastifyInstance;
  let logged = '';
  beforeAll(async () => {
    t = await createTestServices({ template: 'base', config: { logLevel: 'info' } });
    const stream = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        logged += chunk.toString();
        callback();
      },
    });
    app = await buildApp(t.services, { logStream: stream });
    // A fault the product does not have today, made on purpose: the database quoting typed input
    // back in its error (as `::uuid` on an e-mail address does).
    app.get('/test-only/database-fault', { config: { access: { public: true } } }, async (request) => {
      const typed = (request.query as { value?: string }).value ?? '';
      await sql`select ${typed}::uuid`.execute(t.database.db);
      return 'unreachable';
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  it('are structured JSON and never contain emails, passwords, search terms or cookies', async () => {
    const amhp = await aPerson('Tobias Okonkwo-Reid').withRoles('amhp').build(t.services);
    const lead = await aPerson('Morwenna Tregarth').withRoles('amhp_lead').build(t.services);
    const stranger = new TestBrowser(app);
    await stranger.get('/sign-in');
    await stranger.post('/sign-in', { email: amhp.email, password: 'secret-wrong-password' });
    const admin = await signedInBrowser(app, BASE.admin.email, BASE.password);
    await admin.get('/admin/people?q=Tregarth&status=all');
    await app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { email: lead.email, password: 'another-secret' } });
    const lines = logged.trim().split('\n');
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(logged).toContain('/admin/people?[redacted]');
    for (const secret of [amhp.email, BASE.admin.email, lead.email, BASE.password, 'secret-wrong-password', 'another-secret', 'Tregarth', 'amhp_session=']) {
      expect(logged).not.toContain(secret);
    }
  });

  it('never repeat typed input that a database error quotes back', async () => {
    const typed = 'ifeoma.castellano@example.org';
    const response = await app.inject({ method: 'GET', url: `/test-only/database-fault?value=${encodeURIComponent(typed)}` });
    expect(response.statusCode).toBe(500);
    const faultLine = logged.trim().split('\n').find((line) => line.includes('unhandled error'));
    expect(faultLine, 'the fault is logged').toBeDefined();
    expect(faultLine).toContain('invalid input syntax for type uuid');
    expect(faultLine).toContain('[redacted]');
    expect(logged).not.toContain('ifeoma.castellano');
  });
});
