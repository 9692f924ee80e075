/**
 * The register's forms: how a refusal is shown on the form that caused it, and the optional
 * GOV.UK date input the platform does not have yet. Every form is re-shown with what was typed.
 */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { ServiceContext } from '../../platform/audit.js';
import { type AppError, ForbiddenError, RuleViolationError, ValidationError } from '../../platform/errors.js';
import { date, dateInput, idParams } from '../../platform/http/fields.js';
import { DATE_DESCRIPTION } from '../../platform/time/parse.js';
import { formErrorsView, type FormErrorsView } from '../../platform/http/forms.js';
import { defineRoute, type RefusalInput, type RouteDeclaration } from '../../platform/http/route.js';
import { EVERYONE, mayRecord, type RecordKind } from './register-access.js';
import { registerPaths } from './register-paths.js';

/** A GOV.UK date input that may be left blank (all three boxes empty is `undefined`). */
export function optionalDateInput(label = 'the date') {
  const blank = (value: unknown) =>
    value === undefined ||
    value === null ||
    value === '' ||
    (typeof value === 'object' && Object.values(value as Record<string, unknown>).every((part) => part === undefined || String(part).trim() === ''));
  return z.preprocess((value) => (blank(value) ? undefined : value), dateInput(label).optional());
}

/**
 * An optional 'YYYY-MM-DD' date for the API: missing, null or blank is `undefined`, and a day
 * that does not exist is refused with the same message as a required date (the platform's
 * `optionalDate` answers "Invalid input" there, being a union).
 */
export function optionalDay(label = 'the date') {
  return z
    .preprocess((value) => (value === '' || value === null ? undefined : value), date(label).optional())
    .meta({ type: 'string', format: 'date', description: DATE_DESCRIPTION });
}

/** Dates as a page sends them (GOV.UK date input) or as the API does ('YYYY-MM-DD'). */
export function dayFields(form: boolean) {
  return form ? { day: dateInput, optionalDay: optionalDateInput } : { day: date, optionalDay };
}

/**
 * Cross-field checks run even when a field already failed, so the summary lists every problem —
 * but only on an object: a body that is null or a list has no fields to compare.
 */
export const ALWAYS = { when: (payload: { value: unknown }) => typeof payload.value === 'object' && payload.value !== null && !Array.isArray(payload.value) };

/**
 * The error summary for any refusal: field errors as they are; broken rules against the field
 * they name (or the form); anything else (a conflict, a state) as one message at the top.
 */
export function formErrors(error: AppError): FormErrorsView {
  if (error instanceof ValidationError) return formErrorsView(error);
  if (error instanceof RuleViolationError && error.failures.length > 0) {
    return formErrorsView(new ValidationError(error.failures.map((f) => ({ field: f.field ?? 'form', message: f.message }))));
  }
  return formErrorsView(new ValidationError([{ field: 'form', message: error.message }]));
}

/**
 * An `onRefusal` that shows the form again: the template, with the context the page needs,
 * the values as typed and the errors, with the refusal's status (400, 409 or 422).
 */
export function showAgain<P>(template: string, context: (input: RefusalInput<P>) => Promise<Record<string, unknown>>) {
  return async (input: RefusalInput<P>) =>
    input.reply.render(template, { ...(await context(input)), values: input.values, errors: formErrors(input.error) }, input.error.status);
}

/** The person a record form is about: their id and name (not found unless on the register). */
export type PersonFrame = (personId: string) => Promise<{ id: string; name: string }>;

export interface RecordFormSpec<BS extends z.ZodType> {
  kind: RecordKind;
  path: { pattern: string } & ((params: { id: string }) => string);
  template: string;
  title: string;
  /** The success banner on the AMHP's page after saving. */
  flash: string;
  body: BS;
  audit: string | readonly string[];
  frame: PersonFrame;
  /** Options the form needs (councils, approvals, supervisors …). */
  context?: (personId: string, ctx: ServiceContext) => Promise<Record<string, unknown>>;
  /** Who may use the form when it is not only `RECORDERS` (a supervisor under contract …). */
  may?: (ctx: ServiceContext, personId: string) => Promise<boolean>;
  /** What the empty form shows (today's date, the current details …). */
  defaults?: (personId: string) => Promise<Record<string, unknown>>;
  save: (ctx: ServiceContext, personId: string, body: z.output<BS>) => Promise<unknown>;
}

/**
 * A form on one AMHP's entry (training, an approval, supervision …): GET shows it, POST saves
 * and goes back to the AMHP's page, or shows it again with what was typed and what is wrong.
 * Anyone signed in reaches the route; who may record what is `RECORDERS` (and the service).
 */
export function recordFormRoutes<BS extends z.ZodType>(spec: RecordFormSpec<BS>): RouteDeclaration[] {
  const may = async (ctx: ServiceContext, personId: string) => (spec.may ? spec.may(ctx, personId) : mayRecord(ctx.actor, personId, spec.kind));
  const show = async (reply: FastifyReply, ctx: ServiceContext, personId: string, values: Record<string, unknown>, errors?: FormErrorsView, status = 200) => {
    if (!(await may(ctx, personId))) throw new ForbiddenError();
    const person = await spec.frame(personId);
    const context = (await spec.context?.(personId, ctx)) ?? {};
    return reply.render(spec.template, { ...context, person, title: spec.title, action: spec.path({ id: personId }), values, ...(errors ? { errors } : {}) }, status);
  };
  return [
    defineRoute({
      method: 'GET',
      path: spec.path.pattern,
      access: { roles: EVERYONE },
      summary: `Page: ${spec.title}`,
      tags: ['register pages'],
      params: idParams,
      success: { contentType: 'text/html' },
      handler: async ({ params, ctx, reply }) => show(reply, ctx, params.id, (await spec.defaults?.(params.id)) ?? {}),
    }),
    defineRoute({
      method: 'POST',
      path: spec.path.pattern,
      access: { roles: EVERYONE },
      summary: `Page: ${spec.title} (form)`,
      tags: ['register pages'],
      params: idParams,
      body: spec.body,
      audit: spec.audit,
      success: { status: 303, contentType: 'text/html' },
      refusals: ['not_found', 'conflict', 'rule'],
      onRefusal: async ({ error, values, params, ctx, reply }) => {
        if (!params) throw error;
        return show(reply, ctx, params.id, values, formErrors(error), error.status);
      },
      handler: async ({ params, body, ctx, reply }) => {
        if (!(await may(ctx, params.id))) throw new ForbiddenError();
        await spec.save(ctx, params.id, body as z.output<BS>);
        return backToPerson(reply, ctx, params.id, spec.flash);
      },
    }),
  ];
}

/** After a change: back to the AMHP's page (their own page when it is them), with a banner. */
export function backToPerson(reply: FastifyReply, ctx: ServiceContext, personId: string, heading: string, kind: 'success' | 'important' = 'success', body?: string) {
  return reply.redirectWithFlash(personId === ctx.actor.personId ? registerPaths.me() : registerPaths.person({ id: personId }), { kind, heading, ...(body ? { body } : {}) });
}

/** A command type whose optional inputs callers may leave out (schemas give them as `T | undefined`). */
export type WithOptional<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;
