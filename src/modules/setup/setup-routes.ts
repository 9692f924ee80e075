import type { FastifyReply } from 'fastify';
import { refusalErrorsView } from '../../platform/http/refusal-view.js';
import { defineRoute, type RouteDeclaration } from '../../platform/http/route.js';
import type { AppError } from '../../platform/errors.js';
import { LA_CODE_HINT } from './setup-checklist.js';
import { setupPaths as paths } from './setup-paths.js';
import { checklistResource, councilCodeBody, councilParams, councilResource, mailTestResource, profileBody, profileResource } from './setup-schemas.js';
import type { SetupService } from './setup-service.js';
import { NOT_EXPORTED, type ExportService } from './export-service.js';

const ADMIN = { roles: ['admin'] } as const;
const TAGS = ['setup'];

/** The set-up checklist page, its two small forms and the mail test; the same as API operations. */
export function setupRoutes({ setup, exports }: { setup: SetupService; exports: ExportService }): RouteDeclaration[] {
  async function sendExport(ctx: Parameters<ExportService['exportAll']>[0], reply: FastifyReply) {
    const result = await exports.exportAll(ctx);
    return reply
      .header('content-type', 'application/zip')
      .header('content-disposition', `attachment; filename="${result.fileName}"`)
      .header('cache-control', 'no-store')
      .send(result.zip);
  }

  async function renderProfile(reply: FastifyReply, options: { values?: Record<string, unknown>; error?: AppError } = {}) {
    const profile = await setup.profile();
    const values = options.values ?? { operatorName: profile.operatorName ?? '', version: String(profile.version) };
    return reply.render('setup/views/service.njk', { values, ...(options.error ? { errors: refusalErrorsView(options.error) } : {}) }, options.error?.status ?? 200);
  }
  async function renderCouncils(reply: FastifyReply, options: { values?: Record<string, unknown>; failedId?: string; error?: AppError } = {}) {
    return reply.render(
      'setup/views/councils.njk',
      { councils: await setup.councils(), hint: LA_CODE_HINT, failedId: options.failedId, values: options.values ?? {}, ...(options.error ? { errors: refusalErrorsView(options.error) } : {}) },
      options.error?.status ?? 200,
    );
  }

  return [
    defineRoute({
      method: 'GET',
      path: paths.checklist,
      access: ADMIN,
      summary: 'The set-up checklist: what is done and what is still to do before going live',
      tags: TAGS,
      success: { contentType: 'text/html' },
      handler: async ({ ctx, reply }) => reply.render('setup/views/checklist.njk', { checklist: await setup.checklist(ctx) }),
    }),
    defineRoute({
      method: 'GET',
      path: paths.profile,
      access: ADMIN,
      summary: 'The operating service’s name',
      tags: TAGS,
      success: { contentType: 'text/html' },
      handler: async ({ reply }) => renderProfile(reply),
    }),
    defineRoute({
      method: 'POST',
      path: paths.profile,
      access: ADMIN,
      summary: 'Name the operating service',
      tags: TAGS,
      body: profileBody,
      audit: 'setting_changed',
      success: { status: 303, contentType: 'text/html' },
      onRefusal: async ({ error, values, reply }) => renderProfile(reply, { values, error }),
      handler: async ({ ctx, body, reply }) => {
        await setup.saveProfile(ctx, body);
        return reply.redirectWithFlash(paths.checklist(), { kind: 'success', heading: 'The service’s name is saved' });
      },
    }),
    defineRoute({
      method: 'GET',
      path: paths.councils,
      access: ADMIN,
      summary: 'The councils (LSSAs) and their local-authority codes',
      tags: TAGS,
      success: { contentType: 'text/html' },
      handler: async ({ reply }) => renderCouncils(reply),
    }),
    defineRoute({
      method: 'POST',
      path: paths.councilCode,
      access: ADMIN,
      summary: 'Record a council’s local-authority code',
      tags: TAGS,
      params: councilParams,
      body: councilCodeBody,
      audit: 'setting_changed',
      refusals: ['not_found'],
      success: { status: 303, contentType: 'text/html' },
      onRefusal: async ({ error, values, params, reply }) => renderCouncils(reply, { values, error, ...(params ? { failedId: params.id } : {}) }),
      handler: async ({ ctx, params, body, reply }) => {
        const council = await setup.setCouncilCode(ctx, params.id, body.code);
        return reply.redirectWithFlash(paths.councils(), { kind: 'success', heading: `${council.name}: code ${body.code} saved` });
      },
    }),
    defineRoute({
      method: 'POST',
      path: paths.mailTest,
      access: ADMIN,
      summary: 'Send me a test e-mail',
      tags: TAGS,
      audit: 'setup_mail_test_sent',
      success: { status: 303, contentType: 'text/html' },
      handler: async ({ ctx, reply }) => {
        const sent = await setup.sendTestMail(ctx);
        return reply.redirectWithFlash(paths.checklist(), {
          kind: sent.status === 'pending' ? 'success' : 'important',
          heading: sent.status === 'pending' ? `A test e-mail is on its way to ${sent.recipientAddress}` : 'No mail server is configured',
          body: sent.status === 'pending' ? 'It is sent within a minute. Check your inbox, then reload this page.' : 'The test message waits in the outbox. Set SMTP_URL and restart, then try again.',
        });
      },
    }),
    defineRoute({
      method: 'GET',
      path: paths.exportPage,
      access: ADMIN,
      summary: 'Export the service’s data: what the download holds',
      tags: TAGS,
      success: { contentType: 'text/html' },
      handler: async ({ reply }) => reply.render('setup/views/export.njk', { notExported: Object.entries(NOT_EXPORTED).map(([name, reason]) => ({ name, reason })) }),
    }),
    defineRoute({
      method: 'GET',
      path: paths.exportDownload,
      access: ADMIN,
      summary: 'Download every table of the service as JSON and CSV in a zip, with a manifest',
      tags: TAGS,
      audit: 'service_exported',
      success: { contentType: 'application/zip' },
      handler: async ({ ctx, reply }) => sendExport(ctx, reply),
    }),

    defineRoute({
      method: 'GET',
      path: paths.apiExport,
      access: ADMIN,
      summary: 'The full export of the service: every table as JSON and CSV in a zip, with manifest.json (schema version, migrations, row counts, checksums)',
      tags: TAGS,
      audit: 'service_exported',
      success: { contentType: 'application/zip' },
      handler: async ({ ctx, reply }) => sendExport(ctx, reply),
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiChecklist,
      access: ADMIN,
      summary: 'The set-up checklist: each item done or to do, and whether the service is ready to go live',
      tags: TAGS,
      success: { schema: checklistResource },
      handler: async ({ ctx }) => setup.checklist(ctx),
    }),
    defineRoute({
      method: 'PUT',
      path: paths.apiProfile,
      access: ADMIN,
      summary: 'Name the operating service (send the version you read; 0 before it was first saved)',
      tags: TAGS,
      body: profileBody,
      audit: 'setting_changed',
      refusals: ['conflict'],
      success: { schema: profileResource },
      handler: async ({ ctx, body }) => setup.saveProfile(ctx, body),
    }),
    defineRoute({
      method: 'PUT',
      path: paths.apiCouncilCode,
      access: ADMIN,
      summary: 'Record a council’s official local-authority code (ONS, e.g. E10000014)',
      tags: TAGS,
      params: councilParams,
      body: councilCodeBody,
      audit: 'setting_changed',
      refusals: ['not_found'],
      success: { schema: councilResource },
      handler: async ({ ctx, params, body }) => setup.setCouncilCode(ctx, params.id, body.code),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiMailTest,
      access: ADMIN,
      summary: 'Send the signed-in administrator a test e-mail through the outbox',
      tags: TAGS,
      audit: 'setup_mail_test_sent',
      success: { status: 202, schema: mailTestResource },
      handler: async ({ ctx }) => setup.sendTestMail(ctx),
    }),
  ];
}
