/** One AMHP's register page and panel pack, and the governance summary (pages and API). */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { ServiceContext } from '../../../platform/audit.js';
import { NotFoundError } from '../../../platform/errors.js';
import { idParams } from '../../../platform/http/fields.js';
import { defineRoute, type RouteDeclaration } from '../../../platform/http/route.js';
import { dateInputValues } from '../../../platform/london-time.js';
import { hasAnyRole } from '../../../platform/roles.js';
import { approvalJson } from '../approvals/approval-routes.js';
import { EVERYONE, RECORDERS, REGISTER_EDITORS, REGISTER_VIEWERS, SUMMARY_READERS, SUPERVISION_RECORD_KEEPERS, mayRecord, type RecordKind } from '../register-access.js';
import { registerPaths as paths } from '../register-paths.js';
import { supervisionRecordJson } from '../supervision/supervision-service.js';
import { personResource, summaryResource } from './overview-schemas.js';
import type { PanelPackService } from './panel-pack-service.js';
import type { PersonService, PersonView } from './person-service.js';
import type { SummaryService } from './summary-service.js';

export interface OverviewRouteDeps {
  people: PersonService;
  panelPack: PanelPackService;
  summary: SummaryService;
  today: () => string;
}

/** One AMHP's entry as the API gives it. */
function personJson(view: Extract<PersonView, { onRegister: true }>): z.output<typeof personResource> {
  return {
    personId: view.personId,
    name: view.person.name,
    entry: view.entry,
    status: view.status.status,
    statusDescription: view.status.description,
    approvals: view.history.map((h) => ({
      approval: approvalJson({ ...h.approval, personId: view.personId, notes: h.notes, version: view.approvals.find((a) => a.id === h.approval.id)?.version ?? 1 }),
      kind: h.kind,
      gapDays: h.gapDays,
      lastDayInForce: h.lastDayInForce,
      lssaName: h.lssaName,
      endReasonLabel: h.endReasonLabel,
      authorisations: h.authorisations,
      suspensions: h.suspensions,
    })),
    eligibleToday: view.eligibilityByLssa,
    reapproval: view.reapproval,
    keepUntil: view.keepUntil,
    trainingYears: view.trainingYears,
    training: view.training,
    events: view.events,
    supervisionContracts: view.contracts,
    supervision: view.supervision,
    supervisionRecords: view.supervisionRecords.map(supervisionRecordJson),
    competencies: view.competencies,
    competencyReview: view.competencyReview,
  };
}

const registerAccessResource = z.object({
  lines: z.array(z.object({ occurredAt: z.string(), who: z.string(), role: z.string().nullable(), how: z.enum(['opened', 'listed', 'changed']), what: z.string() })),
});

