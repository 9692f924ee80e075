import { EventEmitter } from 'node:events';
import type { FastifyReply, FastifyRequest } from 'fastify';
import pg from 'pg';

const CHANNEL = 'amhp_hub_events';

/**
 * Tells live pages (duty board, whereabouts) that their data changed. In one process an
 * EventEmitter is enough; with several instances on PostgreSQL, LISTEN/NOTIFY carries the topic
 * to every instance. Only topic names travel, never personal data.
 */
export class LiveEvents {
  private readonly emitter = new EventEmitter();
  private listener: pg.Client | undefined;
  private publisher: pg.Pool | undefined;

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  async connectPostgres(connectionString: string): Promise<void> {
    this.listener = new pg.Client({ connectionString });
    await this.listener.connect();
    this.listener.on('notification', (message) => {
      if (message.payload) this.emitter.emit(message.payload);
    });
    this.listener.on('error', () => undefined);
    await this.listener.query(`listen ${CHANNEL}`);
    this.publisher = new pg.Pool({ connectionString, max: 1 });
    this.publisher.on('error', () => undefined);
  }

  publish(topic: string): void {
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

  /** Streams `changed` events for the topics until the client goes away. */
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
    const unsubscribers = topics.map((topic) => this.subscribe(topic, send));
    // A comment every 25 s keeps proxies from closing the stream; a refresh each minute covers
    // any missed notification.
    const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), 25_000);
    const periodic = setInterval(send, 60_000);
    const close = () => {
      clearInterval(heartbeat);
      clearInterval(periodic);
      for (const unsubscribe of unsubscribers) unsubscribe();
    };
    request.raw.on('close', close);
  }

  async close(): Promise<void> {
    await this.listener?.end().catch(() => undefined);
    await this.publisher?.end().catch(() => undefined);
  }
}
