/**
 * The request journal: every request to the emulated APIs, in a ring of fixed size,
 * so memory stays bounded whatever the traffic. Holds no secrets: no bodies, no
 * Authorization or token values, only who called (an AK or a token id).
 */
export interface JournalEntry {
  readonly seq: number;
  /** Time on the mock's clock (virtual or real), ms since the epoch; shown as ISO text by the admin API. */
  readonly at: number;
  readonly method: string;
  readonly path: string;
  readonly operation: string | null;
  readonly project: string | null;
  readonly resource: string | null;
  /** HTTP status, or 0 when the connection was dropped with no response. */
  readonly status: number;
  readonly requestId: string;
  readonly rule: string | null;
  /** `dropped`, `hung`, `malformed` or `delayed` when a rule did something other than an error. */
  readonly fault: string | null;
  readonly caller: string | null;
  readonly durationMs: number;
}

export interface JournalFilter {
  readonly operation?: string;
  readonly project?: string;
  readonly resource?: string;
  readonly status?: number;
  readonly rule?: string;
  /** Entries at or after this clock time (ms). */
  readonly since?: number;
}

export const DEFAULT_JOURNAL_SIZE = 1000;

export class Journal {
  #ring: (JournalEntry | undefined)[];
  #next = 0;
  #count = 0;
  #seq = 0;

  constructor(readonly capacity: number = DEFAULT_JOURNAL_SIZE) {
    if (!Number.isInteger(capacity) || capacity < 0) throw new RangeError(`journal size must be a non-negative integer, got ${capacity}`);
    this.#ring = new Array(capacity);
  }

  get size(): number {
    return this.#count;
  }

  /** Total recorded since the last clear, including those the ring has dropped. */
  get total(): number {
    return this.#seq;
  }

  /** Stores the entry as given (one allocation per request): its `seq` is set here. */
  record(entry: JournalEntry): void {
    (entry as { seq: number }).seq = ++this.#seq;
    if (this.capacity === 0) return;
    this.#ring[this.#next] = entry;
    this.#next = (this.#next + 1) % this.capacity;
    if (this.#count < this.capacity) this.#count++;
  }

  /** Oldest first. */
  entries(filter: JournalFilter = {}): JournalEntry[] {
    const out: JournalEntry[] = [];
    const start = (this.#next - this.#count + this.capacity) % Math.max(1, this.capacity);
    for (let i = 0; i < this.#count; i++) {
      const e = this.#ring[(start + i) % this.capacity]!;
      if (matches(e, filter)) out.push(e);
    }
    return out;
  }

  count(filter: JournalFilter = {}): number {
    let n = 0;
    const start = (this.#next - this.#count + this.capacity) % Math.max(1, this.capacity);
    for (let i = 0; i < this.#count; i++) if (matches(this.#ring[(start + i) % this.capacity]!, filter)) n++;
    return n;
  }

  clear(project?: string): void {
    if (project === undefined) {
      this.#ring = new Array(this.capacity);
      this.#next = this.#count = this.#seq = 0;
      return;
    }
    const keep = this.entries().filter((e) => e.project !== project);
    this.#ring = new Array(this.capacity);
    this.#next = this.#count = 0;
    for (const e of keep) {
      this.#ring[this.#next] = e;
      this.#next = (this.#next + 1) % this.capacity;
      this.#count++;
    }
  }
}

function matches(e: JournalEntry, f: JournalFilter): boolean {
  return (f.operation === undefined || e.operation === f.operation)
    && (f.project === undefined || e.project === f.project)
    && (f.resource === undefined || e.resource === f.resource)
    && (f.status === undefined || e.status === f.status)
    && (f.rule === undefined || e.rule === f.rule)
    && (f.since === undefined || e.at >= f.since);
}
