import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE } from '../../../../test/support/base-data.js';
import { aReferral, approveForTest, referralTaker } from '../../../../test/support/builders/referral-builders.js';
import { aPerson, type TestPerson } from '../../../../test/support/builders/staff-builders.js';
import { apiToken } from '../../../../test/support/http-client.js';
import { pdfText } from '../../../../test/support/pdf-text.js';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.js';
import { testClock } from '../../../../test/support/test-clock.js';

// A summer day (BST), so that wall-clock times and UTC differ by an hour.
const NOW = '2026-05-01T12:00';

let t: TestApp;
let lead: TestPerson;
let ava: TestPerson;
let leadToken: string;
let takerToken: string;

async function call(method: 'GET' | 'POST', url: string, payload?: unknown, token = leadToken) {
  const response = await t.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
  return { status: response.statusCode, body: response.headers['content-type']?.toString().startsWith('application/json') ? (response.json() as Record<string, unknown>) : {}, raw: response.rawPayload, headers: response.headers };
}

let people = 0;
/** A valid intake body (JSON), for a person of its own. */
function intake(overrides: Record<string, unknown> = {}) {
  people += 1;
  return {
    receivedAt: '2026-05-01T11:30',
    receivedVia: 'phone',
    sourceType: 'police',
    referrerName: 'PC Api Test',
    referrerContact: '01632 960321',
    givenName: 'Api',
    familyName: `Person${people}`,
    currentLocation: 'Place of safety',
    legalStatus: 's136',
    legalStatusSince: '2026-05-01T11:00',
    reason: 'Detained on the bridge',
    urgency: 'emergency',
    ...overrides,
  };
}

const fieldsOf = (body: Record<string, unknown>) => ((body.details as { fieldErrors: Array<{ field: string; message: string }> }).fieldErrors ?? []).map((f) => f.field);
const messageFor = (body: Record<string, unknown>, field: string) => (body.details as { fieldErrors: Array<{ field: string; message: string }> }).fieldErrors.find((f) => f.field === field)?.message;

beforeAll(async () => {
  t = await createTestApp({ template: 'base', clock: testClock(NOW) });
  const taker = await referralTaker(t.services);
  lead = await aPerson('Lena Lead').withRoles('amhp_lead').build(t.services);
  ava = await aPerson('Ava Amhp').withRoles('amhp').build(t.services);
  await approveForTest(t.services, ava);
  leadToken = await apiToken(t.app, lead.email, BASE.password);
  takerToken = await apiToken(t.app, taker.email, BASE.password);
});
afterAll(async () => t.close());

