import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../platform/clock.js';
import { instantOf } from '../../platform/london-time.js';
import { Scheduler } from '../../platform/scheduler.js';
import { BASE } from '../../../test/support/base-data.js';
import { aPerson, organisationId, type TestPerson } from '../../../test/support/builders/staff-builders.js';
import { apiToken, signedInBrowser, textOf } from '../../../test/support/http-client.js';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { testClock } from '../../../test/support/test-clock.js';
import { pdfText } from '../../../test/support/pdf-text.js';
import { parseCsv } from './returns/sheet.js';
import { pseudonym } from './returns/returns.js';

// The test clock stands on Tuesday 10 March 2026, 09:00 London. The figures are for February 2026.

describe('reports part B: disparity, workforce, returns and sending, through the HTTP stack', () => {
  let t: TestApp;
  let admin: { email: string; id: string };
  let lead: TestPerson;
  let support: TestPerson;
  let governance: TestPerson;
  let amhp: TestPerson;
  let northshire: string;
  let westford: string;
  let sequence = 0;

  const tokens = new Map<string, string>();
  const token = async (person: { email: string }) => tokens.get(person.email) ?? tokens.set(person.email, await apiToken(t.app, person.email, BASE.password)).get(person.email)!;
  const call = async (person: { email: string }, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${await token(person)}` }, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });

  /** One assessed referral, written as the referrals module would leave it (fixtures only). */
  async function assessed(o: { ethnicity: string | null; outcome: string; lssa?: string; gender?: string; dob?: string | null; legal?: string; nhs?: string | null; receivedAt?: string; delay?: string | null; amhpId?: string }) {
    sequence += 1;
    const reference = `AMHP-2026-${String(900 + sequence).padStart(5, '0')}`;
    const receivedAt = instantOf(o.receivedAt ?? '2026-02-10T10:15');
    const referral = await t.tables
      .insertInto('referrals')
      .values({
        reference,
        status: 'closed',
        receivedAt,
        receivedVia: 'phone',
        sourceType: 'gp',
        referrerName: 'Dr Ada Referrer',
        givenName: 'Robin',
        familyName: `Testperson${sequence}`,
        dateOfBirth: o.dob === undefined ? '1986-05-01' : o.dob,
        nhsNumber: o.nhs === undefined ? null : o.nhs,
        lssaId: o.lssa ?? northshire,
        gender: o.gender ?? 'male',
        ethnicity: o.ethnicity,
        legalStatus: o.legal ?? 'community',
        legalStatusSince: o.legal === 's136' ? new Date(receivedAt.getTime() - 2 * 3_600_000) : null,
        reason: 'Test',
        urgency: 'urgent',
        createdBy: admin.id,
        allocatedAmhpId: o.amhpId ?? null,
      })
      .returning(['id'])
      .executeTakeFirstOrThrow();
    await t.tables
      .insertInto('assessments')
      .values({ referralId: referral.id, interviewAt: new Date(receivedAt.getTime() + 5 * 3_600_000), outcome: o.outcome as never, outcomeRecordedAt: new Date(receivedAt.getTime() + 6 * 3_600_000), delayCause: o.delay ?? null, legalContext: '{}', warningReasons: '{}', principles: '{}' })
      .execute();
    return { id: referral.id, reference };
  }

  const ETHNIC = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'J', 'K', 'L', 'M', 'N', 'P', 'R', 'S'];
  const POPULATION: Record<string, number> = { A: 100_000, N: 10_000, M: 5_000 };
  const goodCsv = () =>
    ['lssa,dimension,group,population', ...ETHNIC.map((g) => `Northshire,ethnicity,${g},${POPULATION[g] ?? 1000}`), 'Northshire,sex,female,60000', 'Northshire,sex,male,55000'].join('\n');

  beforeAll(async () => {
    t = await createTestApp({ template: 'base', clock: testClock(), config: { signInRateLimitPerMinute: 1000 } });
    const adminRow = await t.tables.selectFrom('people').select(['id', 'email']).where('email', '=', BASE.admin.email).executeTakeFirstOrThrow();
    admin = { id: adminRow.id, email: adminRow.email };
    lead = await aPerson('Lina Lead').withRoles('amhp_lead').build(t.services);
    support = await aPerson('Bea Support').withRoles('business_support').build(t.services);
    governance = await aPerson('Gil Governance').withRoles('governance_viewer').inTeam(null).build(t.services);
    amhp = await aPerson('Ava Amhp').withRoles('amhp').build(t.services);
    northshire = await organisationId(t.services, 'northshire');
    westford = await organisationId(t.services, 'westford');
    // February 2026, Northshire: 20 White British (10 detained), 12 Black African (3 detained), 1 Black Caribbean (detained).
    for (let i = 0; i < 20; i += 1) await assessed({ ethnicity: 'A', outcome: i < 10 ? 's2' : 'no_further_action', nhs: i === 0 ? '9434765919' : null, delay: i === 1 ? 'section_12_doctor' : null });
    for (let i = 0; i < 12; i += 1) await assessed({ ethnicity: 'N', outcome: i < 3 ? 's3' : 'informal_admission', gender: 'female' });
    await assessed({ ethnicity: 'M', outcome: 's2' });
    // Westford: one s136 episode, and an assessment in January (outside the month).
    await assessed({ ethnicity: 'A', outcome: 'informal_admission', lssa: westford, legal: 's136', receivedAt: '2026-02-14T02:30' });
    await assessed({ ethnicity: 'A', outcome: 's2', receivedAt: '2026-01-20T10:00' });
  }, 240_000);
  afterAll(async () => t.close());

  describe('population denominators: dry run, then confirm', () => {
    it('refuses a file with problems, naming row and column, and writes nothing', async () => {
      const negative = await call(admin, 'POST', '/api/v1/reports/population-denominators/check', { content: goodCsv().replace('Northshire,sex,male,55000', 'Northshire,sex,male,-55000') });
      expect(negative.statusCode).toBe(200);
      expect(negative.json()).toMatchObject({ canConfirm: false, problems: [{ row: 19, column: 'population', message: 'The population cannot be negative' }] });
      const header = await call(admin, 'POST', '/api/v1/reports/population-denominators/check', { content: goodCsv().replace('lssa,dimension,group,population', 'area,dimension,group,count') });
      expect(header.json().problems[0].message).toContain('The header must be lssa,dimension,group,population');
      const missing = await call(admin, 'POST', '/api/v1/reports/population-denominators/check', { content: goodCsv().replace('Northshire,ethnicity,N,10000\n', '') });
      expect(missing.json().problems[0].message).toContain('N (Black or Black British: African)');
      // Confirming the bad file is refused too, and nothing was loaded.
      const bad = goodCsv().replace('Northshire,sex,male,55000', 'Northshire,sex,male,-1');
      const confirm = await call(admin, 'POST', '/api/v1/reports/population-denominators', { content: bad, sha256: negative.json().sha256 });
      expect(confirm.statusCode).toBe(400);
      expect(await t.tables.selectFrom('reportPopulationDenominators').selectAll().execute()).toEqual([]);
    });

    it('refuses a confirmation of a file other than the one checked', async () => {
      const check = await call(admin, 'POST', '/api/v1/reports/population-denominators/check', { content: goodCsv() });
      const other = await call(admin, 'POST', '/api/v1/reports/population-denominators', { content: goodCsv().replace('60000', '60001'), sha256: check.json().sha256 });
      expect(other.statusCode).toBe(400);
      expect(other.json().message + JSON.stringify(other.json().details)).toContain('not the file that was checked');
    });

    it('imports the checked file, and only an administrator may', async () => {
      expect((await call(lead, 'POST', '/api/v1/reports/population-denominators/check', { content: goodCsv() })).statusCode).toBe(403);
      const check = await call(admin, 'POST', '/api/v1/reports/population-denominators/check', { content: goodCsv() });
      expect(check.json()).toMatchObject({ canConfirm: true, rows: 18, problems: [] });
      const done = await call(admin, 'POST', '/api/v1/reports/population-denominators', { content: goodCsv(), sha256: check.json().sha256 });
      expect(done.statusCode).toBe(201);
      const rows = await t.tables.selectFrom('reportPopulationDenominators').select(['dimension', 'groupCode', 'population']).where('lssaId', '=', northshire).execute();
      expect(rows).toHaveLength(18);
      const audit = await t.tables.selectFrom('auditLog').select('action').where('action', '=', 'population_denominators_imported').execute();
      expect(audit).toHaveLength(1);
    });

    it('checks and imports through the pages (upload, then confirm)', async () => {
      const browser = await signedInBrowser(t.app, admin.email, BASE.password);
      await browser.get('/reports/disparity/population');
      const boundary = 'XBOUNDARY';
      const part = (name: string, value: string, file?: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${file ? `; filename="${file}"\r\nContent-Type: text/csv` : ''}\r\n\r\n${value}\r\n`;
      const body = `${part('_csrf', browser.csrfToken)}${part('file', goodCsv().replace('55000', '-3'), 'pop.csv')}--${boundary}--\r\n`;
      const refused = await browser.postRaw('/reports/disparity/population/check', body, `multipart/form-data; boundary=${boundary}`);
      expect(refused.statusCode).toBe(400);
      expect(textOf(refused.body)).toContain('Row 19, column population: The population cannot be negative');
      expect(textOf(refused.body)).toContain('nothing has been changed');
      const good = `${part('_csrf', browser.csrfToken)}${part('file', goodCsv(), 'pop.csv')}--${boundary}--\r\n`;
      const checked = await browser.postRaw('/reports/disparity/population/check', good, `multipart/form-data; boundary=${boundary}`);
      expect(checked.statusCode).toBe(200);
      expect(textOf(checked.body)).toContain('18 rows are ready to import');
      const sha = /name="sha256" value="([0-9a-f]{64})"/.exec(checked.body)![1]!;
      const confirmed = await browser.post('/reports/disparity/population/confirm', { content: goodCsv(), sha256: sha });
      expect(confirmed.statusCode).toBe(303);
    });
  });

  describe('disparity', () => {
    it('gives rates per 100,000, ratios with intervals, and suppresses small numbers', async () => {
      const response = await call(governance, 'GET', `/api/v1/reports/disparity?from=2026-02&to=2026-02&lssa=${northshire}`);
      expect(response.statusCode).toBe(200);
      const ethnicity = response.json().tables.find((x: { dimension: string }) => x.dimension === 'ethnicity');
      const row = (g: string) => ethnicity.rows.find((r: { group: string }) => r.group === g);
      // A: 20 of 100,000 = 20 per 100k; 10 detentions = 10 per 100k.
      expect(row('A')).toMatchObject({ assessmentsShown: '20', assessmentRate: 20, detentionsShown: '10', detentionRate: 10, isReference: true });
      // N: 12 of 10,000 = 120 per 100k; ratio 6 (2.93 to 12.27); 3 detentions suppressed.
      expect(row('N').assessmentsShown).toBe('12');
      expect(row('N').assessmentRate).toBeCloseTo(120, 6);
      expect(row('N').assessmentRatio.ratio).toBeCloseTo(6, 6);
      expect(row('N').assessmentRatio.lower).toBeCloseTo(2.933, 2);
      expect(row('N').assessmentRatio.upper).toBeCloseTo(12.27, 1);
      expect(row('N')).toMatchObject({ detentionsShown: '*', detentionRate: null, detentionRatio: null });
      expect(row('M')).toMatchObject({ assessmentsShown: '*', assessmentRate: null, detentionsShown: '*' });
      expect(JSON.stringify(ethnicity.rows)).not.toMatch(/"assessments":|"detentions":/);
    });

    it('shows the page with the chart, the table and the rule, and downloads the CSV', async () => {
      const browser = await signedInBrowser(t.app, governance.email, BASE.password);
      const page = await browser.get(`/reports/disparity?from=2026-02&to=2026-02&lssa=${northshire}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<svg');
      const text = textOf(page.body);
      expect(text).toContain('Counts from 1 to 7 are shown as *');
      expect(text).toMatch(/Black or Black British: African\s+Small numbers: rate suppressed\s+10000\s+12\s+120\.0\s+6\.00 \(2\.93 to 12\.27\)\s+\*/);
      const csv = await browser.get(`/reports/disparity/download.csv?from=2026-02&to=2026-02&lssa=${northshire}`);
      expect(csv.headers['content-type']).toContain('text/csv');
      const rows = parseCsv(csv.body);
      expect(rows[0]).toContain('assessments_per_100k');
      const n = rows.find((r) => r[0] === 'Ethnic group' && r[1] === 'N')!;
      expect(n.slice(3, 10)).toEqual(['10000', '12', '120.0', '6', '2.933', '12.274', '*']);
    });

    it('refuses a month in the future and an unknown LSSA with a clear message', async () => {
      const future = await call(lead, 'GET', '/api/v1/reports/disparity?from=2026-04&to=2026-05');
      expect(future.statusCode).toBe(400);
      expect(JSON.stringify(future.json())).toContain('May 2026 is in the future');
      const unknown = await call(lead, 'GET', '/api/v1/reports/disparity?lssa=7b0c7f3e-1111-4111-8111-111111111111');
      expect(unknown.statusCode).toBe(400);
      expect(JSON.stringify(unknown.json())).toContain('That LSSA is not set up');
      const notMonth = await call(lead, 'GET', '/api/v1/reports/disparity?from=2026-13');
      expect(notMonth.statusCode).toBe(400);
      const browser = await signedInBrowser(t.app, lead.email, BASE.password);
      const page = await browser.get('/reports/disparity?from=2027-01');
      expect(page.statusCode).toBe(400);
      expect(textOf(page.body)).toContain('There is a problem');
      expect(textOf(page.body)).toContain('January 2027 is in the future');
    });

    it('is not for an AMHP', async () => {
      expect((await call(amhp, 'GET', '/api/v1/reports/disparity')).statusCode).toBe(403);
    });
  });

  describe('national and partner returns', () => {
    it('exports the national dataset pseudonymised: no names, NHS numbers or dates', async () => {
      const csv = await call(lead, 'GET', '/api/v1/reports/returns/national?from=2026-02&to=2026-02&format=csv');
      expect(csv.statusCode).toBe(200);
      const rows = parseCsv(csv.body);
      expect(rows[0]).toEqual(['person_pseudonym', 'assessment_pseudonym', 'lssa', 'month', 'referral_source', 'legal_status_at_referral', 'outcome', 'detained', 'age_band', 'ethnic_category', 'sex', 'hours_referral_to_assessment', 'delay_cause']);
      expect(rows).toHaveLength(1 + 34);
      expect(csv.body).not.toMatch(/Testperson|Robin|9434765919|943 476 5919|1986-05-01/);
      const key = (await t.tables.selectFrom('reportKeys').select('secret').executeTakeFirstOrThrow()).secret;
      const withNhs = rows.find((r) => r[0] === pseudonym(key, '9434765919'));
      expect(withNhs).toBeDefined();
      expect(withNhs!.slice(2)).toEqual(['Northshire County Council', '2026-02', 'gp', 'community', 's2', '1', '35-44', 'A', 'male', '5', '']);
      expect(rows.filter((r) => r[12] === 'section_12_doctor')).toHaveLength(1);
    });

    it('exports the same rows as Excel, read back', async () => {
      const xlsx = await call(support, 'GET', '/api/v1/reports/returns/national?from=2026-02&to=2026-02&format=xlsx');
      expect(xlsx.headers['content-type']).toContain('spreadsheetml');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const ws = workbook.worksheets[0]!;
      expect(ws.rowCount).toBe(35);
      expect(ws.getRow(1).getCell(1).value).toBe('person_pseudonym');
    });

    it('links the s136 return on the references recorded for it', async () => {
      const s136 = (await t.tables.selectFrom('referrals').select('reference').where('legalStatus', '=', 's136').executeTakeFirstOrThrow()).reference;
      const notS136 = await call(support, 'PUT', '/api/v1/reports/returns/s136/references', { referral: 'AMHP-2026-00901', policeReference: 'X' });
      expect(notS136.statusCode).toBe(400);
      const unknown = await call(support, 'PUT', '/api/v1/reports/returns/s136/references', { referral: 'AMHP-1999-00001', policeReference: 'X' });
      expect(unknown.statusCode).toBe(404);
      const saved = await call(support, 'PUT', '/api/v1/reports/returns/s136/references', { referral: s136, policeReference: '=CP-2026-1182', placeOfSafetyReference: 'POS-77' });
      expect(saved.statusCode).toBe(200);
      const csv = await call(lead, 'GET', '/api/v1/reports/returns/s136?from=2026-02&to=2026-02');
      const rows = parseCsv(csv.body);
      expect(rows).toHaveLength(2);
      // The formula-looking reference is made inert; 2 h detention to referral, 5 h to the interview, 7 h in all.
      expect(rows[1]).toEqual([s136, "'=CP-2026-1182", 'POS-77', 'Westford Borough Council', '2026-02', '2', '5', '7', 'informal_admission', '35-44', 'A', 'male']);
    });

    it('refuses a month in the future and an unknown LSSA on the returns and the workforce page, exporting nothing', async () => {
      const exportsBefore = await t.tables.selectFrom('auditLog').select('id').where('action', 'in', ['national_return_exported', 's136_return_exported']).execute();
      const unknownLssa = 'lssa=7b0c7f3e-1111-4111-8111-111111111111';
      for (const url of ['/api/v1/reports/returns/national', '/api/v1/reports/returns/s136', '/api/v1/reports/workforce']) {
        const future = await call(lead, 'GET', `${url}?from=2026-04&to=2026-05`);
        expect(future.statusCode, url).toBe(400);
        expect(JSON.stringify(future.json()), url).toContain('May 2026 is in the future');
        const unknown = await call(lead, 'GET', `${url}?${unknownLssa}`);
        expect(unknown.statusCode, url).toBe(400);
        expect(JSON.stringify(unknown.json()), url).toContain('That LSSA is not set up');
      }
      const exportsAfter = await t.tables.selectFrom('auditLog').select('id').where('action', 'in', ['national_return_exported', 's136_return_exported']).execute();
      expect(exportsAfter).toHaveLength(exportsBefore.length);
    });

    it('gives governance viewers aggregates only: no row-level return', async () => {
      expect((await call(governance, 'GET', '/api/v1/reports/returns/national')).statusCode).toBe(403);
      expect((await call(governance, 'GET', '/api/v1/reports/returns/s136')).statusCode).toBe(403);
      expect((await call(governance, 'GET', '/api/v1/reports/workforce/asc-wds')).statusCode).toBe(403);
      const exported = await t.tables.selectFrom('auditLog').select('action').where('action', 'in', ['national_return_exported', 's136_return_exported']).execute();
      expect(exported.length).toBeGreaterThanOrEqual(3);
    });
  });

  describe('workforce sufficiency', () => {
    it('sets the target and shows the projection; governance sees no names', async () => {
      const refused = await call(admin, 'PUT', '/api/v1/reports/workforce/target', { target: -1, reapprovalPercent: 85, traineeCompletionPercent: 80, version: 0 });
      expect(refused.statusCode).toBe(400);
      const saved = await call(admin, 'PUT', '/api/v1/reports/workforce/target', { target: 12, reapprovalPercent: 90, traineeCompletionPercent: 75, version: 0 });
      expect(saved.statusCode).toBe(200);
      expect(saved.json()).toMatchObject({ target: 12, reapprovalRate: 0.9, traineeCompletionRate: 0.75, version: 1 });
      const view = await call(governance, 'GET', '/api/v1/reports/workforce?from=2026-02&to=2026-02');
      expect(view.statusCode).toBe(200);
      const body = view.json();
      expect(body.hours).toHaveLength(24);
      expect(body.hours[10].demandPerDay).toBeCloseTo(33 / 28, 2);
      expect(body.projection).toHaveLength(4);
      expect(body.projection[0]).toMatchObject({ target: 12, gap: body.projection[0].approved - 12 });
      expect(body.load.rows).toEqual([]);
      const page = await (await signedInBrowser(t.app, lead.email, BASE.password)).get('/reports/workforce?from=2026-02&to=2026-02');
      expect(page.statusCode).toBe(200);
      expect(textOf(page.body)).toContain('Approved AMHPs: the next three years');
    });

    it('exports the ASC-WDS fields', async () => {
      const csv = await call(lead, 'GET', '/api/v1/reports/workforce/asc-wds?format=csv');
      expect(csv.statusCode).toBe(200);
      expect(parseCsv(csv.body)[0]).toEqual(['UNIQUEWORKERID', 'MAINJOBROLE', 'AMHP', 'APPROVINGLA', 'AMHPAPPROVALSTART', 'AMHPAPPROVALEND', 'ONDUTYROTA', 'MHAASSESSMENTS12M']);
    });
  });

  describe('sent by themselves', () => {
    it('refuses bad addresses and a sender who may not see the SITREP', async () => {
      const bad = await call(admin, 'PUT', '/api/v1/reports/sending', { enabled: true, sendAs: amhp.id, sitrepRecipients: 'duty@northshire.example, not-an-address', monthlyRecipients: '', version: 0 });
      expect(bad.statusCode).toBe(400);
      const text = JSON.stringify(bad.json());
      expect(text).toContain('Not an e-mail address: not-an-address');
      expect(text).toContain('Choose someone who may see the SITREP');
      // The EDT manager may see the SITREP but not the performance pack: not for the monthly list.
      const edtManager = await aPerson('Eda Edtmanager').withRoles('edt_manager').build(t.services);
      const noPack = await call(admin, 'PUT', '/api/v1/reports/sending', { enabled: true, sendAs: edtManager.id, sitrepRecipients: 'duty@northshire.example', monthlyRecipients: 'dass@northshire.example', version: 0 });
      expect(noPack.statusCode).toBe(400);
      expect(JSON.stringify(noPack.json())).toContain('Choose someone who may see the performance pack');
      const sitrepOnly = await call(admin, 'PUT', '/api/v1/reports/sending', { enabled: false, sendAs: edtManager.id, sitrepRecipients: 'duty@northshire.example', monthlyRecipients: '', version: 0 });
      expect(sitrepOnly.statusCode).toBe(200);
    });

    it('sends the SITREP and the monthly performance pack (PDF and CSV attached) exactly once with two schedulers on one database', async () => {
      const saved = await call(admin, 'PUT', '/api/v1/reports/sending', { enabled: true, sendAs: support.id, sitrepRecipients: 'duty@northshire.example\nops@westford.example', monthlyRecipients: 'dass@northshire.example', version: 1 });
      expect(saved.statusCode).toBe(200);
      // Monday 2 March 2026, 07:05: the first working day of March.
      const clock = new ManualClock(instantOf('2026-03-02T07:05'));
      const job = t.services.reportsPartB.jobs[0]!;
      const one = new Scheduler(t.database.db, clock);
      const two = new Scheduler(t.database.db, clock);
      one.register(job);
      two.register(job);
      await Promise.all([one.runDue(true), two.runDue(true)]);
      await Promise.all([one.runDue(true), two.runDue(true)]);
      const mail = await t.tables.selectFrom('notificationOutbox').select(['recipientAddress', 'subject', 'body']).where('subject', 'like', '%SITREP%').orderBy('recipientAddress').execute();
      expect(mail.map((m) => [m.recipientAddress, m.subject])).toEqual([
        ['duty@northshire.example', `${t.services.config.serviceName}: SITREP for 2026-03-01`],
        ['ops@westford.example', `${t.services.config.serviceName}: SITREP for 2026-03-01`],
      ]);
      expect(mail[0]!.body).toContain('SITREP');
      const monthly = await t.tables.selectFrom('notificationOutbox').select(['recipientAddress', 'subject', 'body', 'attachments']).where('subject', 'like', '%monthly performance pack%').execute();
      expect(monthly).toHaveLength(1);
      const pack = monthly[0]!;
      expect(pack.recipientAddress).toBe('dass@northshire.example');
      expect(pack.subject).toBe(`${t.services.config.serviceName}: monthly performance pack for February 2026`);
      // The text: headline figures beside January 2026 and February 2025.
      expect(pack.body).toContain('monthly performance pack, February 2026');
      expect(pack.body).toContain('Referrals received: 34 (January 2026: 1; February 2025: 0)');
      expect(pack.body).toContain('Assessments with an outcome: 34 (January 2026: 1; February 2025: 0)');
      expect(pack.body).toContain('Outcome: Section 2: 11 (January 2026: 1; February 2025: 0)');
      expect(pack.body).toContain('Outcome: Section 3: 3');
      expect(pack.body).toContain('Section 136 episodes: 1');
      expect(pack.body).toContain('performance-pack-month-2026-02-both.pdf (PDF)');
      // The attachments: the pack itself as PDF and CSV, read back.
      expect(pack.attachments.map((a) => [a.filename, a.contentType])).toEqual([
        ['performance-pack-month-2026-02-both.pdf', 'application/pdf'],
        ['performance-pack-month-2026-02-both.csv', 'text/csv; charset=utf-8'],
      ]);
      const pdf = await pdfText(Buffer.from(pack.attachments[0]!.contentBase64, 'base64'));
      expect(pdf).toContain('performance pack: February 2026 Daytime service and EDT. Beside January 2026 and February 2025.');
      expect(pdf).toContain('February 2026');
      expect(pdf).toContain('Assessments and outcomes');
      expect(pdf).toContain('from the time asked for to the time arrived');
      expect(pdf).toMatch(/Section 2 11 1 0/);
      const csvRows = parseCsv(Buffer.from(pack.attachments[1]!.contentBase64, 'base64').toString('utf8'));
      expect(csvRows[0]).toEqual(['Section', 'Figure', 'Unit', 'February 2026', 'January 2026', 'February 2025']);
      expect(csvRows).toContainEqual(['Assessments and outcomes', 'Section 3', 'count', '3', '0', '0']);
      expect(csvRows).toContainEqual(['Referrals', 'Referrals received', 'count', '34', '1', '0']);
      // The next morning: the SITREP again (for 2 March), not the monthly summary.
      clock.set(instantOf('2026-03-03T07:30'));
      await one.runDue(true);
      expect(await t.tables.selectFrom('notificationOutbox').select('id').where('subject', 'like', '%monthly performance pack%').execute()).toHaveLength(1);
      expect(await t.tables.selectFrom('notificationOutbox').select('id').where('subject', 'like', '%SITREP for 2026-03-02').execute()).toHaveLength(2);
      const audited = await t.tables.selectFrom('auditLog').select('summary').where('action', '=', 'report_sent').execute();
      expect(audited).toHaveLength(5);
      // What was sent to whom: the pack's send names its recipient and files; built once, as the sender.
      expect(audited.map((a) => a.summary)).toContainEqual({ kind: 'monthly_summary', period: '2026-02', recipient: 'dass@northshire.example', subject: pack.subject, attachments: ['performance-pack-month-2026-02-both.pdf', 'performance-pack-month-2026-02-both.csv'] });
      // The pack was built as the person the sends act for (each racing instance may build it; one sends).
      const built = await t.tables.selectFrom('auditLog').select(['actorId']).where('action', '=', 'performance_pack_prepared_for_email').execute();
      expect(built.length).toBeGreaterThanOrEqual(1);
      expect(new Set(built.map((b) => b.actorId))).toEqual(new Set([support.id]));
    });

    it('lists what was sent to whom', async () => {
      const browser = await signedInBrowser(t.app, support.email, BASE.password);
      const page = await browser.get('/reports/sending');
      expect(page.statusCode).toBe(200);
      const text = textOf(page.body);
      expect(text).toContain('dass@northshire.example');
      expect(text).toMatch(/Monthly performance pack\s+2026-02\s+dass@northshire\.example/);
      const api = await call(lead, 'GET', '/api/v1/reports/sends');
      expect(api.json().sends).toHaveLength(5);
      expect((await call(amhp, 'GET', '/api/v1/reports/sends')).statusCode).toBe(403);
    });
  });
});
