import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../services.js';
import type { AdminLink } from '../module.js';
import { bankHolidaySchema } from '../calendar-service.js';
import { ValidationError } from '../errors.js';
import { formErrorsView, parseInput } from '../http/forms.js';
import { contextOf, route } from '../http/routing.js';
import { londonInstant, addDays } from '../london-time.js';

const auditFilterSchema = z.object({
  actorId: z.string().uuid().optional().catch(undefined),
  entityType: z.string().trim().max(60).optional().transform((v) => v || undefined),
  entityId: z.string().trim().max(100).optional().transform((v) => v || undefined),
  action: z.string().trim().max(60).optional().transform((v) => v || undefined),
  from: z.iso.date().optional().catch(undefined),
  to: z.iso.date().optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
});

const auditRow = z.object({
  id: z.number(),
  occurredAt: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  actorRole: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  requestId: z.string().nullable(),
  summary: z.record(z.string(), z.unknown()),
});

const ADMIN = { roles: ['admin'] } as const;
const PAGE_SIZE = 50;

export function registerAdminRoutes(app: FastifyInstance, services: Services, adminLinks: readonly AdminLink[]): void {
  async function searchAudit(query: unknown) {
    const filter = parseInput(auditFilterSchema, query);
    const result = await services.audit.search({
      actorId: filter.actorId,
      entityType: filter.entityType,
      entityId: filter.entityId,
      action: filter.action,
      from: filter.from ? londonInstant(filter.from) : undefined,
      to: filter.to ? londonInstant(addDays(filter.to, 1)) : undefined,
      limit: PAGE_SIZE,
      offset: (filter.page - 1) * PAGE_SIZE,
    });
    return { filter, ...result };
  }

  route(app, 'GET', '/admin', { access: ADMIN }, async (_request, reply) =>
    reply.render('shell/admin-index.njk', { adminLinks }),
  );

  route(app, 'GET', '/admin/audit', { access: ADMIN }, async (request, reply) => {
    const { filter, rows, total } = await searchAudit(request.query);
    const people = await services.staff.peopleWithRole(['amhp', 'amhp_lead', 'edt_officer', 'edt_manager', 'operational_manager', 'line_manager', 'business_support', 'lead_amhp', 'governance_viewer', 'admin'], { activeOnly: false });
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const params = new URLSearchParams(Object.entries(filter).filter(([k, v]) => k !== 'page' && v !== undefined).map(([k, v]) => [k, String(v)]));
    return reply.render('shell/audit.njk', {
      filter,
      rows: rows.map((row) => ({ ...row, summaryText: JSON.stringify(row.summary) })),
      total,
      people,
      pagination: {
        ...(filter.page > 1 ? { previous: { href: `/admin/audit?${params.toString()}&page=${filter.page - 1}` } } : {}),
        ...(filter.page < pages ? { next: { href: `/admin/audit?${params.toString()}&page=${filter.page + 1}` } } : {}),
      },
      page: filter.page,
      pages,
    });
  });

  route(
    app,
    'GET',
    '/api/v1/audit',
    { access: ADMIN, api: { summary: 'Search the audit log (newest first, 50 a page)', tags: ['admin'], query: auditFilterSchema, response: z.object({ total: z.number(), rows: z.array(auditRow) }) } },
    async (request) => {
      const { rows, total } = await searchAudit(request.query);
      return { total, rows };
    },
  );

  route(app, 'GET', '/admin/bank-holidays', { access: ADMIN }, async (_request, reply) => {
    return reply.render('shell/bank-holidays.njk', { holidays: await services.calendar.list() });
  });

  route(app, 'POST', '/admin/bank-holidays', { access: ADMIN }, async (request, reply) => {
    const body = request.body as Record<string, string>;
    try {
      await services.calendar.add(contextOf(request), { date: body.date ?? '', name: body.name ?? '' });
      return await reply.redirectWithFlash('/admin/bank-holidays', { kind: 'success', heading: 'Bank holiday added' });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return reply.render('shell/bank-holidays.njk', { holidays: await services.calendar.list(), errors: formErrorsView(error), values: body }, 400);
    }
  });

  route(app, 'POST', '/admin/bank-holidays/:date/delete', { access: ADMIN }, async (request, reply) => {
    const { date } = parseInput(z.object({ date: bankHolidaySchema.shape.date }), request.params);
    await services.calendar.remove(contextOf(request), date);
    return reply.redirectWithFlash('/admin/bank-holidays', { kind: 'success', heading: 'Bank holiday removed' });
  });

  route(app, 'GET', '/admin/outbox', { access: ADMIN }, async (_request, reply) => {
    return reply.render('shell/outbox.njk', { messages: await services.notifications.recent(), deliversEmail: services.notifications.deliversEmail });
  });
}
