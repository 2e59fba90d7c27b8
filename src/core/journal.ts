/**
 * The request journal: every request to the emulated APIs, in a ring bounded both by its
 * number of entries and by their total size, so memory stays bounded whatever the traffic
 * and however long the URLs. Holds no secrets: Authorization, token and cookie headers are
 * redacted, bodies that carry credentials are not kept, and who called is an AK or a token id.
 */
import { isoMillis } from './ids.js';
export interface JournalEntry {
  readonly seq: number;
  /** Time on the mock's clock (virtual or real), ms since the epoch; shown as ISO text by the admin API. */
  readonly at: number;
  readonly method: string;
  /** The request target, cut at MAX_JOURNAL_PATH characters (then `pathCut` is true). */
  readonly path: string;
  readonly pathCut?: boolean;
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
  /**
   * The request headers as sent, `[name, value, name, value, …]`: names in lower case, secrets
   * (`authorization`, tokens, cookies) replaced by `[redacted]`, values cut at 256 characters,
   * at most 32 headers. Given as Node's raw header list; the journal cleans it when it records.
   */
  readonly headers: readonly string[];
  /** The request body as text, cut at 4096 characters; null when none was sent or it carried credentials. */
  readonly body: string | null;
}

export interface JournalFilter {
  readonly operation?: string;
  readonly method?: string;
  readonly caller?: string;
  readonly project?: string;
  readonly resource?: string;
  readonly status?: number;
  readonly rule?: string;
  /** Entries at or after this clock time (ms). */
  readonly since?: number;
}

export const DEFAULT_JOURNAL_SIZE = 1000;
/** Total size the journal may hold, whatever its entry count (estimated, in bytes). */
export const DEFAULT_JOURNAL_BYTES = 32 * 1024 * 1024;
/** Longest request target kept; a longer one is cut and marked. */
export const MAX_JOURNAL_PATH = 2048;
const MAX_HEADERS = 32;
const MAX_HEADER_VALUE = 256;
export const MAX_JOURNAL_BODY = 4096;
/** Headers whose values are secrets: never kept. */
const SECRET_HEADERS: ReadonlySet<string> = new Set(['authorization', 'proxy-authorization', 'x-auth-token', 'x-security-token', 'x-subject-token', 'cookie', 'set-cookie']);

/** Node's raw header list, cleaned for the journal (see JournalEntry.headers). */
function cleanHeaders(raw: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length && out.length < MAX_HEADERS * 2; i += 2) {
    const name = raw[i].toLowerCase();
    const value = raw[i + 1];
    out.push(name, SECRET_HEADERS.has(name) ? '[redacted]' : value.length > MAX_HEADER_VALUE ? value.slice(0, MAX_HEADER_VALUE) : value);
  }
  return out;
}

const textLength = (list: readonly string[]): number => {
  let n = 0;
  for (const item of list) n += item.length;
  return n;
};

/** An entry's size in memory, roughly: its strings plus a fixed share for the object. */
const bytesOf = (e: JournalEntry): number =>
  200 + 16 * e.headers.length + textLength(e.headers) + (e.body?.length ?? 0) + e.path.length + e.requestId.length + (e.operation?.length ?? 0) + (e.caller?.length ?? 0) + (e.rule?.length ?? 0) + (e.resource?.length ?? 0) + (e.project?.length ?? 0);

/** An entry as the admin API shows it (`GET /_mock/requests`, the `journal` event): its time as ISO text. */
export const journalView = ({ seq, at, ...rest }: JournalEntry) => ({ seq, time: isoMillis(at), ...rest });

export class Journal {
  #ring: (JournalEntry | undefined)[];
  /** Each slot's size (`bytesOf`) as recorded: dropping an entry need not measure it again. */
  #sizes: number[];
  #next = 0;
  #count = 0;
  #seq = 0;
  #bytes = 0;

  constructor(readonly capacity: number = DEFAULT_JOURNAL_SIZE, readonly maxBytes: number = DEFAULT_JOURNAL_BYTES) {
    if (!Number.isInteger(capacity) || capacity < 0) throw new RangeError(`journal size must be a non-negative integer, got ${capacity}`);
    if (!Number.isInteger(maxBytes) || maxBytes < 1) throw new RangeError(`journal bytes must be a positive integer, got ${maxBytes}`);
    this.#ring = new Array(capacity);
    this.#sizes = new Array(capacity);
  }

  /** Estimated size of what the journal holds now. */
  get bytes(): number {
    return this.#bytes;
  }

  get size(): number {
    return this.#count;
  }

  /** Total recorded since the last clear, including those the ring has dropped. */
  get total(): number {
    return this.#seq;
  }

  /**
   * Stores the entry as given (one allocation per request): its `seq` is set here, a long
   * path is cut. The oldest entries go when the ring is full or the size budget is spent.
   */
  record(entry: JournalEntry): void {
    const e = entry as { seq: number; path: string; pathCut?: boolean; headers: readonly string[]; body: string | null };
    e.seq = ++this.#seq;
    if (e.path.length > MAX_JOURNAL_PATH) {
      e.path = e.path.slice(0, MAX_JOURNAL_PATH);
      e.pathCut = true;
    }
    e.headers = cleanHeaders(e.headers);
    if (e.body !== null && e.body.length > MAX_JOURNAL_BODY) e.body = e.body.slice(0, MAX_JOURNAL_BODY);
    if (this.capacity === 0) return;
    if (this.#count === this.capacity) this.#dropOldest();
    this.#put(entry, bytesOf(entry));
    while (this.#bytes > this.maxBytes && this.#count > 1) this.#dropOldest();
  }

  /** Puts an entry of this size in the next slot (the ring has room). */
  #put(entry: JournalEntry, size: number): void {
    this.#ring[this.#next] = entry;
    this.#sizes[this.#next] = size;
    this.#next = (this.#next + 1) % this.capacity;
    this.#count++;
    this.#bytes += size;
  }

  #dropOldest(): void {
    const start = (this.#next - this.#count + this.capacity) % this.capacity;
    this.#bytes -= this.#sizes[start];
    this.#ring[start] = undefined;
    this.#count--;
  }

  /** Puts back entries saved with the mock's state (oldest first) and the count of all recorded. */
  restore(entries: readonly JournalEntry[], total: number): void {
    this.clear();
    for (const e of entries) {
      this.#seq = e.seq - 1;
      this.record({ ...e });
    }
    this.#seq = total;
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
      this.#sizes = new Array(this.capacity);
      this.#next = this.#count = this.#seq = this.#bytes = 0;
      return;
    }
    const keep: [JournalEntry, number][] = [];
    const start = (this.#next - this.#count + this.capacity) % Math.max(1, this.capacity);
    for (let i = 0; i < this.#count; i++) {
      const slot = (start + i) % this.capacity;
      const e = this.#ring[slot]!;
      if (e.project !== project) keep.push([e, this.#sizes[slot]]);
    }
    this.#ring = new Array(this.capacity);
    this.#sizes = new Array(this.capacity);
    this.#next = this.#count = this.#bytes = 0;
    for (const [e, size] of keep) this.#put(e, size);
  }
}

function matches(e: JournalEntry, f: JournalFilter): boolean {
  return (f.operation === undefined || e.operation === f.operation)
    && (f.method === undefined || e.method === f.method)
    && (f.caller === undefined || e.caller === f.caller)
    && (f.project === undefined || e.project === f.project)
    && (f.resource === undefined || e.resource === f.resource)
    && (f.status === undefined || e.status === f.status)
    && (f.rule === undefined || e.rule === f.rule)
    && (f.since === undefined || e.at >= f.since);
}
