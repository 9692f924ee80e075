import type { Kysely } from 'kysely';
import type { OutboxAttachment, PlatformTables } from './platform-tables.js';

export type OutboxStatus = 'pending' | 'sent' | 'failed' | 'not_sent';

export interface OutboxMessage {
  id: string;
  createdAt: Date;
  recipientPersonId: string | null;
  recipientAddress: string;
  subject: string;
  body: string;
  status: OutboxStatus;
  sentAt: Date | null;
  failure: string | null;
  attachments: OutboxAttachment[];
}

const COLUMNS = ['id', 'createdAt', 'recipientPersonId', 'recipientAddress', 'subject', 'body', 'status', 'sentAt', 'failure', 'attachments'] as const;

export async function insertOutboxMessage(
  db: Kysely<PlatformTables>,
  message: { createdAt: Date; recipientPersonId: string | null; recipientAddress: string; subject: string; body: string; status: OutboxStatus; attachments?: string },
): Promise<void> {
  await db.insertInto('notificationOutbox').values(message).execute();
}

/** A message claimed for delivery, with how many times it has been claimed (1 on the first try). */
export interface ClaimedMessage extends OutboxMessage {
  attempts: number;
}

/**
 * Claims pending messages, oldest first: those never claimed and those whose claim is older
 * than `leaseExpiredBefore` (the instance sending them died). Rows are locked while claimed, so
 * two instances never claim the same one; the claim commits before anything is sent.
 */
export async function claimPendingMessages(db: Kysely<PlatformTables>, now: Date, leaseExpiredBefore: Date, limit: number): Promise<ClaimedMessage[]> {
  const due = await db
    .selectFrom('notificationOutbox')
    .select('id')
    .where('status', '=', 'pending')
    .where((eb) => eb.or([eb('claimedAt', 'is', null), eb('claimedAt', '<', leaseExpiredBefore)]))
    .orderBy('createdAt')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
  if (due.length === 0) return [];
  const claimed = await db
    .updateTable('notificationOutbox')
    .set((eb) => ({ claimedAt: now, attempts: eb('attempts', '+', 1) }))
    .where(
      'id',
      'in',
      due.map((row) => row.id),
    )
    .returning([...COLUMNS, 'attempts'])
    .execute();
  return claimed.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

export async function markMessageSent(db: Kysely<PlatformTables>, id: string, sentAt: Date): Promise<void> {
  await db.updateTable('notificationOutbox').set({ status: 'sent', sentAt }).where('id', '=', id).execute();
}

export async function markMessageFailed(db: Kysely<PlatformTables>, id: string, failure: string): Promise<void> {
  await db.updateTable('notificationOutbox').set({ status: 'failed', failure }).where('id', '=', id).execute();
}

export async function recentMessages(db: Kysely<PlatformTables>, limit: number): Promise<OutboxMessage[]> {
  return db.selectFrom('notificationOutbox').select(COLUMNS).orderBy('createdAt', 'desc').limit(limit).execute();
}
