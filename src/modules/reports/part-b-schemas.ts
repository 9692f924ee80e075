import { z } from 'zod';
import { choice, INT32_MAX, month, optionalUuid } from '../../platform/http/fields.js';
import { AGE_BANDS, ETHNIC_GROUPS, SEX_GROUPS } from './disparity/disparity.js';
import { SHEET_FORMATS } from './returns/sheet.js';

const blank = (v: unknown) => (v === '' ? undefined : v);
const optionalMonth = (label: string) => z.preprocess(blank, month(label).optional()).meta({ type: 'string', description: `${label} (YYYY-MM); the last 12 complete months when left out` });
const codes = <T extends ReadonlyArray<{ code: string }>>(groups: T) => groups.map((g) => g.code) as [string, ...string[]];

export const periodQuery = z.object({
  from: optionalMonth('the first month'),
  to: optionalMonth('the last month'),
  lssa: z.preprocess(blank, optionalUuid('Choose an LSSA from the list')).meta({ description: 'One LSSA (an organisation id); every LSSA when left out' }),
});

export const disparityQuery = periodQuery.extend({
  reference_ethnicity: z.preprocess(blank, choice(codes(ETHNIC_GROUPS), 'Choose an ethnic group from the list').optional()).meta({ description: 'The reference ethnic group (NHS code); A (White British) when left out' }),
  reference_sex: z.preprocess(blank, choice(codes(SEX_GROUPS), 'Choose female or male').optional()),
  reference_age: z.preprocess(blank, choice(codes(AGE_BANDS), 'Choose an age band from the list').optional()),
});

export const formatQuery = periodQuery.extend({ format: z.preprocess(blank, choice(SHEET_FORMATS, 'Choose csv or xlsx').default('csv')) });

export const denominatorsBody = z.object({
  content: z.string({ error: 'Give the CSV text' }).min(1, 'Give the CSV text').max(2_000_000, 'The file is too large (2 MB at most)').meta({ description: 'The CSV file as text: lssa,dimension,group,population' }),
});
export const denominatorsConfirmBody = denominatorsBody.extend({
  sha256: z.string({ error: 'Give the SHA-256 of the checked file' }).regex(/^[0-9a-f]{64}$/, 'Give the SHA-256 the check returned').meta({ description: 'The sha256 the dry run returned: only the file checked is imported' }),
});

const problem = z.object({ row: z.number().int().nullable(), column: z.string().nullable(), message: z.string() });
export const denominatorCheckResource = z.object({
  sha256: z.string(),
  rows: z.number().int(),
  byLssa: z.array(z.object({ lssa: z.string(), dimension: z.string(), groups: z.number().int(), population: z.number() })),
  problems: z.array(problem),
  canConfirm: z.boolean(),
});

const ratio = z.object({ ratio: z.number(), lower: z.number(), upper: z.number() }).nullable();
const periodResource = z.object({ from: z.string(), to: z.string(), months: z.number().int(), label: z.string() });
export const disparityResource = z.object({
  period: periodResource,
  lssa: z.object({ id: z.string(), name: z.string() }).nullable(),
  rule: z.string(),
  populationLoaded: z.boolean(),
  tables: z.array(
    z.object({
      dimension: z.string(),
      label: z.string(),
      reference: z.string(),
      rows: z.array(
        z.object({
          group: z.string(),
          label: z.string(),
          population: z.number().nullable(),
          assessmentsShown: z.string().meta({ description: 'The count, or * for 1–7 (suppressed)' }),
          detentionsShown: z.string(),
          assessmentRate: z.number().nullable().meta({ description: 'Per 100,000 population; null when suppressed or without a population' }),
          detentionRate: z.number().nullable(),
          assessmentRatio: ratio,
          detentionRatio: ratio,
          isReference: z.boolean(),
          note: z.string().nullable(),
        }),
      ),
      unassigned: z.object({ assessments: z.string(), detentions: z.string() }),
    }),
  ),
});

