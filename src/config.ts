import path from 'node:path';
import { z } from 'zod';

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().url().optional(),
  DEMO_PASSWORD: z.string().min(8).default('demo-password-2026'),
  SEED_DEMO: booleanFlag.default(true),
  SERVICE_NAME: z.string().default('AMHP Hub'),
  OPERATOR_NAME: z.string().default('Wessex Vale AMHP Service'),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(72).default(12),
  API_TOKEN_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  SIGN_IN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  SIGN_IN_LOCKOUT_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  SIGN_IN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(20),
  SIGN_IN_FAILURE_FLOOR_MS: z.coerce.number().int().min(0).max(5_000).default(250),
  TRUST_PROXY: booleanFlag.default(false),
  COOKIE_SECURE: booleanFlag.optional(),
  RUN_JOBS: booleanFlag.default(true),
  JOB_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).max(8000).default(1500),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('amhp-hub@example.org'),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  PUBLIC_URL: z.string().url().optional(),
  MFA_REQUIRED_FOR: z.enum(['none', 'admins', 'everyone']).optional(),
  MIGRATION_DATABASE_URL: z.string().url().optional(),
  OIDC_ISSUER_URL: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_BUTTON_TEXT: z.string().min(1).max(80).default('Sign in with your organisation account'),
  LOCAL_PASSWORDS: z.enum(['true', 'false']).default('true'),
  PASSWORD_HASH_COST: z.enum(['full', 'test']).default('full'),
  PGLITE_SHARED_BUFFERS: z.string().regex(/^\d+(kB|MB|GB)$/, 'a size such as 32MB').default('32MB'),
  // npm run bench:load only: adds unauthenticated bare routes (src/bench-bare-routes.ts). Refused in production.
  BENCH_BARE_ROUTES: booleanFlag.default(false),
});

