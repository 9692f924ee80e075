import type { Kysely } from 'kysely';
import type { PersonNames } from './auth/people-directory.js';
import type { Clock } from './clock.js';
import { claimPendingMessages, insertOutboxMessage, markMessageFailed, markMessageSent, recentMessages, type OutboxMessage } from './outbox-repository.js';
import { platformTables, type AnyDbHandle, type PlatformTables } from './platform-tables.js';

export type { OutboxMessage } from './outbox-repository.js';

export interface OutboundMessage {
  recipientPersonId: string | null;
  recipientAddress: string;
  subject: string;
  body: string;
}

export interface MailTransport {
  send(message: { to: string; from: string; subject: string; text: string }): Promise<void>;
}

/** An outbox message with its recipient's name, for the administrators' list. */
export interface OutboxEntry extends OutboxMessage {
  recipientName: string | null;
}

/**
 * Off-app notifications. Every message is written to the outbox in the caller's transaction
 * (so an alert and its notification commit together); a delivery pass sends pending messages by
 * e-mail when SMTP is configured, otherwise administrators read them on the outbox page.
 */
export class Notifications {
  constructor(
    private readonly db: Kysely<PlatformTables>,
    private readonly clock: Clock,
    private readonly transport: MailTransport | undefined,
    private readonly from: string,
  ) {}

  get deliversEmail(): boolean {
    return this.transport !== undefined;
  }

  async enqueue(trx: AnyDbHandle, message: OutboundMessage): Promise<void> {
    await insertOutboxMessage(platformTables(trx), { createdAt: this.clock.now(), ...message, status: this.transport ? 'pending' : 'not_sent' });
  }

  /** Runs inside the scheduler's transaction; rows are locked so two instances never send one twice. */
  async deliverPending(trx: AnyDbHandle, limit = 50): Promise<number> {
    if (!this.transport) return 0;
    const db = platformTables(trx);
    const pending = await claimPendingMessages(db, limit);
    for (const message of pending) {
      try {
        if (!message.recipientAddress) throw new Error('No address');
        await this.transport.send({ to: message.recipientAddress, from: this.from, subject: message.subject, text: message.body });
        await markMessageSent(db, message.id, this.clock.now());
      } catch (error) {
        await markMessageFailed(db, message.id, error instanceof Error ? error.message.slice(0, 500) : 'Unknown failure');
      }
    }
    return pending.length;
  }

  /** The newest messages, with recipients' names looked up through the people directory. */
  async recent(people: PersonNames, limit = 100): Promise<OutboxEntry[]> {
    const messages = await recentMessages(this.db, limit);
    const ids = [...new Set(messages.map((m) => m.recipientPersonId).filter((id): id is string => id !== null))];
    const names = ids.length > 0 ? await people.names(ids) : new Map<string, string>();
    return messages.map((message) => ({ ...message, recipientName: message.recipientPersonId ? (names.get(message.recipientPersonId) ?? null) : null }));
  }
}
