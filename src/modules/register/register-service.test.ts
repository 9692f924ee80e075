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
const lssas: Record<string, string> = {};

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

  it('approves, refusing end before start and overlapping approvals; authorisation outside the approval is refused', async () => {
    const newcomer = ids['amhp@example.org']!;
    // Use a fresh AMHP: an existing person without a register entry is added first.
    const ctxAdmin = admin;
    const personId = await t.services.staff.addPerson(ctxAdmin, { name: 'Ottilie Brandwood', email: 'ottilie.brandwood@example.org', employingOrganisationId: lssas['ashdown']!, roles: ['amhp'] });
    expect(newcomer).toBeTruthy();
    await t.services.register.addToRegister(lead, { personId, profession: 'occupational_therapist', registrationNumber: 'OT551234', arrangement: 'rota' });
    expect(await expectRefused(t.services.register.addApproval(lead, personId, { approvingLssaId: lssas['ashdown'], startDate: '2026-03-01', endDate: '2026-02-01' }))).toMatch(/end date must be after the start/);
    expect(await expectRefused(t.services.register.addApproval(lead, personId, { approvingLssaId: lssas['ashdown'], startDate: '2026-03-01', endDate: '2032-03-01' }))).toMatch(/at most five years/);
    const approvalId = await t.services.register.addApproval(lead, personId, { approvingLssaId: lssas['ashdown'], startDate: '2024-02-29' });
    const view = await t.services.register.personView(lead, personId);
    expect(view.onRegister && view.history[0]?.lastDayInForce).toBe('2029-02-28'); // leap-day start
    expect(await expectRefused(t.services.register.addApproval(lead, personId, { approvingLssaId: lssas['ashdown'], startDate: '2028-01-01' }))).toMatch(/overlap/);
    expect(await expectRefused(t.services.register.addAuthorisation(lead, personId, { approvalId, lssaId: lssas['brackenford'], startDate: '2024-01-01' }))).toMatch(/within the approval/);
    expect(await expectRefused(t.services.register.addAuthorisation(lead, personId, { approvalId, lssaId: lssas['ashdown'], startDate: '2024-03-01' }))).toMatch(/approved the AMHP/);
    await t.services.register.addAuthorisation(lead, personId, { approvalId, lssaId: lssas['brackenford'], startDate: '2024-03-01' });
    expect((await t.services.eligibility.mayAct(personId, lssas['brackenford']!, today)).eligible).toBe(true);
    const corr = await t.services.eligibility.mayAct(personId, lssas['corrington']!, today);
    expect(corr.eligible === false && corr.reason).toMatch(/not authorised to act for Corrington Council/);
    // An AMHP cannot approve themself or anyone.
    const amhp = await ctxFor('amhp@example.org');
    await expect(t.services.register.addApproval(amhp, personId, { approvingLssaId: lssas['ashdown'], startDate: '2030-01-01' })).rejects.toBeInstanceOf(ForbiddenError);

    // Training: bad hours refused; the AMHP records their own; compliance changes.
    expect(await expectRefused(t.services.register.addTraining(lead, personId, { date: today, title: 'x', provider: 'y', hours: '0' }))).toMatch(/more than 0/);
    expect(await expectRefused(t.services.register.addTraining(lead, personId, { date: today, title: 'x', provider: 'y', hours: '25' }))).toMatch(/24 or fewer/);
    await t.services.register.addTraining(lead, personId, { date: today, title: 'Long day', provider: 'y', hours: '20' });
    expect(await expectRefused(t.services.register.addTraining(lead, personId, { date: today, title: 'More', provider: 'y', hours: '5' }))).toMatch(/more than 24 hours of training on one day/);
    const before = (await t.services.register.compliance(lead)).find((r) => r.personId === personId)!;
    expect(before).toMatchObject({ hours: 20, legalUpdate: false, trainingMet: false });
    await t.services.register.addTraining(lead, personId, { date: addDaysIso(today, -1), title: 'Legal update', provider: 'Chambers', hours: '3', legalUpdate: 'yes', amhpSpecific: 'yes' });
    const after = (await t.services.register.compliance(lead)).find((r) => r.personId === personId)!;
    expect(after).toMatchObject({ hours: 23, legalUpdate: true, trainingMet: true, atRisk: false });
    await expect(t.services.register.addTraining(amhp, personId, { date: today, title: 'x', provider: 'y', hours: '1' })).rejects.toBeInstanceOf(ForbiddenError);

    // Supervision: signed by both parties only; a dispute flags it for mediation.
    const supervisor = await ctxFor('lead@example.org');
    const recordId = await t.services.register.addSupervision(lead, personId, { supervisorId: supervisor.actor.personId, date: today, type: 'professional_1_1', casesDiscussed: 'Case 1\nCase 2' });
    expect(await expectRefused(t.services.register.signSupervision(amhp, recordId))).toMatch(/not_a_party/);
    await t.services.register.signSupervision(supervisor, recordId);
    const ottilie = { ...lead, actor: { ...lead.actor, personId, roles: ['amhp' as Role] } };
    await t.services.register.disputeSupervision(ottilie, recordId, { note: 'Case 2 was not discussed' });
    let pv = await t.services.register.personView(lead, personId);
    expect(pv.onRegister && pv.supervisionRecords[0]).toMatchObject({ state: 'disputed', signatures: [] });
    expect(await expectRefused(t.services.register.signSupervision(supervisor, recordId))).toMatch(/disputed/);
    await t.services.register.resolveDispute(lead, recordId, { resolution: 'Record corrected at mediation' });
    await t.services.register.signSupervision(supervisor, recordId);
    await t.services.register.signSupervision(ottilie, recordId);
    pv = await t.services.register.personView(lead, personId);
    expect(pv.onRegister && pv.supervisionRecords[0]?.state).toBe('signed');
    expect(await expectRefused(t.services.register.addSupervision(lead, personId, { supervisorId: supervisor.actor.personId, date: today, type: 'group', casesDiscussed: 'one' }))).toMatch(/two cases/);

    // Suspension: refused to act with the reason, via services.eligibility.
    await t.services.register.suspend(lead, personId, { approvalId, startDate: today, reason: 'Fitness to practise investigation' });
    const refused = await t.services.eligibility.mayAct(personId, lssas['ashdown']!, today);
    expect(refused.eligible).toBe(false);
    expect(refused.eligible === false && refused.reason).toContain('Ottilie Brandwood: Suspended from');
    expect(refused.eligible === false && refused.reason).toContain('Fitness to practise investigation');

    // Panel pack: a real PDF, with "not available" when no assessment counter is composed.
    t.services.register.setAssessmentCounter(null);
    const pack = await t.services.register.panelPackData(lead, personId);
    expect(pack.assessments).toBeNull();
    const { pdf, filename } = await t.services.register.panelPack(lead, personId);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(filename).toMatch(/^panel-pack-ottilie-brandwood-/);
    t.services.register.setAssessmentCounter(async () => ({ total: 7, byKind: [{ kind: 'Section 2 application', count: 4 }, { kind: 'No further action', count: 3 }] }));
    expect((await t.services.register.panelPackData(lead, personId)).assessments?.total).toBe(7);
    t.services.register.setAssessmentCounter(null);
  });

  it('competencies unmet for 12 months prompt a learning and development plan', async () => {
    const rows = await t.services.register.registerRows(lead, { audit: false });
    const lagging = rows.find((r) => r.email.startsWith('delphine.'))!;
    const view = await t.services.register.personView(lead, lagging.personId);
    expect(view.onRegister && view.competencyReview.developmentPlanPrompt).toMatch(/Key Competence 2 not met for 12 months/);
    expect(await expectRefused(t.services.register.addCompetencyRecord(lead, lagging.personId, { recordedOn: today, competence1Status: 'met' }))).toMatch(/Key Competence 2/);
  });

  it('quarterly supervision audit and exports', async () => {
    const audit = await t.services.register.supervisionAudit(lead);
    expect(audit.rows.length).toBeGreaterThan(20);
    expect(audit.rows.some((r) => r.disputedCount > 0)).toBe(true);
    const { registerSheet, complianceSheet, toCsv, toXlsx, csvCell } = await import('./register-exports.js');
    const csv = toCsv(registerSheet(await t.services.register.registerRows(lead)));
    expect(csv.split('\r\n')[0]).toContain('Name,Email,Profession');
    expect(csv).toContain('Suspended');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    const xlsx = await toXlsx(complianceSheet(await t.services.register.compliance(lead)));
    expect(xlsx.subarray(0, 2).toString()).toBe('PK');
  });

  it('funding: repayment formula and cost split', async () => {
    const out = await t.services.register.funding(lead, { form: 'repayment', fundingPence: '3000', qualifiedOn: '2024-01-31', lastDayOfEmployment: '2025-05-30', reason: 'left_employment' });
    expect(out.repayment).toMatchObject({ rule: 'second_year', completedMonths: 16, amountPence: 100000 });
    const split = await t.services.register.funding(lead, { form: 'split', course: '1000.00', candidates: '6' });
    expect(split.split?.course.map((c) => c.pence)).toEqual([33334, 33333, 33333]);
    expect(split.split?.adminTotal).toBe(24000);
  });

  it('governance viewers get the summary only', async () => {
    const director = await ctxFor('director@example.org');
    const summary = await t.services.register.summary(director);
    expect(summary.total).toBeGreaterThan(25);
    await expect(t.services.register.registerRows(director)).rejects.toBeInstanceOf(ForbiddenError);
  });
});

function addDaysIso(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
