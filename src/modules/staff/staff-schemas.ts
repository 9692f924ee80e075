import { z } from 'zod';
import { checkboxList, formText } from '../../platform/http/forms.js';
import { ROLES } from '../../platform/roles.js';

const uuid = (message: string) => z.string({ error: message }).uuid(message);
const optionalUuid = z
  .string()
  .optional()
  .transform((value) => (value ? value : null))
  .pipe(z.string().uuid('Choose from the list').nullable());

export const personSchema = z.object({
  name: formText('the person’s full name', 120),
  email: z.string({ error: 'Enter an email address' }).trim().min(1, 'Enter an email address').max(200).email('Enter an email address in the correct format, like name@example.org'),
  jobTitle: z.string().trim().max(120, 'Job title must be 120 characters or fewer').default(''),
  phone: z
    .string()
    .trim()
    .max(30, 'Phone number must be 30 characters or fewer')
    .regex(/^[0-9 +()-]*$/, 'Enter a phone number using digits, spaces and + ( ) - only')
    .default(''),
  employingOrganisationId: uuid('Choose the employing organisation'),
  teamId: optionalUuid,
  lineManagerId: optionalUuid,
  approvalExpiresOn: z
    .string()
    .optional()
    .transform((value) => (value ? value : null))
    .pipe(z.iso.date('Enter a real date for the approval expiry').nullable()),
  roles: checkboxList(z.enum(ROLES, { error: 'Choose a role from the list' })).pipe(z.array(z.enum(ROLES)).min(1, 'Choose at least one role')),
});
export type PersonInput = z.output<typeof personSchema>;

export const personUpdateSchema = personSchema.extend({
  version: z.coerce.number({ error: 'The form is missing its version: reload the page' }).int().min(1),
});

export const deactivateSchema = z.object({
  reason: formText('the reason for deactivating this account', 500),
  version: z.coerce.number().int().min(1),
});

export const organisationSchema = z.object({
  name: formText('the organisation name', 120),
  shortName: formText('a short name', 40),
  kind: z.enum(['lssa', 'nhs_trust', 'other'], { error: 'Choose the kind of organisation' }),
});

export const teamSchema = z.object({
  name: formText('the team name', 120),
  kind: z.enum(['daytime', 'edt', 'other'], { error: 'Choose the kind of team' }),
  organisationId: uuid('Choose the organisation the team belongs to'),
});

export const peopleFilterSchema = z.object({
  q: z.string().trim().max(100).optional(),
  role: z.enum(ROLES).optional().catch(undefined),
  organisationId: z.string().uuid().optional().catch(undefined),
  status: z.enum(['active', 'inactive', 'all']).default('active').catch('active'),
});
export type PeopleFilter = z.output<typeof peopleFilterSchema>;
