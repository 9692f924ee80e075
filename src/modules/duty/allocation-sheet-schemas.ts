import { z } from 'zod';
import { checkboxList, choice, date, int, optionalText, optionalUuid, text, uuid, version } from '../../platform/http/fields.js';
import type { AllocationDecision, Attendee, AttendeeRole } from './allocation-sheet.js';

// The allocation sheet's commands, and the schemas that make them from the page's forms (one
// per referral card) or from the API.

export const ATTENDEE_ROLES = ['amhp-lead', 'amhp', 'support', 'operational-manager', 'lead-amhp', 'line-manager', 'edt', 'candidate', 'admin'] as const satisfies readonly AttendeeRole[];

export interface AttendanceCommand {
  attendees: Attendee[];
  /** "Challenges or support required by AMHPs"; undefined leaves it as it is, null clears it. */
  challenges: string | null | undefined;
  version: number;
}

export interface DecisionCommand {
  referralId: string;
  decision: AllocationDecision;
  plan: string | null;
  version: number;
  /** The referral's version as the Lead read it; the allocation is refused if it moved on. */
  referralVersion: number | undefined;
}

export interface AmendCommand {
  referralId: string;
  decision: AllocationDecision;
  reason: string;
  version: number;
  referralVersion: number | undefined;
}

export const sheetParams = z.object({ date: date('the date of the sheet') });

const sectionPage = z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).max(100_000).optional());
/** Which page of each long section the page shows (SHEET_SECTION_PAGE_SIZE cards a page). */
export const sheetPagesQuery = z.object({ 'previous-day': sectionPage.describe('page of the previous day\'s outcomes'), pending: sectionPage.describe('page of the pending referrals'), new: sectionPage.describe('page of the new referrals') });
export const sheetQuery = z.object({ date: z.preprocess((v) => (v === '' ? undefined : v), date('the date of the sheet').optional()) });

const attendee = z.object({ personId: uuid('Select who attended'), role: choice(ATTENDEE_ROLES, 'Select the role of each person who attended') });

/** A candidate or trainee AMHP not on the staff list, by name. */
const candidateByName = z.object({ name: text('the name of the candidate or trainee', 200) });

/** "Candidates or trainees who attended": one name a line. */
const candidateLines = z
  .string()
  .max(2000, 'The candidates and trainees must be 2000 characters or fewer')
  .optional()
  .transform((v): Attendee[] => (v ?? '').split(/\r?\n/).map((n) => n.trim()).filter(Boolean).map((name) => ({ personId: null, role: 'candidate', name: name.slice(0, 200) })));
const referralVersion = int('the version of the referral you read', 1).optional();

/** Attendance checkboxes send "personId|role". */
export const attendanceForm = z.object({
  attendees: checkboxList(z.string().max(100)).pipe(
    z.array(
      z.string().transform((value, ctx): Attendee => {
        const [personId, role] = value.split('|');
        const parsed = attendee.safeParse({ personId, role });
        if (parsed.success) return parsed.data;
        ctx.addIssue({ code: 'custom', message: 'Select who attended from the list' });
        return z.NEVER;
      }),
    ),
  ),
  candidates: candidateLines,
  challenges: optionalText(2000, 'the challenges'),
  version,
}).transform((v): AttendanceCommand => ({ attendees: [...v.attendees, ...v.candidates], challenges: v.challenges ?? null, version: v.version }));

export const attendanceBody = z
  .object({
    attendees: z.array(attendee).max(100),
    candidates: z.array(candidateByName).max(50).optional().describe('Candidates or trainee AMHPs who attended and are not on the staff list, by name'),
    challenges: z
      .union([z.string().trim().max(2000, 'The challenges must be 2000 characters or fewer'), z.null()])
      .optional()
      .describe('Challenges or support required by AMHPs. Leave out to keep what is recorded; null or "" clears it.'),
    version,
  })
  .transform((v): AttendanceCommand => ({
    attendees: [...v.attendees, ...(v.candidates ?? []).map((c): Attendee => ({ personId: null, role: 'candidate', name: c.name }))],
    challenges: v.challenges === undefined ? undefined : v.challenges || null,
    version: v.version,
  }));

/** One referral card's form: allocate (to whom, with an override reason if the reviewer) or not (why). */
const decisionFields = {
  referralId: uuid('Select a referral'),
  decision: choice(['allocate', 'do-not-allocate'], 'Select whether to allocate an AMHP'),
  amhpId: optionalUuid('Select the AMHP to allocate'),
  overrideReason: optionalText(1000, 'the reason'),
  notAllocatedReason: optionalText(1000, 'the reason'),
  version,
  referralVersion,
};

