/**
 * Server-Sent Events over fetch(): `EventSource` cannot send an `Authorization` header, so the
 * dashboard reads `GET /_mock/events` as a stream and parses it here (the WHATWG "event stream"
 * format: `field: value` lines, an event ends at a blank line, `:` starts a comment). The reader
 * reconnects with backoff and sends `Last-Event-ID`, so no event is lost across a reconnection.
 * Standard APIs only (fetch, streams, TextDecoder): the same code runs in Node for its tests.
 */

export interface SseEvent {
  /** `message` when the event names none. */
  readonly type: string;
  readonly data: string;
  /** The `id:` of this event, or undefined when it had none. */
  readonly id: string | undefined;
}

/** Incremental parser: give it text as it arrives, in chunks cut anywhere; get whole events. */
export class SseParser {
  #buffer = '';
  #type = '';
  #data: string[] = [];
  #id: string | undefined;
  #started = false;

  push(chunk: string): SseEvent[] {
    let text = this.#buffer + chunk;
    if (!this.#started && text.length > 0) {
      this.#started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const events: SseEvent[] = [];
    let start = 0;
    for (;;) {
      const cr = text.indexOf('\r', start);
      const lf = text.indexOf('\n', start);
      if (cr < 0 && lf < 0) break;
      const end = cr < 0 ? lf : lf < 0 ? cr : Math.min(cr, lf);
      // A CR at the very end may be the first half of CRLF: wait for the next chunk.
      if (end === cr && end === text.length - 1) break;
      const line = text.slice(start, end);
      start = end + (end === cr && text[end + 1] === '\n' ? 2 : 1);
      const event = this.#line(line);
      if (event) events.push(event);
    }
    this.#buffer = text.slice(start);
    return events;
  }

  #line(line: string): SseEvent | undefined {
    if (line === '') return this.#dispatch();
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const name = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (name === 'event') this.#type = value;
    else if (name === 'data') this.#data.push(value);
    else if (name === 'id' && !value.includes('\0')) this.#id = value;
    return undefined;
  }

  #dispatch(): SseEvent | undefined {
    const event = this.#data.length > 0 ? { type: this.#type || 'message', data: this.#data.join('\n'), id: this.#id } : undefined;
    this.#type = '';
    this.#data = [];
    this.#id = undefined;
    return event;
  }
}

export type StreamStatus = 'connecting' | 'open' | 'retrying' | 'unauthorized' | 'closed';

export interface StreamOptions {
  readonly url: string;
  /** Headers for each connection (the admin token may change between them). */
  readonly headers?: () => Record<string, string>;
  readonly onEvent: (event: SseEvent) => void;
  readonly onStatus?: (status: StreamStatus, detail?: string) => void;
  /** The id to resume after, on the first connection too. */
  readonly lastEventId?: string;
  /** Backoff between attempts, in ms: doubles from `minDelay` to `maxDelay`. */
  readonly minDelay?: number;
  readonly maxDelay?: number;
  readonly fetch?: typeof fetch;
}

export interface EventStream {
  /**
   * The last event id seen: what a reconnection sends as `Last-Event-ID`. Settable, for a stream
   * whose first message tells where it starts without an `id:` line.
   */
  lastEventId: string | undefined;
  close(): void;
}

/**
 * Reads the stream until `close()`: on an error or the end of a response it reconnects after a
 * delay (doubling up to `maxDelay`, back to `minDelay` once a connection opens), sending the
 * last id seen. A 401 stops it (`unauthorized`): a new token needs a new stream.
 */
export function openEventStream(options: StreamOptions): EventStream {
  const { minDelay = 500, maxDelay = 10_000 } = options;
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const controller = new AbortController();
  let lastEventId = options.lastEventId;
  let delay = minDelay;
  let wake: (() => void) | undefined;
  const status = (s: StreamStatus, detail?: string) => options.onStatus?.(s, detail);

  const pause = (ms: number) => new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    wake = () => {
      clearTimeout(timer);
      resolve();
    };
  });

  async function connectOnce(): Promise<'again' | 'stop'> {
    const headers: Record<string, string> = { accept: 'text/event-stream', ...options.headers?.() };
    if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
    const response = await doFetch(options.url, { headers, signal: controller.signal });
    if (response.status === 401) {
      status('unauthorized');
      return 'stop';
    }
    if (!response.ok || !response.body) {
      status('retrying', `HTTP ${response.status}`);
      await response.body?.cancel();
      return 'again';
    }
    status('open');
    delay = minDelay;
    const parser = new SseParser();
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      for (const event of parser.push(value)) {
        if (event.id !== undefined) lastEventId = event.id;
        options.onEvent(event);
      }
    }
    status('retrying', 'the stream ended');
    return 'again';
  }

  void (async () => {
    status('connecting');
    while (!controller.signal.aborted) {
      let next: 'again' | 'stop';
      try {
        next = await connectOnce();
      } catch (err) {
        if (controller.signal.aborted) break;
        status('retrying', err instanceof Error ? err.message : String(err));
        next = 'again';
      }
      if (next === 'stop') return;
      if (controller.signal.aborted) break;
      await pause(delay);
      delay = Math.min(delay * 2, maxDelay);
    }
    status('closed');
  })();

  return {
    get lastEventId() {
      return lastEventId;
    },
    set lastEventId(id: string | undefined) {
      lastEventId = id;
    },
    close() {
      controller.abort();
      wake?.();
    },
  };
}
