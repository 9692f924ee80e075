// "Who has seen this referral": the audit entries about one referral, told as a person would
// read them. Pure: the entries and the names come in, lines go out.

export interface AccessEntry {
  occurredAt: Date;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  entityId: string | null;
}

export interface AccessLine {
  occurredAt: Date;
  who: string;
  role: string | null;
  /** How the person met the record: opened it, saw it in a list or a search, or changed it. */
  how: 'opened' | 'listed' | 'searched' | 'changed';
  what: string;
}

/** Where a record was shown among others, by the action that showed it. */
const SHOWN_IN: Record<string, string> = {
  duty_board_viewed: 'Saw it on the duty board',
  handovers_listed: 'Saw it in the handovers list',
};

const OPENED: Record<string, string> = {
  referral_viewed: 'Opened the referral',
  assessment_viewed: 'Opened the assessment record',
  referral_access_log_viewed: 'Looked at who has seen this referral',
};

/** Lines for the page and the API, newest first (the order the entries came in). */
export function accessLines(entries: readonly AccessEntry[], referralId: string, names: ReadonlyMap<string, string>): AccessLine[] {
  return entries.map((entry) => {
    const who = entry.actorId ? (names.get(entry.actorId) ?? 'A person no longer in the directory') : 'The system';
    const base = { occurredAt: entry.occurredAt, who, role: entry.actorRole };
    if (entry.entityId !== referralId) {
      const searched = entry.action.endsWith('_searched');
      return { ...base, how: searched ? 'searched' : 'listed', what: searched ? 'Saw it in search results' : (SHOWN_IN[entry.action] ?? 'Saw it in a list') };
    }
    const opened = OPENED[entry.action];
    if (opened) return { ...base, how: 'opened', what: opened };
    return { ...base, how: 'changed', what: `Changed it: ${entry.action.replace(/_/g, ' ')}` };
  });
}
