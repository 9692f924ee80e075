/** The register itself: the list, adding people, approvals, authorisations, suspensions (pages and API). */
import { z } from 'zod';
import { optionalUuid } from '../../../platform/http/fields.js';
import { defineRoute, type RouteDeclaration } from '../../../platform/http/route.js';
import { dateInputValues, formatDate } from '../../../platform/london-time.js';
import { hasAnyRole } from '../../../platform/roles.js';
import { ELIGIBILITY_READERS, REGISTER_EDITORS, REGISTER_VIEWERS } from '../register-access.js';
import { SHEET_CONTENT_TYPES, sendSheet, type SheetFormat } from '../register-csv.js';
import { backToPerson, formErrors, recordFormRoutes, showAgain } from '../register-forms.js';
import { registerPaths as paths } from '../register-paths.js';
import type { StaffDirectory } from '../register-ports.js';
import type { RegisterSettings } from '../register-settings-service.js';
import { SUPERVISION_ARRANGEMENTS } from '../supervision/supervision.js';
import { APPROVAL_END_REASONS, PROFESSIONS, lastDayInForce } from './approval.js';
import { registerSheet } from './approval-csv.js';
import type { StoredApproval } from './approval-repository.js';
import {
  approvalApiBody,
  approvalForm,
  approvalParams,
  approvalResource,
  authorisationApiBody,
  authorisationForm,
  authorisationResource,
  earlyEndApiBody,
  earlyEndForm,
  eligibilityQuery,
  eligibilityResource,
  entryBody,
  entryResource,
  entryUpdateBody,
  liftApiBody,
  liftForm,
  personParams,
  registerQuery,
  registerRow,
  suspensionApiBody,
  suspensionForm,
  suspensionParams,
  suspensionResource,
} from './approval-schemas.js';
import type { ApprovalService } from './approval-service.js';
import type { EligibilityService } from './eligibility-service.js';
import type { RegisterListService } from './register-list-service.js';

export interface ApprovalRouteDeps {
  approvals: ApprovalService;
  list: RegisterListService;
  eligibility: EligibilityService;
  settings: RegisterSettings;
  staff: StaffDirectory;
}

const tags = ['register'];
const pageTags = ['register pages'];
const EDITORS = { roles: REGISTER_EDITORS };
const VIEWERS = { roles: REGISTER_VIEWERS };
const HTML = { contentType: 'text/html' };
const REDIRECT = { status: 303, contentType: 'text/html' };

const professionOptions = PROFESSIONS.map((p) => ({ value: p.code, text: p.label }));
const arrangementOptions = SUPERVISION_ARRANGEMENTS.map((a) => ({ value: a.code, text: a.label }));
const endReasonOptions = APPROVAL_END_REASONS.map((r) => ({ value: r.code, text: r.label }));

/** An approval as the API gives it. */
export function approvalJson(a: StoredApproval): z.output<typeof approvalResource> {
  return { id: a.id, personId: a.personId, approvingLssaId: a.approvingLssaId, startDate: a.startDate, endDate: a.endDate, earlyEnd: a.earlyEnd ?? null, notes: a.notes, version: a.version };
}

function helpers(deps: ApprovalRouteDeps) {
  const { approvals } = deps;
  const frame = (personId: string) => approvals.onRegisterForForm(personId);
  return {
    frame,
    today: () => approvals.today(),
    lssaOptions: async () => (await deps.staff.lssas()).map((l) => ({ value: l.id, text: l.name })),
    approvalOptions: async (personId: string) =>
      (await frame(personId)).approvals.map((a) => ({ value: a.id, text: `${formatDate(a.startDate)} to ${formatDate(lastDayInForce(a))}` })).reverse(),
    candidates: async (ctx: Parameters<ApprovalService['candidates']>[0]) => (await approvals.candidates(ctx)).map((p) => ({ value: p.id, text: `${p.name} (${p.organisationName})` })),
  };
}

