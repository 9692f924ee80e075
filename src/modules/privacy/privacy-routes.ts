import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { ServiceContext } from '../../platform/audit.js';
import { ValidationError, type AppError } from '../../platform/errors.js';
import type { FormErrorsView } from '../../platform/http/forms.js';
import { formErrorsView } from '../../platform/http/forms.js';
import { refusalErrorsView } from '../../platform/http/refusal-view.js';
import { defineRoute, type RouteDeclaration } from '../../platform/http/route.js';
import { hasAnyRole } from '../../platform/roles.js';
import { ACCESS, RETENTION_DECIDERS, RETENTION_EDITORS } from './privacy-access.js';
import { privacyPaths as paths } from './privacy-paths.js';
import { decisionBody, idParams, kindParams, liftBody, restrictBody, ruleBody, subjectPageQuery, subjectQuery } from './privacy-schemas.js';
import type { PrivacyService, SubjectQuery } from './privacy-service.js';

const tags = ['privacy'];
type Refused = FormErrorsView & { status: number };
const refusal = (error: AppError): Refused => ({ ...refusalErrorsView(error), status: error.status });

/** The person box as typed (for the page's form and redirects). */
const personOf = (values: Record<string, unknown>, query: unknown): string => {
  const typed = values.person ?? (query as Record<string, unknown> | undefined)?.person;
  return typeof typed === 'string' ? typed.slice(0, 40) : '';
};
const subjectHref = (person: string) => `${paths.subject()}?person=${encodeURIComponent(person)}`;

async function renderSubject(privacy: PrivacyService, ctx: ServiceContext, reply: FastifyReply, person: string, errors?: Refused, values: Record<string, unknown> = {}) {
  let view = null;
  if (person.trim() !== '') {
    const parsed = subjectQuery.safeParse({ person });
    if (!parsed.success) {
      const error = new ValidationError(parsed.error.issues.map((i) => ({ field: 'person', message: i.message })));
      return reply.render('privacy/views/subject.njk', { person, errors: { ...formErrorsView(error), status: 400 } }, 400);
    }
    view = await privacy.subject(ctx, parsed.data.person);
  }
  return reply.render('privacy/views/subject.njk', { person, view, errors, values }, errors?.status ?? 200);
}

async function renderRetention(privacy: PrivacyService, ctx: ServiceContext, reply: FastifyReply, errors?: Refused, values: Record<string, unknown> = {}) {
  const [rules, reviews, tombstones] = await Promise.all([privacy.rules(ctx), privacy.reviews(ctx), privacy.tombstones(ctx)]);
  return reply.render(
    'privacy/views/retention.njk',
    { rules, reviews, tombstones, mayEdit: hasAnyRole(ctx.actor, RETENTION_EDITORS), mayDecide: hasAnyRole(ctx.actor, RETENTION_DECIDERS), errors, values },
    errors?.status ?? 200,
  );
}

const restrictionResource = z.object({
  id: z.string(),
  referralId: z.string(),
  reason: z.string(),
  restrictedByName: z.string().nullable(),
  restrictedAt: z.date(),
  liftReason: z.string().nullable(),
  liftedByName: z.string().nullable(),
  liftedAt: z.date().nullable(),
  version: z.number().int(),
});
const toRestriction = (r: z.input<typeof restrictionResource>) => restrictionResource.parse(r);