describe('referrals API: the journey', () => {
  it('creates (201, the referral with its version), refuses a possible duplicate (422) until confirmed, decides, allocates with 409 version_conflict, feedback, close', async () => {
    const body = intake({ nhsNumber: '943 476 5919', dateOfBirth: '1989-04-04' });
    const created = await call('POST', '/api/v1/referrals', body, takerToken);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'received', version: 1, nhsNumber: '9434765919', dateOfBirth: '1989-04-04', interpreterNeeded: false, gender: 'not_known', availableActions: expect.arrayContaining(['decide']) });
    expect(created.body.reference).toMatch(/^REF-2026-\d{6}$/);
    const id = created.body.id as string;

    const dup = await call('POST', '/api/v1/referrals', { ...body, familyName: 'Other' }, takerToken);
    expect(dup.status).toBe(422);
    expect(dup.body).toMatchObject({
      code: 'possible_duplicate',
      details: { duplicates: [{ referralId: id, matchedOn: 'nhs_number' }], failures: [], warnings: [{ rule: 'possible_duplicate', severity: 'W' }] },
    });
    const confirmed = await call('POST', '/api/v1/referrals', { ...body, familyName: 'Other', confirmNotDuplicate: true }, takerToken);
    expect(confirmed.status).toBe(201);
    expect((confirmed.body.timeline as Array<{ kind: string }>).map((e) => e.kind)).toContain('duplicate_confirmed');

    const decided = await call('POST', `/api/v1/referrals/${id}/decision`, { decision: 'proceed', rationale: 'Risk to life', version: 1 });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ status: 'decided', version: 2, decidedByName: lead.name, prompts: [] });

    const choices = await call('GET', `/api/v1/referrals/${id}/allocatable-amhps`);
    expect(choices.body).toEqual(expect.arrayContaining([{ id: ava.id, name: ava.name, eligible: true }]));
    const allocated = await call('POST', `/api/v1/referrals/${id}/allocation`, { amhpId: ava.id, version: 2 });
    expect(allocated.status).toBe(200);
    expect(allocated.body).toMatchObject({ status: 'allocated', version: 3, allocatedAmhpId: ava.id, allocatedAmhpName: ava.name });
    const conflict = await call('POST', `/api/v1/referrals/${id}/allocation`, { amhpId: ava.id, version: 2 });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({ code: 'version_conflict', details: { currentVersion: 3 } });

    const feedback = await call('POST', `/api/v1/referrals/${id}/feedback`, { givenTo: 'PC Api Test', method: 'phone', givenAt: '2026-05-01T11:50' });
    expect(feedback.status).toBe(200);
    expect(feedback.body.feedback).toEqual([expect.objectContaining({ givenTo: 'PC Api Test', givenAt: '2026-05-01T10:50:00.000Z' })]);

    const one = await call('GET', `/api/v1/referrals/${id}`);
    expect(one.body).toMatchObject({ status: 'allocated', version: 3, allocatedAmhpId: ava.id });
    expect((one.body.timeline as unknown[]).length).toBeGreaterThanOrEqual(4);
    const search = await call('GET', '/api/v1/referrals?q=9434765919');
    expect((search.body as unknown as Array<{ id: string }>).map((r) => r.id).sort()).toEqual([id, confirmed.body.id].sort());

    const letter = await call('GET', `/api/v1/referrals/${id}/feedback-letter`);
    expect(letter.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(letter.raw);
    expect(text).toContain(`Api ${body.familyName}`);
    expect(text).toContain(created.body.reference as string);
    expect(text).toContain('943 476 5919');

    const illegal = await call('POST', `/api/v1/referrals/${id}/close`, { version: 3 });
    expect(illegal.status).toBe(409);
    expect(illegal.body).toMatchObject({ code: 'illegal_transition' });
    const withdrawn = await call('POST', `/api/v1/referrals/${id}/withdraw`, { reason: 'Agreed to informal admission', version: 3 }, takerToken);
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', version: 4, availableActions: [] });
  });

  it('more information, the crisis-team prompts and closure are in the API too', async () => {
    const { id, version } = await aReferral({ legalStatus: 'community' }).forPerson({ dateOfBirth: '2012-06-01' }).build(t.services);
    const prompts = await call('GET', `/api/v1/referrals/${id}/crisis-team-prompts`);
    expect((prompts.body as unknown as Array<{ code: string }>).map((p) => p.code)).toContain('under_18');
    const waiting = await call('POST', `/api/v1/referrals/${id}/decision`, { decision: 'more_information_needed', rationale: 'GP summary needed', version });
    expect(waiting.body).toMatchObject({ status: 'awaiting_information', availableActions: expect.arrayContaining(['information_received']) });
    const back = await call('POST', `/api/v1/referrals/${id}/information-received`, { version: waiting.body.version }, takerToken);
    expect(back.body).toMatchObject({ status: 'received', version: (waiting.body.version as number) + 1 });
    const notProceeding = await call('POST', `/api/v1/referrals/${id}/decision`, { decision: 'not_proceed', alternative: 'crisis_team_home_treatment', rationale: 'Home treatment', version: back.body.version });
    expect((notProceeding.body.prompts as Array<{ code: string }>).map((p) => p.code)).toContain('under_18');
    const closed = await call('POST', `/api/v1/referrals/${id}/close`, { version: notProceeding.body.version });
    expect(closed.body).toMatchObject({ status: 'closed', closedAt: expect.any(String) });
  });

  it('documents every field it requires, and the body with only those is accepted', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json', headers: { authorization: `Bearer ${leadToken}` } })).json() as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { required?: string[]; properties: Record<string, { format?: string }> } }> }; responses: Record<string, unknown> }>>;
    };
    const post = spec.paths['/api/v1/referrals']!.post!;
    const schema = post.requestBody!.content['application/json']!.schema;
    expect(schema.required?.sort()).toEqual(['currentLocation', 'familyName', 'givenName', 'legalStatus', 'reason', 'receivedAt', 'receivedVia', 'referrerContact', 'referrerName', 'sourceType', 'urgency'].sort());
    expect(schema.properties.receivedAt!.format).toBe('date-time');
    expect(schema.properties.dateOfBirth!.format).toBe('date');
    expect(Object.keys(post.responses)).toEqual(expect.arrayContaining(['201', '400', '422']));
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/api/v1/referrals/{id}/allocation', '/api/v1/referrals/{id}/information-received', '/api/v1/referrals/{id}/allocatable-amhps', '/api/v1/referrals/{id}/crisis-team-prompts']),
    );

    const only = Object.fromEntries(schema.required!.map((field) => [field, intake({ legalStatus: 'community' })[field as keyof ReturnType<typeof intake>]]));
    const accepted = await call('POST', '/api/v1/referrals', only, takerToken);
    expect(accepted.status).toBe(201);
    for (const field of schema.required!) {
      const { [field]: _dropped, ...rest } = only;
      const refused = await call('POST', '/api/v1/referrals', rest, takerToken);
      expect(refused.status).toBe(400);
      expect(fieldsOf(refused.body)).toEqual([field]);
    }
  });
});