export function overviewRoutes(deps: OverviewRouteDeps): RouteDeclaration[] {
  const renderPerson = async (reply: FastifyReply, ctx: ServiceContext, personId: string) => {
    const view = await deps.people.view(ctx, personId);
    const mine = personId === ctx.actor.personId;
    const allowed: Record<RecordKind, boolean> = Object.fromEntries((Object.keys(RECORDERS) as RecordKind[]).map((kind) => [kind, mayRecord(ctx.actor, personId, kind)])) as Record<RecordKind, boolean>;
    // A supervisor under a contract in force writes their supervisee's records too (never the
    // supervisee): read from the contracts the page already holds, no extra query.
    const today = deps.today();
    if (!mine && view.onRegister && view.contracts.some((c) => c.supervisorId === ctx.actor.personId && c.startDate <= today && (c.endDate === null || c.endDate >= today))) allowed.supervision = true;
    const supervisees = mine ? await deps.people.supervisees(ctx) : [];
    return reply.render('register/overview/views/person.njk', {
      view,
      mine,
      allowed,
      canEdit: hasAnyRole(ctx.actor, REGISTER_EDITORS),
      canResolve: hasAnyRole(ctx.actor, SUPERVISION_RECORD_KEEPERS),
      supervisees,
      isViewer: hasAnyRole(ctx.actor, REGISTER_VIEWERS),
      actorId: ctx.actor.personId,
      today: deps.today(),
      liftValues: dateInputValues('endDate', deps.today()),
      section: mine ? 'me' : 'register',
    });
  };
  const sendPdf = async (reply: FastifyReply, ctx: ServiceContext, personId: string) => {
    const { pdf, filename } = await deps.panelPack.pdf(ctx, personId);
    return reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="${filename}"`).header('cache-control', 'no-store').send(pdf);
  };

  return [
    defineRoute({
      method: 'GET',
      path: paths.me,
      access: { roles: EVERYONE },
      summary: 'Page: my approval and training',
      tags: ['register pages'],
      audit: 'register_entry_viewed',
      success: { contentType: 'text/html' },
      handler: async ({ ctx, reply }) => renderPerson(reply, ctx, ctx.actor.personId),
    }),
    defineRoute({
      method: 'GET',
      path: paths.person.pattern,
      access: { roles: EVERYONE },
      summary: 'Page: one AMHP’s register entry (yourself, or anyone for register viewers)',
      tags: ['register pages'],
      params: idParams,
      audit: 'register_entry_viewed',
      success: { contentType: 'text/html' },
      handler: async ({ ctx, params, reply }) => renderPerson(reply, ctx, params.id),
    }),
    defineRoute({
      method: 'GET',
      path: paths.personAccess.pattern,
      access: { roles: EVERYONE },
      summary: 'Page: who has seen this register entry (yourself, or the register keepers)',
      tags: ['register pages'],
      params: idParams,
      audit: 'register_access_log_viewed',
      success: { contentType: 'text/html' },
      handler: async ({ ctx, params, reply }) => {
        const { person, lines } = await deps.people.accessLog(ctx, params.id);
        return reply.render('register/overview/views/access.njk', { person, lines, mine: person.id === ctx.actor.personId, section: person.id === ctx.actor.personId ? 'me' : 'register' });
      },
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiPersonAccess.pattern,
      access: { roles: EVERYONE },
      summary: 'Who has seen this register entry: everyone who opened, changed or listed it (yourself, or the register keepers)',
      tags: ['register'],
      params: idParams,
      audit: 'register_access_log_viewed',
      success: { schema: registerAccessResource },
      refusals: ['not_found'],
      handler: async ({ ctx, params }) => {
        const { lines } = await deps.people.accessLog(ctx, params.id);
        return { lines: lines.map((line) => ({ ...line, occurredAt: line.occurredAt.toISOString() })) };
      },
    }),
    defineRoute({
      method: 'GET',
      path: paths.panelPack.pattern,
      access: { roles: REGISTER_EDITORS },
      summary: 'Download the approval panel pack (PDF)',
      tags: ['register pages'],
      params: idParams,
      audit: 'panel_pack_generated',
      success: { contentType: 'application/pdf' },
      handler: async ({ ctx, params, reply }) => sendPdf(reply, ctx, params.id),
    }),
    defineRoute({
      method: 'GET',
      path: paths.summary,
      access: { roles: SUMMARY_READERS },
      summary: 'Page: the register in numbers (governance)',
      tags: ['register pages'],
      success: { contentType: 'text/html' },
      handler: async ({ ctx, reply }) => reply.render('register/overview/views/summary.njk', { summary: await deps.summary.summary(ctx), section: 'summary' }),
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiPerson.pattern,
      access: { roles: EVERYONE },
      summary: 'One AMHP’s register entry: approvals, eligibility, training, supervision and competencies (yourself, or anyone for register viewers)',
      tags: ['register'],
      params: idParams,
      audit: 'register_entry_viewed',
      success: { schema: personResource },
      refusals: ['not_found'],
      handler: async ({ ctx, params }) => {
        const view = await deps.people.view(ctx, params.id);
        if (!view.onRegister) throw new NotFoundError('The register entry');
        return personJson(view);
      },
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiPanelPack.pattern,
      access: { roles: REGISTER_EDITORS },
      summary: 'The approval panel pack (PDF): approval history, training by year, supervision, competencies, assessments undertaken',
      tags: ['register'],
      params: idParams,
      audit: 'panel_pack_generated',
      success: { contentType: 'application/pdf' },
      refusals: ['not_found'],
      handler: async ({ ctx, params, reply }) => sendPdf(reply, ctx, params.id),
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiSummary,
      access: { roles: SUMMARY_READERS },
      summary: 'The register in numbers: status counts, re-approvals due, training met and at risk, trainees against target',
      tags: ['register'],
      success: { schema: summaryResource },
      handler: async ({ ctx }) => deps.summary.summary(ctx),
    }),
  ];
}
