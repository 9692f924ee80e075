import { z } from 'zod';
import { date, dateInput, optionalText, text } from '../../platform/http/fields.js';
import { type DiscussionEntry, parseAttendees } from './risk-discussions.js';

const attendee = z.object({ name: text('the name of who attended', 200), organisation: text('their organisation', 200) });
const action = z.object({ action: text('the agreed action', 1000), owner: text('who owns the action', 200), dueOn: date('the date the action is due') });

export const discussionBody = z.object({
  referral: text('the referral reference', 64).meta({ description: 'A referral id or reference, e.g. AMHP-2026-00042' }),
  heldOn: date('the date of the discussion'),
  attendees: z.array(attendee).max(50),
  actions: z.array(action).max(20),
  summary: optionalText(4000, 'The summary').transform((v) => v ?? ''),
}) satisfies z.ZodType<DiscussionEntry & { referral: string }>;

/** The form: attendees one a line ("Name, Organisation"); up to ACTION_ROWS action rows, blank rows left out. */
export const ACTION_ROWS = 4;
export const discussionForm = z
  .object({ heldOn: dateInput('the date of the discussion'), attendees: optionalText(8000, 'Who attended'), summary: optionalText(4000, 'The summary') })
  .catchall(z.unknown())
  .transform((body, ctx): DiscussionEntry => {
    const attendees = parseAttendees(body.attendees ?? '');
    if (!attendees.ok && attendees.refusal.kind === 'invalid') for (const e of attendees.refusal.fieldErrors) ctx.addIssue({ code: 'custom', path: [e.field], message: e.message });
    const actions: DiscussionEntry['actions'] = [];
    for (let i = 0; i < ACTION_ROWS; i += 1) {
      const [what, owner, due] = [body[`actions-${i}-action`], body[`actions-${i}-owner`], body[`actions-${i}-dueOn`]];
      const blank = (v: unknown) => v === undefined || (typeof v === 'string' && v.trim() === '') || (typeof v === 'object' && v !== null && Object.values(v).every((p) => p === undefined || String(p).trim() === ''));
      if (blank(what) && blank(owner) && blank(due)) continue;
      const row = z.object({ action: text(`action ${i + 1}: what was agreed`, 1000), owner: text(`action ${i + 1}: who owns it`, 200), dueOn: dateInput(`action ${i + 1}: the due date`) }).safeParse({ action: what, owner, dueOn: due });
      if (!row.success) {
        for (const issue of row.error.issues) ctx.addIssue({ code: 'custom', path: [`actions-${i}-${String(issue.path[0] ?? 'action')}`], message: issue.message });
        continue;
      }
      actions.push(row.data);
    }
    return { heldOn: body.heldOn, attendees: attendees.ok ? attendees.value : [], actions, summary: body.summary ?? '' };
  });

export const discussionsQuery = z.object({ referral: text('the referral reference', 64).meta({ description: 'A referral id or reference' }) });

export const caseReviewBody = z.object({ heldOn: date('the date of the joint case review'), note: text('the note of the review', 4000) });
/** The form's fields are named apart from the acknowledgement's note on the same page. */
export const caseReviewForm = z.object({ reviewOn: dateInput('the date of the joint case review'), reviewNote: text('the note of the review', 4000) }).transform((b) => ({ heldOn: b.reviewOn, note: b.reviewNote }));

export const discussionsResource = z.object({
  referral: z.object({ id: z.string(), reference: z.string() }),
  discussions: z.array(
    z.object({
      id: z.string(),
      heldOn: z.string(),
      attendees: z.array(z.object({ name: z.string(), organisation: z.string() })),
      actions: z.array(z.object({ action: z.string(), owner: z.string(), dueOn: z.string() })),
      summary: z.string(),
      recordedByName: z.string(),
      recordedAt: z.date(),
      version: z.number().int(),
    }),
  ),
});
