import { z } from 'zod';
import { withActorNames, type AuditLog } from '../audit.js';
import type { PeopleDirectory } from '../auth/people-directory.js';
import type { CalendarService } from '../calendar-service.js';
import { defineRoute, type RouteDeclaration } from '../http/route.js';
import { refusalErrorsView } from '../http/refusal-view.js';
import { addDays, londonInstant } from '../london-time.js';
import type { AdminLink } from '../module.js';
import type { Notifications } from '../notifications.js';
import { ROLE_GROUPS } from '../roles.js';
import {
  AUDIT_PAGE_SIZE,
  auditFilter,
  auditPageResource,
  bankHolidayBody,
  bankHolidayForm,
  bankHolidayParams,
  bankHolidayResource,
  outboxResource,
  type AuditFilter,
} from './admin-schemas.js';
import { adminPaths } from './shell-paths.js';

const ADMIN = { roles: ['admin'] } as const;
const TAGS = ['admin'];

export interface AdminDependencies {
  audit: Pick<AuditLog, 'search'>;
  calendar: Pick<CalendarService, 'list' | 'add' | 'remove'>;
  notifications: Pick<Notifications, 'recent' | 'deliversEmail'>;
  people: PeopleDirectory;
  /** Links to the modules' administration pages, listed on the administration index. */
  adminLinks: readonly AdminLink[];
}

/** The administration the platform owns: the index, the audit log, bank holidays and the outbox. */
export function adminRoutes(deps: AdminDependencies): RouteDeclaration[] {
  return [...auditRoutes(deps), ...bankHolidayRoutes(deps), ...outboxRoutes(deps)];
}

function auditRoutes(deps: AdminDependencies): RouteDeclaration[] {
  async function search(filter: AuditFilter) {
    const { rows, total } = await deps.audit.search({
      actorId: filter.actorId,
      entityType: filter.entityType,
      entityId: filter.entityId,
      action: filter.action,
      from: filter.from ? londonInstant(filter.from) : undefined,
      to: filter.to ? londonInstant(addDays(filter.to, 1)) : undefined,
      limit: AUDIT_PAGE_SIZE,
      offset: (filter.page - 1) * AUDIT_PAGE_SIZE,
    });
    return { total, page: filter.page, pages: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)), rows: await withActorNames(rows, deps.people) };
  }

  return [
    defineRoute({
      method: 'GET',
      path: adminPaths.index,
      access: ADMIN,
      summary: 'Administration',
      tags: TAGS,
      handler: async ({ reply }) => reply.render('shell/admin-index.njk', { adminLinks: deps.adminLinks }),
    }),
    defineRoute({
      method: 'GET',
      path: adminPaths.audit,
      access: ADMIN,
      summary: 'Search the audit log',
      tags: TAGS,
      query: auditFilter,
      onRefusal: async ({ error, request, reply }) =>
        reply.render('shell/audit.njk', { filter: request.query, rows: [], total: 0, page: 1, pages: 1, people: await deps.people.everyone(), errors: refusalErrorsView(error), pagination: {} }, error.status),
      handler: async ({ query, reply }) => {
        const result = await search(query);
        const { page: _page, ...kept } = query;
        const href = (page: number) => adminPaths.audit(undefined, { ...kept, page });
        return reply.render('shell/audit.njk', {
          filter: query,
          ...result,
          rows: result.rows.map((row) => ({ ...row, summaryText: JSON.stringify(row.summary) })),
          people: await deps.people.everyone(),
          pagination: {
            ...(result.page > 1 ? { previous: { href: href(result.page - 1) } } : {}),
            ...(result.page < result.pages ? { next: { href: href(result.page + 1) } } : {}),
          },
        });
      },
    }),
    defineRoute({
      method: 'GET',
      path: adminPaths.apiAudit,
      access: ADMIN,
      summary: 'Search the audit log (newest first, 50 a page)',
      description: '`from` and `to` are London calendar days, both included.',
      tags: TAGS,
      query: auditFilter,
      success: { schema: auditPageResource },
      handler: async ({ query }) => search(query),
    }),
  ];
}

