import type { Kysely } from 'kysely';
import type { PersonNames } from './auth/people-directory.js';
import type { Clock } from './clock.js';
import { afterCommit, inTransaction } from '../db/database.js';
import { claimPendingMessages, insertOutboxMessage, markMessageFailed, markMessageSent, recentMessages, type ClaimedMessage, type OutboxMessage } from './outbox-repository.js';
import { platformTables, type AnyDbHandle, type PlatformTables } from './platform-tables.js';

export type { OutboxMessage } from './outbox-repository.js';

/** The scheduler job that sends pending outbox messages (timed jobs run it at once after an alert). */
export const DELIVER_NOTIFICATIONS_JOB = 'deliver-notifications';

export interface OutboundMessage {
  recipientPersonId: string | null;
  recipientAddress: string;
  subject: string;
  body: string;
  /** Files sent with the e-mail (for example a PDF bundle), kept in the outbox with the message. */
  attachments?: ReadonlyArray<{ filename: string; contentType: string; content: Buffer }>;
}

export interface MailTransport {
  /**
   * `messageId` is the idempotency key: the same for every attempt at one outbox message, so a
   * repeat after a crash mid-delivery carries the Message-ID of the first (and the headers say so).
   */
  send(message: { to: string; from: string; subject: string; text: string; messageId: string; headers: Record<string, string>; attachments?: Array<{ filename: string; contentType: string; content: Buffer }> }): Promise<void>;
}

/** A claimed message not marked sent or failed after this long (its instance died) is tried again. */
export const DELIVERY_LEASE_MS = 5 * 60_000;

export const REPEAT_NOTE = 'This may repeat a message already sent: an earlier attempt to send it was interrupted.';

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
    const { attachments, ...rest } = message;
    await insertOutboxMessage(platformTables(trx), {
      createdAt: this.clock.now(),
      ...rest,
      ...(attachments && attachments.length > 0 ? { attachments: JSON.stringify(attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, contentBase64: a.content.toString('base64') }))) } : {}),
      status: this.transport ? 'pending' : 'not_sent',
    });
  }

  /**
   * Claims pending messages in the caller's transaction (or its own) and sends them once that has
   * committed, then marks each sent or failed. A crash between sending and marking leaves the
   * claim; after DELIVERY_LEASE_MS the message is sent again with the same Message-ID and marked
   * as a possible repeat (at least once, never silently twice: see docs/operations.md).
   */
  async deliverPending(handle: AnyDbHandle, limit = 50): Promise<number> {
    const transport = this.transport;
    if (!transport) return 0;
    const now = this.clock.now();
    const claimed = await inTransaction(platformTables(handle), (trx) => claimPendingMessages(trx, now, new Date(now.getTime() - DELIVERY_LEASE_MS), limit));
    if (claimed.length > 0) await afterCommit(() => this.send(transport, claimed));
    return claimed.length;
  }

  private async send(transport: MailTransport, messages: ClaimedMessage[]): Promise<void> {
    const domain = this.from.split('@')[1] ?? 'amhp-hub.invalid';
    for (const message of messages) {
      try {
        if (!message.recipientAddress) throw new Error('No address');
        const repeat = message.attempts > 1;
        await transport.send({
          to: message.recipientAddress,
          from: this.from,
          subject: message.subject,
          text: repeat ? `${message.body}\n\n${REPEAT_NOTE}` : message.body,
          messageId: `<outbox-${message.id}@${domain}>`,
          headers: { 'X-AMHP-Hub-Delivery-Attempt': String(message.attempts) },
          ...(message.attachments.length > 0 ? { attachments: message.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: Buffer.from(a.contentBase64, 'base64') })) } : {}),
        });
        await markMessageSent(this.db, message.id, this.clock.now());
      } catch (error) {
        await markMessageFailed(this.db, message.id, error instanceof Error ? error.message.slice(0, 500) : 'Unknown failure').catch(() => undefined);
      }
    }
  }

  /** The newest messages, with recipients' names looked up through the people directory. */
  async recent(people: PersonNames, limit = 100): Promise<OutboxEntry[]> {
    const messages = await recentMessages(this.db, limit);
    const ids = [...new Set(messages.map((m) => m.recipientPersonId).filter((id): id is string => id !== null))];
    const names = ids.length > 0 ? await people.names(ids) : new Map<string, string>();
    return messages.map((message) => ({ ...message, recipientName: message.recipientPersonId ? (names.get(message.recipientPersonId) ?? null) : null }));
  }
}
