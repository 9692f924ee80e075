import { defineRoute, type RouteDeclaration } from '../../platform/http/route.js';
import { amendBody, attendanceBody, changedSheetResource, decisionBody, finaliseBody, sheetParams, sheetResource } from './allocation-sheet-schemas.js';
import type { SheetOutcome, SheetView } from './allocation-sheet-service.js';
import { DUTY_ROLES } from './duty-access.js';
import { allocationSheetPdf } from './duty-pdf.js';
import { dutyPaths as paths } from './duty-paths.js';
import type { DutyRouteDeps } from './duty-views.js';

const TAGS = ['duty'];

/** The sheet as the API sends it. */
export function sheetJson(view: SheetView) {
  const { sheet } = view;
  return {
    date: view.date,
    status: sheet.status,
    version: sheet.version,
    previousWorkingDay: view.previousWorkingDay,
    attendees: view.attendees,
    challenges: sheet.challenges,
    sections: view.sections.map(({ key, title, entries }) => ({ key, title, entries })),
    amendments: view.amendments,
    finalisedBy: sheet.finalisedBy,
    finalisedByName: view.finalisedByName,
    finalisedAt: sheet.finalisedAt,
    onDutyAmhps: view.onDutyAmhps,
  };
}

function changed(outcome: SheetOutcome) {
  return { ...sheetJson(outcome.view), warnings: outcome.warnings };
}

/** The allocation sheet as JSON: everything the morning meeting does on the page. */
export function allocationSheetApiRoutes({ duty, serviceName }: DutyRouteDeps): RouteDeclaration[] {
  const write = { params: sheetParams, tags: TAGS, success: { schema: changedSheetResource }, refusals: ['rule', 'state', 'conflict'] as const };
  return [
    defineRoute({
      method: 'GET',
      path: paths.apiSheet.pattern,
      access: { roles: DUTY_ROLES.view },
      summary: 'The allocation sheet for a day (made as a draft from the referrals the first time it is asked for)',
      tags: TAGS,
      params: sheetParams,
      audit: ['allocation_sheet_viewed', 'allocation_sheet_created'],
      success: { schema: sheetResource },
      handler: async ({ ctx, params }) => sheetJson(await duty.sheets.view(ctx, params.date)),
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiSheetPdf.pattern,
      access: { roles: DUTY_ROLES.view },
      summary: 'The allocation sheet for a day as a PDF (A4, references only)',
      tags: TAGS,
      params: sheetParams,
      audit: 'allocation_sheet_viewed',
      success: { contentType: 'application/pdf' },
      handler: async ({ ctx, params, reply }) => {
        const pdf = await allocationSheetPdf(await duty.sheets.view(ctx, params.date), serviceName);
        return reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="allocation-sheet-${params.date}.pdf"`).send(pdf);
      },
    }),
    defineRoute({
      ...write,
      method: 'POST',
      path: paths.apiSheetAttendance.pattern,
      access: { roles: DUTY_ROLES.sheetEdit },
      summary: 'Record who attended the morning meeting, and the challenges or support AMHPs raised',
      body: attendanceBody,
      audit: 'allocation_sheet_attendance',
      handler: async ({ ctx, params, body }) => changed(await duty.sheets.recordAttendance(ctx, params.date, body)),
    }),
    defineRoute({
      ...write,
      method: 'POST',
      path: paths.apiSheetDecisions.pattern,
      access: { roles: DUTY_ROLES.sheetAllocate },
      summary: "Record the Lead's allocation decision for a referral on a draft sheet; an allocation also goes to the referral (version-checked)",
      description: 'The AMHP who reviewed the referral should not assess it (reviewer_cannot_assess) unless an override reason is given.',
      body: decisionBody,
      audit: 'allocation_decided',
      handler: async ({ ctx, params, body }) => changed(await duty.sheets.decide(ctx, params.date, body)),
    }),
    defineRoute({
      ...write,
      method: 'POST',
      path: paths.apiSheetFinalise.pattern,
      access: { roles: DUTY_ROLES.sheetFinalise },
      summary: 'Finalise the sheet: read-only afterwards, changes become amendments',
      body: finaliseBody,
      audit: 'allocation_sheet_finalised',
      handler: async ({ ctx, params, body }) => changed(await duty.sheets.finalise(ctx, params.date, body)),
    }),
    defineRoute({
      ...write,
      method: 'POST',
      path: paths.apiSheetAmendments.pattern,
      access: { roles: DUTY_ROLES.sheetAllocate },
      summary: 'Change an allocation on a finalised sheet, kept as an amendment with who, when and why',
      body: amendBody,
      audit: 'allocation_sheet_amended',
      handler: async ({ ctx, params, body }) => changed(await duty.sheets.amend(ctx, params.date, body)),
    }),
  ];
}