/** The register, re-approvals due and downloads; adding someone to it. */
function registerListRoutes(deps: ApprovalRouteDeps): RouteDeclaration[] {
  const { approvals, list } = deps;
  const { today, candidates } = helpers(deps);
  const sheetRoutes = (['csv', 'xlsx'] as const).flatMap((format: SheetFormat) => [
    defineRoute({
      method: 'GET',
      path: format === 'csv' ? paths.registerCsv : paths.registerXlsx,
      access: VIEWERS,
      summary: `Download the register (${format.toUpperCase()})`,
      tags: pageTags,
      audit: 'register_listed',
      success: { contentType: SHEET_CONTENT_TYPES[format] },
      handler: async ({ ctx, reply }) => sendSheet(reply, registerSheet(await list.rows(ctx)), format, `amhp-register-${today()}`),
    }),
    defineRoute({
      method: 'GET',
      path: format === 'csv' ? paths.apiRegisterCsv : paths.apiRegisterXlsx,
      access: VIEWERS,
      summary: `The register as a spreadsheet (${format.toUpperCase()}; cells that look like formulas are prefixed with ')`,
      tags,
      audit: 'register_listed',
      success: { contentType: SHEET_CONTENT_TYPES[format] },
      handler: async ({ ctx, reply }) => sendSheet(reply, registerSheet(await list.rows(ctx)), format, `amhp-register-${today()}`),
    }),
  ]);
  return [
    // ── pages ───────────────────────────────────────────────────────────────────────────────
    defineRoute({
      method: 'GET',
      path: paths.index,
      access: VIEWERS,
      summary: 'Page: the AMHP register',
      tags: pageTags,
      query: registerQuery,
      audit: 'register_listed',
      success: HTML,
      handler: async ({ ctx, query, reply }) => {
        const [rows, due, warningDays] = await Promise.all([list.rows(ctx), list.reapprovalsDue(ctx), deps.settings.warningDays()]);
        return reply.render('register/approvals/views/index.njk', {
          rows: query.status ? rows.filter((r) => r.status === query.status) : rows,
          due,
          status: query.status ?? '',
          warningDays,
          canEdit: hasAnyRole(ctx.actor, REGISTER_EDITORS),
          section: 'register',
        });
      },
    }),
    defineRoute({
      method: 'GET',
      path: paths.newEntry,
      access: EDITORS,
      summary: 'Page: add an AMHP to the register',
      tags: pageTags,
      query: z.object({ personId: optionalUuid() }),
      success: HTML,
      handler: async ({ ctx, query, reply }) =>
        reply.render('register/approvals/views/entry-form.njk', { candidates: await candidates(ctx), values: { personId: query.personId ?? '' }, professionOptions, arrangementOptions }),
    }),
    defineRoute({
      method: 'POST',
      path: paths.entries,
      access: EDITORS,
      summary: 'Page: add an AMHP to the register (form)',
      tags: pageTags,
      body: entryBody,
      audit: 'register_entry_added',
      success: REDIRECT,
      onRefusal: showAgain('register/approvals/views/entry-form.njk', async ({ ctx }) => ({ candidates: await candidates(ctx), professionOptions, arrangementOptions })),
      handler: async ({ ctx, body, reply }) => {
        const entry = await approvals.addToRegister(ctx, body);
        return reply.redirectWithFlash(paths.person({ id: entry.personId }), { kind: 'success', heading: 'Added to the register', body: 'Now record their approval.' });
      },
    }),
    ...sheetRoutes,
  ];
}

