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

/** One open stream: writes only while it is open; `stop` unsubscribes it (once). */
interface Stream {
  send(text: string): void;
  end(): void;
  stop(): void;
}

/** The open streams of one mock, closed with it. */
export class EventStreams {
  readonly #open = new Set<Stream>();
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
    // The client is gone already (it left while the call waited): nothing to open.
    if (raw.destroyed) return;
    // A write to a stream that has ended fails with an error event: never an uncaught one.
    raw.on('error', () => {});
    const send = (text: string) => {
      if (!raw.writableEnded && !raw.destroyed) raw.write(text);
    };
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
      'x-request-id': request.id,
    });
    send(`retry: 1000\n\nevent: hello\ndata: ${JSON.stringify({ seq: hub.seq, run: hub.run })}\n\n`);
    if (after !== undefined) {
      const missed = hub.since(after);
      if (missed === undefined) send(`id: ${hub.seq}\nevent: resync\ndata: {}\n\n`);
      else for (const event of missed) send(event.text);
    }
    const unsubscribe = hub.subscribe((event: MockEvent) => {
      if (raw.writableLength > MAX_BACKLOG) {
        raw.destroy();
        return;
      }
      send(event.text);
    });
    const stream: Stream = { send, end: () => raw.end(), stop: () => {} };
    stream.stop = () => {
      unsubscribe();
      if (!this.#open.delete(stream)) return;
      if (this.#open.size === 0) {
        clearInterval(this.#heartbeat);
        this.#heartbeat = undefined;
      }
    };
    mock.watch();
    this.#open.add(stream);
    this.#beat();
    raw.once('close', stream.stop);
  }

  /** Ends every stream (the mock is closing): nothing is written to them afterwards. */
  closeAll(): void {
    for (const stream of [...this.#open]) {
      stream.stop();
      stream.end();
    }
  }

  #beat(): void {
    if (this.#heartbeat !== undefined) return;
    this.#heartbeat = setInterval(() => {
      for (const stream of this.#open) stream.send(': ping\n\n');
    }, HEARTBEAT_MS);
    this.#heartbeat.unref();
  }
}