function bankHolidayRoutes(deps: AdminDependencies): RouteDeclaration[] {
  const { calendar } = deps;
  return [
    defineRoute({
      method: 'GET',
      path: adminPaths.bankHolidays,
      access: ADMIN,
      summary: 'Bank holidays',
      tags: TAGS,
      handler: async ({ reply }) => reply.render('shell/bank-holidays.njk', { holidays: await calendar.list(), values: {} }),
    }),
    defineRoute({
      method: 'POST',
      path: adminPaths.bankHolidays,
      access: ADMIN,
      summary: 'Add a bank holiday',
      tags: TAGS,
      body: bankHolidayForm,
      audit: 'bank_holiday_added',
      onRefusal: async ({ error, values, reply }) =>
        reply.render('shell/bank-holidays.njk', { holidays: await calendar.list(), errors: refusalErrorsView(error), values }, error.status),
      handler: async ({ ctx, body, reply }) => {
        await calendar.add(ctx, body);
        return reply.redirectWithFlash(adminPaths.bankHolidays(), { kind: 'success', heading: 'Bank holiday added' });
      },
    }),
    defineRoute({
      method: 'POST',
      path: adminPaths.removeBankHoliday,
      access: ADMIN,
      summary: 'Remove a bank holiday',
      tags: TAGS,
      params: bankHolidayParams,
      audit: 'bank_holiday_removed',
      handler: async ({ ctx, params, reply }) => {
        await calendar.remove(ctx, params.date);
        return reply.redirectWithFlash(adminPaths.bankHolidays(), { kind: 'success', heading: 'Bank holiday removed' });
      },
    }),
    defineRoute({
      method: 'GET',
      path: adminPaths.apiBankHolidays,
      access: { roles: ROLE_GROUPS.everyone },
      summary: 'The bank holidays working days are counted around (England and Wales, as maintained here)',
      tags: TAGS,
      success: { schema: z.array(bankHolidayResource) },
      handler: async () => calendar.list(),
    }),
    defineRoute({
      method: 'POST',
      path: adminPaths.apiBankHolidays,
      access: ADMIN,
      summary: 'Add a bank holiday',
      tags: TAGS,
      body: bankHolidayBody,
      audit: 'bank_holiday_added',
      success: { status: 201, schema: bankHolidayResource },
      handler: async ({ ctx, body }) => calendar.add(ctx, body),
    }),
    defineRoute({
      method: 'DELETE',
      path: adminPaths.apiBankHoliday,
      access: ADMIN,
      summary: 'Remove a bank holiday',
      tags: TAGS,
      params: bankHolidayParams,
      audit: 'bank_holiday_removed',
      success: { status: 204 },
      refusals: ['not_found'],
      handler: async ({ ctx, params }) => calendar.remove(ctx, params.date),
    }),
  ];
}

function outboxRoutes(deps: AdminDependencies): RouteDeclaration[] {
  const { notifications } = deps;
  return [
    defineRoute({
      method: 'GET',
      path: adminPaths.outbox,
      access: ADMIN,
      summary: 'The notification outbox',
      tags: TAGS,
      handler: async ({ reply }) => reply.render('shell/outbox.njk', { messages: await notifications.recent(deps.people), deliversEmail: notifications.deliversEmail }),
    }),
    defineRoute({
      method: 'GET',
      path: adminPaths.apiOutbox,
      access: ADMIN,
      summary: 'The newest 100 messages sent (or kept) outside the app, and whether e-mail is configured',
      tags: TAGS,
      success: { schema: outboxResource },
      handler: async () => ({ deliversEmail: notifications.deliversEmail, messages: await notifications.recent(deps.people) }),
    }),
  ];
}
