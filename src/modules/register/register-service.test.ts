import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../platform/clock.js';
import type { ServiceContext } from '../../platform/audit.js';
import { ValidationError, RuleViolationError, ForbiddenError } from '../../platform/errors.js';
import { createTestServices, type TestServices } from '../../../test/support/test-app.js';
import type { Role } from '../../platform/roles.js';
import { londonDate } from './register-time.js';

let t: TestServices;
let clock: ManualClock;
const ids: Record<string, string> = {};
let lssas: Record<string, string> = {};

async function ctxFor(email: string): Promise<ServiceContext> {
  const people = await t.services.staff.peopleWithRole(['admin', 'amhp', 'lead_amhp', 'governance_viewer', 'operational_manager', 'amhp_lead', 'business_support', 'line_manager', 'edt_manager'], { activeOnly: false });
  const p = people.find((x) => x.email === email);
  if (!p) throw new Error(`no ${email}`);
  return { actor: { personId: p.id, name: p.name, email: p.email, roles: p.roles as Role[], organisationId: p.employingOrganisationId, teamId: p.teamId }, requestId: 'test' };
}

function errorsOf(e: unknown): string[] {
  if (e instanceof ValidationError) return e.fieldErrors.map((f) => `${f.field}: ${f.message}`);
  if (e instanceof RuleViolationError) return [`${e.code}: ${e.message}`];
  throw e;
}

async function expectRefused(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return errorsOf(e).join(' | ');
  }
  throw new Error('expected a refusal');
}

describe('register service', () => {
  let lead: ServiceContext;
  let admin: ServiceContext;
  let today: string;
  beforeAll(async () => {
    clock = new ManualClock(new Date());
    t = await createTestServices({ clock });
    today = londonDate(clock.now());
    lead = await ctxFor('lead-amhp@example.org');
    admin = await ctxFor('admin@example.org');
    for (const o of await t.services.staff.lssas()) lssas[o.shortName.toLowerCase()] = o.id;
    for (const p of await t.services.staff.peopleWithRole(['amhp'], { activeOnly: false })) ids[p.email] = p.id;
  }, 60_000);
  afterAll(async () => t.close());

  it('seeds the demo register: lapsed, suspended, authorised, due for re-approval', async () => {
    const rows = await t.services.register.registerRows(lead);
    expect(rows.length).toBeGreaterThanOrEqual(30);
    expect(rows.filter((r) => r.status === 'lapsed').length).toBeGreaterThanOrEqual(1);
    expect(rows.filter((r) => r.status === 'suspended').length).toBe(1);
    expect(rows.filter((r) => r.authorisedFor.length > 0).length).toBeGreaterThan(5);
    const due = await t.services.register.reapprovalsDue(lead);
    expect(due.some((r) => r.reapprovalState === 'due_soon')).toBe(true);
  });

  it('services.eligibility is the register rule: the suspended AMHP is refused with the reason', async () => {
    const rows = await t.services.register.registerRows(lead);
    const suspended = rows.find((r) => r.status === 'suspended');
    const approved = rows.find((r) => r.status === 'approved' && r.authorisedFor.length === 2);
    expect(suspended && approved).toBeTruthy();
    const refused = await t.services.eligibility.mayAct(suspended!.personId, null, today);
    expect(refused).toMatchObject({ eligible: false });
    expect(refused.eligible === false && refused.reason).toMatch(/Suspended from .*regulator/);
    for (const id of Object.values(lssas)) expect((await t.services.eligibility.mayAct(approved!.personId, id, today)).eligible).toBe(true);
    const lapsed = rows.find((r) => r.status === 'lapsed')!;
    const l = await t.services.eligibility.mayAct(lapsed.personId, null, today);
    expect(l.eligible === false && l.reason).toMatch(/lapsed/);
  });
});
