import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.js';
import { apiToken } from '../../../../test/support/http-client.js';
import { BASE } from '../../../../test/support/base-data.js';
import { parseCsv } from './import-file.js';

interface View {
  id: string;
  rows: Array<{ row: number; key: string; action: string; changes: string[] }>;
  errors: Array<{ row: number | null; column: string | null; message: string }>;
  counts: Record<string, number>;
  canConfirm: boolean;
  result: Record<string, number> | null;
}

const STAFF = [
  'email,name,organisation,roles,team',
  'rhi.register@test.example.org,Rhi Register,Northshire County Council,AMHP,Northshire AMHP Service',
  'lapsed.register@test.example.org,Lou Lapsed,Northshire County Council,AMHP,Northshire AMHP Service',
  'sam.supervisor@test.example.org,Sam Supervisor,Northshire County Council,AMHP Lead,Northshire AMHP Service',
  'no.role@test.example.org,Nora Norole,Northshire County Council,Line manager,',
].join('\r\n');

const HEADER = 'record,email,profession,registration_number,council,start_date,end_date,date,title,provider,hours,legal_update,amhp_specific,supervisor_email,supervision_type';
const GOOD = [
  HEADER,
  // The authorisation first: the import writes approvals before the authorisations that depend on them.
  'authorisation,rhi.register@test.example.org,,,Westford Borough Council,01/04/2025,,,,,,,,,',
  'approval,rhi.register@test.example.org,Social worker,SW100200,E10000001,01/04/2024,,,,,,,,,',
  'training,rhi.register@test.example.org,,,,,,03/04/2025,MHA legal update,Example Training,3,yes,yes,,',
  'training,RHI.register@test.example.org,,,,,,14/05/2025,Best interests refresher,,1.5,,,,',
  'supervision,rhi.register@test.example.org,,,,,,02/02/2026,,,,,,sam.supervisor@test.example.org,',
  'approval,lapsed.register@test.example.org,nurse_mental_health,NMC12345,Northshire County Council,01/01/2020,31/12/2024,,,,,,,,',
].join('\r\n');

