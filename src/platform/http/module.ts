import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../audit.js';
import type { AdminLink, DemoIds, HomePanelProvider, NavItem } from '../module.js';
import type { Job } from '../scheduler.js';

export type { DemoIds, HomePanel, HomePanelProvider, NavItem } from '../module.js';

/**
 * The old module shape: a module object that is handed the whole services object. Being retired:
 * modules move to `createXModule(deps)` returning ModuleParts (platform/module.ts).
 */
export interface AppModule<S> {
  name: string;
  routes(app: FastifyInstance, services: S): void;
  navigation?: NavItem[];
  adminLinks?: AdminLink[];
  homePanels?(services: S): HomePanelProvider[];
  jobs?(services: S): Job[];
  seedDemo?(services: S, ids: DemoIds): Promise<void>;
  urgentBanners?(services: S): Array<(ctx: ServiceContext) => Promise<{ text: string; href: string } | null>>;
}
