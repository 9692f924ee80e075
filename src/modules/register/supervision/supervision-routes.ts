/** Supervision contracts and records, signing and disputes, and the quarterly audit (pages and API). */
import type { z } from 'zod';
import { defineRoute, type RouteDeclaration } from '../../../platform/http/route.js';
import { dateInputValues } from '../../../platform/london-time.js';
import { NotFoundError } from '../../../platform/errors.js';
import type { ServiceContext } from '../../../platform/audit.js';
import type { ApprovalService } from '../approvals/approval-service.js';
import { personParams } from '../approvals/approval-schemas.js';
import { EVERYONE, REGISTER_VIEWERS, SUPERVISION_RECORD_KEEPERS, SUPERVISION_RECORDERS } from '../register-access.js';
import { backToPerson, formErrors, recordFormRoutes } from '../register-forms.js';
import { registerPaths as paths } from '../register-paths.js';
import { SUPERVISION_ARRANGEMENTS, SUPERVISION_TYPES } from './supervision.js';
import type { SupervisionAuditService } from './supervision-audit-service.js';
import {
  auditQuery,
  contractApiBody,
  contractForm,
  contractParams,
  contractResource,
  disputeBody,
  recordParams,
  resolveBody,
  reviewApiBody,
  reviewForm,
  supervisionApiBody,
  supervisionAuditResource,
  supervisionForm,
  supervisionRecordResource,
} from './supervision-schemas.js';
import type { SupervisionService } from './supervision-service.js';

const tags = ['register'];
const pageTags = ['register pages'];
const REDIRECT = { status: 303, contentType: 'text/html' };
const arrangementOptions = SUPERVISION_ARRANGEMENTS.map((a) => ({ value: a.code, text: a.label }));
const typeOptions = SUPERVISION_TYPES.map((t) => ({ value: t.code, text: t.label }));

export interface SupervisionRouteDeps {
  supervision: SupervisionService;
  audit: SupervisionAuditService;
  approvals: ApprovalService;
}

/** The pages: forms on the AMHP's entry, signing and disputes from their page, the audit. */
function supervisionPageRoutes(deps: SupervisionRouteDeps): RouteDeclaration[] {
  const { supervision } = deps;
  const frame = (personId: string) => deps.approvals.onRegisterForForm(personId);
  const today = () => deps.approvals.today();

  /** Sign, dispute, resolve from the AMHP's page: back to that page with what happened. */
  const recordAction = <B extends z.ZodType | undefined>(spec: {
    path: { pattern: string };
    summary: string;
    audit: string;
    body: B;
    done: string;
    run: (ctx: ServiceContext, recordId: string, body: B extends z.ZodType ? z.output<B> : undefined) => Promise<unknown>;
  }) => {
    const ownerOf = async (recordId: string) => {
      const owner = await supervision.recordOwner(recordId);
      if (!owner) throw new NotFoundError('The supervision record');
      return owner;
    };
    return defineRoute({
      method: 'POST',
      path: spec.path.pattern,
      access: { roles: EVERYONE },
      summary: spec.summary,
      tags: pageTags,
      params: recordParams,
      ...(spec.body ? { body: spec.body as z.ZodType } : {}),
      audit: spec.audit,
      success: REDIRECT,
      refusals: ['not_found', 'rule', 'conflict'],
      onRefusal: async ({ error, params, ctx, reply }) => {
        if (!params) throw error;
        return backToPerson(reply, ctx, await ownerOf(params.id), 'Nothing was changed', 'important', formErrors(error).errorList.map((e) => e.text).join('. '));
      },
      handler: async ({ ctx, params, body, reply }) => {
        const owner = await ownerOf(params.id);
        await spec.run(ctx, params.id, body as B extends z.ZodType ? z.output<B> : undefined);
        return backToPerson(reply, ctx, owner, spec.done);
      },
    });
  };

  return [
    // ── pages ───────────────────────────────────────────────────────────────────────────────
    ...recordFormRoutes({
      kind: 'supervision',
      path: paths.supervision,
      template: 'register/supervision/views/supervision-form.njk',
      title: 'Record supervision',
      flash: 'Supervision recorded',
      body: supervisionForm,
      audit: 'supervision_recorded',
      frame,
      may: (ctx, personId) => supervision.mayRecordOn(ctx.actor, personId),
      context: async (_personId, ctx) => ({ supervisorOptions: await supervision.supervisorOptions(ctx.actor), typeOptions }),
      defaults: async () => dateInputValues('date', today()),
      save: (ctx, personId, body) => supervision.addSupervision(ctx, personId, body),
    }),
    ...recordFormRoutes({
      kind: 'contract',
      path: paths.contract,
      template: 'register/supervision/views/contract-form.njk',
      title: 'Start a supervision contract',
      flash: 'Supervision contract started',
      body: contractForm,
      audit: 'supervision_contract_started',
      frame,
      context: async () => ({ supervisorOptions: await supervision.supervisorOptions(), arrangementOptions }),
      defaults: async (personId) => ({ ...dateInputValues('startDate', today()), arrangement: (await frame(personId)).entry.arrangement }),
      save: (ctx, personId, body) => supervision.addContract(ctx, personId, body),
    }),
    defineRoute({
      method: 'POST',
      path: paths.reviewContract.pattern,
      access: { roles: SUPERVISION_RECORDERS },
      summary: 'Page: record a contract review (button on the AMHP’s page)',
      tags: pageTags,
      params: contractParams,
      body: reviewForm,
      audit: 'supervision_contract_reviewed',
      success: REDIRECT,
      onRefusal: async ({ error, params, ctx, reply }) => {
        if (!params) throw error;
        return backToPerson(reply, ctx, params.id, 'The review was not recorded', 'important', formErrors(error).errorList.map((e) => e.text).join('. '));
      },
      handler: async ({ ctx, params, body, reply }) => {
        await supervision.reviewContract(ctx, params.id, params.contractId, body);
        return backToPerson(reply, ctx, params.id, 'Contract review recorded');
      },
    }),
    recordAction({ path: paths.sign, summary: 'Page: sign a supervision record', audit: 'supervision_signed', body: undefined, done: 'Supervision record signed', run: (ctx, id) => supervision.sign(ctx, id) }),
    recordAction({ path: paths.dispute, summary: 'Page: dispute a supervision record', audit: 'supervision_disputed', body: disputeBody, done: 'Record disputed: flagged for mediation', run: (ctx, id, body) => supervision.dispute(ctx, id, body) }),
    recordAction({
      path: paths.resolve,
      summary: 'Page: record the outcome of mediation',
      audit: 'supervision_dispute_resolved',
      body: resolveBody,
      done: 'Mediation outcome recorded: the record needs signing again',
      run: (ctx, id, body) => supervision.resolve(ctx, id, body),
    }),
    defineRoute({
      method: 'GET',
      path: paths.supervisionAudit,
      access: { roles: REGISTER_VIEWERS },
      summary: 'Page: quarterly supervision audit',
      tags: pageTags,
      query: auditQuery,
      audit: 'supervision_audit_viewed',
      success: { contentType: 'text/html' },
      handler: async ({ ctx, query, reply }) => reply.render('register/supervision/views/audit.njk', { audit: await deps.audit.audit(ctx, query.date), section: 'audit' }),
    }),

  ];
}

