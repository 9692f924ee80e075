import { z } from 'zod';
import { checkboxList, choice, decimal, flag, instant, int, optionalDate, optionalText, optionalUuid, text, uuid, version } from '../../platform/http/fields.js';
import { CLAIM_STATUSES, FEE_TYPES, SPECIALISMS } from './doctors.js';
import type { SlotCommand } from './doctors-service.js';

// One schema serves the JSON API and the HTML form: checkbox lists accept one value or many,
// languages a list or a comma-separated line, flags true/false or a ticked box.

const languages = z
  .preprocess((value) => (typeof value === 'string' ? value.split(',') : value ?? []), z.array(z.string().max(60, 'Each language must be 60 characters or fewer')).max(20, 'List 20 languages or fewer'))
  .transform((list) => list.map((l) => l.trim()).filter((l) => l !== ''))
  .meta({ type: 'array', items: { type: 'string' } });

const doctorFields = {
  name: text('the doctor’s name', 200),
  gmcNumber: z.string({ error: 'Enter the GMC number: 7 digits' }).trim().regex(/^\d{7}$/, 'Enter the GMC number: 7 digits'),
  s12ApprovedFrom: optionalDate('the date the section 12 approval began'),
  s12ApprovedUntil: optionalDate('the date the section 12 approval ends'),
  approvedClinician: flag.optional().meta({ description: 'Leave out for no' }),
  specialisms: checkboxList(choice(SPECIALISMS, 'Choose specialisms from the list')).optional(),
  languages,
  areas: checkboxList(uuid('Choose the areas from the list of councils')).optional(),
  phone: text('a phone number', 40),
  email: z.email({ error: 'Enter an e-mail address, like name@example.org' }).max(200),
  base: optionalText(200, 'The base').transform((v) => v ?? ''),
  notes: optionalText(2000, 'The notes').transform((v) => v ?? ''),
  personId: optionalUuid('Choose a person with the Section 12 doctor role').transform((v) => v ?? null),
};

/** Unticked boxes and empty lists may be left out. */
const filled = <T extends { approvedClinician?: boolean | undefined; specialisms?: string[] | undefined; areas?: string[] | undefined }>(b: T) => ({ ...b, approvedClinician: b.approvedClinician ?? false, specialisms: b.specialisms ?? [], areas: b.areas ?? [] });
export const doctorBody = z.object(doctorFields).transform(filled);
export const doctorUpdateBody = z.object({ ...doctorFields, active: flag.optional().meta({ description: 'Leave out to keep it as it is' }), version }).transform(filled);
/** The page's form: an unticked "in the directory" box is absent, so it is read as false. */
export const doctorUpdateForm = z.object({ ...doctorFields, active: flag, version }).transform(filled);

const time = (label: string) => z.string({ error: `Enter ${label} as HH:MM` }).regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, `Enter ${label} as HH:MM, for example 09:00`);
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export const slotBody = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('weekly'), weekday: int('the day of the week (1 Monday to 7 Sunday)', 1, 7), startTime: time('the start time'), endTime: time('the end time') }),
    z.object({ kind: z.literal('one_off'), startsAt: instant('when the slot starts'), endsAt: instant('when the slot ends') }),
    z.object({ kind: z.literal('now'), hours: int('how many hours', 1, 24) }),
  ], { error: () => 'Choose the kind of slot: weekly, one_off or now' })
  .transform((b): SlotCommand => (b.kind === 'weekly' ? { kind: 'weekly', weekday: b.weekday, startMinute: minutes(b.startTime), endMinute: minutes(b.endTime) } : b));

export const finderQuery = z.object({ at: instant('when the doctor is needed').optional() });
export const referralParams = z.object({ referralId: uuid() });
export const slotParams = z.object({ slotId: uuid() });

export const inviteBody = z.object({
  doctorId: uuid('Choose a doctor from the list'),
  neededAt: instant('when the doctor is needed'),
  message: optionalText(1000, 'The message'),
});

export const answerBody = z.object({ answer: choice(['accept', 'decline'] as const, 'Say whether you accept or decline'), note: optionalText(1000, 'The note'), version });

