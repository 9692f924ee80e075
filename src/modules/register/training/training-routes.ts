/** Training records, meetings and away days, and the training compliance view (pages and API). */
import { z } from 'zod';
import { defineRoute, type RouteDeclaration } from '../../../platform/http/route.js';
import { dateInputValues } from '../../../platform/london-time.js';
import type { ApprovalService } from '../approvals/approval-service.js';
import { personParams } from '../approvals/approval-schemas.js';
import { EVERYONE, REGISTER_VIEWERS } from '../register-access.js';
import { SHEET_CONTENT_TYPES, sendSheet, type SheetFormat } from '../register-csv.js';
import { recordFormRoutes } from '../register-forms.js';
import { registerPaths as paths } from '../register-paths.js';
import { complianceSheet } from './training-csv.js';
import { complianceRow, eventApiBody, eventForm, eventResource, trainingApiBody, trainingForm, trainingResource } from './training-schemas.js';
import type { TrainingService } from './training-service.js';

const tags = ['register'];
const VIEWERS = { roles: REGISTER_VIEWERS };

export function trainingRoutes(deps: { training: TrainingService; approvals: ApprovalService }): RouteDeclaration[] {
  const { training } = deps;
  const frame = (personId: string) => deps.approvals.onRegisterForForm(personId);
  const today = () => deps.approvals.today();
  const download = (format: SheetFormat, api: boolean) =>
    defineRoute({
      method: 'GET',
      path: api ? (format === 'csv' ? paths.apiComplianceCsv : paths.apiComplianceXlsx) : format === 'csv' ? paths.complianceCsv : paths.complianceXlsx,
      access: VIEWERS,
      summary: api ? `Training compliance as a spreadsheet (${format.toUpperCase()})` : `Download training compliance (${format.toUpperCase()})`,
      tags: api ? tags : ['register pages'],
      audit: 'training_compliance_viewed',
      success: { contentType: SHEET_CONTENT_TYPES[format] },
      handler: async ({ ctx, reply }) => sendSheet(reply, complianceSheet(await training.compliance(ctx)), format, `amhp-compliance-${today()}`),
    });

  return [
    ...recordFormRoutes({
      kind: 'training',
      path: paths.training,
      template: 'register/training/views/training-form.njk',
      title: 'Record training',
      flash: 'Training recorded',
      body: trainingForm,
      audit: 'training_recorded',
      frame,
      defaults: async () => dateInputValues('date', today()),
      save: (ctx, personId, body) => training.addTraining(ctx, personId, body),
    }),
    ...recordFormRoutes({
      kind: 'event',
      path: paths.event,
      template: 'register/training/views/event-form.njk',
      title: 'Record a professional meeting or away day',
      flash: 'Attendance recorded',
      body: eventForm,
      audit: 'professional_event_recorded',
      frame,
      defaults: async () => dateInputValues('date', today()),
      save: (ctx, personId, body) => training.addEvent(ctx, personId, body),
    }),
    defineRoute({
      method: 'GET',
      path: paths.compliance,
      access: VIEWERS,
      summary: 'Page: training compliance',
      tags: ['register pages'],
      audit: 'training_compliance_viewed',
      success: { contentType: 'text/html' },
      handler: async ({ ctx, reply }) => {
        const rows = await training.compliance(ctx);
        return reply.render('register/training/views/compliance.njk', { rows, atRisk: rows.filter((r) => r.atRisk).length, met: rows.filter((r) => r.trainingMet).length, section: 'compliance' });
      },
    }),
    download('csv', false),
    download('xlsx', false),
    download('csv', true),
    download('xlsx', true),
    defineRoute({
      method: 'GET',
      path: paths.apiCompliance,
      access: VIEWERS,
      summary: 'Training compliance for the current approval year of every AMHP, at risk first',
      tags,
      audit: 'training_compliance_viewed',
      success: { schema: z.array(complianceRow) },
      handler: async ({ ctx }) => training.compliance(ctx),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiTraining.pattern,
      access: { roles: EVERYONE },
      summary: 'Record training (the AMHP themself, or the Lead AMHP or an administrator)',
      description: 'More than 0 and at most 24 hours, and at most 24 hours on one day with the person’s other training that day (rule day_over_24).',
      tags,
      params: personParams,
      body: trainingApiBody,
      audit: 'training_recorded',
      success: { status: 201, schema: trainingResource },
      refusals: ['not_found', 'rule'],
      handler: async ({ ctx, params, body }) => training.addTraining(ctx, params.id, body),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiEvents.pattern,
      access: { roles: EVERYONE },
      summary: 'Record an AMHP professional meeting or away day attended',
      tags,
      params: personParams,
      body: eventApiBody,
      audit: 'professional_event_recorded',
      success: { status: 201, schema: eventResource },
      refusals: ['not_found'],
      handler: async ({ ctx, params, body }) => training.addEvent(ctx, params.id, body),
    }),
  ];
}
