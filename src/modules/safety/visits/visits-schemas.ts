import { z } from 'zod';
import { checkboxList, choice, dateTimeInput, instant, optionalText, text } from '../../../platform/http/fields.js';
import type { CheckInCommand, ExtendVisitCommand, StartVisitCommand } from './visits-service.js';
import { type Companion, type CompanionKind, COMPANION_KIND_LABELS, VISIT_MESSAGES, isPlausibleUkPhone } from './visit.js';

export const COMPANION_KINDS = Object.keys(COMPANION_KIND_LABELS) as [CompanionKind, ...CompanionKind[]];

const phone = text('the phone number you are carrying', 30).refine(isPlausibleUkPhone, VISIT_MESSAGES.phoneInvalid);
const referral = optionalText(64, 'The referral').meta({ description: 'The referral this is for: its id or its reference (e.g. AMHP-2026-00042). Linked when the referrals module knows it; otherwise kept as typed.' });

// ---- Going out ------------------------------------------------------------------------------

const NAME_FIELD: Partial<Record<CompanionKind, string>> = { colleague: 'colleagueName', other_professional: 'otherProfessionalName' };

/**
 * The phone form: `with` is the "who is going with you?" checkboxes, including `alone`; names
 * come from the fields revealed under the colleague / other professional boxes. The expected
 * finish is a 24-hour time box plus a GOV.UK date input (prefilled with today).
 */
export const visitForm = z
  .object({
    place: text('where you are going', 200),
    referralId: referral,
    with: checkboxList(z.enum([...COMPANION_KINDS, 'alone'], { error: () => 'Choose who is going with you' })),
    colleagueName: optionalText(120, 'The name'),
    otherProfessionalName: optionalText(120, 'The name'),
    policeDetail: optionalText(120),
    ambulanceDetail: optionalText(120),
    aloneReason: optionalText(500, 'The reason'),
    phone,
    expectedFinishAt: dateTimeInput('the expected finish'),
  })
  // Who goes with the AMHP is checked even when other fields are wrong, so every problem shows at once.
  .superRefine(
    (raw, ctx) => {
      const form = raw as { with?: unknown; colleagueName?: unknown; otherProfessionalName?: unknown; aloneReason?: unknown };
      const chosen: unknown[] = Array.isArray(form.with) ? form.with : form.with ? [form.with] : [];
      const filled = (value: unknown) => typeof value === 'string' && value.trim() !== '';
      const companions = chosen.filter((c) => c !== 'alone');
      const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', message, path: [path] });
      if (chosen.length === 0) issue('with', 'Choose who is going with you, or that you are going alone');
      else if (chosen.includes('alone') && companions.length > 0) issue('with', VISIT_MESSAGES.aloneWithCompanions);
      else if (chosen.includes('alone') && !filled(form.aloneReason)) issue('aloneReason', VISIT_MESSAGES.aloneReasonRequired);
      for (const kind of companions) {
        const field = NAME_FIELD[kind as CompanionKind];
        if (field && !filled(form[field as keyof typeof form])) issue(field, VISIT_MESSAGES.companionNameRequired);
      }
    },
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
  )
  .transform((form): StartVisitCommand => {
    const details: Record<CompanionKind, string | undefined> = {
      colleague: form.colleagueName,
      other_professional: form.otherProfessionalName,
      police: form.policeDetail,
      ambulance: form.ambulanceDetail,
    };
    const companions: Companion[] = COMPANION_KINDS.filter((kind) => form.with.includes(kind)).map((kind) => ({ kind, name: details[kind] ?? null }));
    return {
      place: form.place,
      referral: form.referralId,
      companions,
      aloneReason: form.with.includes('alone') ? form.aloneReason : undefined,
      phone: form.phone,
      expectedFinishAt: form.expectedFinishAt,
    };
  });

const companion = z.object({
  kind: choice(COMPANION_KINDS, 'Choose who the companion is'),
  name: optionalText(120, 'The name').meta({ description: 'Required for a colleague or another professional' }),
});

export const visitBody = z
  .object({
    place: text('where you are going', 200),
    referralId: referral,
    companions: z.array(companion).max(10, 'At most 10 companions').optional().meta({ description: 'Who goes with the AMHP; none means going alone, which needs aloneReason' }),
    aloneReason: optionalText(500, 'The reason').meta({ description: 'Why the AMHP is going alone: required when there are no companions' }),
    phone,
    expectedFinishAt: instant('the expected finish'),
  })
  .transform(
    (body): StartVisitCommand => ({
      place: body.place,
      referral: body.referralId,
      companions: (body.companions ?? []).map((c) => ({ kind: c.kind, name: c.name ?? null })),
      aloneReason: body.aloneReason,
      phone: body.phone,
      expectedFinishAt: body.expectedFinishAt,
    }),
  );

