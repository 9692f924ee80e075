// "Who has seen this register entry": the audit entries about one AMHP's register entry and staff
// record, told as a person would read them. Pure: the entries and the names come in, lines go out.

export interface RegisterAccessEntry {
  occurredAt: Date;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
}

export interface RegisterAccessLine {
  occurredAt: Date;
  who: string;
  role: string | null;
  how: 'opened' | 'listed' | 'changed';
  what: string;
}

const OPENED: Record<string, string> = {
  register_entry_viewed: 'Opened the register entry',
  person_viewed: 'Opened the staff record',
  panel_pack_generated: 'Downloaded the approval panel pack',
  register_access_log_viewed: 'Looked at who has seen this entry',
};

/** Lines for the page and the API, newest first (the order the entries came in). */
export function registerAccessLines(entries: readonly RegisterAccessEntry[], personId: string, names: ReadonlyMap<string, string>): RegisterAccessLine[] {
  return entries.map((entry) => {
    const who = entry.actorId ? (names.get(entry.actorId) ?? 'A person no longer in the directory') : 'The system';
    const base = { occurredAt: entry.occurredAt, who, role: entry.actorRole };
    if (entry.entityId !== personId) return { ...base, how: 'listed', what: 'Saw it in a list' };
    const opened = OPENED[entry.action];
    if (opened) return { ...base, how: 'opened', what: opened };
    return { ...base, how: 'changed', what: `Changed it: ${entry.action.replace(/_/g, ' ')}` };
  });
}
