import type { RouteDeclaration } from '../../platform/http/route.js';
import { allocationSheetApiRoutes } from './allocation-sheet-api-routes.js';
import { allocationSheetRoutes } from './allocation-sheet-routes.js';
import { boardRoutes } from './board-routes.js';
import type { DutyRouteDeps } from './duty-views.js';
import { handoverApiRoutes } from './handover-api-routes.js';
import { handoverRoutes } from './handover-routes.js';
import { rotaApiRoutes } from './rota-api-routes.js';
import { rotaRoutes } from './rota-routes.js';
import { serviceHoursRoutes } from './service-hours-routes.js';
import { sicknessRoutes } from './sickness-routes.js';
import { sitrepRoutes } from './sitrep-routes.js';

/** Every route of the duty module, pages and API, by feature. */
export function dutyRoutes(deps: DutyRouteDeps): RouteDeclaration[] {
  return [
    ...boardRoutes(deps),
    ...rotaRoutes(deps),
    ...rotaApiRoutes(deps),
    ...sicknessRoutes(deps),
    ...allocationSheetRoutes(deps),
    ...allocationSheetApiRoutes(deps),
    ...handoverRoutes(deps),
    ...handoverApiRoutes(deps),
    ...sitrepRoutes(deps),
    ...serviceHoursRoutes(deps),
  ];
}
