import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ValidationError } from '../../platform/errors.js';
import { formErrorsView, idParams, parseInput } from '../../platform/http/forms.js';
import { toLocalInputValue } from '../../platform/london-time.js';
import { contextOf, route } from '../../platform/http/routing.js';
import type { Services } from '../../services.js';
import { amhpReportPdf, s13LetterPdf } from './assessment-pdfs.js';
import {
  contactSchema,
  doctorSchema,
  interviewSchema,
  legalContextInputSchema,
  nearestRelativeSchema,
  outcomeSchema,
  planSchema,
  PRINCIPLES,
  reportSchema,
  resourceSchema,
  RESOURCE_KINDS,
} from './assessment-schemas.js';
import {
  ASSESSMENT_EDITORS,
  ASSESSMENT_READERS,
  RESOURCE_LABELS,
  StatutoryCheckError,
  WarningReasonsRequiredError,
  type AssessmentView,
} from './assessment-service.js';
import { DELAY_CAUSES, DOCTOR_CONTACT_RESULTS } from './delays.js';
import { NEAREST_RELATIVE_CATEGORIES } from './nearest-relative.js';
import { APPLICATION_TYPES, ASSESSMENT_OUTCOMES } from './referral-codes.js';

const READ = { roles: ASSESSMENT_READERS } as const;
const EDIT = { roles: ASSESSMENT_EDITORS } as const;
const TAGS = ['assessments'];

const doctorParams = idParams.extend({ doctorId: z.string().uuid('Not a valid id') });
const kindParams = idParams.extend({ kind: z.enum(RESOURCE_KINDS) });
const checkQuery = z.object({ checkAs: z.enum(['s2', 's3', 's4', 'guardianship']).optional() });

const failureJson = z.object({ rule: z.string(), message: z.string(), severity: z.enum(['E', 'W']) });
const failuresBody = z.object({ code: z.string(), message: z.string(), failures: z.array(failureJson) });

const local = (d: Date | null | undefined): string => toLocalInputValue(d ?? null);

function dateValues<T extends Record<string, unknown>>(row: T): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Date ? local(v) : v]));
}

/** Form body: checkboxes that are absent mean "no"; warning reasons arrive as warningReason-R-…. */
function bodyOf(request: FastifyRequest): Record<string, unknown> {
  const body = { ...((request.body as Record<string, unknown> | undefined) ?? {}) };
  const warningReasons: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key.startsWith('warningReason-') && typeof value === 'string') warningReasons[key.slice('warningReason-'.length)] = value;
  }
  if (Object.keys(warningReasons).length > 0) body.warningReasons = warningReasons;
  return body;
}

/** The API view: the record, the checks, the clocks and the waits. */
function apiView(view: AssessmentView) {
  return {
    referralId: view.referral.id,
    reference: view.referral.reference,
    referralStatus: view.referral.status,
    version: view.version,
    record: view.assessment,
    legalContext: view.legalContext,
    doctors: view.doctors,
    doctorContacts: view.contacts,
    doctorContactSummary: view.contactSummary,
    resources: Object.fromEntries(view.resources.map((r) => [r.kind, r.row])),
    addenda: view.addenda,
    checks: { as: view.checkAs, ...view.checks },
    deadlines: view.deadlines.map((d) => ({ key: d.key, rule: d.ruleId, label: d.label, endsAt: d.endsAt, ...(d.kind === 'day' ? { lastDay: d.lastDay } : {}), passed: d.status.passed, text: d.status.text })),
    waits: view.waits,
    suggestedDelayCause: view.suggestedDelayCause,
    canEdit: view.canEdit,
    finalised: view.finalised,
    s13LetterAvailable: view.letterAvailable,
  };
}