// ---- Check-ins, extensions, alarms ----------------------------------------------------------

/** Finishing or asking for help. `code` is only ever compared with the stored hashes; never echoed. */
export const checkInBody = z
  .object({
    action: choice(['safe', 'home', 'help'], 'Choose how you are checking in'),
    code: z.string({ error: 'Enter the code as text' }).max(32, 'Check-in code not recognised. Try again').optional().meta({ description: 'Your check-in code (or duress code) when you have set codes; not needed for help' }),
  })
  .transform((body): CheckInCommand => ({ action: body.action, code: body.code }));

export const extendForm = z.object({
  newExpectedFinishAt: dateTimeInput('the new expected finish'),
  reason: text('why the visit is running on', 500),
}) satisfies z.ZodType<ExtendVisitCommand>;

export const extendBody = z.object({
  newExpectedFinishAt: instant('the new expected finish'),
  reason: text('why the visit is running on', 500),
}) satisfies z.ZodType<ExtendVisitCommand>;

export const resolveBody = z.object({ note: text('how the AMHP was confirmed safe', 1000) });

// ---- Codes ----------------------------------------------------------------------------------

const code = (label: string) => z.string({ error: `Enter ${label}` }).max(32, `${label[0]!.toUpperCase()}${label.slice(1)} must be 4 to 8 digits`);

export const codesBody = z.object({
  checkinCode: code('your check-in code'),
  checkinConfirmation: code('your check-in code again'),
  duressCode: code('your duress code'),
  duressConfirmation: code('your duress code again'),
});

/** The codes page: set both codes, or (remove=yes) stop using them. */
export const codesForm = z.object({
  remove: z.literal('yes').optional(),
  checkinCode: code('your check-in code').default(''),
  checkinConfirmation: code('your check-in code again').default(''),
  duressCode: code('your duress code').default(''),
  duressConfirmation: code('your duress code again').default(''),
});

// ---- Resources (responses) ------------------------------------------------------------------

const companionResource = z.object({ kind: z.enum(COMPANION_KINDS), name: z.string().nullable() });
const extensionResource = z.object({ at: z.date(), by: z.string(), from: z.date(), to: z.date(), reason: z.string() });

/** A visit as the AMHP sees it: never a duress alarm, and no version (see visits-service.ts). */
export const ownVisitResource = z.object({
  id: z.string(),
  place: z.string(),
  referralId: z.string().nullable(),
  referralReference: z.string().nullable(),
  companions: z.array(companionResource),
  aloneReason: z.string().nullable(),
  phone: z.string(),
  startedAt: z.date(),
  expectedFinishAt: z.date(),
  status: z.enum(['out', 'help_requested', 'finished_safe', 'finished_home']),
  extensions: z.array(extensionResource),
  helpRequestedAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
});

/** A visit as the people watching over AMHPs see it. */
export const visitResource = z.object({
  id: z.string(),
  amhpId: z.string(),
  amhpName: z.string(),
  teamId: z.string().nullable(),
  place: z.string(),
  referralId: z.string().nullable(),
  referralReference: z.string().nullable(),
  companions: z.array(companionResource),
  aloneReason: z.string().nullable(),
  phone: z.string(),
  startedAt: z.date(),
  expectedFinishAt: z.date(),
  status: z.enum(['out', 'help_requested', 'duress', 'finished_safe', 'finished_home']),
  extensions: z.array(extensionResource),
  helpRequestedAt: z.date().nullable(),
  duressAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
  reportedFinish: z.enum(['safe', 'home']).nullable(),
  alarmResolution: z.object({ by: z.string(), at: z.date(), note: z.string() }).nullable(),
  version: z.number().int(),
});

export const trailResource = z.object({ at: z.date(), kind: z.string(), by: z.string().nullable(), byName: z.string().nullable(), text: z.string() });

export const boardRowResource = z.object({
  visitId: z.string(),
  amhpId: z.string(),
  amhpName: z.string(),
  place: z.string(),
  companions: z.array(companionResource),
  alone: z.boolean(),
  aloneReason: z.string().nullable(),
  referralId: z.string().nullable(),
  referralReference: z.string().nullable(),
  phone: z.string(),
  expectedFinishAt: z.date(),
  minutesRemaining: z.number().int(),
  alert: z.enum(['duress', 'help_requested', 'overdue']).nullable(),
});

export const codesResource = z.object({ set: z.boolean(), version: z.number().int().nullable(), updatedAt: z.date().nullable() });