/** The same, for programs: each write returns the contract or record with its version. */
function supervisionApiRoutes(deps: SupervisionRouteDeps): RouteDeclaration[] {
  const { supervision } = deps;
  return [
    // ── API ─────────────────────────────────────────────────────────────────────────────────
    defineRoute({
      method: 'POST',
      path: paths.apiContracts.pattern,
      access: { roles: SUPERVISION_RECORDERS },
      summary: 'Start a supervision contract (a different supervisor ends the current one the day before)',
      tags,
      params: personParams,
      body: contractApiBody,
      audit: 'supervision_contract_started',
      success: { status: 201, schema: contractResource },
      refusals: ['not_found', 'rule', 'conflict'],
      handler: async ({ ctx, params, body }) => supervision.addContract(ctx, params.id, body),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiContractReview.pattern,
      access: { roles: SUPERVISION_RECORDERS },
      summary: 'Record a six-monthly review of a supervision contract',
      tags,
      params: contractParams,
      body: reviewApiBody,
      audit: 'supervision_contract_reviewed',
      success: { schema: contractResource },
      refusals: ['not_found', 'conflict'],
      handler: async ({ ctx, params, body }) => supervision.reviewContract(ctx, params.id, params.contractId, body),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiSupervision.pattern,
      access: { roles: EVERYONE },
      summary: 'Record a supervision session: the supervisor it names, or the Lead AMHP (403 for the supervisee and anyone else); unsigned until both parties sign',
      tags,
      params: personParams,
      body: supervisionApiBody,
      audit: 'supervision_recorded',
      success: { status: 201, schema: supervisionRecordResource },
      refusals: ['not_found', 'rule'],
      handler: async ({ ctx, params, body }) => supervision.addSupervision(ctx, params.id, body),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiSign.pattern,
      access: { roles: EVERYONE },
      summary: 'Sign a supervision record as the signed-in party',
      tags,
      params: recordParams,
      audit: 'supervision_signed',
      success: { schema: supervisionRecordResource },
      refusals: ['not_found', 'rule', 'conflict'],
      handler: async ({ ctx, params }) => supervision.sign(ctx, params.id),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiDispute.pattern,
      access: { roles: EVERYONE },
      summary: 'Dispute a supervision record as a party: signatures are withdrawn and it awaits mediation',
      tags,
      params: recordParams,
      body: disputeBody,
      audit: 'supervision_disputed',
      success: { schema: supervisionRecordResource },
      refusals: ['not_found', 'rule', 'conflict'],
      handler: async ({ ctx, params, body }) => supervision.dispute(ctx, params.id, body),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiResolve.pattern,
      access: { roles: SUPERVISION_RECORD_KEEPERS },
      summary: 'Record the outcome of mediation on a disputed record (the Lead AMHP); both parties then sign again',
      tags,
      params: recordParams,
      body: resolveBody,
      audit: 'supervision_dispute_resolved',
      success: { schema: supervisionRecordResource },
      refusals: ['not_found', 'rule', 'conflict'],
      handler: async ({ ctx, params, body }) => supervision.resolve(ctx, params.id, body),
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiSupervisionAudit,
      access: { roles: REGISTER_VIEWERS },
      summary: 'Quarterly supervision audit: frequency against each AMHP’s arrangement, unsigned and disputed records',
      tags,
      query: auditQuery,
      audit: 'supervision_audit_viewed',
      success: { schema: supervisionAuditResource },
      handler: async ({ ctx, query }) => deps.audit.audit(ctx, query.date),
    }),
  ];
}

export function supervisionRoutes(deps: SupervisionRouteDeps): RouteDeclaration[] {
  return [...supervisionPageRoutes(deps), ...supervisionApiRoutes(deps)];
}
