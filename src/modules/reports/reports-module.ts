import type { Kysely } from 'kysely';
import type { AuditLog } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import { defineRoute, type RouteDeclaration } from '../../platform/http/route.js';
import type { ModuleParts } from '../../platform/module.js';
import { ACCESS } from './reports-access.js';
import { REPORT_LINKS } from './reports-index.js';
import { reportsPaths as paths } from './reports-paths.js';
import type { ReportsDb } from './reports-tables.js';
import type { ReportsPartB } from './part-b.js';
import { PackService } from './pack-service.js';
import { packRoutes } from './pack-routes.js';
import { HighlightService } from './highlight-service.js';
import { highlightRoutes } from './highlight-routes.js';

export interface ReportsModuleDeps {
  /** The reports' own tables and the report-facts views the lower modules publish, nothing else. */
  db: Kysely<ReportsDb>;
  clock: Clock;
  audit: AuditLog;
  /** Disparity, workforce, returns and sending (reports/part-b.ts), built by the root. */
  partB?: ReportsPartB;
}

const tags = ['reports'];

/**
 * Reports (issue 15): the top layer. Reads only the `<module>_report_facts` views the lower
 * modules publish (migration 1600) and the staff read model; nothing imports it.
 */
export function createReportsModule(deps: ReportsModuleDeps) {
  const pack = new PackService(deps);
  const highlights = new HighlightService(deps);
  const routes: RouteDeclaration[] = [
    defineRoute({
      method: 'GET',
      path: paths.index.pattern,
      access: ACCESS.readers,
      summary: 'The reports: the monthly performance pack, Highlight Reports and the rest (aggregates only)',
      tags,
      handler: async ({ reply }) => reply.render('reports/views/index.njk', { links: [...REPORT_LINKS, ...(deps.partB?.links ?? [])] }),
    }),
    ...packRoutes({ pack }),
    ...highlightRoutes({ highlights }),
  ];
  const parts: ModuleParts = {
    name: 'reports',
    routes: [...routes, ...(deps.partB?.routes ?? [])],
    paths: { ...paths, ...deps.partB?.paths } as unknown as ModuleParts['paths'],
    jobs: deps.partB?.jobs ?? [],
    ...(deps.partB ? { seedDemo: deps.partB.seedDemo } : {}),
    navigation: [{ text: 'Reports', href: paths.index(), roles: ACCESS.readers.roles, order: 60 }],
  };
  return { parts, pack, highlights };
}
