import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aPerson, type TestPerson } from '../../../test/support/builders/staff-builders.js';
import { apiAs, browserAs } from '../../../test/support/builders/register-builders.js';
import { BASE } from '../../../test/support/base-data.js';
import { signedInBrowser, textOf } from '../../../test/support/http-client.js';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { DEFAULT_SUPERVISION_POLICY } from './supervision/supervision.js';

describe('AMHP register settings: an administrator’s page and the API', () => {
  let t: TestApp;
  let lead: TestPerson;
  beforeAll(async () => {
    t = await createTestApp({ template: 'base' });
    lead = await aPerson('Lena Lead').withRoles('lead_amhp').build(t.services);
  });
  afterAll(async () => t.close());

  it('changes the warning period and the supervision rules on the page, from the versions shown', async () => {
    const admin = await signedInBrowser(t.app, BASE.admin.email, BASE.password);
    expect(textOf((await admin.get('/admin')).body)).toContain('AMHP register settings');
    const form = await admin.get('/admin/register');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('name="reapprovalWarningDays" type="text" value="90"');
    const fields: Record<string, string | string[]> = { reapprovalWarningDays: '120', reportingYearStartMonth: '4', versionWarningDays: '0', versionPolicy: '0' };
    for (const [code, rule] of Object.entries(DEFAULT_SUPERVISION_POLICY.rules)) {
      fields[`${code}-countedTypes`] = rule.countedTypes;
      fields[`${code}-minPerReportingYear`] = rule.minPerReportingYear === null ? '' : String(rule.minPerReportingYear);
      fields[`${code}-maxGapDays`] = rule.maxGapDays === null ? '' : String(rule.maxGapDays);
    }
    const noTypes = await admin.post('/admin/register', { ...fields, 'rota-countedTypes': [] });
    expect(noTypes.statusCode).toBe(400);
    expect(textOf(noTypes.body)).toContain('Choose at least one kind of supervision that counts');
    expect((await admin.post('/admin/register', { ...fields, 'rota-minPerReportingYear': '4' })).statusCode).toBe(303);
    expect(await t.services.register.settings.read()).toMatchObject({ reapprovalWarningDays: 120, supervisionPolicy: { rules: { rota: { minPerReportingYear: 4 } } }, versions: { reapprovalWarningDays: 1, supervisionPolicy: 1 } });
    const stale = await admin.post('/admin/register', fields);
    expect(stale.statusCode).toBe(409);
    expect(textOf(stale.body)).toContain('Someone else changed this setting');
    expect(textOf((await (await browserAs(t.app, lead)).get('/register')).body)).toContain('Shown from 120 days before the approval ends');
  });

  it('reads and changes them through the API, refusing anyone but an administrator', async () => {
    const admin = await t.services.staff.peopleWithRole(['admin']);
    const call = await apiAs(t.app, { email: admin[0]!.email });
    const before = await call('GET', '/api/v1/register/settings');
    expect(before).toMatchObject({ status: 200, body: { reapprovalWarningDays: 120, versions: { reapprovalWarningDays: 1 } } });
    const changed = await call('PUT', '/api/v1/register/settings', { reapprovalWarningDays: 60, versions: { reapprovalWarningDays: 1 } });
    expect(changed).toMatchObject({ status: 200, body: { reapprovalWarningDays: 60, versions: { reapprovalWarningDays: 2 } } });
    expect(await call('PUT', '/api/v1/register/settings', { reapprovalWarningDays: 30, versions: { reapprovalWarningDays: 1 } })).toMatchObject({ status: 409, body: { code: 'version_conflict' } });
    expect(await call('PUT', '/api/v1/register/settings', { reapprovalWarningDays: 400 })).toMatchObject({ status: 400, body: { details: { fieldErrors: [{ field: 'reapprovalWarningDays', message: 'The re-approval warning period in days must be 365 or less' }] } } });
    expect((await (await apiAs(t.app, lead))('PUT', '/api/v1/register/settings', { reapprovalWarningDays: 30 })).status).toBe(403);
  });
});
