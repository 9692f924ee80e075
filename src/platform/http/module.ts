import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../audit.js';
import type { Role } from '../roles.js';
import type { Job } from '../scheduler.js';

export interface NavItem {
  text: string;
  href: string;
  roles: readonly Role[];
  /** Lower comes first. */
  order: number;
}

export interface HomePanel {
  title: string;
  /** A headline number, e.g. open referrals. */
  count?: number;
  countLabel?: string;
  items?: Array<{ text: string; href?: string; hint?: string }>;
  emptyText?: string;
  link?: { href: string; text: string };
  /** Drawn with a red bar: something needs attention now. */
  alert?: boolean;
  order?: number;
}

export type HomePanelProvider = (ctx: ServiceContext) => Promise<HomePanel | null>;

/** What a domain module contributes to the app. The composition root lists them in layer order. */
export interface AppModule<S> {
  name: string;
  routes(app: FastifyInstance, services: S): void;
  navigation?: NavItem[];
  /** Links on the administration index (/admin), e.g. module configuration pages. */
  adminLinks?: Array<{ text: string; href: string; hint: string }>;
  homePanels?(services: S): HomePanelProvider[];
  jobs?(services: S): Job[];
  /** Adds this module's part of the fictional demo service (runs once, on an empty database). */
  seedDemo?(services: S, ids: DemoIds): Promise<void>;
  /** A banner at the top of every page for these roles (e.g. "AMHP needs help now"). */
  urgentBanners?(services: S): Array<(ctx: ServiceContext) => Promise<{ text: string; href: string } | null>>;
}

/** Ids of the demo records, by key, for module seeders that build on the people. */
export interface DemoIds {
  organisations: Record<string, string>;
  teams: Record<string, string>;
  people: Record<string, string>;
}
