// The register's part of the retention schedule (docs/privacy.md): whose register entry has
// passed the statutory minimum — ten years after the latest approval ended (`mayBeErased`) — so
// the privacy module's review can list it for the Lead AMHP to decide.

import type { Kysely } from 'kysely';
import type { IsoDate } from '../../../platform/london-time.js';
import type { RegisterDb } from '../register-tables.js';
import { lastDayInForce, mayBeErased, registerEntryKeepUntil } from './approval.js';
import { ApprovalRepository, type StoredApproval } from './approval-repository.js';


export interface RegisterRetentionCandidate {
  personId: string;
  name: string | null;
  /** The last day the latest approval was in force. */
  lastApprovalDay: IsoDate;
  /** Ten years after that: the register's own minimum (configurable schedules only add to it). */
  statutoryKeepUntil: IsoDate;
}

/** Entries with at least one approval whose statutory retention has passed on `today`. */
export async function registerRetentionCandidates(db: Kysely<RegisterDb>, today: IsoDate): Promise<RegisterRetentionCandidate[]> {
  const { approvals } = await new ApprovalRepository().approvalData(db);
  const byPerson = new Map<string, StoredApproval[]>();
  for (const a of approvals) byPerson.set(a.personId, [...(byPerson.get(a.personId) ?? []), a]);
  const due = [...byPerson].filter(([, list]) => mayBeErased(list, today));
  if (due.length === 0) return [];
  const names = await new ApprovalRepository().personNames(db, due.map(([id]) => id));
  return due.map(([personId, list]) => ({
    personId,
    name: names.get(personId) ?? null,
    lastApprovalDay: list.map(lastDayInForce).sort().at(-1)!,
    statutoryKeepUntil: registerEntryKeepUntil(list)!,
  }));
}