export function privacyRoutes(deps: { privacy: PrivacyService }): RouteDeclaration[] {
  const { privacy } = deps;
  /** The subject-access PDF, for the page's download link and the API alike. */
  const sendSubjectPdf = async (ctx: ServiceContext, person: SubjectQuery, reply: FastifyReply) => {
    const file = await privacy.exportSubjectPdf(ctx, person);
    return reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="${file.fileName}"`).send(file.body);
  };
  return [
    defineRoute({
      method: 'GET',
      path: paths.subject.pattern,
      access: ACCESS.officers,
      summary: 'Subject access and restriction: find a person by NHS number or referral reference; their referrals, restrictions and the export',
      tags,
      query: subjectPageQuery,
      audit: 'privacy_subject_found',
      handler: async ({ ctx, query, reply }) => renderSubject(privacy, ctx, reply, query.person ?? ''),
    }),
    defineRoute({
      method: 'GET',
      path: paths.subjectJson.pattern,
      access: ACCESS.officers,
      summary: 'Download: every record about the person, in every module, as JSON (UK GDPR Art. 15)',
      tags,
      query: subjectQuery,
      audit: 'subject_access_exported',
      success: { contentType: 'application/json' },
      onRefusal: async ({ error, ctx, request, values, reply }) => renderSubject(privacy, ctx, reply, '', refusal(error), { person: personOf(values, request.query) }),
      handler: async ({ ctx, query, reply }) => {
        const data = await privacy.exportSubject(ctx, query.person);
        return reply
          .header('content-type', 'application/json; charset=utf-8')
          .header('content-disposition', `attachment; filename="subject-access-${data.subject.references[0]}.json"`)
          .send(`${JSON.stringify(data, null, 1)}\n`);
      },
    }),
    defineRoute({
      method: 'GET',
      path: paths.subjectPdf.pattern,
      access: ACCESS.officers,
      summary: 'Download: every record about the person, in every module, as a PDF to read (UK GDPR Art. 15)',
      tags,
      query: subjectQuery,
      audit: 'subject_access_exported',
      success: { contentType: 'application/pdf' },
      onRefusal: async ({ error, ctx, request, values, reply }) => renderSubject(privacy, ctx, reply, '', refusal(error), { person: personOf(values, request.query) }),
      handler: async ({ ctx, query, reply }) => sendSubjectPdf(ctx, query.person, reply),
    }),
    defineRoute({
      method: 'POST',
      path: paths.restrict.pattern,
      access: ACCESS.officers,
      summary: 'Restrict processing of a referral’s record, with the reason: read-only and out of lists until lifted',
      tags,
      params: idParams,
      body: restrictBody.extend({ person: z.string().max(40).optional() }),
      audit: 'processing_restricted',
      onRefusal: async ({ error, ctx, values, request, reply }) => renderSubject(privacy, ctx, reply, personOf(values, request.query), refusal(error), values),
      handler: async ({ ctx, params, body, reply }) => {
        await privacy.restrict(ctx, params.id, body.reason);
        return reply.redirectWithFlash(subjectHref(body.person ?? ''), { kind: 'success', heading: 'Processing restricted: the record is read-only and out of lists until lifted' });
      },
    }),
    defineRoute({
      method: 'POST',
      path: paths.lift.pattern,
      access: ACCESS.officers,
      summary: 'Lift the restriction of a referral’s record, with the reason',
      tags,
      params: idParams,
      body: liftBody.extend({ person: z.string().max(40).optional() }),
      audit: 'processing_restriction_lifted',
      onRefusal: async ({ error, ctx, values, request, reply }) => renderSubject(privacy, ctx, reply, personOf(values, request.query), refusal(error), values),
      handler: async ({ ctx, params, body, reply }) => {
        await privacy.lift(ctx, params.id, body.reason, body.version);
        return reply.redirectWithFlash(subjectHref(body.person ?? ''), { kind: 'success', heading: 'Restriction lifted' });
      },
    }),
    defineRoute({
      method: 'GET',
      path: paths.retention.pattern,
      access: ACCESS.retentionReaders,
      summary: 'The retention schedule, the records due for review and the tombstones of erased records',
      tags,
      audit: 'retention_reviews_listed',
      handler: async ({ ctx, reply }) => renderRetention(privacy, ctx, reply),
    }),
    defineRoute({
      method: 'POST',
      path: paths.rule.pattern,
      access: ACCESS.retentionEditors,
      summary: 'Change how many years a kind of record is kept',
      tags,
      params: kindParams,
      body: ruleBody,
      audit: 'retention_rule_changed',
      onRefusal: async ({ error, ctx, values, reply }) => renderRetention(privacy, ctx, reply, refusal(error), values),
      handler: async ({ ctx, params, body, reply }) => {
        await privacy.saveRule(ctx, params.kind, body.years, body.version);
        return reply.redirectWithFlash(paths.retention(), { kind: 'success', heading: 'Retention schedule saved' });
      },
    }),
    defineRoute({
      method: 'POST',
      path: paths.decide.pattern,
      access: ACCESS.retentionDeciders,
      summary: 'Decide on a record due for review: erase it (leaving a tombstone) or keep it until a date',
      tags,
      params: idParams,
      body: decisionBody,
      audit: ['record_erased', 'retention_record_kept'],
      onRefusal: async ({ error, ctx, values, reply }) => renderRetention(privacy, ctx, reply, refusal(error), values),
      handler: async ({ ctx, params, body, reply }) => {
        const done = await privacy.decide(ctx, params.id, body);
        return reply.redirectWithFlash(paths.retention(), { kind: 'success', heading: done.decision === 'erased' ? 'Record erased; a tombstone records what, when, who and why' : 'Record kept until the date given' });
      },
    }),
    // ── API ──
    defineRoute({
      method: 'GET',
      path: paths.apiSubject.pattern,
      access: ACCESS.officers,
      summary: 'Subject access: every record about the person (by NHS number or referral reference), in every module',
      tags,
      query: subjectQuery,
      audit: 'subject_access_exported',
      refusals: ['not_found'],
      handler: async ({ ctx, query }) => privacy.exportSubject(ctx, query.person),
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiSubjectPdf.pattern,
      access: ACCESS.officers,
      summary: 'Subject access as a PDF',
      tags,
      query: subjectQuery,
      audit: 'subject_access_exported',
      success: { contentType: 'application/pdf' },
      refusals: ['not_found'],
      handler: async ({ ctx, query, reply }) => sendSubjectPdf(ctx, query.person, reply),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiRestriction.pattern,
      access: ACCESS.officers,
      summary: 'Restrict processing of a referral’s record (409 when already restricted)',
      tags,
      params: idParams,
      body: restrictBody,
      audit: 'processing_restricted',
      success: { status: 201, schema: restrictionResource },
      refusals: ['state', 'not_found'],
      handler: async ({ ctx, params, body }) => toRestriction(await privacy.restrict(ctx, params.id, body.reason)),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiLift.pattern,
      access: ACCESS.officers,
      summary: 'Lift the restriction of a referral’s record (409 when not restricted or the version is stale)',
      tags,
      params: idParams,
      body: liftBody,
      audit: 'processing_restriction_lifted',
      success: { schema: restrictionResource },
      refusals: ['state', 'conflict'],
      handler: async ({ ctx, params, body }) => toRestriction(await privacy.lift(ctx, params.id, body.reason, body.version)),
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiReviews.pattern,
      access: ACCESS.retentionReaders,
      summary: 'Records due for review under the retention schedule, and the schedule',
      tags,
      audit: 'retention_reviews_listed',
      handler: async ({ ctx }) => ({ rules: await privacy.rules(ctx), reviews: await privacy.reviews(ctx) }),
    }),
    defineRoute({
      method: 'PUT',
      path: paths.apiRule.pattern,
      access: ACCESS.retentionEditors,
      summary: 'Change how many years a kind of record is kept',
      tags,
      params: kindParams,
      body: ruleBody,
      audit: 'retention_rule_changed',
      refusals: ['conflict'],
      handler: async ({ ctx, params, body }) => privacy.saveRule(ctx, params.kind, body.years, body.version),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiDecision.pattern,
      access: ACCESS.retentionDeciders,
      summary: 'Decide on a record due for review: erase (tombstone left) or keep until a date',
      tags,
      params: idParams,
      body: decisionBody,
      audit: ['record_erased', 'retention_record_kept'],
      refusals: ['conflict', 'state', 'not_found'],
      handler: async ({ ctx, params, body }) => privacy.decide(ctx, params.id, body),
    }),
  ];
}
