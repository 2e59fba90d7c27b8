/**
 * The page's copy of the mock: state, rules, journal and clock, kept current by the event stream
 * (`GET /_mock/events`). An event says what changed; the matching admin call is made again,
 * coalesced (many events within 50 ms: one call, never two at once), so nothing polls.
 */
import { ApiError, type AdminApi, type ClockView, type JournalEntry, type RuleView, type StateView } from './api.js';
import { openEventStream, type EventStream, type SseEvent, type StreamStatus } from './sse.js';

/** Journal entries the page keeps (the newest). */
export const JOURNAL_KEEP = 300;
const COALESCE_MS = 50;

export type Topic = 'state' | 'rules' | 'journal' | 'clock' | 'connection';

/** Runs `task` at most once per `ms`, and never while a run is in flight: a request during one runs it again after. */
export class Coalescer {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running = false;
  #again = false;
  #stopped = false;

  constructor(readonly task: () => Promise<void>, readonly ms = COALESCE_MS) {}

  request(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#timer ??= setTimeout(() => void this.#run(), this.ms);
  }

  async #run(): Promise<void> {
    this.#timer = undefined;
    this.#running = true;
    try {
      await this.task();
    } finally {
      this.#running = false;
      if (this.#again) {
        this.#again = false;
        this.request();
      }
    }
  }

  /** For good: a run under way ends, and nothing runs again. */
  cancel(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}

export class Live {
  state: StateView | undefined;
  rules: readonly RuleView[] = [];
  /** Oldest first, at most JOURNAL_KEEP. */
  journal: JournalEntry[] = [];
  /** The clock, and this page's time when it was read (to move a real clock between reports). */
  clock: (ClockView & { readonly at: number }) | undefined;
  connection: { status: StreamStatus; detail?: string } = { status: 'connecting' };

  readonly #listeners = new Map<Topic, Set<() => void>>();
  #stream: EventStream | undefined;
  /** Projects whose state changed since the last fetch; null: all of them. */
  #dirty: Set<string> | null = new Set();
  /** Bumped by every "start over": an answer asked for before it is stale and dropped. */
  #generation = 0;
  /** The run of the mock the stream reports (a restarted mock is another run: start over). */
  #run: string | undefined;
  readonly #state = new Coalescer(() => this.#fetchState());
  readonly #rules = new Coalescer(() => this.#fetchRules());
  readonly #journal = new Coalescer(() => this.#fetchJournal());

  constructor(readonly api: AdminApi, readonly onError: (err: unknown) => void) {}

  on(topic: Topic, listener: () => void): void {
    let set = this.#listeners.get(topic);
    if (!set) this.#listeners.set(topic, (set = new Set()));
    set.add(listener);
  }

  #emit(topic: Topic): void {
    for (const listener of this.#listeners.get(topic) ?? []) listener();
  }

  /** The mock's time now, in ms. */
  now(): number {
    if (!this.clock) return Date.now();
    const at = Date.parse(this.clock.now);
    return this.clock.mode === 'real' ? at + (Date.now() - this.clock.at) : at;
  }

  start(): void {
    this.#stream = openEventStream({
      url: this.api.eventsUrl,
      headers: () => this.api.authHeaders(),
      onEvent: (event) => this.#onEvent(event),
      onStatus: (status, detail) => {
        this.connection = { status, detail };
        this.#emit('connection');
        if (status === 'unauthorized') this.onError(new ApiError(401, 'MOCK.UNAUTHORIZED', 'the event stream refused the admin token'));
      },
    });
  }

  stop(): void {
    this.#stream?.close();
    for (const c of [this.#state, this.#rules, this.#journal]) c.cancel();
  }

  /** Everything again (first connection, `resync`, after a reset or a scenario load). */
  refreshAll(): void {
    this.#dirty = null;
    this.#generation++;
    // A reset or a scenario load empties the journal and starts its numbers over.
    this.journal = [];
    this.#emit('journal');
    this.#state.request();
    this.#rules.request();
    this.#journal.request();
  }

  #onEvent(event: SseEvent): void {
    let data: Record<string, unknown>;
    try {
      data = JSON.parse(event.data) as Record<string, unknown>;
    } catch {
      return;
    }
    switch (event.type) {
      case 'hello': {
        // A first connection starts after the latest event; a resumed one replays what it missed,
        // unless the mock was restarted meanwhile (another run: its numbers are not ours).
        const run = typeof data.run === 'string' ? data.run : undefined;
        const otherRun = this.#run !== undefined && run !== this.#run;
        this.#run = run;
        if (this.#stream && (this.#stream.lastEventId === undefined || otherRun)) {
          this.#stream.lastEventId = String(data.seq);
          this.refreshAll();
        }
        break;
      }
      case 'state': {
        const project = typeof data.project === 'string' ? data.project : null;
        if (project === null) this.#dirty = null;
        else this.#dirty?.add(project);
        this.#state.request();
        break;
      }
      case 'journal':
        this.#addEntry(data.entry as JournalEntry);
        break;
      case 'rules':
        this.#rules.request();
        break;
      case 'clock':
        this.clock = { mode: data.mode as ClockView['mode'], now: String(data.now), at: Date.now() };
        this.#emit('clock');
        // What the state shows depends on the time (a sync's progress), transitions or not.
        this.#dirty = null;
        this.#state.request();
        break;
      case 'resync':
        this.refreshAll();
        break;
    }
  }

  #addEntry(entry: JournalEntry): void {
    const last = this.journal[this.journal.length - 1];
    if (last && entry.seq <= last.seq) return;
    this.journal.push(entry);
    if (this.journal.length > JOURNAL_KEEP) this.journal.splice(0, this.journal.length - JOURNAL_KEEP);
    this.#emit('journal');
  }

  async #guard(task: () => Promise<void>): Promise<void> {
    try {
      await task();
    } catch (err) {
      this.onError(err);
    }
  }

  #fetchState(): Promise<void> {
    return this.#guard(async () => {
      const dirty = this.#dirty;
      this.#dirty = new Set();
      const current = this.state;
      if (dirty === null || !current || [...dirty].some((id) => !current.projects.some((p) => p.id === id))) {
        this.#setState(await this.api.state());
        return;
      }
      let next = current;
      for (const id of dirty) {
        const one = await this.api.state(id);
        next = { ...one, projects: next.projects.map((p) => (p.id === id ? one.projects[0] ?? p : p)) };
      }
      this.#setState(next);
    });
  }

  #setState(state: StateView): void {
    this.state = state;
    this.clock = { mode: state.clock.mode, now: state.clock.now, at: Date.now() };
    this.rules = state.rules;
    this.#emit('state');
    this.#emit('clock');
    this.#emit('rules');
  }

  #fetchRules(): Promise<void> {
    return this.#guard(async () => {
      this.rules = await this.api.rules();
      this.#emit('rules');
    });
  }

  #fetchJournal(): Promise<void> {
    return this.#guard(async () => {
      const generation = this.#generation;
      const listed = (await this.api.requests(JOURNAL_KEEP)).requests;
      // Asked before a reset: the list is of the old journal (the coalescer asks again).
      if (generation !== this.#generation) return;
      // Entries the stream brought while the list was on its way are newer than its last one.
      const newest = listed.length > 0 ? listed[listed.length - 1].seq : -1;
      this.journal = [...listed, ...this.journal.filter((e) => e.seq > newest)].slice(-JOURNAL_KEEP);
      this.#emit('journal');
    });
  }
}
