import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.js';
import { apiToken } from '../../../../test/support/http-client.js';
import { BASE } from '../../../../test/support/base-data.js';
import { parseCsv } from './import-file.js';

interface View {
  id: string;
  rows: Array<{ row: number; key: string; action: string }>;
  errors: Array<{ row: number | null; column: string | null; message: string }>;
  counts: Record<string, number>;
}

describe('importing the rota from a spreadsheet', () => {
  let t: TestApp;
  let token: string;
  const auth = () => ({ authorization: `Bearer ${token}` });
  const upload = async (kind: string, content: string) => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/setup/imports', headers: auth(), payload: { kind, fileName: `${kind}.csv`, format: 'csv', content: Buffer.from(content).toString('base64') } });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as View;
  };
  const confirm = (id: string) => t.app.inject({ method: 'POST', url: `/api/v1/setup/imports/${id}/confirm`, headers: auth() });
  const shifts = async () => (await t.tables.selectFrom('dutyShifts').select(['shiftDate', 'kind', 'startsAt']).orderBy('startsAt').execute()).map((s) => [s.shiftDate, s.kind, s.startsAt.toISOString()]);

  beforeAll(async () => {
    t = await createTestApp({ template: 'base' });
    token = await apiToken(t.app, BASE.admin.email, BASE.password);
    const staff = await upload('staff', ['email,name,organisation,roles', 'rota.one@test.example.org,Rota One,Northshire,AMHP', 'rota.lapsed@test.example.org,Rota Lapsed,Northshire,AMHP'].join('\n'));
    expect((await confirm(staff.id)).statusCode).toBe(200);
    const register = await upload('register', ['record,email,profession,registration_number,council,start_date,end_date', 'approval,rota.one@test.example.org,Social worker,SW1,Northshire County Council,01/04/2024,', 'approval,rota.lapsed@test.example.org,Social worker,SW2,Northshire County Council,01/01/2020,31/12/2024'].join('\n'));
    expect((await confirm(register.id)).statusCode).toBe(200);
  });
  afterAll(async () => t.close());

  it('plans each shift at the service’s usual hours through the rota’s rules; a re-import changes nothing', async () => {
    const file = ['date,shift,email', '11/03/2026,daytime,rota.one@test.example.org', '12/03/2026,EDT,ROTA.ONE@test.example.org'].join('\n');
    const view = await upload('rota', file);
    expect(view.errors).toEqual([]);
    expect(view.rows.map((r) => [r.key, r.action])).toEqual([
      ['11 March 2026 daytime rota.one@test.example.org', 'create'],
      ['12 March 2026 EDT ROTA.ONE@test.example.org', 'create'],
    ]);
    expect(await shifts()).toEqual([]);
    const applied = await confirm(view.id);
    expect(applied.statusCode, applied.body).toBe(200);
    const planned = await shifts();
    expect(planned.map((s) => [s[0], s[1]])).toEqual([
      ['2026-03-11', 'daytime'],
      ['2026-03-12', 'edt'],
    ]);
    const again = await upload('rota', file);
    expect(again.counts).toEqual({ create: 0, change: 0, unchanged: 2, error: 0 });
    expect((await confirm(again.id)).statusCode).toBe(200);
    expect(await shifts()).toEqual(planned);
    const audit = await t.tables.selectFrom('auditLog').select('summary').where('action', '=', 'rota_imported').execute();
    expect(audit[0]!.summary).toMatchObject({ created: 2, fileSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('gives every error its row and column and writes nothing', async () => {
    const before = await shifts();
    const file = [
      'date,shift,email',
      '13/03/2026,daytime,rota.lapsed@test.example.org',
      '13/03/2026,night,nobody@test.example.org',
      '16/03/2026,daytime,rota.one@test.example.org',
      '16/03/2026,daytime,rota.one@test.example.org',
      '03/13/2026,edt,rota.one@test.example.org',
    ].join('\n');
    const view = await upload('rota', file);
    expect(view.errors).toEqual([
      { row: 2, column: 'email', message: expect.stringContaining('This person cannot be put on the rota') },
      { row: 3, column: 'shift', message: 'night is not a shift: daytime or edt' },
      { row: 3, column: 'email', message: 'There is nobody with the e-mail address nobody@test.example.org in the service: import them with the staff import first' },
      { row: 5, column: 'date', message: 'The same shift is also on an earlier row' },
      { row: 6, column: 'date', message: '03/13/2026 has no month 13: dates are read day first (DD/MM/YYYY), never month first' },
    ]);
    expect((await confirm(view.id)).statusCode).toBe(422);
    expect(await shifts()).toEqual(before);
  });

  it('offers a template that reads back', async () => {
    const csv = await t.app.inject({ method: 'GET', url: '/api/v1/setup/imports/templates/rota/csv', headers: auth() });
    expect(parseCsv(csv.body).filter((r) => r.length > 1)).toEqual([
      ['date', 'shift', 'email'],
      ['06/04/2026', 'daytime', 'ava.example@council.example.org'],
      ['06/04/2026', 'edt', 'eddie.example@council.example.org'],
    ]);
  });
});