/** The forms on an AMHP's entry: details, approval, authorisation, suspension, ending, lifting. */
function approvalFormRoutes(deps: ApprovalRouteDeps): RouteDeclaration[] {
  const { approvals } = deps;
  const { frame, today, lssaOptions, approvalOptions } = helpers(deps);
  return [
    ...recordFormRoutes({
      kind: 'details',
      path: paths.details,
      template: 'register/approvals/views/details-form.njk',
      title: 'Change register details',
      flash: 'Register details saved',
      body: entryUpdateBody,
      audit: 'register_entry_updated',
      frame,
      context: async () => ({ professionOptions, arrangementOptions }),
      defaults: async (personId) => ({ ...(await frame(personId)).entry }),
      save: (ctx, personId, body) => approvals.updateEntry(ctx, personId, body),
    }),
    ...recordFormRoutes({
      kind: 'approval',
      path: paths.approval,
      template: 'register/approvals/views/approval-form.njk',
      title: 'Approve or re-approve',
      flash: 'Approval recorded',
      body: approvalForm,
      audit: ['amhp_approved', 'amhp_reapproved'],
      frame,
      context: async () => ({ lssaOptions: await lssaOptions() }),
      defaults: async () => dateInputValues('startDate', today()),
      save: (ctx, personId, body) => approvals.addApproval(ctx, personId, body),
    }),
    ...recordFormRoutes({
      kind: 'authorisation',
      path: paths.authorisation,
      template: 'register/approvals/views/authorisation-form.njk',
      title: 'Authorise to act for another LSSA',
      flash: 'Authorisation recorded',
      body: authorisationForm,
      audit: 'authorisation_added',
      frame,
      context: async (personId) => ({ lssaOptions: await lssaOptions(), approvalOptions: await approvalOptions(personId) }),
      defaults: async () => dateInputValues('startDate', today()),
      save: (ctx, personId, body) => approvals.addAuthorisation(ctx, personId, body),
    }),
    ...recordFormRoutes({
      kind: 'suspension',
      path: paths.suspension,
      template: 'register/approvals/views/suspension-form.njk',
      title: 'Suspend approval',
      flash: 'Approval suspended',
      body: suspensionForm,
      audit: 'amhp_suspended',
      frame,
      context: async (personId) => ({ approvalOptions: await approvalOptions(personId) }),
      defaults: async () => dateInputValues('startDate', today()),
      save: (ctx, personId, body) => approvals.suspend(ctx, personId, body),
    }),
    defineRoute({
      method: 'GET',
      path: paths.endApproval.pattern,
      access: EDITORS,
      summary: 'Page: end an approval early',
      tags: pageTags,
      params: approvalParams,
      success: HTML,
      handler: async ({ params, reply }) =>
        reply.render('register/approvals/views/end-approval.njk', {
          person: await frame(params.id),
          title: 'End the approval early',
          action: paths.endApproval(params),
          values: dateInputValues('endedOn', today()),
          endReasonOptions,
        }),
    }),
    defineRoute({
      method: 'POST',
      path: paths.endApproval.pattern,
      access: EDITORS,
      summary: 'Page: end an approval early (form)',
      tags: pageTags,
      params: approvalParams,
      body: earlyEndForm,
      audit: 'approval_ended',
      success: REDIRECT,
      refusals: ['not_found', 'state', 'rule'],
      onRefusal: async ({ error, values, params, reply }) => {
        if (!params) throw error;
        return reply.render(
          'register/approvals/views/end-approval.njk',
          { person: await frame(params.id), title: 'End the approval early', action: paths.endApproval(params), values, errors: formErrors(error), endReasonOptions },
          error.status,
        );
      },
      handler: async ({ ctx, params, body, reply }) => {
        await approvals.endApproval(ctx, params.id, params.approvalId, body);
        return reply.redirectWithFlash(paths.person({ id: params.id }), { kind: 'success', heading: 'Approval ended', body: 'The record is kept: it cannot be deleted.' });
      },
    }),
    defineRoute({
      method: 'POST',
      path: paths.liftSuspension.pattern,
      access: EDITORS,
      summary: 'Page: lift a suspension (form on the AMHP’s page)',
      tags: pageTags,
      params: suspensionParams,
      body: liftForm,
      audit: 'suspension_lifted',
      success: REDIRECT,
      onRefusal: async ({ error, params, ctx, reply }) => {
        if (!params) throw error;
        return backToPerson(reply, ctx, params.id, 'The suspension was not lifted', 'important', formErrors(error).errorList.map((e) => e.text).join('. '));
      },
      handler: async ({ ctx, params, body, reply }) => {
        await approvals.liftSuspension(ctx, params.id, params.suspensionId, body);
        return backToPerson(reply, ctx, params.id, 'Suspension lifted');
      },
    }),

  ];
}

