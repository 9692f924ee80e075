import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { buildApp, registerJobs } from '../../src/app.js';
import { testConfig, type AppConfig } from '../../src/config.js';
import type { DatabaseHandle } from '../../src/db/database.js';
import { ManualClock, type Clock } from '../../src/platform/clock.js';
import type { MailTransport } from '../../src/platform/notifications.js';
import { createServices, type Services } from '../../src/services.js';
import { allTables, type AllTables } from './all-tables.js';
import { openTestDatabase, type TestTemplate } from './test-database.js';
import { testClock } from './test-clock.js';

export const DEMO_PASSWORD = testConfig().demoPassword;

export interface TestServices {
  services: Services;
  database: DatabaseHandle;
  /** Every table, to look at what a use case left behind (outbox, audit log). */
  tables: Kysely<AllTables>;
  clock: Clock;
  close(): Promise<void>;
}

/** Services on a private copy of a template database: service + repository tests. */
export interface TestOptions {
  clock?: Clock;
  config?: Partial<AppConfig>;
  mailTransport?: MailTransport;
  /** 'base' (the default: the small base service on the test date) or 'demo' (only the demo's own tests). */
  template?: TestTemplate;
}

export async function createTestServices(options: TestOptions = {}): Promise<TestServices> {
  const template = options.template ?? 'base';
  const database = await openTestDatabase(template);
  const clock = options.clock ?? (template === 'base' ? testClock() : new ManualClock(new Date()));
  const services = createServices({
    config: testConfig(options.config),
    database,
    clock,
    ...(options.mailTransport ? { mailTransport: options.mailTransport } : {}),
  });
  registerJobs(services);
  return {
    services,
    database,
    tables: allTables(database.db),
    clock,
    async close() {
      await database.close();
    },
  };
}

export interface TestApp extends TestServices {
  app: FastifyInstance;
}

/** The real app (templates, CSRF, sessions) on a private database: route tests via inject(). */
export async function createTestApp(options: TestOptions = {}): Promise<TestApp> {
  const base = await createTestServices(options);
  const app = await buildApp(base.services);
  await app.ready();
  return {
    ...base,
    app,
    async close() {
      await app.close();
      await base.close();
    },
  };
}
