import { z } from 'zod';
import { choice, flag, optionalChoice, optionalText, text, uuid } from '../../platform/http/fields.js';
import type { HandoverItem, HandoverParty } from './handover.js';

// Handover commands, and the schemas that make them from the form or from the API.

export interface SendHandoverCommand {
  from: HandoverParty;
  to: HandoverParty;
  items: HandoverItem[];
  documentsSent: string[];
}

const TEAMS = ['daytime', 'edt'] as const;
export const HANDOVER_DIRECTIONS = ['daytime-to-edt', 'edt-to-daytime', 'to-other-service', 'from-other-service'] as const;
type Direction = (typeof HANDOVER_DIRECTIONS)[number];

/** One referral handed over. Forms send the warrant tick as 'yes'; the API a boolean. */
function itemSchema(warrant: z.ZodType<boolean>) {
  return z
    .object({
      referralId: uuid('Select a referral to hand over'),
      done: text('what has been done', 4000),
      outstanding: text('what is outstanding', 4000),
      contingency: text('the contingency plan, or “None agreed”', 4000),
      warrantApplication: warrant,
      warrantReason: optionalText(2000, 'the reason'),
    })
    .transform((v, ctx): HandoverItem => {
      if (v.warrantApplication && !v.warrantReason) {
        ctx.addIssue({ code: 'custom', path: ['warrantReason'], message: 'Enter why the warrant (s135) application is being handed over' });
        return z.NEVER;
      }
      return { referralId: v.referralId, done: v.done, outstanding: v.outstanding, contingency: v.contingency, warrantApplication: v.warrantApplication, warrantReason: v.warrantApplication ? (v.warrantReason ?? null) : null };
    });
}

const party = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('team'), team: choice(TEAMS, 'Choose daytime or edt') }),
    z.object({ kind: z.literal('other-service'), name: text('the name of the other service', 200) }),
  ],
  { error: () => 'Give the team ({ "kind": "team", "team": "daytime" or "edt" }) or the other service ({ "kind": "other-service", "name": … })' },
);

/** The API: who sends, who receives, and each referral with what was done and what is outstanding. */
export const sendHandoverBody = z.object({
  from: party,
  to: party,
  items: z.array(itemSchema(z.boolean().default(false)), { error: () => 'Add the referrals handed over' }).min(1, 'Add at least one referral to the handover').max(20, 'Hand over at most 20 referrals at once'),
  documentsSent: z.array(text('the document', 300)).max(50, 'List at most 50 documents').default([]),
}) satisfies z.ZodType<SendHandoverCommand, unknown>;

function partiesFor(direction: Direction, ourTeam: 'daytime' | 'edt', otherServiceName: string): { from: HandoverParty; to: HandoverParty } {
  const ours: HandoverParty = { kind: 'team', team: ourTeam };
  const other: HandoverParty = { kind: 'other-service', name: otherServiceName };
  switch (direction) {
    case 'daytime-to-edt':
      return { from: { kind: 'team', team: 'daytime' }, to: { kind: 'team', team: 'edt' } };
    case 'edt-to-daytime':
      return { from: { kind: 'team', team: 'edt' }, to: { kind: 'team', team: 'daytime' } };
    case 'to-other-service':
      return { from: ours, to: other };
    case 'from-other-service':
      return { from: other, to: ours };
  }
}

/** Form fields arrive flat ("items.0.referralId"); up to ten referrals, wholly blank rows ignored. */
function nestItems(form: unknown): unknown {
  if (form === null || typeof form !== 'object') return form;
  const values = form as Record<string, unknown>;
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < 10; i++) {
    const referralId = values[`items.${i}.referralId`];
    const typed = ['done', 'outstanding', 'contingency', 'warrantReason'].some((f) => {
      const v = values[`items.${i}.${f}`];
      return typeof v === 'string' && v.trim() !== '';
    });
    // A row with notes but no referral is refused (its referral box named), not dropped.
    if ((typeof referralId !== 'string' || referralId === '') && !typed) continue;
    items.push({
      referralId,
      done: values[`items.${i}.done`],
      outstanding: values[`items.${i}.outstanding`],
      contingency: values[`items.${i}.contingency`],
      warrantApplication: values[`items.${i}.warrantApplication`],
      warrantReason: values[`items.${i}.warrantReason`],
    });
  }
  const documents = typeof values.documentsSent === 'string' ? values.documentsSent.split(/\r?\n/).map((d) => d.trim()).filter(Boolean) : [];
  return { ...values, items, documentsSent: documents };
}

