// npm run create-admin: the first administrator of a new installation (issue 19). Run on the
// server with the same environment as the app (DATABASE_URL for PostgreSQL, otherwise the
// embedded database in DATA_DIR — stop the app first there, it holds the directory's lock).
//   npm run create-admin                                     asks for name and e-mail
//   npm run create-admin -- --name "Ann Example" --email ann@council.gov.uk [--organisation "…"] [--organisation-kind lssa]
// Prints a one-time code, once; it must be changed at first sign-in. Refused (exit 3) once an
// active administrator exists. In production it runs from dist/ (scripts/create-admin.mjs).
import { createInterface } from 'node:readline/promises';
import { ConfigError, loadConfig } from '../config.js';
import { openConfiguredDatabase } from '../bootstrap.js';
import { migrate } from '../db/database.js';
import { systemClock } from '../platform/clock.js';
import { DataDirLockedError } from '../platform/data-dir-lock.js';
import { ValidationError } from '../platform/errors.js';
import { createServices } from '../services.js';
import { AdministratorExistsError } from '../modules/staff/staff-service.js';
import { createFirstAdministrator, firstAdministratorInput, parseCreateAdminArguments } from '../modules/setup/first-administrator.js';

const HELP = `Create the first administrator of AMHP Hub.

  npm run create-admin
  npm run create-admin -- --name "Ann Example" --email ann@council.gov.uk
                          [--organisation "Example Council"] [--organisation-kind lssa|nhs_trust|other]

The organisation is the administrator's employer (default: OPERATOR_NAME). A one-time code is
printed once; sign in with it and choose a password. Refused once an administrator exists.`;

async function ask(question: string, fallback?: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = (await rl.question(fallback ? `${question} [${fallback}]: ` : `${question}: `)).trim();
    return answer || fallback || '';
  } finally {
    rl.close();
  }
}

async function main(): Promise<number> {
  const args = parseCreateAdminArguments(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const config = loadConfig();
  const interactive = process.stdin.isTTY === true;
  if ((!args.name || !args.email) && !interactive) {
    process.stderr.write('Give --name and --email (there is no terminal to ask on). See --help.\n');
    return 2;
  }
  const raw = {
    name: args.name ?? (await ask('Full name of the administrator')),
    email: args.email ?? (await ask('Their e-mail address (they sign in with it)')),
    organisation: args.organisation ?? (interactive && !args.name ? await ask('Their employing organisation', config.operatorName) : config.operatorName),
    organisationKind: args.organisationKind ?? 'lssa',
  };
  const input = firstAdministratorInput.safeParse(raw);
  if (!input.success) {
    process.stderr.write(`${input.error.issues.map((issue) => issue.message).join('\n')}\n`);
    return 2;
  }

  const { database, releaseLock } = await openConfiguredDatabase(config);
  try {
    await migrate(database);
    const services = createServices({ config, database, clock: systemClock });
    await services.calendar.seedShippedHolidays();
    const created = await createFirstAdministrator(services.staff, input.data);
    process.stdout.write(
      [
        '',
        `The first administrator is ready: ${created.email}`,
        '',
        `  One-time code:  ${created.oneTimeCode}`,
        '',
        'Sign in with this e-mail address and code; you will be asked to choose a password at once.',
        'The code is shown only this once and is not stored anywhere readable. Start the app if it is not running.',
        '',
      ].join('\n'),
    );
    return 0;
  } finally {
    await database.close().catch(() => undefined);
    releaseLock();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof AdministratorExistsError) {
      process.stderr.write(`\nRefused: ${error.message}\n\n`);
      process.exit(3);
    }
    if (error instanceof ValidationError || error instanceof DataDirLockedError || error instanceof ConfigError) {
      const detail = error instanceof ValidationError ? error.fieldErrors.map((f) => f.message).join('\n') : error.message;
      process.stderr.write(`\n${detail}\n\n`);
      process.exit(2);
    }
    process.stderr.write(`create-admin failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
