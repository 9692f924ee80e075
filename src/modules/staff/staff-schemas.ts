/**
 * What the staff pages and the staff API accept, and what the API returns. Forms send strings
 * (checkboxes as one string or several, blank for "none"); the API sends JSON types. Both produce
 * the same typed commands (staff-service.ts), which the service takes as they are.
 */
import { z } from 'zod';
import { checkboxList, choice, idParams, optionalText, optionalUuid, text, uuid, version } from '../../platform/http/fields.js';
import { ROLES, type Role } from '../../platform/roles.js';

export { idParams };

export const ORGANISATION_KINDS = ['lssa', 'nhs_trust', 'other'] as const;
export const TEAM_KINDS = ['daytime', 'edt', 'other'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];
export type TeamKind = (typeof TEAM_KINDS)[number];

// ── Commands (what the service takes) ───────────────────────────────────────────────────────

/** Who a person is and what they may do. Optional parts left out are blank / none. */
export interface PersonDetails {
  name: string;
  email: string;
  jobTitle?: string | undefined;
  phone?: string | undefined;
  employingOrganisationId: string;
  teamId?: string | null | undefined;
  lineManagerId?: string | null | undefined;
  roles: Role[];
}

export type AddPersonCommand = PersonDetails;

/** A person's details and roles replaced, from the version the editor read. */
export interface UpdatePersonCommand extends PersonDetails {
  version: number;
}

export interface DeactivateCommand {
  reason: string;
  version: number;
}

export interface OrganisationCommand {
  name: string;
  shortName: string;
  kind: OrganisationKind;
}

export interface TeamCommand {
  name: string;
  kind: TeamKind;
  organisationId: string;
}

export interface PeopleFilter {
  q?: string | undefined;
  role?: Role | undefined;
  organisationId?: string | undefined;
  status: 'active' | 'inactive' | 'all';
}

// ── Fields ──────────────────────────────────────────────────────────────────────────────────

const EMAIL_FORMAT = 'Enter an email address in the correct format, like name@example.org';
const email = z
  .string({ error: (issue) => (issue.input === undefined ? 'Enter an email address' : 'The email address must be text') })
  .trim()
  .min(1, 'Enter an email address')
  .max(200, 'The email address must be 200 characters or fewer')
  .pipe(z.email({ error: EMAIL_FORMAT }))
  .meta({ format: 'email' });

const PHONE_FORMAT = 'Enter a phone number using digits, spaces and + ( ) - only';
const phone = z
  .union([z.string(), z.null()], { error: PHONE_FORMAT })
  .optional()
  .transform((value) => value?.trim() ?? '')
  .pipe(z.string().max(30, 'The phone number must be 30 characters or fewer').regex(/^[0-9 +()-]*$/, PHONE_FORMAT))
  .transform((value) => value || undefined)
  .meta({ type: 'string', maxLength: 30 });

const role = choice(ROLES, 'Choose a role from the list');

/** An initial or new password: at least 12 characters (platform/auth/passwords.ts). */
const password = z
  .string({ error: (issue) => (issue.input === undefined ? 'Enter a password' : 'The password must be text') })
  .min(12, 'Passwords must be at least 12 characters long')
  .max(200, 'Passwords must be 200 characters or fewer');
const optionalPassword = z
  .union([z.literal(''), z.null(), password])
  .optional()
  .transform((value) => (value ? value : undefined))
  .meta({ type: 'string', minLength: 12, maxLength: 200 });

const personFields = {
  name: text('the person’s full name', 120),
  email,
  jobTitle: optionalText(120, 'Job title'),
  phone,
  employingOrganisationId: uuid('Choose the employing organisation'),
  teamId: optionalUuid('Choose a team from the list'),
  lineManagerId: optionalUuid('Choose a line manager from the list'),
};

const atLeastOneRole = (roles: Role[]) => roles.length > 0;

// ── Pages (HTML forms) ──────────────────────────────────────────────────────────────────────

export const personForm = z.object({
  ...personFields,
  roles: checkboxList(role).refine(atLeastOneRole, 'Choose at least one role'),
  password: optionalPassword,
});

export const personEditForm = z.object({
  ...personFields,
  roles: checkboxList(role).refine(atLeastOneRole, 'Choose at least one role'),
  version,
});

export const deactivateForm = z.object({
  reason: text('the reason for deactivating this account', 500),
  version,
});

export const versionForm = z.object({ version });

export const passwordForm = z.object({ password });

export const organisationForm = z.object({
  name: text('the organisation name', 120),
  shortName: text('a short name', 40),
  kind: choice(ORGANISATION_KINDS, 'Choose the kind of organisation'),
});

export const teamForm = z.object({
  name: text('the team name', 120),
  kind: choice(TEAM_KINDS, 'Choose the kind of team'),
  organisationId: uuid('Choose the organisation the team belongs to'),
});

export const peopleFilter = z.object({
  q: optionalText(100, 'The search'),
  role: z
    .union([z.literal(''), role])
    .optional()
    .transform((value) => (value ? value : undefined)),
  organisationId: optionalUuid('Choose an employer from the list'),
  status: z
    .union([z.literal(''), choice(['active', 'inactive', 'all'], 'Choose active, inactive or all')])
    .optional()
    .transform((value) => (value ? value : 'active')),
});

// ── API (JSON) ──────────────────────────────────────────────────────────────────────────────

const rolesList = z.array(role, { error: 'Choose at least one role (a list of role codes)' }).min(1, 'Choose at least one role').max(ROLES.length);

export const addPersonBody = z.object({ ...personFields, roles: rolesList, password: optionalPassword });
export const updatePersonBody = z.object({ ...personFields, roles: rolesList, version });
export const deactivateBody = deactivateForm;
export const versionBody = versionForm;
export const passwordBody = passwordForm;
export const organisationBody = organisationForm;
export const teamBody = teamForm;

export const personResource = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  jobTitle: z.string(),
  phone: z.string(),
  active: z.boolean(),
  employingOrganisationId: z.string(),
  organisationName: z.string(),
  teamId: z.string().nullable(),
  teamName: z.string().nullable(),
  lineManagerId: z.string().nullable(),
  lineManagerName: z.string().nullable(),
  deactivatedAt: z.date().nullable(),
  deactivatedReason: z.string().nullable(),
  version: z.number().int(),
  roles: z.array(z.enum(ROLES)),
});

export const organisationResource = z.object({
  id: z.string(),
  name: z.string(),
  shortName: z.string(),
  kind: z.enum(ORGANISATION_KINDS),
  active: z.boolean(),
});

export const teamResource = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(TEAM_KINDS),
  organisationId: z.string(),
  organisationName: z.string(),
});

export const organisationsResource = z.object({ organisations: z.array(organisationResource), teams: z.array(teamResource) });