describe('referrals API: the one time rule', () => {
  it('reads a wall-clock time as London time (summer: 09:00 is 08:00Z) and honours an offset or Z', async () => {
    const cases: Array<[string, string]> = [
      ['2026-04-20T09:00', '2026-04-20T08:00:00.000Z'],
      ['2026-04-20 09:00', '2026-04-20T08:00:00.000Z'],
      ['2026-01-20T09:00', '2026-01-20T09:00:00.000Z'],
      ['2026-04-20T09:00+01:00', '2026-04-20T08:00:00.000Z'],
      ['2026-04-20T09:00-04:00', '2026-04-20T13:00:00.000Z'],
      ['2026-04-20T09:00:00Z', '2026-04-20T09:00:00.000Z'],
    ];
    for (const [sent, stored] of cases) {
      const created = await call('POST', '/api/v1/referrals', intake({ receivedAt: sent, legalStatusSince: sent }), takerToken);
      expect(created.status, sent).toBe(201);
      expect(created.body.receivedAt, sent).toBe(stored);
      expect(created.body.legalStatusSince, sent).toBe(stored);
    }
  });

  it('refuses days that do not exist, partial strings, the spring gap and the ambiguous autumn hour, naming the field', async () => {
    const refusals: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ receivedAt: '2026-02-30T09:00' }, 'receivedAt', /February 2026 has 28 days/],
      [{ receivedAt: '2025-11-31T09:00' }, 'receivedAt', /November 2025 has 30 days/],
      [{ receivedAt: '2026-04' }, 'receivedAt', /YYYY-MM-DDTHH:mm/],
      [{ receivedAt: '1' }, 'receivedAt', /YYYY-MM-DDTHH:mm/],
      [{ receivedAt: '2026-04-20' }, 'receivedAt', /YYYY-MM-DDTHH:mm/],
      [{ receivedAt: '2026-03-29T01:30' }, 'receivedAt', /did not happen/],
      [{ receivedAt: '2025-10-26T01:30' }, 'receivedAt', /happened twice/],
      [{ receivedAt: 1_776_672_000_000 }, 'receivedAt', /must be a date and time as text/],
      [{ legalStatusSince: '2026-02-30T09:00' }, 'legalStatusSince', /February 2026 has 28 days/],
      [{ dateOfBirth: '1990-02-30' }, 'dateOfBirth', /February 1990 has 28 days/],
      [{ dateOfBirth: '1990-02' }, 'dateOfBirth', /YYYY-MM-DD/],
      [{ receivedAt: '2026-05-02T09:00' }, 'receivedAt', /now or in the past/],
    ];
    for (const [overrides, field, message] of refusals) {
      const refused = await call('POST', '/api/v1/referrals', intake(overrides), takerToken);
      expect(refused.status, JSON.stringify(overrides)).toBe(400);
      expect(refused.body.code).toBe('validation_failed');
      expect(fieldsOf(refused.body), JSON.stringify(overrides)).toEqual([field]);
      expect(messageFor(refused.body, field)).toMatch(message);
    }
    const feedback = await call('POST', '/api/v1/referrals/00000000-0000-4000-8000-000000000000/feedback', { givenTo: 'X', method: 'phone', givenAt: '2026-11-31T10:00' });
    expect(feedback.status).toBe(400);
    expect(fieldsOf(feedback.body)).toEqual(['givenAt']);
  });
});

