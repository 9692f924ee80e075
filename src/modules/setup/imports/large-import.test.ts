import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.js';
import { apiToken, signedInBrowser, textOf } from '../../../../test/support/http-client.js';
import { BASE } from '../../../../test/support/base-data.js';
import { MAX_IMPORT_ROWS } from './import-file.js';

interface View {
  id: string;
  counts: Record<string, number>;
  errors: Array<{ row: number | null; column: string | null; message: string }>;
  checking: { done: number; total: number } | null;
  canConfirm: boolean;
}

const HEADER = 'email,name,organisation,roles';
const staffFile = (rows: number) => [HEADER, ...Array.from({ length: rows }, (_, i) => `person${i}@large.example.org,Person ${i},Northshire County Council,AMHP`)].join('\n');

describe('a file of 50,000 rows', () => {
  let t: TestApp;
  let token: string;
  const auth = () => ({ authorization: `Bearer ${token}` });
  const upload = async (content: string) => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/setup/imports', headers: auth(), payload: { kind: 'staff', fileName: 'large.csv', format: 'csv', content: Buffer.from(content).toString('base64') } });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as View;
  };

  beforeAll(async () => {
    t = await createTestApp({ template: 'base' });
    token = await apiToken(t.app, BASE.admin.email, BASE.password);
  });
  afterAll(async () => t.close());

  it('is checked in the background while the app answers, with progress on the dry-run page', async () => {
    const view = await upload(staffFile(MAX_IMPORT_ROWS));
    expect(view.checking).toEqual({ done: expect.any(Number), total: MAX_IMPORT_ROWS });
    expect(view.canConfirm).toBe(false);
    // The app answers other requests while the file is checked.
    expect((await t.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    const admin = await signedInBrowser(t.app, BASE.admin.email, BASE.password);
    const during = await admin.get(`/admin/setup/imports/${view.id}`);
    expect(during.statusCode).toBe(200);
    if (textOf(during.body).includes('Checking the file')) {
      expect(during.body).toContain('http-equiv="refresh"');
      expect(textOf(during.body)).toMatch(/Checking the file: \d+ of 50000 rows checked/);
      expect(textOf(during.body)).toContain('Check progress');
    }
    let done: View = view;
    for (let i = 0; i < 600 && done.checking; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      done = (await t.app.inject({ method: 'GET', url: `/api/v1/setup/imports/${view.id}`, headers: auth() })).json() as View;
    }
    expect(done.checking).toBeNull();
    expect(done.counts).toEqual({ create: MAX_IMPORT_ROWS, change: 0, unchanged: 0, error: 0 });
    expect(done.canConfirm).toBe(true);
    const page = await admin.get(`/admin/setup/imports/${view.id}`);
    expect(textOf(page.body)).toContain('The first 1000 of 50000 rows are shown below');
  }, 120_000);

  it('refuses more rows than an import takes, saying so', async () => {
    const view = await upload(staffFile(MAX_IMPORT_ROWS + 1));
    let done = view;
    for (let i = 0; i < 600 && done.checking; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      done = (await t.app.inject({ method: 'GET', url: `/api/v1/setup/imports/${view.id}`, headers: auth() })).json() as View;
    }
    expect(done.errors[0]).toEqual({ row: null, column: null, message: 'The file has 50001 rows; an import takes at most 50000. Split it into several files.' });
    expect(done.canConfirm).toBe(false);
  }, 120_000);
});
