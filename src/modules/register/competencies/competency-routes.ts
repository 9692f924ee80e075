/** The annual competency record (page and API). */
import { defineRoute, type RouteDeclaration } from '../../../platform/http/route.js';
import { dateInputValues } from '../../../platform/london-time.js';
import type { ApprovalService } from '../approvals/approval-service.js';
import { personParams } from '../approvals/approval-schemas.js';
import { EVERYONE } from '../register-access.js';
import { recordFormRoutes } from '../register-forms.js';
import { registerPaths as paths } from '../register-paths.js';
import { KEY_COMPETENCES } from './competencies.js';
import { competencyApiBody, competencyForm, competencyResource } from './competency-schemas.js';
import type { CompetencyService } from './competency-service.js';

export function competencyRoutes(deps: { competencies: CompetencyService; approvals: ApprovalService }): RouteDeclaration[] {
  return [
    ...recordFormRoutes({
      kind: 'competency',
      path: paths.competency,
      template: 'register/competencies/views/competency-form.njk',
      title: 'Annual competency record',
      flash: 'Competency record saved',
      body: competencyForm,
      audit: 'competency_record_added',
      frame: (personId) => deps.approvals.onRegisterForForm(personId),
      context: async () => ({ competences: KEY_COMPETENCES }),
      defaults: async () => dateInputValues('recordedOn', deps.approvals.today()),
      save: (ctx, personId, body) => deps.competencies.addRecord(ctx, personId, body),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiCompetencies.pattern,
      access: { roles: EVERYONE },
      summary: 'Record the annual competency record: each of the five Key Competence areas met (with evidence) or not yet met',
      description: 'The AMHP themself, or a supervisor or manager. Refused with rule competence_missing or competence_repeated unless each area 1–5 appears exactly once.',
      tags: ['register'],
      params: personParams,
      body: competencyApiBody,
      audit: 'competency_record_added',
      success: { status: 201, schema: competencyResource },
      refusals: ['not_found', 'rule'],
      handler: async ({ ctx, params, body }) => deps.competencies.addRecord(ctx, params.id, body),
    }),
  ];
}
