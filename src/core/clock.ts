/**
 * Time source of the whole model. Nothing in the domain reads Date.now() directly:
 * a real clock for normal runs, a manual (virtual) clock for tests and for
 * `--clock virtual`, where time only moves when somebody advances it.
 */
/**
 * The latest time the model supports: JavaScript's last date less ten years, so that every
 * transition scheduled from it (a resync, a job, a timeline event a year ahead) still has a date.
 */
export const MAX_CLOCK_MS = 8.64e15 - 10 * 366 * 86_400_000;

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
    if (!Number.isFinite(startMs) || startMs > MAX_CLOCK_MS) throw new RangeError(`a virtual clock starts no later than ${new Date(MAX_CLOCK_MS).toISOString()}`);
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  /** Moves time forward; a negative or non-finite amount, or one past MAX_CLOCK_MS, is refused and changes nothing. */
  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`cannot advance the clock by ${ms} ms`);
    if (this.#now + ms > MAX_CLOCK_MS) throw new RangeError(`the clock cannot go past ${new Date(MAX_CLOCK_MS).toISOString()}`);
    this.#now += ms;
    return this.#now;
  }

  set(ms: number): void {
    if (!Number.isFinite(ms) || ms < this.#now) throw new RangeError('the clock cannot go backwards');
    if (ms > MAX_CLOCK_MS) throw new RangeError(`the clock cannot go past ${new Date(MAX_CLOCK_MS).toISOString()}`);
    this.#now = ms;
  }
}
