// docs/api.md's worked example, replayed exactly as written: every request is read from the
// document's fenced ```http blocks marked `<!-- example: name -->`, sent through the real HTTP
// stack, and its response is compared with the block marked `<!-- response: name -->` (status
// line and the abridged JSON, which must be contained in what the API sent). So the document
// cannot drift from what the API accepts and returns.
//
// Placeholders `{name}` stand for values a reader gets along the way: the first time one appears
// in an expected response it is bound to what the API sent (an id, a token), and from then on it
// is substituted into requests and compared in responses. `<!-- clock: … -->` moves the test
// clock (the document says so in prose, too). The base template, Tuesday 10 March 2026 09:00 London.

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instantOf } from '../../src/platform/time/parse.js';
import { BASE } from '../support/base-data.js';
import { anApprovedAmhp } from '../support/builders/assessment-builders.js';
import { aPerson, type TestPerson } from '../support/builders/staff-builders.js';
import { apiToken } from '../support/http-client.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { testClock } from '../support/test-clock.js';

const DOC = new URL('../../docs/api.md', import.meta.url);

interface Step {
  name: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | null;
  expectStatus: number | null;
  expectBody: unknown;
  clock: string | null;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The examples in document order, each with the clock marker that precedes it (if any). */
function stepsOf(markdown: string): Step[] {
  const block = /<!--\s*(example|response|clock):\s*([^\s]+)\s*-->\s*(?:```http\n([\s\S]*?)\n```)?/g;
  const steps: Step[] = [];
  let clock: string | null = null;
  for (const match of markdown.matchAll(block)) {
    const [, kind, name, text] = match as unknown as [string, 'example' | 'response' | 'clock', string, string | undefined];
    if (kind === 'clock') {
      clock = name;
      continue;
    }
    if (text === undefined) throw new Error(`docs/api.md: <!-- ${kind}: ${name} --> must be followed by a \`\`\`http block`);
    const [head, ...rest] = text.split('\n');
    const blank = rest.indexOf('');
    const headerLines = blank === -1 ? rest : rest.slice(0, blank);
    const body = blank === -1 ? null : rest.slice(blank + 1).join('\n').trim() || null;
    if (kind === 'example') {
      const [method, path] = head!.trim().split(/\s+/) as [string, string];
      const headers = Object.fromEntries(headerLines.map((line) => line.split(/:\s*/, 2) as [string, string]).map(([k, v]) => [k.toLowerCase(), v]));
      steps.push({ name, method, path, headers, body, expectStatus: null, expectBody: undefined, clock });
      clock = null;
    } else {
      const step = steps.find((s) => s.name === name);
      if (!step) throw new Error(`docs/api.md: response ${name} has no example before it`);
      step.expectStatus = Number(/^HTTP\/1\.1 (\d{3})/.exec(head!)?.[1]);
      step.expectBody = body === null ? undefined : (JSON.parse(body) as Json);
    }
  }
  return steps;
}

const PLACEHOLDER = /\{([A-Za-z]+)\}/g;
const WHOLE_PLACEHOLDER = /^\{([A-Za-z]+)\}$/;

function substitute(text: string, bound: Map<string, string>): string {
  return text.replace(PLACEHOLDER, (all, name: string) => {
    const value = bound.get(name);
    if (value === undefined) throw new Error(`docs/api.md uses ${all} before any response gives it`);
    return value;
  });
}

/**
 * Is `expected` contained in `actual`? Objects: every key the document shows. Arrays: every
 * element the document shows matches a different element of the response. A string that is
 * one placeholder binds it on first sight. Returns the path of the first difference, or null.
 */
function containedIn(expected: Json, actual: unknown, bound: Map<string, string>, path = '$'): string | null {
  if (typeof expected === 'string') {
    const whole = WHOLE_PLACEHOLDER.exec(expected);
    if (whole && !bound.has(whole[1]!)) {
      if (typeof actual !== 'string' && typeof actual !== 'number') return `${path}: expected a value to bind ${expected}, got ${JSON.stringify(actual)}`;
      bound.set(whole[1]!, String(actual));
      return null;
    }
    const want = substitute(expected, bound);
    return actual === want || (typeof actual === 'number' && String(actual) === want) ? null : `${path}: expected ${JSON.stringify(want)}, got ${JSON.stringify(actual)}`;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${path}: expected an array, got ${JSON.stringify(actual)}`;
    const used = new Set<number>();
    for (const [i, item] of expected.entries()) {
      let found = false;
      for (const [j, candidate] of actual.entries()) {
        if (used.has(j)) continue;
        const trial = new Map(bound);
        if (containedIn(item, candidate, trial, `${path}[${i}]`) === null) {
          for (const [k, v] of trial) bound.set(k, v);
          used.add(j);
          found = true;
          break;
        }
      }
      if (!found) return `${path}[${i}]: no element of the response matches ${JSON.stringify(item)}`;
    }
    return null;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return `${path}: expected an object, got ${JSON.stringify(actual)}`;
    for (const [key, value] of Object.entries(expected)) {
      if (!(key in actual)) return `${path}.${key}: missing from the response`;
      const difference = containedIn(value, (actual as Record<string, unknown>)[key], bound, `${path}.${key}`);
      if (difference) return difference;
    }
    return null;
  }
  return Object.is(expected, actual) ? null : `${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
}

describe('docs/api.md: the worked example is what the API does', () => {
  const clock = testClock();
  const steps = stepsOf(readFileSync(DOC, 'utf8'));
  const bound = new Map<string, string>();
  const responses = new Map<string, { status: number; body: Record<string, unknown> }>();
  let t: TestApp;
  let ava: TestPerson;

  beforeAll(async () => {
    t = await createTestApp({ template: 'base', clock });
    // The people of the example: business support takes the referral, the Lead decides and
    // allocates, Ava (approved by Northshire) assesses. Each signs in for a token of their own.
    const taker = await aPerson('Bea Support').withRoles('business_support').inTeam('daytime').build(t.services);
    const lead = await aPerson('Lena Lead').withRoles('amhp_lead').inTeam('daytime').build(t.services);
    ava = await anApprovedAmhp('Ava Amhp').build(t.services);
    bound.set('takerEmail', taker.email);
    bound.set('password', BASE.password);
    bound.set('leadToken', await apiToken(t.app, lead.email, BASE.password));
    bound.set('amhpToken', await apiToken(t.app, ava.email, BASE.password));

    for (const step of steps) {
      if (step.clock) clock.set(instantOf(step.clock));
      const headers = Object.fromEntries(Object.entries(step.headers).map(([k, v]) => [k, substitute(v, bound)]));
      const response = await t.app.inject({
        method: step.method as 'GET',
        url: substitute(step.path, bound),
        headers: { ...headers, ...(step.body ? { 'content-type': 'application/json' } : {}) },
        ...(step.body ? { payload: substitute(step.body, bound) } : {}),
      });
      const body = response.headers['content-type']?.toString().includes('json') ? (response.json() as Record<string, unknown>) : {};
      responses.set(step.name, { status: response.statusCode, body });
      // Bind as we go, so that later requests can use what earlier responses gave.
      if (step.expectBody !== undefined) containedIn(step.expectBody as Json, body, bound);
    }
  }, 120_000);
  afterAll(async () => t?.close());

  it('has the whole journey, in order, each request with the response the document shows', () => {
    expect(steps.map((s) => s.name)).toEqual([
      'token',
      'organisations',
      'intake-ambiguous-time',
      'intake',
      'decision',
      'allocatable-amhps',
      'allocation',
      'allocation-stale-version',
      'legal-context',
      'doctor-1',
      'doctor-2',
      'interview',
      'outcome-too-soon',
      'nearest-relative',
      'outcome',
      'referral-after',
    ]);
    for (const step of steps) expect(step.expectStatus, `${step.name} has a response block`).not.toBeNull();
  });

  it('every response has the documented status and contains the documented fields', () => {
    const check = new Map<string, string>([...bound].filter(([k]) => ['takerEmail', 'password', 'leadToken', 'amhpToken'].includes(k)));
    for (const step of steps) {
      const actual = responses.get(step.name)!;
      expect(actual.status, `${step.name}: ${JSON.stringify(actual.body).slice(0, 800)}`).toBe(step.expectStatus);
      if (step.expectBody !== undefined) expect(containedIn(step.expectBody as Json, actual.body, check), step.name).toBeNull();
    }
  });

  it('the statutory clocks are London times, the versions count up, and the outcome is recorded', () => {
    const body = (name: string) => responses.get(name)!.body;
    expect(body('intake')).toMatchObject({ status: 'received', version: 1, receivedAt: '2026-03-10T08:52:00.000Z', legalStatusSince: '2026-03-10T08:30:00.000Z' });
    expect(body('decision')).toMatchObject({ status: 'decided', version: 2, decidedByName: 'Lena Lead' });
    expect(body('allocation')).toMatchObject({ status: 'allocated', version: 3, allocatedAmhpId: ava.id, allocatedAmhpName: 'Ava Amhp' });
    expect(body('allocation-stale-version')).toMatchObject({ code: 'version_conflict', details: { currentVersion: 3 } });
    expect(body('intake-ambiguous-time')).toMatchObject({ code: 'validation_failed', details: { fieldErrors: [{ field: 'receivedAt', message: expect.stringContaining('happened twice') }] } });

    const deadlines = (name: string) => body(name).deadlines as Array<{ key: string; endsAt: string; lastDay?: string; text: string }>;
    // s136: 24 hours from arrival at the place of safety (08:30 GMT on the test day).
    expect(deadlines('legal-context').find((d) => d.key === 'place_of_safety_ends')).toMatchObject({ endsAt: '2026-03-11T08:30:00.000Z', text: expect.stringMatching(/^Wed 11 Mar 2026, 08:30/) });
    // s2: 28 days beginning with the day of admission; the last day is in British Summer Time,
    // so it ends at midnight London time, 23:00 UTC.
    expect(deadlines('outcome').find((d) => d.key === 's2_ends')).toMatchObject({ lastDay: '2026-04-06', endsAt: '2026-04-06T23:00:00.000Z', text: expect.stringMatching(/^by the end of Mon 6 Apr 2026/) });

    expect(body('legal-context').version).toBe(2);
    // The record is made at the app's time (the test clock), not the database server's.
    expect(body('legal-context')).toMatchObject({ record: { createdAt: '2026-03-10T14:00:00.000Z', updatedAt: '2026-03-10T14:00:00.000Z' } });
    expect((body('doctor-2').doctors as unknown[]).length).toBe(2);
    expect(body('interview').version).toBe(3);
    expect(body('outcome-too-soon')).toMatchObject({ code: 'statutory_check_failed', details: { failures: [], warnings: [{ rule: 'R-S2-NR', severity: 'W' }] } });
    expect(body('nearest-relative').version).toBe(4);
    expect(body('outcome')).toMatchObject({ version: 5, referralStatus: 'outcome_recorded', record: { outcome: 's2', applicantId: ava.id, applicationAt: '2026-03-10T13:00:00.000Z', admittedAt: '2026-03-10T13:40:00.000Z' } });
    expect(body('referral-after')).toMatchObject({ status: 'outcome_recorded' });
  });
});