function decisionFromForm(v: { decision: 'allocate' | 'do-not-allocate'; amhpId?: string | undefined; overrideReason?: string | undefined; notAllocatedReason?: string | undefined }, ctx: z.RefinementCtx): AllocationDecision | null {
  if (v.decision === 'allocate') {
    if (v.amhpId) return { kind: 'allocated', amhpId: v.amhpId, overrideReason: v.overrideReason ?? null };
    ctx.addIssue({ code: 'custom', path: ['amhpId'], message: 'Select the AMHP to allocate' });
    return null;
  }
  if (v.notAllocatedReason) return { kind: 'not-allocated', reason: v.notAllocatedReason };
  ctx.addIssue({ code: 'custom', path: ['notAllocatedReason'], message: 'Enter why no AMHP is allocated' });
  return null;
}

export const decisionForm = z.object({ ...decisionFields, plan: optionalText(2000, 'the plan') }).transform((v, ctx): DecisionCommand => {
  const decision = decisionFromForm(v, ctx);
  if (!decision) return z.NEVER;
  return { referralId: v.referralId, decision, plan: v.plan ?? null, version: v.version, referralVersion: v.referralVersion };
});

export const amendForm = z.object({ ...decisionFields, reason: text('the reason for amending the finalised sheet', 1000) }).transform((v, ctx): AmendCommand => {
  const decision = decisionFromForm(v, ctx);
  if (!decision) return z.NEVER;
  return { referralId: v.referralId, decision, reason: v.reason, version: v.version, referralVersion: v.referralVersion };
});

/** The API's decision: allocated (to whom) or not allocated (why), as one value. */
const decisionBodyValue = z.discriminatedUnion(
  'kind',
  [
    z.object({
      kind: z.literal('allocated'),
      amhpId: uuid('Select the AMHP to allocate'),
      overrideReason: optionalText(1000, 'the reason').describe('Needed only when the AMHP is the one who reviewed the referral (Daily Expectations §2.9).'),
    }),
    z.object({ kind: z.literal('not-allocated'), reason: text('why no AMHP is allocated', 1000) }),
  ],
  { error: () => 'Give the decision: { "kind": "allocated", "amhpId": … } or { "kind": "not-allocated", "reason": … }' },
);

function decisionFromBody(d: z.output<typeof decisionBodyValue>): AllocationDecision {
  return d.kind === 'allocated' ? { kind: 'allocated', amhpId: d.amhpId, overrideReason: d.overrideReason ?? null } : d;
}

export const decisionBody = z
  .object({ referralId: uuid('Select a referral'), decision: decisionBodyValue, plan: optionalText(2000, 'the plan'), version, referralVersion })
  .transform((v): DecisionCommand => ({ referralId: v.referralId, decision: decisionFromBody(v.decision), plan: v.plan ?? null, version: v.version, referralVersion: v.referralVersion }));

export const amendBody = z
  .object({ referralId: uuid('Select a referral'), decision: decisionBodyValue, reason: text('the reason for amending the finalised sheet', 1000), version, referralVersion })
  .transform((v): AmendCommand => ({ referralId: v.referralId, decision: decisionFromBody(v.decision), reason: v.reason, version: v.version, referralVersion: v.referralVersion }));

export const finaliseBody = z.object({ version });

// ── Responses ───────────────────────────────────────────────────────────────────────────────

const decisionResource = z
  .union([z.object({ kind: z.literal('allocated'), amhpId: z.string(), overrideReason: z.string().nullable() }), z.object({ kind: z.literal('not-allocated'), reason: z.string() })])
  .nullable();

export const sheetResource = z.object({
  date: z.string(),
  status: z.enum(['draft', 'finalised']),
  version: z.number().int(),
  previousWorkingDay: z.string(),
  attendees: z.array(z.object({ personId: z.string().nullable().describe('Null for a candidate or trainee recorded by name'), role: z.enum(ATTENDEE_ROLES), roleLabel: z.string(), name: z.string() })),
  challenges: z.string().nullable(),
  sections: z.array(
    z.object({
      key: z.enum(['previous-day', 'pending', 'new']),
      title: z.string(),
      entries: z.array(
        z.object({
          referralId: z.string(),
          reference: z.string(),
          stageLabel: z.string(),
          urgency: z.string().nullable(),
          receivedAt: z.date(),
          handedOverByEdt: z.boolean(),
          reviewerId: z.string().nullable(),
          reviewerName: z.string().nullable(),
          outcome: z.string().nullable(),
          plan: z.string().nullable(),
          decision: decisionResource,
          allocatedName: z.string().nullable(),
          referralVersion: z.number().int().nullable(),
        }),
      ),
    }),
  ),
  amendments: z.array(z.object({ at: z.date(), by: z.string(), byName: z.string(), reason: z.string(), referralId: z.string().nullable(), what: z.string() })),
  finalisedBy: z.string().nullable(),
  finalisedByName: z.string().nullable(),
  finalisedAt: z.date().nullable(),
  onDutyAmhps: z.array(z.object({ id: z.string(), name: z.string() })),
});

export const changedSheetResource = sheetResource.extend({ warnings: z.array(z.string()) });
