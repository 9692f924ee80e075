import { z } from 'zod';
import { choice, flag, optionalText, optionalUuid, orNull, text, uuid, version } from '../../platform/http/fields.js';
import { EVENT_KINDS, STATUSES, URGENCIES } from './escalation.js';
import type { AcknowledgeCommand, AttemptCommand, DisputeCommand, RaiseCommand, RespondCommand } from './escalations-service.js';
import type { PartnerCommand } from './directory-service.js';
import { LADDER_STEPS } from './on-call-ladder.js';
import { CONTACT_HOURS, PARTNER_KINDS, type PartnerContact } from './partner-directory.js';


// ── The partner directory ─────────────────────────────────────────────────────────────────

const contactBody = z.object({
  roleLabel: text('the named role, e.g. Site manager', 120),
  rung: z.union([z.literal(1), z.literal(2), z.literal(3)], { error: () => 'Choose the level: 1 manager, 2 senior manager, 3 head of service or director' }),
  hours: choice(CONTACT_HOURS, 'Choose when this contact answers'),
  phone: optionalText(40, 'The phone number').transform((v) => v ?? ''),
  bleep: optionalText(20, 'The bleep').transform((v) => v ?? ''),
  mailbox: optionalText(200, 'The mailbox').transform((v) => v ?? ''),
}) satisfies z.ZodType<PartnerContact>;

const partnerFields = {
  name: text('the organisation’s name', 200),
  kind: choice(PARTNER_KINDS, 'Choose the kind of organisation'),
  complaintRoute: optionalText(1000, 'The complaint route').transform((v) => v ?? ''),
  notes: optionalText(2000, 'The notes').transform((v) => v ?? ''),
};

export const partnerBody = z.object({ ...partnerFields, contacts: z.array(contactBody).max(30) }) satisfies z.ZodType<PartnerCommand>;
export const partnerUpdateBody = z.object({ ...partnerFields, contacts: z.array(contactBody).max(30), active: z.boolean().optional().meta({ description: "Leave out to keep it as it is" }), version });

/** The form's contact rows, `contacts-<n>-<field>`; blank rows are left out. */
export const CONTACT_ROWS = 6;
const contactRow = z.object({ roleLabel: optionalText(120, 'The role'), rung: optionalText(2), hours: optionalText(20), phone: optionalText(40, 'The phone number'), bleep: optionalText(20, 'The bleep'), mailbox: optionalText(200, 'The mailbox') });

function contactsFromForm(body: Record<string, unknown>, ctx: z.RefinementCtx): PartnerContact[] {
  const contacts: PartnerContact[] = [];
  for (let i = 0; i < CONTACT_ROWS; i += 1) {
    const row = contactRow.safeParse(Object.fromEntries(['roleLabel', 'rung', 'hours', 'phone', 'bleep', 'mailbox'].map((f) => [f, body[`contacts-${i}-${f}`]])));
    if (!row.success) {
      ctx.addIssue({ code: 'custom', path: ['contacts', i, 'roleLabel'], message: `Contact ${i + 1}: ${row.error.issues[0]?.message ?? 'not valid'}` });
      continue;
    }
    const r = row.data;
    if (!r.roleLabel && !r.phone && !r.bleep && !r.mailbox) continue;
    if (!r.roleLabel) ctx.addIssue({ code: 'custom', path: ['contacts', i, 'roleLabel'], message: `Contact ${i + 1}: enter the named role, e.g. Site manager` });
    const rung = Number(r.rung ?? '1');
    contacts.push({
      roleLabel: r.roleLabel ?? '',
      rung: rung === 2 || rung === 3 ? rung : 1,
      hours: r.hours === 'in_hours' || r.hours === 'out_of_hours' ? r.hours : 'any',
      phone: r.phone ?? '',
      bleep: r.bleep ?? '',
      mailbox: r.mailbox ?? '',
    });
  }
  return contacts;
}

