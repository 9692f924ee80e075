import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.js';
import { apiToken } from '../../../../test/support/http-client.js';
import { BASE } from '../../../../test/support/base-data.js';
import { parseCsv } from './import-file.js';
import { parseUkDateTime } from './uk-date.js';

interface View {
  id: string;
  rows: Array<{ row: number; key: string; action: string; changes: string[] }>;
  errors: Array<{ row: number | null; column: string | null; message: string }>;
  counts: Record<string, number>;
  result: Record<string, number> | null;
}

const HEADER = 'received_at,previous_reference,received_via,source_type,referrer_name,referrer_organisation,referrer_contact,given_name,family_name,date_of_birth,nhs_number,address,postcode,council,current_location,legal_status,legal_status_since,reason,risks,urgency';
const GOOD = [
  HEADER,
  // 8 March 2026 is GMT, 29 March 2026 00:30 too (BST starts at 01:00): both are London wall clock.
  '08/03/2026 14:30,OLD-1,phone,gp,Dr Example,Example Surgery,01632 960555,Alex,Example,14/07/1980,,1 Example Road,nx1 1aa,Northshire County Council,At home,community,,GP asks for an assessment,,routine',
  '2026-03-09 23:15,OLD-2,,police,PC Example,,01632 960556,Bo,Sample,,,,,,Place of safety,s136,09/03/2026 22:50,Detained under s136,Knife seen,emergency',
].join('\r\n');

