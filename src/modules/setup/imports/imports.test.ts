import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.js';
import { apiToken, signedInBrowser, textOf } from '../../../../test/support/http-client.js';
import { BASE } from '../../../../test/support/base-data.js';
import { fileSha256, parseCsv } from './import-file.js';
import { parseUkDate } from './uk-date.js';

interface View {
  id: string;
  fileSha256: string;
  rows: Array<{ row: number; key: string; action: string; changes: string[] }>;
  errors: Array<{ row: number | null; column: string | null; message: string }>;
  counts: Record<string, number>;
  canConfirm: boolean;
  result: Record<string, number> | null;
}

const HEADER = 'email,name,organisation,roles,team,job_title,phone,line_manager_email';
const GOOD = [
  HEADER,
  'ava.import@test.example.org,Ava Import,Northshire County Council,AMHP,Northshire AMHP Service,Senior Practitioner,01632 960301,mo.import@test.example.org',
  '"edt.import@test.example.org","Eddie ""Ed"" Import",Northshire,EDT officer; amhp,Northshire Emergency Duty Team,,,mo.import@test.example.org',
  'mo.import@test.example.org,Mo Import,Northshire County Council,Line manager; AMHP Lead,Northshire AMHP Service,Team manager,,',
].join('\r\n');

describe('importing staff from a spreadsheet', () => {
  let t: TestApp;
  let token: string;
  const upload = async (content: string | Buffer, format: 'csv' | 'xlsx' = 'csv', fileName = `staff.${format}`) => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/setup/imports', headers: { authorization: `Bearer ${token}` }, payload: { kind: 'staff', fileName, format, content: Buffer.from(content).toString('base64') } });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as View;
  };
  const confirm = (id: string) => t.app.inject({ method: 'POST', url: `/api/v1/setup/imports/${id}/confirm`, headers: { authorization: `Bearer ${token}` } });
  const peopleCount = async () => (await t.tables.selectFrom('people').select('id').execute()).length;

  beforeAll(async () => {
    t = await createTestApp({ template: 'base' });
    token = await apiToken(t.app, BASE.admin.email, BASE.password);
  });
  afterAll(async () => t.close());

  it('refuses wrong headers for the whole file, naming the columns', async () => {
    const view = await upload('mail,name,organisation\r\nx@test.example.org,X,Northshire');
    expect(view.rows).toEqual([]);
    expect(view.errors).toEqual(
      expect.arrayContaining([
        { row: 1, column: 'email', message: 'The column email is missing: the first row must name the columns as in the template' },
        { row: 1, column: 'roles', message: 'The column roles is missing: the first row must name the columns as in the template' },
        { row: 1, column: 'mail', message: 'The column mail is not one this import knows: check its spelling against the template' },
      ]),
    );
    expect(view.canConfirm).toBe(false);
  });

  it('shows every row’s error with its row and column, and writes nothing', async () => {
    const before = await peopleCount();
    const file = [
      HEADER,
      'one@test.example.org,One Person,Northshire,AMHP,Nowhere Team,,,',
      'two@test.example.org,Two Person,Northshire,AMHP; Wizard,,,,',
      'one@test.example.org,One Again,Northshire,AMHP,,,,',
      'not-an-email,Three,Atlantis Council,AMHP,,,,',
      `four@test.example.org,Four,Northshire,AMHP,,,01632 96x,nobody@test.example.org`,
      `${BASE.admin.email},${BASE.admin.name},Northshire,AMHP,,,,`,
    ].join('\n');
    const view = await upload(file);
    expect(view.counts).toEqual({ create: 0, change: 0, unchanged: 0, error: 6 });
    expect(view.errors).toEqual([
      { row: 2, column: 'team', message: 'There is no team called Nowhere Team: add it under Organisations and teams first, or correct the name' },
      { row: 3, column: 'roles', message: expect.stringMatching(/^Wizard is not a role\. Roles: AMHP, AMHP Lead/) },
      { row: 4, column: 'email', message: 'one@test.example.org is also on row 2: each person once' },
      { row: 5, column: 'email', message: 'not-an-email is not an e-mail address' },
      { row: 5, column: 'organisation', message: 'There is no organisation called Atlantis Council: add it under Organisations and teams first, or correct the name' },
      { row: 6, column: 'phone', message: 'Give a phone number using digits, spaces and + ( ) - only' },
      { row: 6, column: 'line_manager_email', message: 'nobody@test.example.org is neither in this file nor in the service' },
      { row: 7, column: 'roles', message: 'You cannot remove your own System administrator role' },
    ]);
    const refused = await confirm(view.id);
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'import_has_errors', details: { failures: expect.arrayContaining([expect.objectContaining({ message: 'Row 2, column team: There is no team called Nowhere Team: add it under Organisations and teams first, or correct the name' })]) } });
    expect(await peopleCount()).toBe(before);
  });

  it('dry-runs a good file without writing, then imports it in one go: people, roles, teams and managers further down the file', async () => {
    const before = await peopleCount();
    const view = await upload(GOOD);
    expect(view.errors).toEqual([]);
    expect(view.rows.map((r) => [r.row, r.key, r.action])).toEqual([
      [2, 'ava.import@test.example.org', 'create'],
      [3, 'edt.import@test.example.org', 'create'],
      [4, 'mo.import@test.example.org', 'create'],
    ]);
    expect(view.fileSha256).toBe(fileSha256(Buffer.from(GOOD)));
    expect(await peopleCount()).toBe(before);

    const confirmed = await confirm(view.id);
    expect(confirmed.statusCode).toBe(200);
    expect((confirmed.json() as View).result).toEqual({ created: 3, updated: 0, unchanged: 0 });
    const people = await t.services.staff.peopleWithRole(['amhp', 'edt_officer', 'line_manager']);
    const ava = people.find((p) => p.email === 'ava.import@test.example.org')!;
    const ed = people.find((p) => p.email === 'edt.import@test.example.org')!;
    const mo = people.find((p) => p.email === 'mo.import@test.example.org')!;
    expect(ava).toMatchObject({ name: 'Ava Import', jobTitle: 'Senior Practitioner', phone: '01632 960301', teamName: 'Northshire AMHP Service', lineManagerName: 'Mo Import', roles: ['amhp'] });
    expect(ed).toMatchObject({ name: 'Eddie "Ed" Import', teamName: 'Northshire Emergency Duty Team', lineManagerId: mo.id });
    expect([...ed.roles].sort()).toEqual(['amhp', 'edt_officer']);
    expect([...mo.roles].sort()).toEqual(['amhp_lead', 'line_manager']);
    const audit = await t.tables.selectFrom('auditLog').select(['action', 'summary']).where('action', 'in', ['staff_imported', 'person_added']).execute();
    expect(audit.filter((a) => a.action === 'person_added')).toHaveLength(3);
    expect(audit.find((a) => a.action === 'staff_imported')?.summary).toEqual({ fileSha256: view.fileSha256, created: 3, updated: 0 });
    expect((await confirm(view.id)).statusCode).toBe(409);
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await t.tables.selectFrom('people').select(['id', 'version']).orderBy('id').execute();
    const view = await upload(GOOD);
    expect(view.counts).toEqual({ create: 0, change: 0, unchanged: 3, error: 0 });
    const confirmed = (await confirm(view.id)).json() as View;
    expect(confirmed.result).toEqual({ created: 0, updated: 0, unchanged: 3 });
    expect(await t.tables.selectFrom('people').select(['id', 'version']).orderBy('id').execute()).toEqual(before);
  });

  it('shows what would change for a person matched on e-mail (any case), and changes only that', async () => {
    const changed = GOOD.replace('ava.import@test.example.org,Ava Import,Northshire County Council,AMHP,Northshire AMHP Service', 'AVA.IMPORT@test.example.org,Ava Import,Northshire County Council,AMHP,Northshire Emergency Duty Team');
    const view = await upload(changed);
    expect(view.rows[0]).toMatchObject({ action: 'change', changes: ['email', 'team'] });
    expect(view.counts).toMatchObject({ change: 1, unchanged: 2 });
  });

  it('reads Excel workbooks: the template, the Staff sheet among several, and refuses formulas', async () => {
    const template = await t.app.inject({ method: 'GET', url: '/api/v1/setup/imports/templates/staff/xlsx', headers: { authorization: `Bearer ${token}` } });
    expect(template.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(template.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Staff', 'Columns']);
    expect(workbook.getWorksheet('Staff')!.getRow(1).values).toEqual([undefined, ...HEADER.split(',')]);
    // The template's example row names an organisation this service does not have.
    const fromTemplate = await upload(Buffer.from(template.rawPayload), 'xlsx');
    expect(fromTemplate.errors.map((e) => [e.row, e.column])).toEqual([
      [2, 'organisation'],
      [2, 'team'],
      [2, 'line_manager_email'],
    ]);

    const book = new ExcelJS.Workbook();
    book.addWorksheet('Notes').addRow(['ignore me']);
    const staff = book.addWorksheet('Staff');
    staff.addRow(HEADER.split(','));
    staff.addRow(['x1@test.example.org', 'X One', 'Northshire', 'AMHP', '', '', '', '']);
    staff.addRow(['x2@test.example.org', { formula: 'UPPER("x two")', result: 'X TWO' }, 'Northshire', 'AMHP', '', '', '', '']);
    const withFormula = await upload(Buffer.from(await book.xlsx.writeBuffer()), 'xlsx');
    expect(withFormula.errors).toEqual([
      { row: 3, column: 'name', message: 'This cell holds a formula: copy the sheet and paste values only, then import that' },
      { row: 3, column: 'name', message: 'Give the name' },
    ]);
    expect(withFormula.canConfirm).toBe(false);

    const twoSheets = new ExcelJS.Workbook();
    twoSheets.addWorksheet('Sheet1').addRow(HEADER.split(','));
    twoSheets.addWorksheet('Sheet2').addRow(HEADER.split(','));
    const unnamed = await upload(Buffer.from(await twoSheets.xlsx.writeBuffer()), 'xlsx');
    expect(unnamed.errors).toEqual([{ row: null, column: null, message: 'The workbook has 2 sheets: put the rows on a sheet named Staff (or leave only one sheet).' }]);
    const notExcel = await upload('this is not a workbook', 'xlsx');
    expect(notExcel.errors[0]?.message).toContain('is not an Excel workbook');
  });

  it('works from the pages: upload, the row-by-row check, and confirmation', async () => {
    const browser = await signedInBrowser(t.app, BASE.admin.email, BASE.password);
    const index = await browser.get('/admin/setup/imports');
    expect(textOf(index.body)).toContain('line_manager_email');
    const file = `${HEADER}\r\npage.import@test.example.org,Page Import,Northshire,Business support,,,,\r\n`;
    const boundary = '----amhpTestBoundary';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${browser.csrfToken}\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="C:\\Users\\bs\\staff.csv"\r\nContent-Type: text/csv\r\n\r\n`),
      Buffer.from(file),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const posted = await browser.postRaw('/admin/setup/imports/staff', body, `multipart/form-data; boundary=${boundary}`);
    expect(posted.statusCode, posted.body).toBe(303);
    const check = await browser.get(posted.headers.location as string);
    const text = textOf(check.body);
    expect(text).toContain('staff.csv');
    expect(text).toContain('1 to create, 0 to change, 0 unchanged, 0 with errors');
    expect(text).toContain('page.import@test.example.org');
    const done = await browser.post(`${posted.headers.location as string}/confirm`);
    expect(done.statusCode).toBe(303);
    expect(textOf((await browser.get(posted.headers.location as string)).body)).toContain('1 created, 0 changed, 0 unchanged.');
    expect((await t.services.staff.peopleWithRole(['business_support'])).map((p) => p.name)).toContain('Page Import');

    const noFile = await browser.postRaw('/admin/setup/imports/staff', Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${browser.csrfToken}\r\n--${boundary}--\r\n`), `multipart/form-data; boundary=${boundary}`);
    expect(noFile.statusCode).toBe(400);
    expect(textOf(noFile.body)).toContain('Choose a CSV or Excel (.xlsx) file to check');
  });
});

describe('reading files and dates', () => {
  it('reads CSV with quotes, doubled quotes, line breaks in quotes and a byte-order mark', () => {
    expect(parseCsv('\uFEFFa,b\r\n"x, y","say ""hi""\nthere"\n')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"\nthere'],
    ]);
  });

  it('reads dates day first and refuses what is not a day-first date, never rereading it as US', () => {
    expect(parseUkDate('03/04/2026')).toEqual({ ok: true, date: '2026-04-03' });
    expect(parseUkDate('3.4.2026')).toEqual({ ok: true, date: '2026-04-03' });
    expect(parseUkDate('2026-04-03')).toEqual({ ok: true, date: '2026-04-03' });
    expect(parseUkDate('04/13/2026')).toEqual({ ok: false, message: '04/13/2026 has no month 13: dates are read day first (DD/MM/YYYY), never month first' });
    expect(parseUkDate('31/02/2026')).toEqual({ ok: false, message: '31/02/2026 is not a real date (read day first, DD/MM/YYYY)' });
    expect(parseUkDate('3 April 26').ok).toBe(false);
  });
});
