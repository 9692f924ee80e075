import { EventEmitter } from 'node:events';
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import pg from 'pg';
import { afterCommit } from '../db/database.js';

const CHANNEL = 'amhp_hub_events';
/** Internal: every open stream refetches (after the listener came back, events may have been missed). */
const REFETCH_ALL = '\u0000refetch-all';

/** Reconnection backoff: 250 ms doubling to 15 s, each wait jittered to 50–100 % of its step. */
export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  const step = Math.min(15_000, 250 * 2 ** Math.min(attempt, 10));
  return Math.round(step * (0.5 + random() * 0.5));
}

export interface LiveEventsHealth {
  ok: boolean;
  /** Why live events are not arriving (no personal data: an error code or class). */
  reason?: string;
}

interface OpenStream {
  end(reconnectInMs: number): void;
}

/** An error's code or class, never its text's variable parts (which could name a host or user). */
function reasonOf(error: unknown): string {
  if (error && typeof error === 'object') {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code) return code;
    const message = (error as { message?: unknown }).message;
    if (typeof message === 'string' && /terminat|closed|ended/i.test(message)) return 'connection ended';
  }
  return 'connection lost';
}

/**
 * Tells live pages (duty board, whereabouts) that their data changed. In one process an
 * EventEmitter is enough; with several instances on PostgreSQL, LISTEN/NOTIFY carries the topic
 * to every instance. Only topic names travel, never personal data.
 *
 * A topic is published only after the caller's transaction commits (`afterCommit`), so a board
 * never refetches the state from before the change. The LISTEN connection reconnects by itself
 * (backoff with jitter); while it is down `health()` says so, and once it is back every open
 * stream is told to refetch, because notifications sent meanwhile were not received.
 */
export class LiveEvents {
  private readonly emitter = new EventEmitter();
  private readonly streams = new Set<OpenStream>();
  private listener: pg.Client | undefined;
  private publisher: pg.Pool | undefined;
  private connectionString: string | undefined;
  private log: FastifyBaseLogger | undefined;
  private down: { since: number; reason: string; attempts: number } | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private closing = false;

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  useLogger(log: FastifyBaseLogger): void {
    this.log = log;
  }

  async connectPostgres(connectionString: string): Promise<void> {
    this.connectionString = connectionString;
    this.publisher = new pg.Pool({ connectionString, max: 1, connectionTimeoutMillis: 5_000 });
    this.publisher.on('error', () => undefined);
    await this.listen();
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString, connectionTimeoutMillis: 5_000, keepAlive: true });
    let lost = false;
    const onLost = (error?: unknown) => {
      if (lost) return;
      lost = true;
      if (this.listener === client) this.listener = undefined;
      client.end().catch(() => undefined);
      if (!this.closing) this.connectionLost(error);
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    try {
      await client.connect();
      client.on('notification', (message) => {
        if (message.payload) this.emitter.emit(message.payload);
      });
      await client.query(`listen ${CHANNEL}`);
    } catch (error) {
      lost = true;
      client.end().catch(() => undefined);
      throw error;
    }
    this.listener = client;
  }

  private connectionLost(error: unknown): void {
    if (this.down) return;
    this.down = { since: Date.now(), reason: reasonOf(error), attempts: 0 };
    this.log?.warn({ event: 'live_events_lost', reason: this.down.reason }, 'live events: the LISTEN connection to PostgreSQL was lost; reconnecting');
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closing || !this.down) return;
    const delay = reconnectDelayMs(this.down.attempts);
    this.retryTimer = setTimeout(() => void this.reconnect(), delay);
    this.retryTimer.unref();
  }

  private async reconnect(): Promise<void> {
    const down = this.down;
    if (this.closing || !down) return;
    down.attempts += 1;
    try {
      await this.listen();
    } catch (error) {
      down.reason = reasonOf(error);
      if (down.attempts % 5 === 0) this.log?.warn({ event: 'live_events_reconnect_failing', reason: down.reason, attempts: down.attempts }, 'live events: still reconnecting');
      this.scheduleReconnect();
      return;
    }
    this.down = undefined;
    this.log?.info({ event: 'live_events_recovered', downMs: Date.now() - down.since, attempts: down.attempts, openStreams: this.streams.size }, 'live events: reconnected; every open board refetches');
    this.emitter.emit(REFETCH_ALL);
  }

  /** Whether events from other instances arrive (always true on one embedded database). */
  health(): LiveEventsHealth {
    if (!this.down) return { ok: true };
    return { ok: false, reason: `live events listener down for ${Math.round((Date.now() - this.down.since) / 1000)} s (${this.down.reason}); reconnecting` };
  }

  /** Publishes the topic once the calling transaction commits (at once outside a transaction). */
  publish(topic: string): void {
    void afterCommit(() => this.publishNow(topic));
  }

  private publishNow(topic: string): void {
    if (this.publisher) {
      this.publisher.query('select pg_notify($1, $2)', [CHANNEL, topic]).catch(() => this.emitter.emit(topic));
    } else {
      this.emitter.emit(topic);
    }
  }

  subscribe(topic: string, callback: () => void): () => void {
    this.emitter.on(topic, callback);
    return () => this.emitter.off(topic, callback);
  }

  get openStreams(): number {
    return this.streams.size;
  }

  /** Streams `changed` events for the topics until the client goes away or the instance stops. */
  stream(request: FastifyRequest, reply: FastifyReply, topics: string[]): void {
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    raw.write('retry: 5000\n\n');
    const send = () => raw.write(`event: changed\ndata: ${Date.now()}\n\n`);
    const unsubscribers = [...topics, REFETCH_ALL].map((topic) => this.subscribe(topic, send));
    // A comment every 25 s keeps proxies from closing the stream; a refresh each minute covers
    // any missed notification.
    const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), 25_000);
    const periodic = setInterval(send, 60_000);
    const stream: OpenStream = {
      // Shutdown: the browser reconnects (to another instance behind the load balancer) after
      // `reconnectInMs` and the page refetches when the new stream opens.
      end: (reconnectInMs) => {
        raw.write(`retry: ${reconnectInMs}\nevent: reconnect\ndata: instance stopping\n\n`);
        raw.end();
        close();
      },
    };
    this.streams.add(stream);
    const close = () => {
      clearInterval(heartbeat);
      clearInterval(periodic);
      for (const unsubscribe of unsubscribers) unsubscribe();
      this.streams.delete(stream);
    };
    request.raw.on('close', close);
  }

  /** Tells every open stream to reconnect elsewhere and ends it (shutdown). */
  endStreams(): number {
    const count = this.streams.size;
    // Spread the reconnections over a second so that the other instances are not hit at once.
    for (const stream of [...this.streams]) stream.end(250 + Math.floor(Math.random() * 1000));
    return count;
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.endStreams();
    await this.listener?.end().catch(() => undefined);
    await this.publisher?.end().catch(() => undefined);
  }
}