describe('importing open referrals from a spreadsheet', () => {
  let t: TestApp;
  let token: string;
  const auth = () => ({ authorization: `Bearer ${token}` });
  const upload = async (content: string) => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/setup/imports', headers: auth(), payload: { kind: 'referrals', fileName: 'caseload.csv', format: 'csv', content: Buffer.from(content).toString('base64') } });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as View;
  };
  const confirm = (id: string) => t.app.inject({ method: 'POST', url: `/api/v1/setup/imports/${id}/confirm`, headers: auth() });
  const referralCount = async () => (await t.tables.selectFrom('referrals').select('id').execute()).length;

  beforeAll(async () => {
    t = await createTestApp({ template: 'base' });
    token = await apiToken(t.app, BASE.admin.email, BASE.password);
  });
  afterAll(async () => t.close());

  it('imports the caseload received at its original London time, with its timeline starting then; a re-import adds nothing', async () => {
    const view = await upload(GOOD);
    expect(view.errors).toEqual([]);
    expect(view.rows.map((r) => [r.row, r.key, r.action])).toEqual([
      [2, 'Alex Example, received 8 March 2026, 14:30', 'create'],
      [3, 'Bo Sample, received 9 March 2026, 23:15', 'create'],
    ]);
    expect(await referralCount()).toBe(0);
    const applied = await confirm(view.id);
    expect(applied.statusCode, applied.body).toBe(200);
    const rows = await t.tables.selectFrom('referrals').select(['id', 'reference', 'status', 'receivedAt', 'givenName', 'postcode', 'legalStatusSince', 'lssaId']).orderBy('receivedAt').execute();
    expect(rows.map((r) => [r.reference, r.status, r.receivedAt.toISOString(), r.givenName, r.postcode])).toEqual([
      ['REF-2026-000001', 'received', '2026-03-08T14:30:00.000Z', 'Alex', 'NX1 1AA'],
      ['REF-2026-000002', 'received', '2026-03-09T23:15:00.000Z', 'Bo', ''],
    ]);
    expect(rows[1]!.legalStatusSince!.toISOString()).toBe('2026-03-09T22:50:00.000Z');
    const timeline = await t.tables.selectFrom('referralEvents').select(['kind', 'occurredAt', 'summary']).where('referralId', '=', rows[0]!.id).orderBy('id').execute();
    expect(timeline.map((e) => [e.kind, e.occurredAt.toISOString()])).toEqual([
      ['received', '2026-03-08T14:30:00.000Z'],
      ['imported', '2026-03-10T09:00:00.000Z'],
    ]);
    expect(timeline[1]!.summary).toBe(`Brought across from the previous system (its reference OLD-1) by ${BASE.admin.name}`);
    const audit = await t.tables.selectFrom('auditLog').select(['summary']).where('action', '=', 'referrals_imported').executeTakeFirstOrThrow();
    expect(audit.summary).toMatchObject({ created: 2, unchanged: 0, fileSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });

    const again = await upload(GOOD);
    expect(again.counts).toEqual({ create: 0, change: 0, unchanged: 2, error: 0 });
    expect(again.rows[0]!.changes).toEqual(['already in the service as REF-2026-000001']);
    expect((await confirm(again.id)).statusCode).toBe(200);
    expect(await referralCount()).toBe(2);
  });

  it('gives every error its row and column and writes nothing', async () => {
    const before = await referralCount();
    const file = [
      HEADER,
      '31/02/2026 10:00,,,gp,Dr A,,01632 960555,Ann,One,,,,,,Home,community,,Reason,,routine',
      '11/03/2026 10:00,,fax,wizard,Dr B,,01632 960555,Ben,Two,,123,,,Atlantis,Home,s136,,Reason,,soon',
      '29/03/2026 01:30,,,gp,Dr C,,01632 960555,Cat,Three,,,,,,Home,community,,Reason,,routine',
      '01/03/2026 10:00,,,gp,Dr D,,01632 960555,Dan,Four,,,,,,Home,community,,Reason,,routine',
      '01/03/2026 10:00,,,gp,Dr D,,01632 960555,dan,four,,,,,,Home,community,,Reason,,routine',
      '01/03/2026,,,gp,,,,,,,,,,,,community,,,,routine',
    ].join('\n');
    const view = await upload(file);
    expect(view.errors).toEqual([
      { row: 2, column: 'received_at', message: '31/02/2026 is not a real date (read day first, DD/MM/YYYY)' },
      { row: 3, column: 'received_at', message: '11/03/2026 10:00 is in the future: an open referral was received in the past' },
      { row: 3, column: 'received_via', message: 'fax is not one of: phone, email, in_person, handover_from_edt, other' },
      { row: 3, column: 'source_type', message: expect.stringMatching(/^wizard is not one of: gp, police/) },
      { row: 3, column: 'urgency', message: 'soon is not one of: emergency, urgent, routine' },
      { row: 3, column: 'nhs_number', message: 'An NHS number has 10 digits; this one has 3' },
      { row: 3, column: 'council', message: 'There is no council with the code or name Atlantis among the councils the service acts for' },
      { row: 3, column: 'legal_status_since', message: expect.stringContaining('Give when the section 136 detention started') },
      { row: 4, column: 'received_at', message: expect.stringContaining('did not happen in the UK') },
      { row: 6, column: 'received_at', message: 'The same referral (received then, same name and date of birth) is also on row 5: each referral once' },
      { row: 7, column: 'received_at', message: expect.stringContaining('Give the date and time as DD/MM/YYYY HH:MM') },
      { row: 7, column: 'given_name', message: 'Give the given name' },
      { row: 7, column: 'family_name', message: 'Give the family name' },
      { row: 7, column: 'referrer_name', message: 'Give the referrer name' },
      { row: 7, column: 'referrer_contact', message: 'Give the referrer contact' },
      { row: 7, column: 'current_location', message: 'Give the current location' },
      { row: 7, column: 'reason', message: 'Give the reason' },
    ]);
    expect((await confirm(view.id)).statusCode).toBe(422);
    expect(await referralCount()).toBe(before);
  });

  it('reads times as the London clock showed them, summer and winter', () => {
    expect(parseUkDateTime('01/07/2026 09:05')).toEqual({ ok: true, instant: new Date('2026-07-01T08:05:00Z') });
    expect(parseUkDateTime('01/12/2026 9:05')).toEqual({ ok: true, instant: new Date('2026-12-01T09:05:00Z') });
    expect(parseUkDateTime('01/12/2026 25:05')).toMatchObject({ ok: false });
    expect(parseUkDateTime('12/31/2026 10:00')).toMatchObject({ ok: false, message: expect.stringContaining('no month 31') });
  });

  it('offers a template that reads back', async () => {
    const csv = await t.app.inject({ method: 'GET', url: '/api/v1/setup/imports/templates/referrals/csv', headers: auth() });
    const [head, example] = parseCsv(csv.body);
    expect(head).toEqual(HEADER.split(','));
    expect(example![0]).toBe('01/03/2026 14:30');
    expect(example![7]).toBe('Alex');
    expect(example![19]).toBe('routine');
  });
});