export const workforceResource = z.object({
  period: periodResource,
  hours: z.array(z.object({ hour: z.number().int(), label: z.string(), demandPerDay: z.number(), coverPerDay: z.number(), demandPerAmhp: z.number().nullable(), gap: z.boolean() })),
  gapHours: z.array(z.string()),
  load: z.object({ rows: z.array(z.object({ personId: z.string(), name: z.string(), assessments: z.number().int() })).meta({ description: 'Empty for governance viewers (aggregates only)' }), total: z.number().int(), amhps: z.number().int(), mean: z.number().nullable(), median: z.number().nullable() }),
  projection: z.array(z.object({ year: z.number().int(), asOf: z.string(), approvalsEnding: z.number().int(), reapprovalsExpected: z.number().int(), leavers: z.number().int(), newlyApproved: z.number().int(), approved: z.number().int(), target: z.number().int().nullable(), gap: z.number().int().nullable() })),
  leaversLastYear: z.number().int(),
  traineesInPipeline: z.number().int(),
  settings: z.object({ target: z.number().int().nullable(), reapprovalRate: z.number(), traineeCompletionRate: z.number() }),
  settingsVersion: z.number().int(),
});

const percent = (label: string) =>
  z.preprocess((v) => (v === '' || v === undefined ? undefined : typeof v === 'string' ? Number(v) : v), z.number({ error: `Enter ${label} as a percentage from 0 to 100` }).min(0, `${label} must be 0 or more`).max(100, `${label} must be 100 or less`));

export const targetBody = z.object({
  target: z.preprocess((v) => (v === '' || v === null ? null : typeof v === 'string' ? Number(v) : v), z.number({ error: 'Enter the number of approved AMHPs as a whole number' }).int('Enter a whole number').min(0, 'The number cannot be negative').max(10_000, 'Enter 10,000 or fewer').nullable()).meta({ type: ['integer', 'null'], description: 'The number of approved AMHPs the service needs; blank or null for none' }),
  reapprovalPercent: percent('The re-approval rate'),
  traineeCompletionPercent: percent('The trainee completion rate'),
  version: z.preprocess((v) => (typeof v === 'string' ? Number(v) : v), z.number().int().min(0, 'Give the version you last read').max(INT32_MAX, 'Give the version you last read')),
});

export const s136ReferenceBody = z.object({
  referral: z.string({ error: 'Give the referral reference' }).trim().min(1, 'Give the referral reference').max(64, 'The referral reference is at most 64 characters'),
  policeReference: z.string({ error: 'Give the police reference (it may be blank when the place of safety reference is given)' }).trim().max(100, 'The police reference is at most 100 characters').meta({ description: 'The police incident or custody reference; blank when only the place of safety reference is known' }),
  placeOfSafetyReference: z.string().trim().max(100, 'The place of safety reference is at most 100 characters').optional(),
});
export const s136ReferenceResource = z.object({ referralId: z.string(), referralReference: z.string(), policeReference: z.string(), placeOfSafetyReference: z.string() });

export const sendingBody = z.object({
  enabled: z.preprocess((v) => (v === undefined ? undefined : v === true || v === 'yes' || v === 'true'), z.boolean().optional()).meta({ type: 'boolean', description: 'Send the reports by themselves; off when left out (an unticked box)' }),
  sendAs: z.preprocess(blank, optionalUuid('Choose who the reports are sent on behalf of')),
  sitrepRecipients: z.string().max(5000, 'The list is too long').default(''),
  monthlyRecipients: z.string().max(5000, 'The list is too long').default(''),
  version: z.preprocess((v) => (typeof v === 'string' ? Number(v) : v), z.number().int().min(0, 'Give the version you last read').max(INT32_MAX, 'Give the version you last read')),
});

export const sendsResource = z.object({
  settings: z.object({ enabled: z.boolean(), sendAs: z.string().nullable(), sitrepRecipients: z.array(z.string()), monthlyRecipients: z.array(z.string()) }),
  version: z.number().int(),
  sends: z.array(z.object({ id: z.string(), kind: z.string(), kindLabel: z.string(), period: z.string(), recipient: z.string(), subject: z.string(), sentAt: z.date() })),
});