export const partnerForm = z
  .object({ ...partnerFields, active: flag, version: version.optional() })
  .catchall(z.string().max(300))
  .transform((body, ctx) => ({ name: body.name, kind: body.kind, complaintRoute: body.complaintRoute, notes: body.notes, active: body.active, version: body.version, contacts: contactsFromForm(body, ctx) }));

const contactResource = z.object({ roleLabel: z.string(), rung: z.number().int(), hours: z.enum(CONTACT_HOURS), phone: z.string(), bleep: z.string(), mailbox: z.string() });
export const partnerResource = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(PARTNER_KINDS),
  complaintRoute: z.string(),
  notes: z.string(),
  contacts: z.array(contactResource),
  active: z.boolean(),
  version: z.number().int(),
  updatedAt: z.date(),
});
export const partnersResource = z.object({ partners: z.array(partnerResource) });

// ── Escalations ───────────────────────────────────────────────────────────────────────────

export const raiseBody = z.object({
  category: z.string({ error: () => 'Choose what the escalation is about' }).trim().min(1, 'Choose what the escalation is about').max(64, 'Choose what the escalation is about').regex(/^[a-z0-9_]+$/, 'Choose what the escalation is about').meta({ description: 'A category key in use, from GET /api/v1/escalation-categories (a retired one is refused)' }),
  urgency: choice(URGENCIES, 'Say whether it is urgent'),
  concern: text('the concern', 4000),
  triedLocally: text('what was tried locally first', 2000),
  outcomeSought: text('the outcome you are seeking', 2000),
  referral: optionalText(64, 'The referral').meta({ description: 'A referral id or reference (e.g. AMHP-2026-00042) this is about' }),
  handover: optionalUuid('The handover link is not valid: raise the escalation from the handover page').meta({ description: 'The id of a handover (duty) this is about' }),
  visit: optionalUuid('The visit link is not valid: raise the escalation from the visit page').meta({ description: 'The id of a lone-working visit (safety) this is about' }),
  partnerId: optionalUuid('Choose an organisation from the directory').meta({ description: 'The receiving organisation, from the partner directory' }),
  receiverPersonId: orNull(uuid('Choose the receiving manager from the list'), 'the receiving manager in the app').meta({ description: 'The receiving manager, when they use the app; null when they are outside it (then give receiverName)' }),
  receiverName: optionalText(200, 'The receiving manager’s name').meta({ description: 'The receiving manager outside the app, e.g. "Inspector Ola Oduya"; needed when receiverPersonId is null' }),
  receiverContact: optionalText(200, 'The receiving manager’s contact'),
}) satisfies z.ZodType<RaiseCommand>;
/** The form: "Someone outside the service" is the blank choice. */
export const raiseForm = raiseBody.extend({ receiverPersonId: optionalUuid('Choose the receiving manager from the list') }) satisfies z.ZodType<RaiseCommand>;

export const acknowledgeBody = z.object({ version, onBehalfOf: optionalText(200, 'Who acknowledged'), note: optionalText(2000, 'The note') }) satisfies z.ZodType<AcknowledgeCommand>;
export const respondBody = z.object({ version, response: text('the written response', 8000), onBehalfOf: optionalText(200, 'Who responded') }) satisfies z.ZodType<RespondCommand>;
export const disputeBody = z.object({
  version,
  reason: text('why the response is disputed', 4000),
  nextReceiverPersonId: optionalUuid('Choose the senior manager from the list'),
  nextReceiverName: optionalText(200, 'The senior manager’s name'),
  nextReceiverContact: optionalText(200, 'The senior manager’s contact'),
}) satisfies z.ZodType<DisputeCommand>;
export const resolveBody = z.object({ version, note: optionalText(2000, 'The note') });
export const replyBody = z.object({ text: text('your reply', 4000) });
export const attemptBody = z.object({
  step: choice(LADDER_STEPS, 'Say which call this was'),
  number: text('the number you called', 40),
  answered: z.boolean({ error: (issue) => (issue.input === undefined ? 'Say whether they answered' : 'Answered must be true or false') }),
  note: optionalText(1000, 'The note'),
}) satisfies z.ZodType<AttemptCommand>;
export const attemptForm = z.object({ step: choice(LADDER_STEPS, 'Say which call this was'), number: text('the number you called', 40), answered: choice(['yes', 'no'] as const, 'Say whether they answered'), note: optionalText(1000, 'The note') }).transform((b): AttemptCommand => ({ ...b, answered: b.answered === 'yes' }));
export const decisionBody = z.object({ decision: text('the on-call manager’s decision and actions', 4000) });

