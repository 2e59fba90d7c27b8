/**
 * Timed transitions of the model (end of a resync, steps of a job, timeline events).
 * The model is evaluated lazily: before every operation or read the caller runs
 * `runDue(clock.now())`, which fires every due task in time order (ties in the order
 * they were scheduled), each with its own scheduled time. So a virtual clock that jumps
 * 60 s runs the same transitions, in the same order, as a real clock living through them.
 */
export interface Task {
  readonly at: number;
  readonly seq: number;
  /** Resource scope, used to drop a project's tasks when it is reset. */
  readonly scope: string;
  readonly run: (at: number) => void;
  cancelled: boolean;
}

/** Told when a task runs, and when a task goes first in line (someone may want to wake up then). */
export interface SchedulerListener {
  ran(task: Task): void;
  first(at: number): void;
}

export class Scheduler {
  #heap: Task[] = [];
  #seq = 0;
  #live = 0;
  listener: SchedulerListener | null = null;

  /** Tasks still to run (cancelled ones left out). */
  get size(): number {
    return this.#live;
  }

  /** Drops one task: it will not run (a transition superseded by another). */
  cancel(task: Task): void {
    if (task.cancelled) return;
    task.cancelled = true;
    this.#live--;
  }

  /** Time of the earliest pending task, or undefined. */
  nextAt(): number | undefined {
    return this.#heap[0]?.at;
  }

  schedule(at: number, scope: string, run: (at: number) => void): Task {
    const task: Task = { at, seq: this.#seq++, scope, run, cancelled: false };
    this.#live++;
    this.#heap.push(task);
    this.#up(this.#heap.length - 1);
    if (this.listener && this.#heap[0] === task) this.listener.first(at);
    return task;
  }

  /** Runs every task due at or before `now`; returns how many ran. */
  runDue(now: number): number {
    let ran = 0;
    const heap = this.#heap;
    while (heap.length > 0 && heap[0].at <= now) {
      const task = this.#pop();
      if (task.cancelled) continue;
      this.#live--;
      task.run(task.at);
      ran++;
      this.listener?.ran(task);
    }
    return ran;
  }

  /** Drops every task of one scope (or all of them). */
  clear(scope?: string): void {
    if (scope === undefined) {
      this.#heap = [];
      this.#live = 0;
      return;
    }
    this.#heap = this.#heap.filter((t) => t.scope !== scope);
    this.#live = this.#heap.reduce((n, t) => n + (t.cancelled ? 0 : 1), 0);
    for (let i = (this.#heap.length >> 1) - 1; i >= 0; i--) this.#down(i);
  }

  #less(a: Task, b: Task): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  #pop(): Task {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      this.#down(0);
    }
    return top;
  }

  #up(i: number): void {
    const heap = this.#heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#less(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  }

  #down(i: number): void {
    const heap = this.#heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && this.#less(heap[l], heap[m])) m = l;
      if (r < heap.length && this.#less(heap[r], heap[m])) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m], heap[i]];
      i = m;
    }
  }
}
