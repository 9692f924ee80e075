import { randomInt } from 'node:crypto';
import { z } from 'zod';
import { ORGANISATION_KINDS, type OrganisationKind } from '../staff/staff-schemas.js';
import type { FirstAdministratorCommand, StaffService } from '../staff/staff-service.js';

// The one way into a new installation: `npm run create-admin` (src/cli/create-admin.ts) asks
// for a name and an e-mail address, makes the first administrator with a one-time code, and
// prints the code once. The code must be changed at first sign-in; the command refuses once an
// active administrator exists. Nothing here is logged: the code is shown to the operator only.

/** No 0/O, 1/l/I: the code is read off a terminal and typed in. */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A one-time code: four groups of five (about 98 bits), e.g. `k7m2x-p9tzq-4hwna-c8rve`. */
export function newOneTimeCode(): string {
  const group = () => Array.from({ length: 5 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return [group(), group(), group(), group()].join('-');
}

export const firstAdministratorInput = z.object({
  name: z.string({ error: 'Give the administrator’s full name (--name)' }).trim().min(1, 'Give the administrator’s full name (--name)').max(200, 'The name must be 200 characters or fewer'),
  email: z
    .string({ error: 'Give the administrator’s e-mail address (--email)' })
    .trim()
    .min(1, 'Give the administrator’s e-mail address (--email)')
    .max(200, 'The e-mail address must be 200 characters or fewer')
    .pipe(z.email({ error: 'The e-mail address is not in the right format, like name@council.gov.uk' })),
  organisation: z.string().trim().min(1, 'Give the employing organisation (--organisation)').max(200, 'The organisation’s name must be 200 characters or fewer'),
  organisationKind: z.enum(ORGANISATION_KINDS, { error: `--organisation-kind is one of ${ORGANISATION_KINDS.join(', ')}` }),
});
export type FirstAdministratorInput = z.output<typeof firstAdministratorInput>;

export interface ParsedArguments {
  name?: string;
  email?: string;
  organisation?: string;
  organisationKind?: string;
  help: boolean;
}

/** `--name "Ann Example" --email ann@council.gov.uk [--organisation …] [--organisation-kind lssa]` (also `--name=…`). */
export function parseCreateAdminArguments(argv: readonly string[]): ParsedArguments {
  const parsed: ParsedArguments = { help: false };
  const keys: Record<string, keyof Omit<ParsedArguments, 'help'>> = { '--name': 'name', '--email': 'email', '--organisation': 'organisation', '--organisation-kind': 'organisationKind' };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      parsed.help = true;
      continue;
    }
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const key = keys[flag];
    if (!key) throw new Error(`Unknown option ${flag}. Options: --name, --email, --organisation, --organisation-kind, --help`);
    const value = inline ?? argv[i + 1];
    if (inline === undefined) i += 1;
    if (value === undefined || value.startsWith('--')) throw new Error(`${flag} needs a value`);
    parsed[key] = value;
  }
  return parsed;
}

export interface CreatedAdministrator {
  personId: string;
  organisationId: string;
  email: string;
  oneTimeCode: string;
}

/** Makes the first administrator with a fresh one-time code (refused once an administrator exists). */
export async function createFirstAdministrator(staff: Pick<StaffService, 'createFirstAdministrator'>, input: FirstAdministratorInput, requestId = 'create-admin'): Promise<CreatedAdministrator> {
  const oneTimeCode = newOneTimeCode();
  const command: FirstAdministratorCommand = { name: input.name, email: input.email, organisationName: input.organisation, organisationKind: input.organisationKind as OrganisationKind };
  const created = await staff.createFirstAdministrator(command, oneTimeCode, requestId);
  return { ...created, email: input.email, oneTimeCode };
}
