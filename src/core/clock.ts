/**
 * Time source of the whole model. Nothing in the domain reads Date.now() directly:
 * a real clock for normal runs, a manual (virtual) clock for tests and for
 * `--clock virtual`, where time only moves when somebody advances it.
 */
export interface Clock {
  readonly kind: 'real' | 'virtual';
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export class RealClock implements Clock {
  readonly kind = 'real' as const;
  now(): number {
    return Date.now();
  }
}

export class ManualClock implements Clock {
  readonly kind = 'virtual' as const;
  #now: number;

  constructor(startMs: number = Date.UTC(2024, 0, 1)) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  /** Moves time forward; a negative or non-finite amount is refused. */
  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`cannot advance the clock by ${ms} ms`);
    this.#now += ms;
    return this.#now;
  }

  set(ms: number): void {
    if (!Number.isFinite(ms) || ms < this.#now) throw new RangeError('the clock cannot go backwards');
    this.#now = ms;
  }
}
