import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { apiToken, signedInBrowser, textOf, type TestBrowser } from '../../../test/support/http-client.js';

describe('register pages and API', () => {
  let t: TestApp;
  let lead: TestBrowser;
  let rows: Array<{ personId: string; name: string; status: string; email?: string }>;
  beforeAll(async () => {
    t = await createTestApp();
    lead = await signedInBrowser(t.app, 'lead-amhp@example.org');
    const token = await apiToken(t.app, 'lead-amhp@example.org');
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/register', headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode).toBe(200);
    rows = res.json();
  }, 120_000);
  afterAll(async () => t.close());

  it('renders every register page for the Lead AMHP', async () => {
    const person = rows.find((r) => r.status === 'approved')!;
    const trainees = await lead.get('/register/trainees');
    expect(trainees.statusCode).toBe(200);
    const traineeId = /\/register\/trainees\/([0-9a-f-]{36})/.exec(trainees.body)?.[1];
    const urls = [
      '/register',
      '/register?status=suspended',
      '/register/compliance',
      '/register/supervision-audit',
      '/register/trainees/new',
      `/register/trainees/${traineeId}`,
      '/register/funding',
      '/register/funding?form=repayment&fundingPence=3000&qualifiedOn=2025-01-10&lastDayOfEmployment=2026-04-20&reason=left_employment',
      '/register/funding?form=split&course=10000&candidates=6',
      '/register/people/new',
      `/register/people/${person.personId}`,
      ...['approval', 'authorisation', 'suspension', 'training', 'event', 'supervision', 'contract', 'competency', 'details'].map((k) => `/register/people/${person.personId}/${k}`),
      '/',
    ];
    for (const url of urls) {
      const res = await lead.get(url);
      expect(res.statusCode, `${url}: ${textOf(res.body).slice(0, 300)}`).toBe(200);
    }
    const repayment = textOf((await lead.get(urls[7]!)).body);
    expect(repayment).toContain('Repayment: £1,125.00');
  });
});