describe('importing the AMHP register from a spreadsheet', () => {
  let t: TestApp;
  let token: string;
  const auth = () => ({ authorization: `Bearer ${token}` });
  const upload = async (kind: 'staff' | 'register', content: string) => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/setup/imports', headers: auth(), payload: { kind, fileName: `${kind}.csv`, format: 'csv', content: Buffer.from(content).toString('base64') } });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as View;
  };
  const confirm = (id: string) => t.app.inject({ method: 'POST', url: `/api/v1/setup/imports/${id}/confirm`, headers: auth() });
  const count = async () => ({
    entries: (await t.tables.selectFrom('registerEntries').select('personId').execute()).length,
    approvals: (await t.tables.selectFrom('registerApprovals').select('id').execute()).length,
    authorisations: (await t.tables.selectFrom('registerAuthorisations').select('id').execute()).length,
    training: (await t.tables.selectFrom('registerTraining').select('id').execute()).length,
    supervision: (await t.tables.selectFrom('registerSupervisionRecords').select('id').execute()).length,
  });

  beforeAll(async () => {
    t = await createTestApp({ template: 'base' });
    token = await apiToken(t.app, BASE.admin.email, BASE.password);
    const northshire = (await t.services.staff.organisations()).find((o) => o.name === BASE.organisations.northshire.name)!;
    expect((await t.app.inject({ method: 'PUT', url: `/api/v1/setup/councils/${northshire.id}`, headers: auth(), payload: { code: 'E10000001' } })).statusCode).toBe(200);
    const staff = await upload('staff', STAFF);
    expect((await confirm(staff.id)).statusCode).toBe(200);
  });
  afterAll(async () => t.close());

  it('dry-runs, then writes entries, approvals, authorisations, training and supervision in one go; a re-import changes nothing', async () => {
    const before = await count();
    const view = await upload('register', GOOD);
    expect(view.errors).toEqual([]);
    expect(view.counts).toEqual({ create: 6, change: 0, unchanged: 0, error: 0 });
    expect(view.rows.find((r) => r.row === 3)).toMatchObject({ key: 'approval rhi.register@test.example.org 01/04/2024', action: 'create', changes: ['ends 31 March 2029'] });
    expect(await count()).toEqual(before);

    const applied = await confirm(view.id);
    expect(applied.statusCode, applied.body).toBe(200);
    expect((applied.json() as View).result).toMatchObject({ created: 6, entriesAdded: 2, unchanged: 0 });
    expect(await count()).toEqual({ entries: 2, approvals: 2, authorisations: 1, training: 2, supervision: 1 });

    // What the register now says, through the register's own API.
    const people = await t.tables.selectFrom('people').select(['id', 'email']).execute();
    const rhiId = people.find((p) => p.email === 'rhi.register@test.example.org')!.id;
    const lapsedId = people.find((p) => p.email === 'lapsed.register@test.example.org')!.id;
    const today = t.services.register.today();
    expect(await t.services.eligibility.mayAct(rhiId, null, today)).toMatchObject({ eligible: true });
    const westford = (await t.services.staff.organisations()).find((o) => o.name === BASE.organisations.westford.name)!;
    expect(await t.services.eligibility.mayAct(rhiId, westford.id, today)).toMatchObject({ eligible: true });
    expect(await t.services.eligibility.mayAct(lapsedId, null, today)).toMatchObject({ eligible: false });
    const training = await t.tables.selectFrom('registerTraining').select(['title', 'hours', 'legalUpdate']).where('personId', '=', rhiId).orderBy('date').execute();
    expect(training.map((r) => ({ ...r, hours: Number(r.hours) }))).toEqual([
      { title: 'MHA legal update', hours: 3, legalUpdate: true },
      { title: 'Best interests refresher', hours: 1.5, legalUpdate: false },
    ]);
    const audit = await t.tables.selectFrom('auditLog').select(['action', 'summary']).where('action', 'in', ['register_imported', 'register_records_imported', 'register_entry_added']).execute();
    expect(audit.filter((a) => a.action === 'register_entry_added')).toHaveLength(2);
    expect(audit.find((a) => a.action === 'register_imported')!.summary).toMatchObject({ created: 6, fileSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });

    const again = await upload('register', GOOD);
    expect(again.counts).toEqual({ create: 0, change: 0, unchanged: 6, error: 0 });
    expect((await confirm(again.id)).statusCode).toBe(200);
    expect(await count()).toEqual({ entries: 2, approvals: 2, authorisations: 1, training: 2, supervision: 1 });
    // Confirming the same upload twice is refused.
    expect((await confirm(view.id)).statusCode).toBe(409);
  });

  it('gives every error its row and column and writes nothing', async () => {
    const before = await count();
    const file = [
      HEADER,
      'approval,nobody@test.example.org,Social worker,SW1,E10000001,01/04/2024,,,,,,,,,',
      'approval,no.role@test.example.org,Social worker,SW2,E10000001,01/04/2024,,,,,,,,,',
      'approval,sam.supervisor@test.example.org,Social worker,SW3,Atlantis,01/04/2024,,,,,,,,,',
      'approval,sam.supervisor@test.example.org,Social worker,SW3,E10000001,01/04/2025,01/03/2025,,,,,,,,',
      'approval,sam.supervisor@test.example.org,Social worker,SW3,E10000001,04/13/2025,,,,,,,,,',
      'training,rhi.register@test.example.org,,,,,,03/04/2025,MHA legal update,Example Training,4,yes,yes,,',
      'training,rhi.register@test.example.org,,,,,,01/06/2025,Court skills,,2,,,,',
      'training,rhi.register@test.example.org,,,,,,01/06/2025,Court skills,,2,,,,',
      'approval,rhi.register@test.example.org,,,E10000001,01/04/2026,,,,,,,,,',
      'holiday,rhi.register@test.example.org,,,,,,,,,,,,,',
    ].join('\n');
    const view = await upload('register', file);
    expect(view.errors).toEqual([
      { row: 2, column: 'email', message: 'There is nobody with the e-mail address nobody@test.example.org in the service: import them with the staff import first' },
      { row: 3, column: 'email', message: 'no.role@test.example.org does not hold the AMHP role: give it in the staff import first' },
      { row: 4, column: 'email', message: 'sam.supervisor@test.example.org does not hold the AMHP role: give it in the staff import first' },
      { row: 4, column: 'council', message: expect.stringContaining('There is no council with the code or name Atlantis') },
      { row: 5, column: 'email', message: 'sam.supervisor@test.example.org does not hold the AMHP role: give it in the staff import first' },
      { row: 5, column: 'end_date', message: 'The approval ends (01/03/2025) before it starts (01/04/2025)' },
      { row: 6, column: 'email', message: 'sam.supervisor@test.example.org does not hold the AMHP role: give it in the staff import first' },
      { row: 6, column: 'start_date', message: '04/13/2025 has no month 13: dates are read day first (DD/MM/YYYY), never month first' },
      { row: 7, column: 'hours', message: expect.stringContaining('already has this training') },
      { row: 9, column: 'date', message: 'The same training is also on row 8: each record once' },
      { row: 10, column: 'start_date', message: expect.stringContaining('This approval would overlap the approval 1 April 2024 to 31 March 2029') },
      { row: 11, column: 'record', message: 'holiday is not a kind of record: approval, authorisation, training or supervision' },
    ]);
    expect(view.canConfirm).toBe(false);
    const refused = await confirm(view.id);
    expect(refused.statusCode).toBe(422);
    expect(await count()).toEqual(before);
  });

  it('offers a template that reads back with its documented columns, and the index page documents them', async () => {
    const csv = await t.app.inject({ method: 'GET', url: '/api/v1/setup/imports/templates/register/csv', headers: auth() });
    expect(csv.statusCode).toBe(200);
    const [head, ...rows] = parseCsv(csv.body).filter((r) => r.length > 1);
    expect(head).toEqual(HEADER.split(','));
    expect(rows.map((r) => r[0])).toEqual(['approval', 'authorisation', 'training', 'supervision']);
    expect(rows[0]).toEqual(['approval', 'ava.example@council.example.org', 'Social worker', 'SW123456', 'E10000099', '01/04/2024', '', '', '', '', '', '', '', '', '']);
    expect(rows[2]![8]).toBe('Mental Health Act legal update');
  });
});