/** The same, for programs. */
function approvalApiRoutes(deps: ApprovalRouteDeps): RouteDeclaration[] {
  const { approvals, list } = deps;
  const { today } = helpers(deps);
  return [
    // ── API ─────────────────────────────────────────────────────────────────────────────────
    defineRoute({
      method: 'GET',
      path: paths.apiRegister,
      access: VIEWERS,
      summary: 'The AMHP register: every AMHP with status, approval, authorisations and re-approval',
      tags,
      audit: 'register_listed',
      success: { schema: z.array(registerRow) },
      handler: async ({ ctx }) => list.rows(ctx),
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiReapprovalsDue,
      access: VIEWERS,
      summary: 'Re-approvals due within the warning period (or overdue by less than 90 days), soonest first',
      tags,
      success: { schema: z.array(registerRow) },
      handler: async ({ ctx }) => list.reapprovalsDue(ctx),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiEntries,
      access: EDITORS,
      summary: 'Add a person who holds the AMHP role to the register',
      tags,
      body: entryBody,
      audit: 'register_entry_added',
      success: { status: 201, schema: entryResource },
      handler: async ({ ctx, body }) => approvals.addToRegister(ctx, body),
    }),
    defineRoute({
      method: 'PUT',
      path: paths.apiPerson.pattern,
      access: EDITORS,
      summary: 'Change an AMHP’s register details (profession, registration number, working arrangement)',
      tags,
      params: personParams,
      body: entryUpdateBody,
      audit: 'register_entry_updated',
      success: { schema: entryResource },
      refusals: ['not_found', 'conflict'],
      handler: async ({ ctx, params, body }) => approvals.updateEntry(ctx, params.id, body),
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiEligibility.pattern,
      access: { roles: ELIGIBILITY_READERS },
      summary: 'May this AMHP act for this LSSA on this date? (the rule rota planning and allocation use)',
      description: 'Without lssaId, the LSSA that approved them; without date, today in London.',
      tags,
      params: personParams,
      query: eligibilityQuery,
      success: { schema: eligibilityResource },
      handler: async ({ params, query }) => deps.eligibility.mayAct(params.id, query.lssaId ?? null, query.date ?? today()),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiApprovals.pattern,
      access: EDITORS,
      summary: 'Approve or re-approve (the end defaults to the day before the fifth anniversary)',
      tags,
      params: personParams,
      body: approvalApiBody,
      audit: ['amhp_approved', 'amhp_reapproved'],
      success: { status: 201, schema: approvalResource },
      refusals: ['not_found', 'rule'],
      handler: async ({ ctx, params, body }) => approvalJson(await approvals.addApproval(ctx, params.id, body)),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiEndApproval.pattern,
      access: EDITORS,
      summary: 'End an approval early; its authorisations and open suspensions are cut back to that day',
      tags,
      params: approvalParams,
      body: earlyEndApiBody,
      audit: 'approval_ended',
      success: { schema: approvalResource },
      refusals: ['not_found', 'state', 'rule', 'conflict'],
      handler: async ({ ctx, params, body }) => approvalJson(await approvals.endApproval(ctx, params.id, params.approvalId, body)),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiAuthorisations.pattern,
      access: EDITORS,
      summary: 'Authorise the AMHP to act for another LSSA, within one of their approvals',
      tags,
      params: personParams,
      body: authorisationApiBody,
      audit: 'authorisation_added',
      success: { status: 201, schema: authorisationResource },
      refusals: ['not_found', 'rule'],
      handler: async ({ ctx, params, body }) => approvals.addAuthorisation(ctx, params.id, body),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiSuspensions.pattern,
      access: EDITORS,
      summary: 'Suspend an approval (open until lifted when no end is given)',
      tags,
      params: personParams,
      body: suspensionApiBody,
      audit: 'amhp_suspended',
      success: { status: 201, schema: suspensionResource },
      refusals: ['not_found', 'rule'],
      handler: async ({ ctx, params, body }) => approvals.suspend(ctx, params.id, body),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiLiftSuspension.pattern,
      access: EDITORS,
      summary: 'Lift a suspension: its last day',
      tags,
      params: suspensionParams,
      body: liftApiBody,
      audit: 'suspension_lifted',
      success: { schema: suspensionResource },
      refusals: ['not_found', 'conflict'],
      handler: async ({ ctx, params, body }) => approvals.liftSuspension(ctx, params.id, params.suspensionId, body),
    }),
  ];
}

export function approvalRoutes(deps: ApprovalRouteDeps): RouteDeclaration[] {
  return [...registerListRoutes(deps), ...approvalFormRoutes(deps), ...approvalApiRoutes(deps)];
}