describe('referrals API: bad input is a 400 naming the field, never a 500', () => {
  it('refuses a non-UUID id, NUL characters, numbers beyond 32 bits, wrong types, null and huge strings', async () => {
    const { id } = await aReferral().build(t.services);
    const notAnId = await call('GET', '/api/v1/referrals/not-a-uuid');
    expect(notAnId.status).toBe(400);
    expect(fieldsOf(notAnId.body)).toEqual(['id']);
    for (const path of ['decision', 'allocation', 'feedback', 'withdraw', 'close', 'information-received']) {
      const refused = await call('POST', `/api/v1/referrals/12345/${path}`, { version: 1 });
      expect(refused.status, path).toBe(400);
      expect(fieldsOf(refused.body), path).toContain('id');
    }

    const nul = await call('POST', '/api/v1/referrals', intake({ givenName: 'Ro\u0000bin' }), takerToken);
    expect(nul.status).toBe(400);
    expect(fieldsOf(nul.body)).toEqual(['givenName']);

    const huge = await call('POST', `/api/v1/referrals/${id}/decision`, { decision: 'proceed', rationale: 'x', version: 2 ** 32 });
    expect(huge.status).toBe(400);
    expect(fieldsOf(huge.body)).toEqual(['version']);
    const fraction = await call('POST', `/api/v1/referrals/${id}/decision`, { decision: 'proceed', rationale: 'x', version: 1.5 });
    expect(fieldsOf(fraction.body)).toEqual(['version']);

    const wrongTypes = await call('POST', '/api/v1/referrals', intake({ givenName: 42, interpreterNeeded: 'yes', urgency: null, lssaId: 'ashdown', reason: 'x'.repeat(5001) }), takerToken);
    expect(wrongTypes.status).toBe(400);
    expect(fieldsOf(wrongTypes.body).sort()).toEqual(['givenName', 'interpreterNeeded', 'lssaId', 'reason', 'urgency']);

    const badNhs = await call('POST', '/api/v1/referrals', intake({ nhsNumber: '943 476 5918' }), takerToken);
    expect(messageFor(badNhs.body, 'nhsNumber')).toMatch(/not valid/);
    const noSince = await call('POST', '/api/v1/referrals', intake({ legalStatusSince: null }), takerToken);
    expect(fieldsOf(noSince.body)).toEqual(['legalStatusSince']);

    for (const payload of [null, [], 'text', 7]) {
      const refused = await t.app.inject({ method: 'POST', url: '/api/v1/referrals', headers: { authorization: `Bearer ${takerToken}`, 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
      expect(refused.statusCode, JSON.stringify(payload)).toBe(400);
    }
    const notJson = await t.app.inject({ method: 'POST', url: '/api/v1/referrals', headers: { authorization: `Bearer ${takerToken}`, 'content-type': 'application/json' }, payload: '{"givenName":' });
    expect(notJson.statusCode).toBe(400);

    const badFilter = await call('GET', '/api/v1/referrals?limit=4294967296&status=lost');
    expect(badFilter.status).toBe(400);
    expect(fieldsOf(badFilter.body).sort()).toEqual(['limit', 'status']);
  });

  it('keeps person records from roles that only see aggregates, and refuses a write without the role', async () => {
    const director = await aPerson('Dee Director').withRoles('governance_viewer').build(t.services);
    const token = await apiToken(t.app, director.email, BASE.password);
    expect((await call('GET', '/api/v1/referrals', undefined, token)).status).toBe(403);
    expect((await call('POST', '/api/v1/referrals', intake(), token)).status).toBe(403);
  });
});
