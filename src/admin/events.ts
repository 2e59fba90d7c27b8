/**
 * `GET /_mock/events`: the mock's events (src/core/events.ts) as Server-Sent Events, for the
 * dashboard or anyone watching. Every connection opens with `hello` (the latest sequence
 * number); a watcher that reconnects sends the last id it saw (`Last-Event-ID`, or `?since=`)
 * and first gets every event it missed, in order, or `resync` when they are no longer held.
 * A comment every 15 s keeps proxies from closing a quiet stream. A watcher that does not read
 * (more than MAX_BACKLOG bytes waiting) is disconnected: it reconnects and resumes.
 */
import { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { type MockEvent } from '../core/events.js';

const HEARTBEAT_MS = 15_000;
const MAX_BACKLOG = 1024 * 1024;

/** The event id to resume after, from the header or the query; undefined: none; NaN: not a number. */
export function resumeAfter(request: FastifyRequest): number | undefined {
  const header = request.headers['last-event-id'];
  const query = (request.query as Record<string, string | undefined>).since;
  const given = typeof header === 'string' && header !== '' ? header : query;
  if (given === undefined) return undefined;
  return /^\d{1,15}$/.test(given) ? Number(given) : Number.NaN;
}

/** The open streams of one mock, closed with it. */
export class EventStreams {
  readonly #open = new Set<FastifyReply>();
  #heartbeat: NodeJS.Timeout | undefined;

  get size(): number {
    return this.#open.size;
  }

  /** Takes over the reply: headers, `hello`, what was missed, then every event as it happens. */
  open(fastify: FastifyInstance, request: FastifyRequest, reply: FastifyReply, after: number | undefined): void {
    const mock = fastify.mock;
    const hub = mock.events;
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
      'x-request-id': request.id,
    });
    raw.write(`retry: 1000\n\nevent: hello\ndata: ${JSON.stringify({ seq: hub.seq })}\n\n`);
    if (after !== undefined) {
      const missed = hub.since(after);
      if (missed === undefined) raw.write(`id: ${hub.seq}\nevent: resync\ndata: {}\n\n`);
      else for (const event of missed) raw.write(event.text);
    }
    const stop = hub.subscribe((event: MockEvent) => {
      if (raw.writableLength > MAX_BACKLOG) {
        raw.destroy();
        return;
      }
      raw.write(event.text);
    });
    mock.watch();
    this.#open.add(reply);
    this.#beat();
    raw.once('close', () => {
      stop();
      this.#open.delete(reply);
      if (this.#open.size === 0) {
        clearInterval(this.#heartbeat);
        this.#heartbeat = undefined;
      }
    });
  }

  /** Ends every stream (the mock is closing). */
  closeAll(): void {
    for (const reply of this.#open) reply.raw.end();
  }

  #beat(): void {
    if (this.#heartbeat !== undefined) return;
    this.#heartbeat = setInterval(() => {
      for (const reply of this.#open) reply.raw.write(': ping\n\n');
    }, HEARTBEAT_MS);
    this.#heartbeat.unref();
  }
}
