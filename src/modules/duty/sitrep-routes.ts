import { z } from 'zod';
import { date } from '../../platform/http/fields.js';
import { defineRoute, type RouteDeclaration } from '../../platform/http/route.js';
import { DUTY_ROLES } from './duty-access.js';
import { formatLongDate } from './duty-calendar.js';
import { sitrepPdf } from './duty-pdf.js';
import { dutyPaths as paths } from './duty-paths.js';
import type { DutyRouteDeps } from './duty-views.js';
import { renderSitrepText } from './sitrep.js';

const SITREP = { roles: DUTY_ROLES.sitrep } as const;
const dayParams = z.object({ date: date('the date of the SITREP') });
const dayQuery = z.object({ date: z.preprocess((v) => (v === '' ? undefined : v), date('the date of the SITREP').optional()) });
const counted = z.array(z.object({ label: z.string(), count: z.number().int() }));

const sitrepResource = z.object({
  date: z.string(),
  generatedAt: z.date(),
  serviceName: z.string(),
  received: z.array(z.object({ referralId: z.string(), label: z.string(), receivedAt: z.date(), source: z.string().nullable() })),
  assessments: z.array(z.object({ referralId: z.string(), label: z.string(), completedAt: z.date(), outcome: z.string() })),
  pending: z.array(z.object({ referralId: z.string(), label: z.string(), receivedAt: z.date(), stage: z.string(), allocatedTo: z.string().nullable() })),
  delays: z.array(z.object({ referralId: z.string(), cause: z.string() })),
  outcomes: counted,
  delaysByCause: counted,
  staffing: z.object({
    onDuty: z.array(z.object({ name: z.string(), team: z.enum(['daytime', 'edt']) })),
    sick: z.array(z.object({ name: z.string(), team: z.enum(['daytime', 'edt']) })),
    backupsUsed: z.array(z.object({ name: z.string(), coveringFor: z.string() })),
  }),
  openHandovers: z.array(z.object({ handoverId: z.string(), from: z.string(), to: z.string(), sentAt: z.date(), referralIds: z.array(z.string()), overdue: z.boolean() })),
  totals: z.object({
    received: z.number().int(),
    assessments: z.number().int(),
    pending: z.number().int(),
    unallocatedPending: z.number().int(),
    delays: z.number().int(),
    openHandovers: z.number().int(),
    overdueHandovers: z.number().int(),
  }),
  text: z.string().describe('The SITREP as plain text for an e-mail, lines of at most 80 characters'),
});

/** The daily SITREP: page, PDF and plain text, and the same as JSON. */
export function sitrepRoutes({ duty }: DutyRouteDeps): RouteDeclaration[] {
  const pdfRoute = (path: string, tags: string[]) =>
    defineRoute({
      method: 'GET',
      path,
      access: SITREP,
      summary: 'The SITREP for a day as a PDF',
      tags,
      params: dayParams,
      audit: 'sitrep_viewed',
      success: { contentType: 'application/pdf' },
      handler: async ({ ctx, params, reply }) => {
        const pdf = await sitrepPdf(await duty.sitrep.build(ctx, params.date));
        return reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="sitrep-${params.date}.pdf"`).send(pdf);
      },
    });
  return [
    defineRoute({
      method: 'GET',
      path: paths.sitrep.pattern,
      access: SITREP,
      summary: 'The daily SITREP',
      query: dayQuery,
      success: { contentType: 'text/html' },
      handler: async ({ ctx, query, reply }) => {
        const sitrep = await duty.sitrep.build(ctx, query.date);
        return reply.render('duty/views/sitrep.njk', { sitrep, text: renderSitrepText(sitrep), dateLabel: formatLongDate(sitrep.date) });
      },
    }),
    pdfRoute(paths.sitrepPdf.pattern, []),
    defineRoute({
      method: 'GET',
      path: paths.sitrepText.pattern,
      access: SITREP,
      summary: 'The SITREP for a day as plain text for an e-mail',
      params: dayParams,
      audit: 'sitrep_viewed',
      success: { contentType: 'text/plain' },
      handler: async ({ ctx, params, reply }) =>
        reply.header('content-type', 'text/plain; charset=utf-8').header('content-disposition', `inline; filename="sitrep-${params.date}.txt"`).send(await duty.sitrep.text(ctx, params.date)),
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiSitrep.pattern,
      access: SITREP,
      summary: 'The daily SITREP as data, with its plain text',
      tags: ['duty'],
      params: dayParams,
      audit: 'sitrep_viewed',
      success: { schema: sitrepResource },
      handler: async ({ ctx, params }) => {
        const sitrep = await duty.sitrep.build(ctx, params.date);
        return { ...sitrep, text: renderSitrepText(sitrep) };
      },
    }),
    pdfRoute(paths.apiSitrepPdf.pattern, ['duty']),
  ];
}