export const claimBody = z.object({
  referralId: uuid('Choose the assessment you are claiming for'),
  feeType: choice(FEE_TYPES, 'Choose the fee you are claiming'),
  miles: decimal('the miles travelled', 0, 2000),
});
export const resubmitBody = z.object({ feeType: choice(FEE_TYPES, 'Choose the fee you are claiming'), miles: decimal('the miles travelled', 0, 2000), version });
export const decisionBody = z.object({ decision: choice(['approve', 'reject'] as const, 'Choose approve or reject'), reason: optionalText(2000, 'The reason'), version });
export const claimsQuery = z.object({ status: z.enum(CLAIM_STATUSES, { error: () => 'Choose a status from the list' }).optional() });
export const settingsBody = z.object({
  assessmentFeePence: int('the assessment fee in pence', 0, 1_000_000),
  notPossibleFeePence: int('the "not possible" fee in pence', 0, 1_000_000),
  mileagePencePerMile: int('the mileage rate in pence a mile', 0, 1000),
  cycleDays: int('the days in a payment cycle', 7, 31),
  cycleAnchor: z.string({ error: 'Enter the first day of a cycle as YYYY-MM-DD' }).regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter the first day of a cycle as YYYY-MM-DD'),
  version: int('the version you last read', 0),
});

// ── Resources ──────────────────────────────────────────────────────────────────────────────────

const slotResource = z.object({ id: z.string(), kind: z.enum(['weekly', 'one_off', 'now']), weekday: z.number().int().nullable(), startMinute: z.number().int().nullable(), endMinute: z.number().int().nullable(), startsAt: z.date().nullable(), endsAt: z.date().nullable() });
export const doctorResource = z.object({
  id: z.string(),
  personId: z.string().nullable(),
  name: z.string(),
  gmcNumber: z.string(),
  s12ApprovedFrom: z.string().nullable(),
  s12ApprovedUntil: z.string().nullable(),
  approval: z.object({ state: z.enum(['approved', 'expiring', 'lapsed', 'not_approved']), daysLeft: z.number().int().nullable() }),
  approvedClinician: z.boolean(),
  specialisms: z.array(z.string()),
  languages: z.array(z.string()),
  areas: z.array(z.string()),
  phone: z.string(),
  email: z.string(),
  base: z.string(),
  notes: z.string(),
  active: z.boolean(),
  slots: z.array(slotResource),
  version: z.number().int(),
});
export const doctorsResource = z.object({ doctors: z.array(doctorResource) });
export const versionsResource = z.object({ versions: z.array(z.object({ version: z.number().int(), savedAt: z.date(), savedByName: z.string().nullable(), snapshot: z.record(z.string(), z.unknown()) })) });
export const invitationResource = z.object({
  id: z.string(),
  doctorId: z.string(),
  doctorName: z.string().optional(),
  referralId: z.string(),
  referralReference: z.string(),
  neededAt: z.date(),
  message: z.string(),
  invitedAt: z.date(),
  status: z.enum(['invited', 'accepted', 'declined']),
  respondedAt: z.date().nullable(),
  responseNote: z.string(),
  version: z.number().int(),
});
export const invitationsResource = z.object({ invitations: z.array(invitationResource) });
const matchResource = z.object({ available: z.boolean(), specialisms: z.array(z.string()), language: z.boolean(), area: z.boolean(), acquaintance: z.boolean(), score: z.number().int(), reasons: z.array(z.string()) });
export const finderResource = z.object({
  referralId: z.string(),
  reference: z.string(),
  at: z.date(),
  offered: z.array(z.object({ doctor: doctorResource, match: matchResource })),
  notOffered: z.array(z.object({ doctor: doctorResource, reason: z.string() })),
  invitations: z.array(invitationResource),
});
export const claimResource = z.object({
  id: z.string(),
  doctorId: z.string(),
  doctorName: z.string(),
  gmcNumber: z.string(),
  referralId: z.string(),
  referralReference: z.string(),
  assessmentDate: z.string(),
  feeType: z.enum(FEE_TYPES),
  miles: z.coerce.number(),
  feePence: z.number().int(),
  mileagePence: z.number().int(),
  totalPence: z.number().int(),
  status: z.enum(CLAIM_STATUSES),
  submittedAt: z.date(),
  decidedAt: z.date().nullable(),
  decidedByName: z.string().nullable(),
  decisionReason: z.string(),
  batchId: z.string().nullable(),
  version: z.number().int(),
});
export const claimsResource = z.object({ claims: z.array(claimResource) });
export const batchResource = z.object({ id: z.string(), periodFrom: z.string(), periodTo: z.string(), createdAt: z.date(), claimCount: z.number().int(), totalPence: z.number().int() });
export const batchesResource = z.object({ batches: z.array(batchResource) });
export const settingsResource = z.object({ assessmentFeePence: z.number().int(), notPossibleFeePence: z.number().int(), mileagePencePerMile: z.number().int(), cycleDays: z.number().int(), cycleAnchor: z.string(), version: z.number().int() });
