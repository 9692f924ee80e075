/**
 * High Risk Multi-Agency Discussions (issue 14, point 8): who attended from which organisation,
 * and the actions agreed, each with an owner and a due date.
 */
import type { IsoDate } from '../../platform/london-time.js';
import { type Result, invalid, ok } from '../../platform/result.js';

export interface Attendee {
  name: string;
  organisation: string;
}

export interface AgreedAction {
  action: string;
  owner: string;
  dueOn: IsoDate;
}

export interface DiscussionEntry {
  heldOn: IsoDate;
  attendees: Attendee[];
  actions: AgreedAction[];
  summary: string;
}

/** "Name, Organisation" a line (as typed in the form's box); blank lines are left out. */
export function parseAttendees(text: string): Result<Attendee[]> {
  const attendees: Attendee[] = [];
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  for (const [i, line] of lines.entries()) {
    const comma = line.indexOf(',');
    const name = comma < 0 ? line : line.slice(0, comma).trim();
    const organisation = comma < 0 ? '' : line.slice(comma + 1).trim();
    if (!name || !organisation) return invalid('attendees', `Line ${i + 1} (“${line.slice(0, 60)}”): write the name, a comma, then the organisation`);
    attendees.push({ name, organisation });
  }
  return ok(attendees);
}

/** A discussion is multi-agency, agrees something, and nothing is due before it was held. */
export function checkDiscussion(entry: DiscussionEntry, today: IsoDate): Result<DiscussionEntry> {
  if (entry.heldOn > today) return invalid('heldOn', 'The date of the discussion cannot be in the future');
  const organisations = new Set(entry.attendees.map((a) => a.organisation.toLowerCase()));
  if (organisations.size < 2) return invalid('attendees', 'List who attended from at least two organisations');
  if (entry.actions.length === 0) return invalid('actions', 'Record at least one agreed action, with its owner and due date');
  const early = entry.actions.findIndex((a) => a.dueOn < entry.heldOn);
  if (early >= 0) return invalid(`actions.${early}.dueOn`, `Action ${early + 1}: the due date cannot be before the discussion`);
  return ok(entry);
}

/** Actions not yet due or overdue by a date, for the page. */
export function overdueActions(actions: readonly AgreedAction[], today: IsoDate): AgreedAction[] {
  return actions.filter((a) => a.dueOn < today);
}