const deadlineResource = z.object({ due: z.date(), state: z.enum(['running', 'met', 'met_late', 'missed']), minutesLeft: z.number().int(), metAt: z.date().nullable() });
const clockResource = z.object({ acknowledgement: deadlineResource, response: deadlineResource });
const escalationResource = z.object({
  id: z.string(),
  raisedBy: z.string(),
  raisedByName: z.string(),
  raisedAt: z.date(),
  referralId: z.string().nullable(),
  referralReference: z.string().nullable(),
  handoverId: z.string().nullable(),
  visitId: z.string().nullable(),
  partnerId: z.string().nullable(),
  partnerName: z.string().nullable(),
  category: z.string(),
  urgency: z.enum(URGENCIES),
  concern: z.string(),
  triedLocally: z.string(),
  outcomeSought: z.string(),
  rung: z.number().int(),
  receiverPersonId: z.string().nullable(),
  receiverName: z.string(),
  receiverContact: z.string(),
  status: z.enum(STATUSES),
  clockStartedAt: z.date(),
  acknowledgeBy: z.date(),
  respondBy: z.date(),
  acknowledgedAt: z.date().nullable(),
  respondedAt: z.date().nullable(),
  version: z.number().int(),
});
const eventResource = z.object({ id: z.string(), kind: z.enum(EVENT_KINDS), rung: z.number().int(), byPersonId: z.string(), byName: z.string(), onBehalfOf: z.string().nullable(), at: z.date(), text: z.string() });
const attemptResource = z.object({ id: z.string(), step: z.enum(LADDER_STEPS), number: z.string(), answered: z.boolean(), byName: z.string(), at: z.date(), note: z.string() });
const nextStepResource = z.union([
  z.object({ kind: z.literal('call'), step: z.enum(LADDER_STEPS) }),
  z.object({ kind: z.literal('wait'), until: z.date(), then: z.enum(LADDER_STEPS) }),
  z.object({ kind: z.literal('reached'), step: z.enum(LADDER_STEPS), at: z.date() }),
  z.object({ kind: z.literal('exhausted') }),
]);

export const escalationViewResource = z.object({
  escalation: escalationResource,
  clock: clockResource,
  events: z.array(eventResource),
  attempts: z.array(attemptResource),
  ladder: z.object({ next: nextStepResource, contact: contactResource.nullable() }),
  outOfHours: z.boolean(),
  caseReviews: z.array(z.object({ id: z.string(), heldOn: z.string(), note: z.string(), recordedByName: z.string(), recordedAt: z.date() })),
});
export const escalationsResource = z.object({ escalations: z.array(z.object({ escalation: escalationResource, clock: clockResource })), all: z.boolean() });


export const memberBody = z.object({ personId: uuid('Choose a person with the Partner agency role') });
export const membersResource = z.object({ members: z.array(z.object({ id: z.string(), name: z.string(), email: z.string(), phone: z.string() })) });

/** The form opened from a referral, handover or visit page: the link filled in. */
export const newEscalationQuery = z.object({ referral: optionalText(64, 'The referral'), handover: optionalUuid('The handover link is not valid'), visit: optionalUuid('The visit link is not valid') });

// ── The escalation categories ─────────────────────────────────────────────────────────────

export const categoryBody = z.object({ label: text('the category’s name', 120) });
export const categoryRenameBody = z.object({ label: text('the category’s name', 120), version });
export const categoryVersionBody = z.object({ version });
export const categoryResource = z.object({ id: z.string(), key: z.string(), label: z.string(), sortOrder: z.number().int(), retiredAt: z.date().nullable(), version: z.number().int() });
export const categoriesResource = z.object({ categories: z.array(categoryResource) });