export function registerAssessmentRoutes(app: FastifyInstance, services: Services): void {
  const { assessments } = services;
  const base = (id: string) => `/referrals/${id}/assessment`;

  async function sendPdf(reply: FastifyReply, pdf: Buffer, filename: string) {
    return reply.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="${filename}"`).header('cache-control', 'no-store').send(pdf);
  }

  function checkErrors(error: StatutoryCheckError | WarningReasonsRequiredError) {
    return {
      errorList: error.failures.map((f) => ({ text: `${f.rule}: ${f.message}`, href: f.severity === 'W' ? `#warningReason-${f.rule}` : '#outcome' })),
      byField: {},
    };
  }

  // ── Pages ──────────────────────────────────────────────────────────────────────────────────

  route(app, 'GET', '/referrals/:id/assessment', { access: READ }, async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    const { checkAs } = parseInput(checkQuery, request.query);
    const view = await assessments.getRecord(contextOf(request), id, { checkAs });
    return reply.render('referrals/views/assessment-summary.njk', {
      view,
      principles: PRINCIPLES,
      applicationTypes: APPLICATION_TYPES.map((t) => ({ value: t.code, text: t.label })),
      nrCategoryLabel: NEAREST_RELATIVE_CATEGORIES.find((c) => c.code === view.assessment?.nrCategory)?.label ?? view.assessment?.nrCategory ?? null,
      delayCauseLabel: DELAY_CAUSES.find((c) => c.code === view.assessment?.delayCause)?.label ?? null,
      resultLabels: Object.fromEntries(DOCTOR_CONTACT_RESULTS.map((r) => [r.code, r.label])),
    });
  });

  interface SectionPage {
    path: string;
    template: string;
    title: string;
    values: (view: AssessmentView) => Record<string, unknown>;
    save: (request: FastifyRequest, id: string) => Promise<unknown>;
    flash: string;
    extra?: (view: AssessmentView) => Record<string, unknown>;
  }

  const sections: SectionPage[] = [
    {
      path: 'plan',
      template: 'assessment-plan.njk',
      title: 'Plan the assessment',
      values: (v) => ({ plannedAt: local(v.assessment?.plannedAt), plannedPlace: v.assessment?.plannedPlace ?? '' }),
      save: (r, id) => assessments.savePlan(contextOf(r), id, bodyOf(r)),
      flash: 'Plan saved',
    },
    {
      path: 'interview',
      template: 'assessment-interview.njk',
      title: 'Interview and decision',
      values: (v) => ({
        interviewAt: local(v.assessment?.interviewAt),
        lastSawAt: local(v.assessment?.lastSawAt),
        mostAppropriateReason: v.assessment?.mostAppropriateReason ?? '',
        noPreviousAcquaintanceReason: v.assessment?.noPreviousAcquaintanceReason ?? '',
        notes: v.assessment?.notes ?? '',
      }),
      save: (r, id) => assessments.saveInterview(contextOf(r), id, bodyOf(r)),
      flash: 'Interview saved',
    },
    {
      path: 'nearest-relative',
      template: 'assessment-nearest-relative.njk',
      title: 'Nearest relative',
      values: (v) => ({
        category: v.assessment?.nrCategory ?? '',
        name: v.assessment?.nrName ?? '',
        relationship: v.assessment?.nrRelationship ?? '',
        contact: v.assessment?.nrContact ?? '',
        informedAt: local(v.assessment?.nrInformedAt),
        toldOfDischargePower: v.assessment?.nrToldOfDischargePower ?? false,
        consultedAt: local(v.assessment?.nrConsultedAt),
        objected: v.assessment?.nrObjected ?? false,
        notPracticableReason: v.assessment?.nrNotPracticableReason ?? '',
        notPracticableDetail: v.assessment?.nrNotPracticableDetail ?? '',
        s13Request: v.assessment?.nrS13Request ?? v.referral.sourceType === 'nearest_relative',
        s13Reasons: v.assessment?.nrS13Reasons ?? '',
      }),
      save: (r, id) => assessments.saveNearestRelative(contextOf(r), id, bodyOf(r)),
      flash: 'Nearest relative saved',
      extra: () => ({
        categories: [
          ...NEAREST_RELATIVE_CATEGORIES.map((c, i) => ({ value: c.code, text: `${i + 1}. ${c.label}`, hint: { text: c.hint } })),
          { divider: 'or, for a child' },
          { value: 'local_authority', text: 'Local authority holding a care order (section 27)' },
          { value: 'guardian_or_order_holder', text: 'Guardian, or person named in a child arrangements order (section 28)' },
        ],
      }),
    },
    {
      path: 'legal',
      template: 'assessment-legal.njk',
      title: 'Legal position',
      values: (v) => {
        const l = v.legalContext;
        const pos = l.placeOfSafety;
        const ext = pos?.extensions[0];
        const conflict = l.conflicts[0];
        return {
          posPower: pos?.power ?? '',
          posDetainedAt: local(pos?.detainedAt),
          posClockStartedAt: local(pos?.clockStartedAt),
          posEndedAt: local(pos?.endedAt),
          posPoliceStation: pos?.policeStationUsed ?? false,
          posPoliceStationJustification: pos?.policeStationJustification ?? '',
          posConsultedAt: local(pos?.s136Consultation?.consultedAt),
          posConsultedRole: pos?.s136Consultation?.consultedRole ?? '',
          posConsultNotPracticable: pos?.s136Consultation?.notPracticableReason ?? '',
          extAuthorisedAt: local(ext?.authorisedAt),
          extHours: ext?.hours ?? '',
          extByExaminingDoctor: ext?.authorisedByExaminingDoctor ?? false,
          extReason: ext?.reason ?? '',
          s54RecordedAt: local(l.holdingPower?.s54RecordedAt),
          s52ReportedAt: local(l.holdingPower?.s52ReportedAt),
          currentS2AdmittedAt: local(l.currentDetention?.admittedAt),
          conflictDescription: conflict?.description ?? '',
          conflictType: conflict?.type ?? '',
          conflictUrgencyReason: conflict?.urgencyOverrideReason ?? '',
        };
      },
      save: (r, id) => assessments.saveLegalContextForm(contextOf(r), id, bodyOf(r)),
      flash: 'Legal position saved',
    },
    {
      path: 'report',
      template: 'assessment-report.njk',
      title: 'AMHP report: principles and alternatives',
      values: (v) => ({ ...((v.assessment?.principles ?? {}) as Record<string, string>), alternativesConsidered: v.assessment?.alternativesConsidered ?? '' }),
      save: (r, id) => assessments.saveReport(contextOf(r), id, bodyOf(r)),
      flash: 'Report saved',
      extra: () => ({ principles: PRINCIPLES }),
    },
    {
      path: 'outcome',
      template: 'assessment-outcome.njk',
      title: 'Outcome',
      values: (v) => {
        const a = v.assessment;
        const s4 = v.legalContext.section4;
        const g = v.legalContext.guardianship;
        return {
          outcome: a?.outcome ?? '',
          applicationAt: local(a?.applicationAt),
          admittedAt: local(a?.admittedAt),
          hospitalName: a?.hospitalName ?? '',
          hospitalAddressedToManagers: a?.hospitalAddressedToManagers ?? true,
          outcomeReason: a?.outcomeReason ?? '',
          delayCause: a?.delayCause ?? v.suggestedDelayCause ?? '',
          delayNote: a?.delayNote ?? '',
          warningReasons: (a?.warningReasons ?? {}) as Record<string, string>,
          s4UrgentNecessity: s4?.urgentNecessityStated ?? false,
          s4UndesirableDelay: s4?.undesirableDelayStated ?? false,
          s4RecommendationVerifies: s4?.recommendationVerifiesUrgency ?? false,
          s4WhyNotSection2: s4?.whyNotSection2 ?? '',
          guardianKind: g?.guardian?.kind ?? '',
          guardianName: g?.guardian?.kind === 'private' ? g.guardian.name : '',
          forwardedToLssaOn: g?.forwardedToLssaOn ?? '',
        };
      },
      save: (r, id) => assessments.recordOutcome(contextOf(r), id, bodyOf(r)),
      flash: 'Outcome recorded',
      extra: (v) => ({
        outcomes: ASSESSMENT_OUTCOMES.map((o) => ({ value: o.code, text: o.label })),
        delayCauses: DELAY_CAUSES.map((c) => ({ value: c.code, text: c.label })),
        knownWarnings: v.checks.warnings,
      }),
    },
  ];

  async function renderSection(request: FastifyRequest, reply: FastifyReply, page: SectionPage, id: string, values: Record<string, unknown> | null, errors?: unknown, status = 200, extra: Record<string, unknown> = {}) {
    const view = await assessments.getRecord(contextOf(request), id, { audit: values === null });
    return reply.render(
      `referrals/views/${page.template}`,
      { view, pageTitle: page.title, values: values ?? page.values(view), ...(page.extra?.(view) ?? {}), ...(errors ? { errors } : {}), ...extra },
      status,
    );
  }

  for (const page of sections) {
    route(app, 'GET', `/referrals/:id/assessment/${page.path}`, { access: EDIT }, async (request, reply) => {
      const { id } = parseInput(idParams, request.params);
      return renderSection(request, reply, page, id, null);
    });
    route(app, 'POST', `/referrals/:id/assessment/${page.path}`, { access: EDIT }, async (request, reply) => {
      const { id } = parseInput(idParams, request.params);
      const body = bodyOf(request);
      try {
        await page.save(request, id);
        return await reply.redirectWithFlash(base(id), { kind: 'success', heading: page.flash });
      } catch (error) {
        if (error instanceof ValidationError) return renderSection(request, reply, page, id, body, formErrorsView(error), 400);
        if (error instanceof StatutoryCheckError || error instanceof WarningReasonsRequiredError) {
          return renderSection(request, reply, page, id, body, checkErrors(error), 422, {
            blockingFailures: error instanceof StatutoryCheckError ? error.failures : [],
            warningsNeeded: error instanceof WarningReasonsRequiredError ? error.failures : error.warnings,
          });
        }
        throw error;
      }
    });
  }

  // Interpreter, police, ambulance, bed
  route(app, 'GET', '/referrals/:id/assessment/resources/:kind', { access: EDIT }, async (request, reply) => {
    const { id, kind } = parseInput(kindParams, request.params);
    const view = await assessments.getRecord(contextOf(request), id);
    const row = view.resources.find((r) => r.kind === kind)?.row;
    return reply.render('referrals/views/assessment-resource.njk', { view, kind, label: RESOURCE_LABELS[kind], values: row ? dateValues(row) : {} });
  });
  route(app, 'POST', '/referrals/:id/assessment/resources/:kind', { access: EDIT }, async (request, reply) => {
    const { id, kind } = parseInput(kindParams, request.params);
    try {
      await assessments.saveResource(contextOf(request), id, kind, request.body);
      return await reply.redirectWithFlash(base(id), { kind: 'success', heading: `${RESOURCE_LABELS[kind]} saved` });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const view = await assessments.getRecord(contextOf(request), id, { audit: false });
      return reply.render('referrals/views/assessment-resource.njk', { view, kind, label: RESOURCE_LABELS[kind], values: request.body, errors: formErrorsView(error) }, 400);
    }
  });

  // Doctors
  async function renderDoctor(request: FastifyRequest, reply: FastifyReply, id: string, doctorId: string | null, values: Record<string, unknown>, error?: ValidationError) {
    const view = await assessments.getRecord(contextOf(request), id, { audit: !error });
    return reply.render('referrals/views/assessment-doctor.njk', { view, doctorId, values, ...(error ? { errors: formErrorsView(error) } : {}) }, error ? 400 : 200);
  }
  route(app, 'GET', '/referrals/:id/assessment/doctors/new', { access: EDIT }, async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    return renderDoctor(request, reply, id, null, { version: 1 });
  });
  route(app, 'POST', '/referrals/:id/assessment/doctors', { access: EDIT }, async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    try {
      await assessments.addDoctor(contextOf(request), id, request.body);
      return await reply.redirectWithFlash(base(id), { kind: 'success', heading: 'Doctor added' });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return renderDoctor(request, reply, id, null, request.body as Record<string, unknown>, error);
    }
  });
  route(app, 'GET', '/referrals/:id/assessment/doctors/:doctorId', { access: EDIT }, async (request, reply) => {
    const { id, doctorId } = parseInput(doctorParams, request.params);
    const doctor = await assessments.getDoctor(contextOf(request), id, doctorId);
    return renderDoctor(request, reply, id, doctorId, dateValues(doctor));
  });
  route(app, 'POST', '/referrals/:id/assessment/doctors/:doctorId', { access: EDIT }, async (request, reply) => {
    const { id, doctorId } = parseInput(doctorParams, request.params);
    try {
      await assessments.updateDoctor(contextOf(request), id, doctorId, request.body);
      return await reply.redirectWithFlash(base(id), { kind: 'success', heading: 'Doctor updated' });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return renderDoctor(request, reply, id, doctorId, request.body as Record<string, unknown>, error);
    }
  });
  route(app, 'POST', '/referrals/:id/assessment/doctors/:doctorId/remove', { access: EDIT }, async (request, reply) => {
    const { id, doctorId } = parseInput(doctorParams, request.params);
    await assessments.removeDoctor(contextOf(request), id, doctorId, request.body);
    return reply.redirectWithFlash(base(id), { kind: 'success', heading: 'Doctor removed' });
  });

  // Doctor contact log
  const contactPage = async (request: FastifyRequest, reply: FastifyReply, id: string, values: Record<string, unknown>, error?: ValidationError) => {
    const view = await assessments.getRecord(contextOf(request), id, { audit: !error });
    return reply.render(
      'referrals/views/assessment-contact.njk',
      { view, values, results: DOCTOR_CONTACT_RESULTS.map((r) => ({ value: r.code, text: r.label })), ...(error ? { errors: formErrorsView(error) } : {}) },
      error ? 400 : 200,
    );
  };
  route(app, 'GET', '/referrals/:id/assessment/contacts/new', { access: EDIT }, async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    return contactPage(request, reply, id, { calledAt: local(services.clock.now()) });
  });
  route(app, 'POST', '/referrals/:id/assessment/contacts', { access: EDIT }, async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    try {
      await assessments.addContact(contextOf(request), id, request.body);
      return await reply.redirectWithFlash(base(id), { kind: 'success', heading: 'Call logged' });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return contactPage(request, reply, id, request.body as Record<string, unknown>, error);
    }
  });

  route(app, 'POST', '/referrals/:id/assessment/finalise', { access: EDIT }, async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    await assessments.finaliseReport(contextOf(request), id, request.body);
    return reply.redirectWithFlash(base(id), { kind: 'success', heading: 'AMHP report finalised', body: 'The record is now read-only. Add an addendum for anything that changes.' });
  });
  route(app, 'POST', '/referrals/:id/assessment/addenda', { access: EDIT }, async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    try {
      await assessments.addAddendum(contextOf(request), id, request.body);
      return await reply.redirectWithFlash(base(id), { kind: 'success', heading: 'Addendum added' });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const view = await assessments.getRecord(contextOf(request), id, { audit: false });
      return reply.render('referrals/views/assessment-summary.njk', { view, principles: PRINCIPLES, applicationTypes: [], resultLabels: {}, values: request.body, errors: formErrorsView(error) }, 400);
    }
  });

  const pdfRoutes: Array<[string, 'report' | 's13_letter']> = [
    ['/referrals/:id/assessment/report.pdf', 'report'],
    ['/api/v1/referrals/:id/assessment/report.pdf', 'report'],
    ['/referrals/:id/assessment/s13-letter.pdf', 's13_letter'],
    ['/api/v1/referrals/:id/assessment/s13-letter.pdf', 's13_letter'],
  ];
  for (const [url, document] of pdfRoutes) {
    route(
      app,
      'GET',
      url,
      {
        access: READ,
        ...(url.startsWith('/api/')
          ? { api: { summary: document === 'report' ? 'The AMHP report (PDF)' : 'Section 13(4) written reasons letter to the nearest relative (PDF)', tags: TAGS, produces: 'application/pdf' } }
          : {}),
      },
      async (request, reply) => {
        const { id } = parseInput(idParams, request.params);
        const ctx = contextOf(request);
        const view = await assessments.reportData(ctx, id, document);
        const serviceName = services.config.serviceName;
        const pdf = document === 'report' ? await amhpReportPdf(view, { serviceName }) : await s13LetterPdf(view, { serviceName, senderName: view.applicantName ?? ctx.actor.name });
        return sendPdf(reply, pdf, `${document === 'report' ? 'amhp-report' : 's13-letter'}-${view.referral.reference}.pdf`);
      },
    );
  }

  // ── API ────────────────────────────────────────────────────────────────────────────────────

  /** Sends statutory check refusals with `failures` at the top level of the body. */
  async function api<T>(reply: FastifyReply, work: () => Promise<T>): Promise<T | FastifyReply> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof StatutoryCheckError) {
        return reply.code(422).send({ code: error.code, message: error.message, failures: error.failures, warnings: error.warnings });
      }
      if (error instanceof WarningReasonsRequiredError) {
        return reply.code(422).send({ code: error.code, message: error.message, failures: error.failures });
      }
      throw error;
    }
  }

  route(
    app,
    'GET',
    '/api/v1/referrals/:id/assessment',
    { access: READ, api: { summary: 'The assessment record with check results (check now), deadlines and waits', tags: TAGS, query: checkQuery } },
    async (request) => {
      const { id } = parseInput(idParams, request.params);
      return apiView(await assessments.getRecord(contextOf(request), id, { checkAs: parseInput(checkQuery, request.query).checkAs }));
    },
  );

  const sectionApis: Array<[string, string, z.ZodType, (request: FastifyRequest, id: string) => Promise<unknown>]> = [
    ['plan', 'Save the plan (time and place)', planSchema, (r, id) => assessments.savePlan(contextOf(r), id, r.body)],
    ['interview', 'Save the interview, last sight of the person and the "most appropriate" finding', interviewSchema, (r, id) => assessments.saveInterview(contextOf(r), id, r.body)],
    ['nearest-relative', 'Save the nearest relative (s26 category, informed/consulted, objection)', nearestRelativeSchema, (r, id) => assessments.saveNearestRelative(contextOf(r), id, r.body)],
    ['legal-context', 'Save the legal context the checks read (place of safety, holding powers, conflicts, s4, guardianship, CTO)', legalContextInputSchema, (r, id) => assessments.saveLegalContext(contextOf(r), id, r.body)],
    ['report', 'Save the AMHP report: how the principles were considered, alternatives', reportSchema, (r, id) => assessments.saveReport(contextOf(r), id, r.body)],
  ];
  for (const [path, summary, schema, save] of sectionApis) {
    route(app, 'PUT', `/api/v1/referrals/:id/assessment/${path}`, { access: EDIT, api: { summary: `${summary} (send the version you read)`, tags: TAGS, body: schema } }, async (request) => {
      const { id } = parseInput(idParams, request.params);
      await save(request, id);
      return apiView(await assessments.getRecord(contextOf(request), id, { audit: false }));
    });
  }

  route(app, 'PUT', '/api/v1/referrals/:id/assessment/resources/:kind', { access: EDIT, api: { summary: 'Save the interpreter, police, ambulance or bed request (requested, arrived/confirmed, by whom)', tags: TAGS, body: resourceSchema } }, async (request) => {
    const { id, kind } = parseInput(kindParams, request.params);
    await assessments.saveResource(contextOf(request), id, kind, request.body);
    return apiView(await assessments.getRecord(contextOf(request), id, { audit: false }));
  });

  route(app, 'POST', '/api/v1/referrals/:id/assessment/doctors', { access: EDIT, api: { summary: 'Add a doctor', tags: TAGS, body: doctorSchema.omit({ version: true }), response: z.object({ id: z.string() }), successStatus: 201 } }, async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    return reply.code(201).send({ id: await assessments.addDoctor(contextOf(request), id, request.body) });
  });
  route(app, 'PUT', '/api/v1/referrals/:id/assessment/doctors/:doctorId', { access: EDIT, api: { summary: "Change a doctor's details (send the doctor's version)", tags: TAGS, body: doctorSchema } }, async (request) => {
    const { id, doctorId } = parseInput(doctorParams, request.params);
    await assessments.updateDoctor(contextOf(request), id, doctorId, request.body);
    return assessments.getDoctor(contextOf(request), id, doctorId);
  });
  route(app, 'POST', '/api/v1/referrals/:id/assessment/doctors/:doctorId/remove', { access: EDIT, api: { summary: 'Remove a doctor added by mistake', tags: TAGS, body: z.object({ version: z.number() }), successStatus: 204 } }, async (request, reply) => {
    const { id, doctorId } = parseInput(doctorParams, request.params);
    await assessments.removeDoctor(contextOf(request), id, doctorId, request.body);
    return reply.code(204).send();
  });
  route(app, 'POST', '/api/v1/referrals/:id/assessment/doctor-contacts', { access: EDIT, api: { summary: 'Log a call to a doctor (available, declined, no answer)', tags: TAGS, body: contactSchema, response: z.object({ id: z.string() }), successStatus: 201 } }, async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    return reply.code(201).send({ id: await assessments.addContact(contextOf(request), id, request.body) });
  });
  route(
    app,
    'POST',
    '/api/v1/referrals/:id/assessment/outcome',
    {
      access: EDIT,
      api: {
        summary: 'Record the outcome. Applications (s2, s3, s4, guardianship) run the statutory checks: 422 statutory_check_failed with failures [{ rule, message }] if any rule is broken; 422 statutory_warning_reason_required until each warning has a reason in warningReasons.',
        tags: TAGS,
        body: outcomeSchema,
        response: z.object({ version: z.number() }),
      },
    },
    async (request, reply) => {
      const { id } = parseInput(idParams, request.params);
      return api(reply, async () => ({ version: await assessments.recordOutcome(contextOf(request), id, request.body) }));
    },
  );
  route(app, 'POST', '/api/v1/referrals/:id/assessment/finalise', { access: EDIT, api: { summary: 'Finalise the AMHP report (the record becomes read-only)', tags: TAGS, body: z.object({ version: z.number() }), successStatus: 204 } }, async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    await assessments.finaliseReport(contextOf(request), id, request.body);
    return reply.code(204).send();
  });
  route(app, 'POST', '/api/v1/referrals/:id/assessment/addenda', { access: EDIT, api: { summary: 'Add an addendum to a finalised report', tags: TAGS, body: z.object({ text: z.string() }), successStatus: 204 } }, async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    await assessments.addAddendum(contextOf(request), id, request.body);
    return reply.code(204).send();
  });
  void failuresBody;
}
