import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import type { ServiceContext } from '../../platform/audit.js';
import type { AppError } from '../../platform/errors.js';
import type { FormErrorsView } from '../../platform/http/forms.js';
import { paginationItems } from '../../platform/http/pagination.js';
import { defineRoute, type RouteDeclaration } from '../../platform/http/route.js';
import type { Access } from '../../platform/http/routing.js';
import { type IsoDate, londonDate } from '../../platform/london-time.js';
import { ATTENDEE_ROLE_LABELS } from './allocation-sheet.js';
import { amendForm, type ATTENDEE_ROLES, attendanceForm, decisionForm, finaliseBody, sheetPagesQuery, sheetParams, sheetQuery } from './allocation-sheet-schemas.js';
import type { SheetSection } from './allocation-sheet.js';
import type { SheetOutcome } from './allocation-sheet-service.js';
import { DUTY_ROLES, dutyAbilities } from './duty-access.js';
import { formatLongDate } from './duty-calendar.js';
import { allocationSheetPdf } from './duty-pdf.js';
import { dutyPaths as paths } from './duty-paths.js';
import { pageErrors, warningsBody, type DutyRouteDeps } from './duty-views.js';

const VIEW = { roles: DUTY_ROLES.view } as const;

/**
 * Cards a section shows a page (each card carries its own decision form): a duty day has a
 * handful, but a service with hundreds open must not draw them all in one page. Ten, not 25:
 * the meeting works through a few at a time, and at 20,000 open referrals drawing 75 forms was
 * most of the page's cost (paced p95 59 ms against 40 ms with 30: docs/performance.md).
 */
export const SHEET_SECTION_PAGE_SIZE = 10;

type SectionPages = Partial<Record<SheetSection, number>>;

type Sections = ReadonlyArray<{ key: SheetSection; entries: ReadonlyArray<{ referralId: string }> }>;

/** The page each section shows: the one asked for (within range), or the one holding a refused form's card. */
function sectionPages(sections: Sections, asked: SectionPages, failedReferralId: unknown): SectionPages {
  const pages: SectionPages = {};
  for (const section of sections) {
    const count = Math.max(1, Math.ceil(section.entries.length / SHEET_SECTION_PAGE_SIZE));
    // A refused form re-opens the page holding its card.
    const failedAt = typeof failedReferralId === 'string' ? section.entries.findIndex((e) => e.referralId === failedReferralId) : -1;
    const page = failedAt >= 0 ? Math.floor(failedAt / SHEET_SECTION_PAGE_SIZE) + 1 : Math.min(asked[section.key] ?? 1, count);
    pages[section.key] = page;
  }
  return pages;
}

/** The referrals whose cards these pages draw: all the sheet reads of the referrals (issue 17). */
function cardsShown(sections: Sections, asked: SectionPages, failedReferralId: unknown): string[] {
  const pages = sectionPages(sections, asked, failedReferralId);
  return sections.flatMap((section) => {
    const first = ((pages[section.key] ?? 1) - 1) * SHEET_SECTION_PAGE_SIZE;
    return section.entries.slice(first, first + SHEET_SECTION_PAGE_SIZE).map((e) => e.referralId);
  });
}

/**
 * Each section's page (its `entries` are the cards the view drew: cardsShown), with GOV.UK
 * pagination links that keep the other sections' pages; `all` counts and places them.
 */
function pagedSections<S extends { key: SheetSection; all: ReadonlyArray<{ referralId: string }>; entries: Array<{ referralId: string }> }>(date: IsoDate, sections: readonly S[], asked: SectionPages, failedReferralId: unknown) {
  const pages = sectionPages(
    sections.map((s) => ({ key: s.key, entries: s.all })),
    asked,
    failedReferralId,
  );
  const href = (key: SheetSection, page: number) => {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...pages, [key]: page })) if (v && v > 1) query.set(k, String(v));
    const search = query.toString();
    return `${paths.sheet({ date })}${search ? `?${search}` : ''}#section-${key}`;
  };
  return sections.map(({ all, ...section }) => {
    const total = all.length;
    const count = Math.max(1, Math.ceil(total / SHEET_SECTION_PAGE_SIZE));
    const page = pages[section.key] ?? 1;
    const first = (page - 1) * SHEET_SECTION_PAGE_SIZE;
    return {
      ...section,
      total,
      shownFrom: total === 0 ? 0 : first + 1,
      shownTo: Math.min(first + SHEET_SECTION_PAGE_SIZE, total),
      pagination:
        count > 1
          ? {
              ...(page > 1 ? { previous: { href: href(section.key, page - 1) } } : {}),
              ...(page < count ? { next: { href: href(section.key, page + 1) } } : {}),
              items: paginationItems(page, count, (n) => href(section.key, n)),
            }
          : null,
    };
  });
}

/** How a person is recorded at the meeting, from their roles (their real role, never "admin"). */
export function meetingRole(roles: readonly string[]): (typeof ATTENDEE_ROLES)[number] {
  if (roles.includes('amhp_lead')) return 'amhp-lead';
  if (roles.includes('operational_manager')) return 'operational-manager';
  if (roles.includes('lead_amhp')) return 'lead-amhp';
  if (roles.includes('amhp')) return 'amhp';
  if (roles.includes('business_support')) return 'support';
  if (roles.includes('line_manager')) return 'line-manager';
  if (roles.includes('edt_officer') || roles.includes('edt_manager')) return 'edt';
  return 'admin';
}

const CARD_FIELDS = new Set(['amhpId', 'overrideReason', 'notAllocatedReason', 'reason', 'plan']);

