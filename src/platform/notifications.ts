import type { Db, DbOrTx } from '../db/database.js';
import type { Clock } from './clock.js';

export interface OutboundMessage {
  recipientPersonId: string | null;
  recipientAddress: string;
  subject: string;
  body: string;
}

export interface MailTransport {
  send(message: { to: string; from: string; subject: string; text: string }): Promise<void>;
}

/**
 * Off-app notifications. Every message is written to the outbox in the caller's transaction
 * (so an alert and its notification commit together); a delivery pass sends pending messages by
 * e-mail when SMTP is configured, otherwise administrators read them on the outbox page.
 */
export class Notifications {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly transport: MailTransport | undefined,
    private readonly from: string,
  ) {}

  get deliversEmail(): boolean {
    return this.transport !== undefined;
  }

  async enqueue(trx: DbOrTx, message: OutboundMessage): Promise<void> {
    await trx
      .insertInto('notificationOutbox')
      .values({ createdAt: this.clock.now(), ...message, status: this.transport ? 'pending' : 'not_sent' })
      .execute();
  }

  /** Runs inside the scheduler's transaction; rows are locked so two instances never send one twice. */
  async deliverPending(trx: DbOrTx, limit = 50): Promise<number> {
    if (!this.transport) return 0;
    const pending = await trx
      .selectFrom('notificationOutbox')
      .selectAll()
      .where('status', '=', 'pending')
      .orderBy('createdAt')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    for (const message of pending) {
      try {
        if (!message.recipientAddress) throw new Error('No address');
        await this.transport.send({ to: message.recipientAddress, from: this.from, subject: message.subject, text: message.body });
        await trx.updateTable('notificationOutbox').set({ status: 'sent', sentAt: this.clock.now() }).where('id', '=', message.id).execute();
      } catch (error) {
        await trx
          .updateTable('notificationOutbox')
          .set({ status: 'failed', failure: error instanceof Error ? error.message.slice(0, 500) : 'Unknown failure' })
          .where('id', '=', message.id)
          .execute();
      }
    }
    return pending.length;
  }

  async recent(limit = 100) {
    return this.db
      .selectFrom('notificationOutbox')
      .leftJoin('people', 'people.id', 'notificationOutbox.recipientPersonId')
      .select([
        'notificationOutbox.id',
        'notificationOutbox.createdAt',
        'notificationOutbox.recipientAddress',
        'notificationOutbox.subject',
        'notificationOutbox.body',
        'notificationOutbox.status',
        'notificationOutbox.sentAt',
        'notificationOutbox.failure',
        'people.name as recipientName',
      ])
      .orderBy('notificationOutbox.createdAt', 'desc')
      .limit(limit)
      .execute();
  }
}
