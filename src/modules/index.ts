import type { AppModule } from '../platform/http/module.js';
import type { ModuleParts } from '../platform/module.js';
import type { Services } from '../services.js';
import { dutyModule } from './duty/duty-module.js';
import { staffModule } from './staff/staff-module.js';
import { referralsModule } from './referrals/referrals-module.js';
import { standardsModule } from './standards/standards-module.js';
import { safetyModule } from './safety/safety-module.js';

/**
 * TRANSITION ONLY. Modules are moving to `createXModule(deps)` (their parts are then in
 * `services.modules`); the ones not yet moved are adapted here from the old shape. Lower layers
 * first (DESIGN.md); duty last so its demo day builds on every other module's demo data.
 */
const legacy: Array<AppModule<Services>> = [staffModule, referralsModule, standardsModule, safetyModule, dutyModule];
const ORDER = ['staff', 'register', 'referrals', 'standards', 'safety', 'duty'];

function adapt(module: AppModule<Services>, services: Services): ModuleParts {
  return {
    name: module.name,
    routes: [],
    registerLegacyRoutes: (app) => module.routes(app, services),
    navigation: module.navigation ?? [],
    adminLinks: module.adminLinks ?? [],
    homePanels: module.homePanels?.(services) ?? [],
    urgentBanners: module.urgentBanners?.(services) ?? [],
    jobs: module.jobs?.(services) ?? [],
    ...(module.seedDemo ? { seedDemo: (ids) => module.seedDemo!(services, ids) } : {}),
  };
}

export function allModuleParts(services: Services): ModuleParts[] {
  const cached = partsCache.get(services);
  if (cached) return cached;
  const converted = new Map<string, ModuleParts>(services.modules.map((m) => [m.name, m]));
  const parts = ORDER.map((name) => converted.get(name) ?? adapt(legacy.find((m) => m.name === name)!, services));
  for (const module of services.modules) if (!ORDER.includes(module.name)) parts.push(module);
  partsCache.set(services, parts);
  return parts;
}
const partsCache = new WeakMap<Services, ModuleParts[]>();