/** A referral card's fields carry the referral in their ids: point the error summary at that card. */
function cardErrors(errors: FormErrorsView, referralId: unknown): FormErrorsView {
  if (typeof referralId !== 'string') return errors;
  return { ...errors, errorList: errors.errorList.map((e) => (CARD_FIELDS.has(e.href.slice(1)) ? { ...e, href: `${e.href}-${referralId}` } : e)) };
}

/** The allocation sheet pages: the day's sheet, its PDF, and the forms of the morning meeting. */
export function allocationSheetRoutes({ duty, clock, serviceName }: DutyRouteDeps): RouteDeclaration[] {
  async function renderSheet(ctx: ServiceContext, reply: FastifyReply, date: IsoDate, options: { values?: Record<string, unknown>; error?: AppError; pages?: SectionPages } = {}) {
    const view = await duty.sheets.view(ctx, date, { audit: !options.error, cards: (sections) => cardsShown(sections, options.pages ?? {}, options.values?.referralId) });
    const people = await duty.sheets.meetingPeople();
    const attending = new Set(view.sheet.attendees.map((a) => `${a.personId}|${a.role}`));
    const amhps = people.filter((p) => p.roles.includes('amhp') && !view.onDutyAmhps.some((o) => o.id === p.id));
    return reply.render(
      'duty/views/sheet.njk',
      {
        view,
        sections: pagedSections(view.date, view.sections, options.pages ?? {}, options.values?.referralId),
        dateLabel: formatLongDate(date),
        previousLabel: formatLongDate(view.previousWorkingDay),
        ...dutyAbilities(ctx.actor),
        attendeeItems: people.map((p) => {
          const value = `${p.id}|${meetingRole(p.roles)}`;
          return { value, text: p.name, hint: { text: ATTENDEE_ROLE_LABELS[meetingRole(p.roles)] }, checked: attending.has(value) };
        }),
        candidateNames: view.sheet.attendees.filter((a) => a.personId === null).map((a) => a.name ?? '').join('\n'),
        amhpOptions: [{ value: '', text: 'Choose an AMHP' }, ...view.onDutyAmhps.map((a) => ({ value: a.id, text: `${a.name} (on duty)` })), ...amhps.map((a) => ({ value: a.id, text: a.name }))],
        values: options.values ?? {},
        failedReferralId: options.values?.referralId,
        ...(options.error ? { errors: cardErrors(pageErrors(options.error), options.values?.referralId) } : {}),
      },
      options.error?.status ?? 200,
    );
  }

  /** One of the meeting's forms: change the sheet, then back to it with what happened. */
  function sheetForm<B extends z.ZodType>(suffix: 'attendance' | 'decisions' | 'finalise' | 'amendments', access: Access, body: B, audit: string, heading: string, change: (ctx: ServiceContext, date: IsoDate, command: z.output<B>) => Promise<SheetOutcome>) {
    const path = { attendance: paths.sheetAttendance, decisions: paths.sheetDecisions, finalise: paths.sheetFinalise, amendments: paths.sheetAmendments }[suffix].pattern;
    return defineRoute({
      method: 'POST',
      path,
      access,
      summary: heading,
      params: sheetParams,
      body,
      audit,
      success: { status: 303, contentType: 'text/html' },
      handler: async ({ ctx, params, body: command, reply }) => {
        const { warnings } = await change(ctx, params.date, command as z.output<B>);
        return reply.redirectWithFlash(paths.sheet({ date: params.date }), { kind: warnings.length ? 'important' : 'success', heading, ...warningsBody(warnings) });
      },
      onRefusal: async ({ ctx, params, error, values, reply }) => (params ? renderSheet(ctx, reply, params.date, { values, error }) : reply.callNotFound()),
    });
  }

  return [
    defineRoute({
      method: 'GET',
      path: paths.sheetToday.pattern,
      access: VIEW,
      summary: "Today's allocation sheet (or the day asked for)",
      query: sheetQuery,
      success: { status: 303, contentType: 'text/html' },
      handler: async ({ query, reply }) => reply.redirect(paths.sheet({ date: query.date ?? londonDate(clock.now()) }), 303),
    }),
    defineRoute({
      method: 'GET',
      path: paths.sheet.pattern,
      access: VIEW,
      summary: 'The allocation sheet for a day',
      params: sheetParams,
      query: sheetPagesQuery,
      success: { contentType: 'text/html' },
      handler: async ({ ctx, params, query, reply }) => renderSheet(ctx, reply, params.date, { pages: query }),
    }),
    defineRoute({
      method: 'GET',
      path: paths.sheetPdf.pattern,
      access: VIEW,
      summary: 'The allocation sheet for a day as a PDF',
      params: sheetParams,
      success: { contentType: 'application/pdf' },
      handler: async ({ ctx, params, reply }) => {
        const pdf = await allocationSheetPdf(await duty.sheets.view(ctx, params.date), serviceName);
        return reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="allocation-sheet-${params.date}.pdf"`).send(pdf);
      },
    }),
    sheetForm('attendance', { roles: DUTY_ROLES.sheetEdit }, attendanceForm, 'allocation_sheet_attendance', 'Attendance saved', (ctx, date, command) => duty.sheets.recordAttendance(ctx, date, command)),
    sheetForm('decisions', { roles: DUTY_ROLES.sheetAllocate }, decisionForm, 'allocation_decided', 'Allocation decision saved', (ctx, date, command) => duty.sheets.decide(ctx, date, command)),
    sheetForm('finalise', { roles: DUTY_ROLES.sheetFinalise }, finaliseBody, 'allocation_sheet_finalised', 'Allocation sheet finalised', (ctx, date, command) => duty.sheets.finalise(ctx, date, command)),
    sheetForm('amendments', { roles: DUTY_ROLES.sheetAllocate }, amendForm, 'allocation_sheet_amended', 'Amendment recorded', (ctx, date, command) => duty.sheets.amend(ctx, date, command)),
  ];
}
