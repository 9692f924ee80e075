import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../db/database.js';
import { ManualClock } from './clock.js';
import { reconnectDelayMs } from './live-events.js';
import { DELIVERY_LEASE_MS, REPEAT_NOTE, type MailTransport } from './notifications.js';
import { Scheduler } from './scheduler.js';
import { createTestServices, type TestServices } from '../../test/support/test-app.js';

type Sent = Parameters<MailTransport['send']>[0];

describe('events and e-mail only after commit', () => {
  let t: TestServices;
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  const sent: Sent[] = [];
  let failNext = false;
  const mailTransport: MailTransport = {
    send: async (message) => {
      if (failNext) {
        failNext = false;
        throw new Error('SMTP refused');
      }
      sent.push(message);
    },
  };
  beforeAll(async () => {
    t = await createTestServices({ template: 'base', clock, mailTransport });
  });
  afterAll(async () => t.close());

  it('publishes a live event inside a transaction only once it has committed, and never on rollback', async () => {
    const heard: string[] = [];
    const unsubscribe = t.services.liveEvents.subscribe('test-topic', () => heard.push('heard'));
    await inTransaction(t.services.db, async () => {
      t.services.liveEvents.publish('test-topic');
      expect(heard).toEqual([]); // not yet: the transaction is open
    });
    expect(heard).toEqual(['heard']);
    await expect(
      inTransaction(t.services.db, async () => {
        t.services.liveEvents.publish('test-topic');
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(heard).toEqual(['heard']);
    t.services.liveEvents.publish('test-topic'); // outside a transaction: at once
    expect(heard).toEqual(['heard', 'heard']);
    unsubscribe();
  });

  it('sends a message claimed in the scheduler’s transaction only after it commits, with its idempotency key', async () => {
    sent.length = 0;
    await t.services.notifications.enqueue(t.services.db, { recipientPersonId: null, recipientAddress: 'duty.manager@example.org', subject: 'Check-in overdue', body: 'Ava Amhp has not checked in.' });
    const scheduler = new Scheduler(t.services.db, clock);
    let sentDuringTransaction = -1;
    scheduler.register({
      name: 'deliver-test',
      intervalSeconds: 60,
      run: async (trx) => {
        await t.services.notifications.deliverPending(trx);
        sentDuringTransaction = sent.length;
      },
    });
    expect(await scheduler.runDue(true)).toEqual(['deliver-test']);
    expect(sentDuringTransaction).toBe(0);
    expect(sent).toHaveLength(1);
    const [first] = sent;
    expect(first).toMatchObject({ to: 'duty.manager@example.org', subject: 'Check-in overdue', text: 'Ava Amhp has not checked in.', headers: { 'X-AMHP-Hub-Delivery-Attempt': '1' } });
    expect(first?.messageId).toMatch(/^<outbox-[0-9a-f-]{36}@example\.org>$/);
    const row = await t.tables.selectFrom('notificationOutbox').selectAll().where('subject', '=', 'Check-in overdue').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('does not send twice after a crash mid-delivery: the claim holds for the lease, then one repeat marked as such with the same Message-ID', async () => {
    sent.length = 0;
    await t.services.notifications.enqueue(t.services.db, { recipientPersonId: null, recipientAddress: 'amhp.lead@example.org', subject: 'Silent alarm raised', body: 'Ben Amhp raised a silent alarm.' });
    // An instance claimed it and died before marking it: the claim committed, the send is unknown.
    await t.tables.updateTable('notificationOutbox').set({ claimedAt: clock.now(), attempts: 1 }).where('subject', '=', 'Silent alarm raised').execute();
    expect(await t.services.notifications.deliverPending(t.services.db)).toBe(0);
    clock.set(new Date(clock.now().getTime() + DELIVERY_LEASE_MS + 1000));
    expect(await t.services.notifications.deliverPending(t.services.db)).toBe(1);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.text).toBe(`Ben Amhp raised a silent alarm.\n\n${REPEAT_NOTE}`);
    expect(sent[0]?.headers).toEqual({ 'X-AMHP-Hub-Delivery-Attempt': '2' });
    const row = await t.tables.selectFrom('notificationOutbox').select(['id', 'status', 'attempts']).where('subject', '=', 'Silent alarm raised').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'sent', attempts: 2 });
    expect(sent[0]?.messageId).toBe(`<outbox-${row.id}@example.org>`);
    expect(await t.services.notifications.deliverPending(t.services.db)).toBe(0);
  });

  it('marks a refused message failed and does not retry it', async () => {
    sent.length = 0;
    await t.services.notifications.enqueue(t.services.db, { recipientPersonId: null, recipientAddress: 'team@example.org', subject: 'Handover waiting', body: 'A handover is waiting.' });
    failNext = true;
    expect(await t.services.notifications.deliverPending(t.services.db)).toBe(1);
    const row = await t.tables.selectFrom('notificationOutbox').select(['status', 'failure']).where('subject', '=', 'Handover waiting').executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'failed', failure: 'SMTP refused' });
    expect(sent).toEqual([]);
  });
});

describe('the live-events reconnection backoff', () => {
  it('doubles from 250 ms to at most 15 s, each wait jittered to half to all of its step', () => {
    expect([0, 1, 2, 3, 6, 20].map((attempt) => reconnectDelayMs(attempt, () => 1))).toEqual([250, 500, 1000, 2000, 15_000, 15_000]);
    expect([0, 1, 6].map((attempt) => reconnectDelayMs(attempt, () => 0))).toEqual([125, 250, 7500]);
  });
});
