import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { BASE } from '../../../test/support/base-data.js';
import { signedInBrowser, textOf } from '../../../test/support/http-client.js';
import { aPerson } from '../../../test/support/builders/staff-builders.js';

describe('reports: the index', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ template: 'base' });
  }, 60_000);
  afterAll(async () => t.close());

  it('shows a governance viewer the reports, linked from the navigation', async () => {
    const viewer = await aPerson('Gwen Governance').withRoles('governance_viewer').inTeam(null).build(t.services);
    const browser = await signedInBrowser(t.app, viewer.email, BASE.password);
    const page = await browser.get('/reports');
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('Monthly performance pack');
    expect(text).toContain('Highlight Reports');
    expect(page.body).toContain('href="/reports"');
  });

  it('refuses an AMHP without a reporting role', async () => {
    const amhp = await aPerson('Ada Amhp').withRoles('amhp').build(t.services);
    const browser = await signedInBrowser(t.app, amhp.email, BASE.password);
    expect((await browser.get('/reports')).statusCode).toBe(403);
  });
});
