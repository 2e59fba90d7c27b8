/**
 * Resources by id, each made from its scenario entry the first time something reads it. A large
 * world then costs one map entry per resource until it is used: a scenario of 100 000 instances
 * starts in a fraction of the time and memory an eager build takes, and most of them are never
 * read. A resource is made from its entry alone (its own seeded stream, the project's build
 * time), so it is the same whenever it is made; one whose making has effects (a timed transition
 * to schedule) is made at once with `set`.
 */
class Unmade<S> {
  constructor(readonly spec: S) {}
}

export class LazyMap<S, V> implements ReadonlyMap<string, V> {
  readonly #entries = new Map<string, V | Unmade<S>>();
  readonly #make: (spec: S) => V;

  constructor(make: (spec: S) => V) {
    this.#make = make;
  }

  /** Makes a resource from its entry (without adding it). */
  make(spec: S): V {
    return this.#make(spec);
  }

  /** Adds a resource to make on first read. */
  defer(id: string, spec: S): void {
    this.#entries.set(id, new Unmade(spec));
  }

  /** Adds a resource already made. */
  set(id: string, value: V): void {
    this.#entries.set(id, value);
  }

  get size(): number {
    return this.#entries.size;
  }

  has(id: string): boolean {
    return this.#entries.has(id);
  }

  get(id: string): V | undefined {
    const entry = this.#entries.get(id);
    return entry instanceof Unmade ? this.#made(id, entry) : entry;
  }

  /** The scenario entry of a resource not made yet (undefined once made, or for an unknown id). */
  entry(id: string): S | undefined {
    const entry = this.#entries.get(id);
    return entry instanceof Unmade ? entry.spec : undefined;
  }

  /** Ids, in the scenario's order, without making anything. */
  keys(): MapIterator<string> {
    return this.#entries.keys();
  }

  /** Every resource in the scenario's order, each made as it is reached. */
  *values(): MapIterator<V> {
    for (const [id, entry] of this.#entries) yield entry instanceof Unmade ? this.#made(id, entry) : entry;
  }

  *entries(): MapIterator<[string, V]> {
    for (const [id, entry] of this.#entries) yield [id, entry instanceof Unmade ? this.#made(id, entry) : entry];
  }

  [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }

  forEach(fn: (value: V, id: string, map: ReadonlyMap<string, V>) => void): void {
    for (const [id, value] of this.entries()) fn(value, id, this);
  }

  /**
   * Ids of the resources that pass a test, in order, making only those whose entry cannot tell:
   * a made resource is asked with `made`; an entry not made yet with `unmade`, which answers
   * true, false, or undefined (make it and ask `made`). So a list filtered on what entries say
   * (status, id) makes only the page it shows.
   */
  select(made: (value: V) => boolean, unmade: (spec: S) => boolean | undefined): string[] {
    const ids: string[] = [];
    for (const [id, entry] of this.#entries) {
      let keep: boolean | undefined;
      if (entry instanceof Unmade) {
        keep = unmade(entry.spec);
        if (keep === undefined) keep = made(this.#made(id, entry));
      } else keep = made(entry);
      if (keep) ids.push(id);
    }
    return ids;
  }

  /**
   * Every resource in the scenario's order, keeping none it makes: one not made yet is made for the
   * moment (as it would be kept: from its entry alone, with no effects) and left to the collector.
   * What reads a whole large world once (the state stream) then holds one resource at a time, not
   * all of them for good.
   */
  *peek(): Generator<V> {
    for (const entry of this.#entries.values()) yield entry instanceof Unmade ? this.#make(entry.spec) : entry;
  }

  /** The resources made so far (read, changed, or made at once), without making the others. */
  *made(): Generator<V> {
    for (const entry of this.#entries.values()) if (!(entry instanceof Unmade)) yield entry;
  }

  #made(id: string, entry: Unmade<S>): V {
    const value = this.#make(entry.spec);
    this.#entries.set(id, value);
    return value;
  }
}
