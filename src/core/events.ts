/**
 * What happens in a running mock, as numbered events, for whoever watches it live (the
 * dashboard, through `GET /_mock/events`): a model change and its cause, a journal entry,
 * rules or their counters changed, the clock moved, or "start over" (`resync`) after a reset,
 * a scenario load or an emptied journal.
 *
 * Nothing is recorded until someone subscribes for the first time: a mock nobody watches (a
 * test suite, a benchmark) pays one boolean check per call. From then on the last
 * `capacity` events are kept, so a watcher that reconnects gets what it missed, in order;
 * one that missed more than that is told to start over. Each event's text is built once,
 * whoever receives it.
 */
import { randomBytes } from 'node:crypto';

export type EventType = 'state' | 'journal' | 'rules' | 'clock' | 'resync';

/** Why the model changed. */
export type StateReason = 'call' | 'transition' | 'action';

export interface MockEvent {
  readonly seq: number;
  readonly type: EventType;
  /** The event as Server-Sent Events text, ending with its blank line. */
  readonly text: string;
}

export const DEFAULT_EVENT_CAPACITY = 1000;

export type Listener = (event: MockEvent) => void;

export class EventHub {
  /**
   * This run of the mock (new at every start): a watcher that finds another run than the one it
   * watched (the mock restarted) must start over, whatever numbers it has seen.
   */
  readonly run = randomBytes(6).toString('hex');
  readonly #ring: (MockEvent | undefined)[];
  #seq = 0;
  #listeners = new Set<Listener>();
  #active = false;

  constructor(readonly capacity = DEFAULT_EVENT_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`event capacity must be a positive integer, got ${capacity}`);
    this.#ring = new Array(capacity);
  }

  /** Whether anyone has subscribed yet: until then, nothing is recorded. */
  get active(): boolean {
    return this.#active;
  }

  /** Sequence number of the latest event (0: none yet). */
  get seq(): number {
    return this.#seq;
  }

  /** Watchers connected now. */
  get listeners(): number {
    return this.#listeners.size;
  }

  publish(type: EventType, data: unknown): void {
    if (!this.#active) return;
    const seq = ++this.#seq;
    const event: MockEvent = { seq, type, text: `id: ${seq}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n` };
    this.#ring[seq % this.capacity] = event;
    for (const listener of this.#listeners) listener(event);
  }

  /**
   * The events after `seq`, oldest first; undefined when some of them are no longer held (or
   * `seq` is from the future: another run of the mock), and the watcher must start over.
   */
  since(seq: number): MockEvent[] | undefined {
    if (seq > this.#seq || seq < this.#seq - this.capacity) return undefined;
    const out: MockEvent[] = [];
    for (let s = seq + 1; s <= this.#seq; s++) out.push(this.#ring[s % this.capacity]!);
    return out;
  }

  /** Calls `listener` with every event from now on; returns the function that stops it. */
  subscribe(listener: Listener): () => void {
    this.#active = true;
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }
}
