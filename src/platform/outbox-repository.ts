import type { Kysely } from 'kysely';
import type { PlatformTables } from './platform-tables.js';

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
}

const COLUMNS = ['id', 'createdAt', 'recipientPersonId', 'recipientAddress', 'subject', 'body', 'status', 'sentAt', 'failure'] as const;

export async function insertOutboxMessage(
  db: Kysely<PlatformTables>,
  message: { createdAt: Date; recipientPersonId: string | null; recipientAddress: string; subject: string; body: string; status: OutboxStatus },
): Promise<void> {
  await db.insertInto('notificationOutbox').values(message).execute();
}

/** Pending messages, oldest first, locked so that two instances never claim the same one. */
export async function claimPendingMessages(db: Kysely<PlatformTables>, limit: number): Promise<OutboxMessage[]> {
  return db.selectFrom('notificationOutbox').select(COLUMNS).where('status', '=', 'pending').orderBy('createdAt').limit(limit).forUpdate().skipLocked().execute();
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
