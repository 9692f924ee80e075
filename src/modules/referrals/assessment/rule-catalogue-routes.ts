// The statutory rule catalogue as data: what every rule id in a 422's failures and warnings means,
// with its severity and source, so an integrator can show or map them without reading our code.
import { z } from 'zod';
import { defineRoute, type RouteDeclaration } from '../../../platform/http/route.js';
import { ASSESSMENT_READERS } from './assessment-access.js';
import { MHA_RULE_CATALOGUE } from './domain/mha-rule-catalogue.js';

export const ruleCatalogueResource = z.object({
  rules: z.array(
    z.object({
      id: z.string(),
      severity: z.enum(['E', 'W', '–']).describe('E: a statutory error that stops the application; W: a warning that needs a recorded reason; –: a period, shown as a deadline'),
      unverified: z.boolean().describe('The wording or convention is not confirmed in a primary source'),
      implementedAs: z.array(z.enum(['check', 'deadline'])),
      summary: z.string(),
      source: z.string(),
    }),
  ),
});

export function ruleCatalogueRoutes(): RouteDeclaration[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/rules',
      access: { roles: ASSESSMENT_READERS },
      summary: 'The statutory rule catalogue: every rule id the checks report, with its severity and source',
      tags: ['assessments'],
      success: { schema: ruleCatalogueResource },
      handler: async () => ({ rules: MHA_RULE_CATALOGUE }),
    }),
  ];
}
