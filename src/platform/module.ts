/**
 * What a domain module gives the app. Each module has one factory,
 * `createXModule({ ...exactly what it uses })`, returning its services (for the modules above it)
 * and a `ModuleParts` (for the app). The composition root (src/services.ts) calls the factories
 * in layer order and hands higher-layer functions down as constructor arguments; no module
 * imports the composition root or the module list.
 */
import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from './audit.js';
import type { RouteDeclaration } from './http/route.js';
import type { AnyPath } from './http/paths.js';
import type { Role } from './roles.js';
import type { Job } from './scheduler.js';

export interface NavItem {
  text: string;
  href: string;
  roles: readonly Role[];
  /** Lower comes first. */
  order: number;
}

export interface AdminLink {
  text: string;
  href: string;
  hint: string;
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

/**
 * A box a higher module supplies for a lower module's page (the escalations module's directory on
 * the referral and the duty board; "Raise an escalation" on a handover or a visit). The lower
 * module declares an optional `PagePanels` in its factory's deps and the composition root passes
 * a late-bound arrow down, as it does the register's countAssessments: no upward import.
 */
export interface PagePanel {
  title: string;
  items: Array<{ text: string; href?: string; hint?: string }>;
  links?: Array<{ text: string; href: string }>;
  /** Drawn with a red bar: something is due now. */
  alert?: boolean;
}

/** The panels for one record (a referral, handover or visit id) or, for a board, its date. */
export type PagePanels = (ctx: ServiceContext, subjectId: string) => Promise<PagePanel[]>;

/** A banner at the top of every page for the people who must see it (e.g. "AMHP needs help now"). */
export type UrgentBanner = (ctx: ServiceContext) => Promise<{ text: string; href: string } | null>;

/** Ids of the demo records, by key, for module seeders that build on the people. */
/** What the demo says of a person beyond their directory entry: handed to each module's seeder. */
export interface DemoPersonFacts {
  readonly key: string;
  readonly jobTitle: string;
  readonly organisation: string;
  readonly team: string | null;
  readonly roles: readonly string[];
  /** When the demo's register approval of this AMHP ends (the register records it). */
  readonly approvalExpiresOn?: string;
}

export interface DemoIds {
  organisations: Record<string, string>;
  teams: Record<string, string>;
  people: Record<string, string>;
  /** The demo's people, so a module seeds from what it is handed, never from src/demo. */
  directory: readonly DemoPersonFacts[];
}

export interface ModuleParts {
  name: string;
  routes: readonly RouteDeclaration[];
  /** Registers routes not yet declared with defineRoute (being retired). */
  registerLegacyRoutes?(app: FastifyInstance): void;
  /** The module's typed paths, reachable from templates as `paths.<name>.<path>(…)`. */
  paths?: Record<string, AnyPath>;
  navigation?: readonly NavItem[];
  adminLinks?: readonly AdminLink[];
  homePanels?: readonly HomePanelProvider[];
  urgentBanners?: readonly UrgentBanner[];
  jobs?: readonly Job[];
  /** Adds this module's part of the fictional demo service (runs once, on an empty database). */
  seedDemo?(ids: DemoIds): Promise<void>;
}
