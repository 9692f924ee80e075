/**
 * AMHP register test data — the stable test API for the register, used by other modules' tests.
 *
 *   const ava = await aPerson('Ava Amhp').withRoles('amhp').build(services);
 *   await anApprovedAmhp(services, ava, { lssa: 'northshire', from: '2025-04-01' });
 *   // services.eligibility.mayAct(ava.id, <Northshire's id>, TEST_TODAY) → { eligible: true }
 *
 * `anApprovedAmhp` puts the person on the register (once) and records an approval by the LSSA
 * from `from` to `to` ('YYYY-MM-DD'; `to` defaults to the full five-year term), acting as the
 * base template's administrator. The person must hold the AMHP role. With `from` on or before the
 * test date (10 March 2026) and `to` after it, the person may act for that LSSA on the test date.
 *
 * The other builders record what the register's own tests need: training, a suspension,
 * supervision, a nomination. Helpers at the end read refusals without `if`s in tests.
 */
import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../../../src/platform/audit.js';
import { AppError, type RuleFinding } from '../../../src/platform/errors.js';
export { refusalOf, rulesOf } from '../results.js';
import type { Services } from '../../../src/services.js';
import { BASE, type OrganisationKey } from '../base-data.js';
import { apiToken, signedInBrowser } from '../http-client.js';
import { adminContext, organisationId } from './staff-builders.js';

type Person = { id: string };

export interface ApprovedAmhp {
  personId: string;
  approvalId: string;
  /** The approving LSSA's id. */
  lssaId: string;
}

/** On the register (social worker, rota) with an approval in force from `from`. */
export async function anApprovedAmhp(services: Services, person: Person, options: { lssa: OrganisationKey; from: string; to?: string }): Promise<ApprovedAmhp> {
  const admin = await adminContext(services);
  const lssaId = await organisationId(services, options.lssa);
  if (!(await services.register.approvals.entry(person.id))) {
    await services.register.approvals.addToRegister(admin, { personId: person.id, profession: 'social_worker', registrationNumber: `SW${person.id.slice(0, 6).toUpperCase()}`, arrangement: 'rota' });
  }
  const approval = await services.register.approvals.addApproval(admin, person.id, { approvingLssaId: lssaId, startDate: options.from, endDate: options.to });
  return { personId: person.id, approvalId: approval.id, lssaId };
}

/** Authorised to act for another LSSA within an approval, from `from` to the approval's end. */
export async function anAuthorisation(services: Services, amhp: ApprovedAmhp, options: { lssa: OrganisationKey; from: string; to?: string }) {
  return services.register.approvals.addAuthorisation(await adminContext(services), amhp.personId, {
    approvalId: amhp.approvalId,
    lssaId: await organisationId(services, options.lssa),
    startDate: options.from,
    endDate: options.to,
  });
}

/** Suspended from `from` (open unless `to`). */
export async function aSuspension(services: Services, amhp: ApprovedAmhp, options: { from: string; to?: string; reason?: string }) {
  return services.register.approvals.suspend(await adminContext(services), amhp.personId, {
    approvalId: amhp.approvalId,
    startDate: options.from,
    endDate: options.to,
    reason: options.reason ?? 'Registration under review by the regulator',
  });
}

/** A training record on the person's entry. */
export async function someTraining(services: Services, person: Person, options: { date: string; hours: number; legalUpdate?: boolean; title?: string }) {
  return services.register.training.addTraining(await adminContext(services), person.id, {
    date: options.date,
    title: options.title ?? (options.legalUpdate ? 'Mental Health Act legal update' : 'Positive risk-taking'),
    provider: 'Regional AMHP Leads Network',
    hours: options.hours,
    amhpSpecific: true,
    legalUpdate: options.legalUpdate ?? false,
  });
}

/** A supervision session with two cases discussed, recorded by a manager, unsigned. */
/** A supervision record written by its supervisor (only they or the Lead AMHP may write one). */
export async function aSupervisionRecord(services: Services, supervisee: Person, supervisor: Person & { ctx: ServiceContext }, options: { date: string; type?: 'professional_1_1' | 'group' | 'edt_peer' | 'management' }) {
  return services.register.supervision.addSupervision(supervisor.ctx, supervisee.id, {
    supervisorId: supervisor.id,
    date: options.date,
    type: options.type ?? 'professional_1_1',
    casesDiscussed: ['Case ref 1001', 'Case ref 1002'],
    topic: undefined,
  });
}

/** A nomination for AMHP training, made on the test date for the April 2027 intake (open until 30 June 2026). */
export async function aNomination(services: Services, options: { name?: string; lssa?: OrganisationKey; employerType?: 'lssa' | 'nhs_trust' | 'other'; intake?: 'april' | 'september'; year?: number } = {}) {
  const admin = await adminContext(services);
  return services.register.trainees.nominate(admin, {
    name: options.name ?? 'Robin Candidate',
    role: 'Senior practitioner',
    team: 'Community mental health team',
    lssaId: await organisationId(services, options.lssa ?? 'northshire'),
    employer: 'Northshire County Council',
    employerType: options.employerType ?? 'lssa',
    profession: 'social_worker',
    contactNumber: '01632 960 001',
    email: 'robin.candidate@test.example.org',
    cohort: { intake: options.intake ?? 'april', year: options.year ?? 2027 },
    priority: false,
    priorityReason: '',
    managerName: 'Sam Manager',
    managerContactNumber: '01632 960 002',
    managerEmail: 'sam.manager@test.example.org',
    allocation: 'Funding confirmed for the April 2027 intake',
  });
}

/** The administrator's context, for acting as the register's owner in tests. */
export async function registerOwner(services: Services): Promise<ServiceContext> {
  return adminContext(services);
}

// ── Reading refusals ────────────────────────────────────────────────────────────────────────

/** The platform error a call must refuse with (fails the test if it succeeds or throws something else). */
export async function refusedWith(call: Promise<unknown>): Promise<AppError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('Expected a refusal, but the call succeeded');
}

/** What a refusal says, as one line: field and rule messages joined, for `toMatch`. */
export function messagesOf(error: AppError): string {
  const details = error.details as { fieldErrors?: Array<{ field: string; message: string }>; failures?: RuleFinding[] } | undefined;
  const parts = [...(details?.fieldErrors ?? []).map((f) => `${f.field}: ${f.message}`), ...(details?.failures ?? []).map((f) => `${f.rule}: ${f.message}`)];
  return parts.length > 0 ? parts.join(' | ') : `${error.code}: ${error.message}`;
}

/** Calls the JSON API as a person (bearer token): `await as('POST', url, body)` → `{ status, body }`. */
export async function apiAs(app: FastifyInstance, person: { email: string }) {
  const token = await apiToken(app, person.email, BASE.password);
  return async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) => {
    const response = await app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
    const json = response.headers['content-type']?.toString().startsWith('application/json') ? (response.json() as Record<string, unknown>) : {};
    return { status: response.statusCode, body: json as Record<string, unknown> & { details?: { fieldErrors?: Array<{ field: string; message: string }>; failures?: RuleFinding[]; currentVersion?: number } }, raw: response };
  };
}

/** A cookie-and-CSRF browser signed in as a person built with the staff builders. */
export async function browserAs(app: FastifyInstance, person: { email: string }) {
  return signedInBrowser(app, person.email, BASE.password);
}