export interface AppConfig {
  env: 'development' | 'test' | 'production';
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  demoPassword: string;
  seedDemo: boolean;
  serviceName: string;
  operatorName: string;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  apiTokenHours: number;
  signInMaxFailures: number;
  signInLockoutMinutes: number;
  signInRateLimitPerMinute: number;
  /** A refused sign-in is answered no sooner than this after it arrived, known account or not. */
  signInFailureFloorMs: number;
  trustProxy: boolean;
  cookieSecure: boolean;
  runJobs: boolean;
  jobIntervalSeconds: number;
  /** After SIGTERM, how long the instance keeps answering (health failing, connections closed after each response) before it stops accepting. */
  shutdownDrainMs: number;
  logLevel: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  bodyLimitBytes: number;
  /**
   * Who must use two-step verification until an administrator changes it (Administration →
   * Security): production defaults to administrators, other environments (the demo) to nobody.
   */
  mfaRequiredFor: 'none' | 'admins' | 'everyone';
  /** The address people reach the service at, for links in e-mails (never taken from a request's Host header). */
  publicUrl: string;
  /** The database owner's connection, for migrations only; the app connects with DATABASE_URL's role. */
  migrationDatabaseUrl: string | undefined;
  /** Single sign-on through OpenID Connect (for example Microsoft Entra ID), when configured. */
  oidc: { issuerUrl: string; clientId: string; clientSecret: string; buttonText: string } | undefined;
  /** False where a deployment signs everyone in through single sign-on only. */
  localPasswords: boolean;
  /** New password hashes at full argon2id cost, except the automated tests' (NODE_ENV=test only). */
  passwordHashCost: 'full' | 'test';
  /** The embedded database's page cache (PostgreSQL shared_buffers): most of its resident memory. */
  pgliteSharedBuffers: string;
  /**
   * The load bench's bare routes (`/__bench/bare/*`, no session, no role check): set only by
   * `npm run bench:load` on its own database. Configuration is refused if this is set in production.
   */
  benchBareRoutes: boolean;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const c = parsed.data;
  if (c.OIDC_ISSUER_URL && (!c.OIDC_CLIENT_ID || !c.OIDC_CLIENT_SECRET)) {
    throw new ConfigError('Invalid configuration:\n  OIDC_ISSUER_URL needs OIDC_CLIENT_ID and OIDC_CLIENT_SECRET (from the identity provider\'s app registration)');
  }
  if (c.LOCAL_PASSWORDS === 'false' && !c.OIDC_ISSUER_URL) {
    throw new ConfigError('Invalid configuration:\n  LOCAL_PASSWORDS=false needs single sign-on (OIDC_ISSUER_URL): otherwise nobody could sign in');
  }
  if (c.MIGRATION_DATABASE_URL && !c.DATABASE_URL) {
    throw new ConfigError('Invalid configuration:\n  MIGRATION_DATABASE_URL (the owner, for migrations) needs DATABASE_URL (the app\'s own role) as well');
  }
  if (c.PASSWORD_HASH_COST === 'test' && c.NODE_ENV !== 'test') {
    throw new ConfigError('Invalid configuration:\n  PASSWORD_HASH_COST: "test" weakens password hashes and is only for the automated tests (NODE_ENV=test)');
  }
  if (c.BENCH_BARE_ROUTES && c.NODE_ENV === 'production') {
    throw new ConfigError('Invalid configuration:\n  BENCH_BARE_ROUTES: the load bench\'s bare routes answer without a session; they are never enabled in production');
  }
  return {
    env: c.NODE_ENV,
    port: c.PORT,
    host: c.HOST,
    dataDir: path.resolve(c.DATA_DIR),
    databaseUrl: c.DATABASE_URL,
    demoPassword: c.DEMO_PASSWORD,
    seedDemo: c.SEED_DEMO && c.NODE_ENV !== 'production',
    serviceName: c.SERVICE_NAME,
    operatorName: c.OPERATOR_NAME,
    sessionIdleMinutes: c.SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: c.SESSION_ABSOLUTE_HOURS,
    apiTokenHours: c.API_TOKEN_HOURS,
    signInMaxFailures: c.SIGN_IN_MAX_FAILURES,
    signInLockoutMinutes: c.SIGN_IN_LOCKOUT_MINUTES,
    signInRateLimitPerMinute: c.SIGN_IN_RATE_LIMIT_PER_MINUTE,
    signInFailureFloorMs: c.SIGN_IN_FAILURE_FLOOR_MS,
    trustProxy: c.TRUST_PROXY,
    cookieSecure: c.COOKIE_SECURE ?? c.NODE_ENV === 'production',
    runJobs: c.RUN_JOBS,
    jobIntervalSeconds: c.JOB_INTERVAL_SECONDS,
    shutdownDrainMs: c.SHUTDOWN_DRAIN_MS,
    logLevel: c.LOG_LEVEL,
    smtpUrl: c.SMTP_URL,
    mailFrom: c.MAIL_FROM,
    bodyLimitBytes: c.BODY_LIMIT_BYTES,
    mfaRequiredFor: c.MFA_REQUIRED_FOR ?? (c.NODE_ENV === 'production' ? 'admins' : 'none'),
    migrationDatabaseUrl: c.MIGRATION_DATABASE_URL,
    oidc: c.OIDC_ISSUER_URL && c.OIDC_CLIENT_ID && c.OIDC_CLIENT_SECRET ? { issuerUrl: c.OIDC_ISSUER_URL, clientId: c.OIDC_CLIENT_ID, clientSecret: c.OIDC_CLIENT_SECRET, buttonText: c.OIDC_BUTTON_TEXT } : undefined,
    localPasswords: c.LOCAL_PASSWORDS === 'true',
    passwordHashCost: c.PASSWORD_HASH_COST,
    pgliteSharedBuffers: c.PGLITE_SHARED_BUFFERS,
    benchBareRoutes: c.BENCH_BARE_ROUTES,
    publicUrl: (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/+$/, ''),
  };
}

export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  // No failure floor and a per-address allowance far above any one test file's sign-ins (every
  // inject comes from 127.0.0.1): hundreds of sign-ins run in the suite. The tests of the limit
  // and the floor set their own (src/platform/auth/sign-in-limits.test.ts, api-auth.test.ts).
  // Password hashes at the test cost (PASSWORD_HASH_COST=full in the environment measures the
  // suite at the production cost: docs/performance.md).
  return { ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', RUN_JOBS: 'false', PASSWORD_HASH_COST: process.env.PASSWORD_HASH_COST === 'full' ? 'full' : 'test', SIGN_IN_FAILURE_FLOOR_MS: '0', SIGN_IN_RATE_LIMIT_PER_MINUTE: '1000' }), ...overrides };
}