/** The "Send a handover" page: a direction, our team and the other service's name where one is involved. */
export const sendHandoverForm = z.preprocess(
  nestItems,
  z
    .object({
      direction: choice(HANDOVER_DIRECTIONS, 'Select who the handover is from and to'),
      ourTeam: optionalChoice(TEAMS, 'Select the daytime AMHP service or EDT'),
      otherServiceName: optionalText(200, 'the other service'),
      items: z.array(itemSchema(flag)),
      documentsSent: z.array(z.string().max(300, 'Each document must be 300 characters or fewer')).max(50),
    })
    .transform((v, ctx): SendHandoverCommand => {
      if (v.items.length === 0) {
        ctx.addIssue({ code: 'custom', path: ['items', 0, 'referralId'], message: 'Select at least one referral to hand over' });
        return z.NEVER;
      }
      const other = v.direction === 'to-other-service' || v.direction === 'from-other-service';
      if (other && !v.otherServiceName) ctx.addIssue({ code: 'custom', path: ['otherServiceName'], message: 'Enter the name of the other service' });
      if (other && !v.ourTeam) ctx.addIssue({ code: 'custom', path: ['ourTeam'], message: 'Select the daytime AMHP service or EDT' });
      if (other && (!v.otherServiceName || !v.ourTeam)) return z.NEVER;
      return { ...partiesFor(v.direction, v.ourTeam ?? 'daytime', v.otherServiceName ?? ''), items: v.items, documentsSent: v.documentsSent };
    }),
);

export const acceptHandoverBody = z.object({
  externalAcceptorName: optionalText(200, 'the name').describe('For a handover to another service: the named person there who accepted it (required then).'),
});

export const withdrawHandoverBody = z.object({ reason: text('why the handover is being withdrawn', 1000) });

/** Rows the page shows for referrals (three unless asked for more, at most ten). */
export const HANDOVER_FORM_ROWS = { usual: 3, most: 10 } as const;

export const newHandoverQuery = z.object({
  referralId: z.preprocess((v) => (v === '' ? undefined : v), uuid('Not a valid referral id').optional()),
  rows: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).max(HANDOVER_FORM_ROWS.most).optional()),
});

// ── Responses ───────────────────────────────────────────────────────────────────────────────

const partyResource = z.union([z.object({ kind: z.literal('team'), team: z.enum(TEAMS) }), z.object({ kind: z.literal('other-service'), name: z.string() })]);

export const handoverResource = z.object({
  id: z.string(),
  from: partyResource,
  to: partyResource,
  fromLabel: z.string(),
  toLabel: z.string(),
  sentBy: z.string(),
  sentByName: z.string(),
  sentAt: z.date(),
  items: z.array(
    z.object({ referralId: z.string(), done: z.string(), outstanding: z.string(), contingency: z.string(), warrantApplication: z.boolean(), warrantReason: z.string().nullable() }),
  ),
  documentsSent: z.array(z.string()),
  status: z.enum(['sent', 'accepted', 'withdrawn']),
  acceptedBy: z.string().nullable(),
  acceptedByName: z.string().nullable(),
  acceptedByExternal: z.string().nullable(),
  acceptedAt: z.date().nullable(),
  withdrawnBy: z.string().nullable(),
  withdrawnByName: z.string().nullable(),
  withdrawnAt: z.date().nullable(),
  withdrawnReason: z.string().nullable(),
  timing: z.object({ deadline: z.date().nullable(), overdue: z.boolean(), minutesOverdue: z.number().int(), acceptedLate: z.boolean(), minutesWaiting: z.number().int() }),
  flagged: z.boolean().describe('Flagged to both leads for not being accepted in time'),
  hasWarrant: z.boolean(),
  referralLabels: z.record(z.string(), z.string()).describe('Referral id → reference'),
  s136EndsAt: z.record(z.string(), z.date()).describe('Referral id → when its s136 place-of-safety detention ends (only referrals held under s136)'),
  canAccept: z.boolean().describe('Whether the caller may accept it'),
  version: z.number().int(),
});

export const sentHandoverResource = handoverResource.extend({ warnings: z.array(z.string()) });

export const responsibilityResource = z.array(
  z.object({
    from: z.date(),
    to: z.date().nullable(),
    holder: partyResource,
    holderLabel: z.string(),
    viaHandoverId: z.string().nullable(),
    pendingHandoverIds: z.array(z.string()),
  }),
);
